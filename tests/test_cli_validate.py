"""validate through the CLI: exit codes, JSON equal to the library, annotated copies."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.roster import Roster
from pairtable.validate import validate_file
from tests.conftest import convert_with_soffice, good_rows

runner = CliRunner()
Make = Callable[..., Path]


def bad_rows() -> list[list[object]]:
    rows = good_rows()
    rows[0][5] = "1.35135E+10"
    rows[1][2] = "忻府区"
    rows[2][1] = "大同县"
    return rows


def test_exit_codes(make_workbook: Make, tmp_path: Path) -> None:
    good, bad = make_workbook(), make_workbook(bad_rows())
    assert runner.invoke(app, ["validate", str(good)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(good), str(bad)]).exit_code == 1
    assert runner.invoke(app, ["validate", str(tmp_path / "none.xlsx")]).exit_code == 2
    assert runner.invoke(app, ["validate"]).exit_code == 2
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04garbage")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1 and not isinstance(result.exception, Exception)


def test_json_equals_the_library_result(make_workbook: Make, roster: Roster) -> None:
    path = make_workbook(bad_rows())
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert json.loads(result.stdout) == json.loads(validate_file(path, roster).model_dump_json())
    several = runner.invoke(app, ["validate", str(path), str(path), "--json"])
    assert json.loads(several.stdout) == [json.loads(result.stdout)] * 2  # one report a file


def test_terminal_shows_cell_problem_and_fix(make_workbook: Make) -> None:
    path = make_workbook(bad_rows())
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "pairtable", "validate", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 1
    out = completed.stdout
    assert "统计表!F4" in out and "科学计数法" in out and "设置为“文本”格式" in out
    assert "统计表!C5" in out and "忻州市" in out
    assert "✗ 需要修改" in out


def test_annotated_copy_marks_cells_and_leaves_input_alone(
    make_workbook: Make, tmp_path: Path
) -> None:
    path = make_workbook(bad_rows())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["validate", str(path), "--annotate", str(out)])
    assert result.exit_code == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "问题清单"
    sheet = book["统计表"]
    assert sheet["F4"].fill.start_color.rgb.endswith("FFC7CE")
    assert sheet["B6"].fill.start_color.rgb.endswith("FFEB9C")
    assert "科学计数法" in sheet["F4"].comment.text
    listed = [r[2].value for r in book["问题清单"].iter_rows(min_row=2)]
    assert listed == [
        "phone-scientific",
        "assisting-other-city",
        "name-normalised",
        "key-county-missing",
    ]
    refused = runner.invoke(app, ["validate", str(path), "--annotate", str(path)])
    assert refused.exit_code == 2


def test_annotate_folder_for_several_and_csv_rebuilt(make_workbook: Make, tmp_path: Path) -> None:
    csv = tmp_path / "大同.csv"
    csv.write_text(
        "市名,重点帮扶县,结对帮扶县,具体负责人,单位及职务,联系方式,备注\n"
        "大同市,广灵县,忻府区,张三,局长,=1+1,\n",
        encoding="utf-8",
    )
    out = tmp_path / "annotated"
    result = runner.invoke(
        app, ["validate", str(csv), str(make_workbook()), "--annotate", str(out)]
    )
    assert result.exit_code == 1
    names = sorted(p.name for p in out.iterdir())
    assert names == ["return-0-问题标注.xlsx", "大同-问题标注.xlsx"]
    book = openpyxl.load_workbook(out / "大同-问题标注.xlsx")
    assert book["统计表"]["F4"].value == "=1+1" and book["统计表"]["F4"].data_type == "s"


@pytest.mark.slow
def test_annotated_copy_opens_in_libreoffice(make_workbook: Make, tmp_path: Path) -> None:
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(
        app, ["validate", str(make_workbook(bad_rows())), "--annotate", str(out)]
    )
    assert result.exit_code == 1 and not isinstance(result.exception, Exception)
    pdf = convert_with_soffice(out, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_xls_return_is_read(make_workbook: Make, roster: Roster, tmp_path: Path) -> None:
    rows = good_rows()
    rows[0][5] = 13994996777
    xls = convert_with_soffice(make_workbook(rows, name="大同.xlsx"), "xls", tmp_path / "xls")
    report = validate_file(xls, roster)
    assert report.format == "xls" and report.valid and report.issues == []
    assert report.pairs[0].phone == "13994996777"


def test_wps_et_holding_an_xlsx_is_read(
    make_workbook: Make, roster: Roster, tmp_path: Path
) -> None:
    et = tmp_path / "大同.et"
    et.write_bytes(make_workbook().read_bytes())
    report = validate_file(et, roster)
    assert report.valid and len(report.pairs) == 6


def test_wps_et_of_its_own_format_asks_for_xlsx(roster: Roster, tmp_path: Path) -> None:
    et = tmp_path / "大同.et"
    et.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    report = validate_file(et, roster)
    assert [i.code for i in report.issues] == ["file-wps-et"]
    assert "另存为" in report.issues[0].hint


@pytest.mark.slow
def test_ods_return_is_read(make_workbook: Make, roster: Roster, tmp_path: Path) -> None:
    ods = convert_with_soffice(make_workbook(name="大同.xlsx"), "ods", tmp_path / "ods")
    report = validate_file(ods, roster)
    assert report.format == "ods" and report.valid and len(report.pairs) == 6


def test_terminal_listing_is_capped_but_nothing_is_lost(make_workbook: Make) -> None:
    rows = [
        ["大同市", f"无此县{i}", "平城区", "张三", "局长", "13994996777", ""] for i in range(250)
    ]
    path = make_workbook(rows)
    shown = runner.invoke(app, ["validate", str(path)])
    assert shown.exit_code == 1
    assert "另有 56 条问题未在此列出" in shown.stdout  # 250 rows + 6 key counties missing
    full = json.loads(runner.invoke(app, ["validate", str(path), "--json"]).stdout)
    assert len(full["issues"]) == 256


def test_annotated_copy_is_the_same_bytes_for_the_same_return(
    make_workbook: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1629763200")
    path = make_workbook(bad_rows())
    copies = []
    for n in range(2):
        out = tmp_path / f"copy-{n}.xlsx"
        result = runner.invoke(app, ["validate", str(path), "--annotate", str(out)])
        assert result.exit_code == 1
        copies.append(out.read_bytes())
    assert copies[0] == copies[1]
    assert b"2021-08-24T00:00:00Z" in zipfile.ZipFile(out).read("docProps/core.xml")
