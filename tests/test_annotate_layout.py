"""Annotated copies of returns in other formats are laid out like the official form (13.2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.form import TITLE
from pairtable.roster import Roster
from tests.conftest import OFFICIAL_HEADER, convert_with_soffice, good_rows

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
runner = CliRunner()


def messy_csv(path: Path) -> Path:
    """A clerk's CSV: title, header fields, an extra column, a row below the footer."""
    rows = good_rows()
    rows[1][2] = "忻府区"  # error: another city's county
    rows[2][5] = "1.39123E+10"  # error: scientific notation
    lines = [
        "全省市域内县际结对帮扶情况统计表,,,,,,,",
        "填报单位：,大同市乡村振兴局,,,填报时间：,2021-08-20,,",
        ",".join([*OFFICIAL_HEADER, "所属乡镇"]),
        *(",".join([*map(str, row), f"镇{i}"]) for i, row in enumerate(rows)),
        ",,,,,,,",
        "填表人：,刘九,,,联系方式：,13511112222,,",
        "大同市,广灵县,新荣区,周十,新荣区副区长,13811116666,,镇9",
    ]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    return path


def annotate(source: Path, out: Path, *, exit_code: int = 1) -> openpyxl.Workbook:
    """The annotated copy; `exit_code` 0 when the return has warnings only."""
    result = runner.invoke(app, ["validate", str(source), "--annotate", str(out)])
    assert result.exit_code == exit_code, result.output
    assert not isinstance(result.exception, Exception), result.exception  # no crash
    return openpyxl.load_workbook(out)


def assert_form_layout(book: openpyxl.Workbook) -> openpyxl.worksheet.worksheet.Worksheet:
    assert book.sheetnames[:2] == ["问题清单", "统计表"]
    sheet = book["统计表"]
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert texts.count(TITLE) == 1 and sheet["A1"].value == TITLE
    assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)
    assert texts.count("填报单位：") == 1 and texts.count("填表人：") == 1
    assert [c.value for c in sheet[3]][:7] == OFFICIAL_HEADER
    for row in sheet.iter_rows(min_row=4):
        phone = row[5]
        if phone.value is not None:
            assert isinstance(phone.value, str) and phone.number_format == "@"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$3"
    assert all(sheet.column_dimensions[c].width >= 10 for c in "ABCDEFG")
    return sheet


def test_csv_in_form_layout_with_marks_on_the_moved_cells(tmp_path: Path) -> None:
    book = annotate(messy_csv(tmp_path / "大同.csv"), tmp_path / "大同-标注.xlsx")
    sheet = assert_form_layout(book)
    assert sheet["B2"].value == "大同市乡村振兴局" and sheet["F2"].value == "2021-08-20"
    assert sheet["H3"].value == "所属乡镇" and sheet["H4"].value == "镇0"
    assert [sheet[f"B{r}"].value for r in range(4, 10)] == [r[1] for r in good_rows()]
    assert sheet["A11"].value == "填表人：" and sheet["F11"].value == "13511112222"
    assert sheet["B13"].value == "广灵县" and sheet["E13"].value == "新荣区副区长"  # below footer
    listed = {r[3]: (r[0], r[1]) for r in book["问题清单"].iter_rows(min_row=2, values_only=True)}
    assert listed["assisting-other-city"] == ("统计表!C5", "大同!C5")
    assert listed["phone-scientific"] == ("统计表!F6", "大同!F6")
    assert (
        listed["row-after-footer"][0].startswith("统计表!")
        and "13" in listed["row-after-footer"][0]
    )
    for code in ("assisting-other-city", "phone-scientific"):
        ref = listed[code][0].split("!")[1]
        assert sheet[ref].fill.start_color.rgb.endswith("FFC7CE")
        assert sheet[ref].comment is not None


def test_missing_header_and_footer_values_are_marked_where_the_form_holds_them(
    tmp_path: Path,
) -> None:
    """A CSV with no 填报单位 line and no footer: its findings point below the table in the
    city's file; in the copy they go to the form's own cells, not to 整个文件."""
    lines = [",".join(OFFICIAL_HEADER), *(",".join(map(str, row)) for row in good_rows())]
    source = tmp_path / "大同.csv"
    source.write_text("\n".join(lines), encoding="utf-8")
    book = annotate(source, tmp_path / "大同-标注.xlsx", exit_code=0)
    sheet = assert_form_layout(book)
    listed = {r[3]: r[0] for r in book["问题清单"].iter_rows(min_row=2, values_only=True)}
    footer = next(c.row for c in sheet["A"] if c.value == "填表人：")
    assert listed["unit-missing"] == "统计表!B2"
    assert listed["filled-on-missing"] == "统计表!F2"
    assert listed["filler-missing"] == f"统计表!B{footer}"
    assert listed["filler-phone-missing"] == f"统计表!F{footer}"
    for ref in ("B2", "F2", f"B{footer}", f"F{footer}"):
        assert sheet[ref].fill.start_color.rgb.endswith("FFEB9C") and sheet[ref].comment


