"""Every workbook the tool writes opens with exactly one selected tab, the active one (issue 16).

Two selected tabs open in Excel as a group: typing then goes into every sheet of the group.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from pairtable.cli import app
from tests.conftest import good_rows

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
runner = CliRunner()


def selected_tabs(path: Path) -> tuple[int, list[int]]:
    """(activeTab from workbook.xml, positions of the sheets whose sheetView is tabSelected)."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        active = re.search(r'activeTab="(\d+)"', workbook)
        targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        targets |= {
            k: v
            for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
        }
        sheet_ids = re.findall(r'<sheet [^>]*r:id="([^"]+)"', workbook)
        selected = []
        for position, rid in enumerate(sheet_ids):
            part = "xl/" + targets[rid].removeprefix("/xl/").removeprefix("xl/")
            xml = archive.read(part).decode()
            views = re.findall(r"<sheetView\b[^>]*>", xml)
            if any(re.search(r'tabSelected="(1|true)"', v) for v in views):
                selected.append(position)
    return (int(active.group(1)) if active else 0), selected


def assert_one_selected(path: Path) -> None:
    active, selected = selected_tabs(path)
    assert selected == [active], f"{path.name}: active {active}, selected {selected}"


def test_templates(tmp_path: Path) -> None:
    assert runner.invoke(app, ["make-templates", "-o", str(tmp_path)]).exit_code == 0
    written = sorted(tmp_path.glob("*.xlsx"))
    assert written
    for path in written:
        assert_one_selected(path)


def test_province_workbook(tmp_path: Path) -> None:
    out = tmp_path / "province.xlsx"
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)]).exit_code == 0
    assert_one_selected(out)


def test_annotated_copy_of_the_provinces_own_template(tmp_path: Path) -> None:
    assert (
        runner.invoke(app, ["make-templates", "-o", str(tmp_path), "--city", "太原"]).exit_code == 0
    )
    template = tmp_path / "太原市-县际结对帮扶情况统计表.xlsx"
    assert selected_tabs(template)[1] == [0]  # 统计表 selected: the case of the issue
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["validate", str(template), "--annotate", str(out)])
    assert result.exit_code == 1, result.output  # an empty table is an error
    assert not isinstance(result.exception, Exception), result.exception  # no crash
    assert_one_selected(out)


def test_annotated_copies_of_other_shapes(
    make_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    csv = tmp_path / "大同.csv"
    lines = ["市名,重点帮扶县,结对帮扶县,具体负责人,单位及职务,联系方式,备注"]
    lines += [",".join(str(v) for v in row) for row in good_rows()]
    csv.write_text("\n".join(lines), encoding="utf-8")
    notes_first = make_workbook(notes_sheet_first=True)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["validate", str(csv), str(notes_first), str(make_workbook()), "--annotate", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.xlsx"))
    assert len(written) == 3
    for path in written:
        assert_one_selected(path)