def test_xls_return_in_form_layout(tmp_path: Path) -> None:
    book = annotate(EXAMPLES / "长治市结对帮扶统计.xls", tmp_path / "长治.xlsx", exit_code=0)
    sheet = assert_form_layout(book)
    phones = [sheet[f"F{r}"].value for r in range(4, 8)]
    assert phones == ["13903550001", "13903550002", "13903550003", "13903550004"]
    listed = list(book["问题清单"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in listed] == [("统计表!C5", "name-normalised")]
    assert sheet["C5"].fill.start_color.rgb.endswith("FFEB9C")


def test_xlsx_keeps_its_own_layout(make_workbook: Callable[..., Path], tmp_path: Path) -> None:
    book = annotate(make_workbook(notes_sheet_first=True), tmp_path / "out.xlsx", exit_code=0)
    assert book.sheetnames == ["问题清单", "说明", "统计表"]
    assert book["问题清单"]["A1"].value == "单元格"


def test_target_named_xls_is_refused(tmp_path: Path) -> None:
    source = messy_csv(tmp_path / "大同.csv")
    result = runner.invoke(app, ["validate", str(source), "--annotate", str(tmp_path / "标注.xls")])
    assert result.exit_code == 2 and "标注.xlsx" in result.stderr
    assert not list(tmp_path.glob("标注*"))


@pytest.mark.slow
def test_ods_return_in_form_layout(tmp_path: Path) -> None:
    lines = messy_csv(tmp_path / "大同.csv").read_text(encoding="utf-8-sig").splitlines()
    book = openpyxl.Workbook()
    for line in lines:
        book.active.append([v or None for v in line.split(",")])
    book.save(tmp_path / "大同.xlsx")
    ods = convert_with_soffice(tmp_path / "大同.xlsx", "ods", tmp_path / "ods")
    sheet = assert_form_layout(annotate(ods, tmp_path / "ods.xlsx"))
    assert sheet["H3"].value == "所属乡镇"


def test_missing_header_and_footer_fields_are_marked_on_the_form_field_cells(
    tmp_path: Path,
) -> None:
    """A bare CSV (header on its first line, no footer): the findings about 填报单位, 填报时间
    and the footer land on the rebuilt form's own field cells, never on a column title."""
    lines = [",".join(OFFICIAL_HEADER), *(",".join(map(str, row)) for row in good_rows())]
    source = tmp_path / "大同.csv"
    source.write_text("\n".join(lines), encoding="utf-8-sig")
    book = annotate(source, tmp_path / "大同-标注.xlsx", exit_code=0)
    sheet = assert_form_layout(book)
    listed = {r[3]: r[0] for r in book["问题清单"].iter_rows(min_row=2, values_only=True)}
    assert listed["unit-missing"] == "统计表!B2"
    assert listed["filled-on-missing"] == "统计表!F2"
    footer = next(r for r in range(1, sheet.max_row + 1) if sheet[f"A{r}"].value == "填表人：")
    assert listed["filler-missing"] == f"统计表!B{footer}"
    assert listed["filler-phone-missing"] == f"统计表!F{footer}"
    for title in sheet[3][:7]:
        color = str(title.fill.start_color.rgb)
        assert not color.endswith(("FFC7CE", "FFEB9C")), title.coordinate


def test_hidden_row_stays_hidden_in_the_rebuilt_copy(tmp_path: Path, roster: Roster) -> None:
    """An .ods/.xls with a hidden stale row: rebuilt in the form's layout, the row is still
    there (its mark can be read) but hidden, so the printout does not show it as a pair."""
    from pairtable.layout_copy import rebuild_in_form_layout
    from pairtable.reader import read_book
    from pairtable.validate import validate_file
    from tests.shapes import Sheet, write_sheets

    rows = good_rows()
    stale = ["大同市", "广灵县", "新荣区", "旧人", "新荣区副区长", "13811110000", ""]
    path = write_sheets(
        tmp_path / "大同.xlsx", [Sheet(rows=[*rows[:2], stale, *rows[2:]], hidden=[2])]
    )
    report = validate_file(path, roster)
    assert [(i.code, i.cell) for i in report.issues] == [("row-hidden", "统计表!A6")]
    book, marks = rebuild_in_form_layout(read_book(path), report.issues)
    sheet = book["统计表"]
    assert [m[1] for m in marks] == ["统计表!A6"]
    assert sheet["D6"].value == "旧人" and sheet.row_dimensions[6].hidden
    assert not any(sheet.row_dimensions[r].hidden for r in (4, 5, 7, 8, 9, 10))


def test_issue_sheet_prints_the_file_and_page_numbers(tmp_path: Path) -> None:
    book = annotate(messy_csv(tmp_path / "大同&云州.csv"), tmp_path / "标注.xlsx")
    sheet = book["问题清单"]
    assert sheet.oddHeader.center.text.startswith("大同市：“大同&&云州.csv”的问题清单（共 ")
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet["A1"].value == "本表单元格"  # the rows themselves are unchanged
