"""Print-ready workbooks (13.3): A4, one page wide at a readable scale, header rows repeated,
no clipped text. Checked on LibreOffice's PDF export: page counts, and every cell's text in
the PDF (pdftotext -raw keeps each cell's lines together; a clipped cell loses lines)."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.province import MAP_SHEET
from pairtable.roster import Roster
from pairtable.template import PrefillRow, TemplateOptions, write_template
from tests.conftest import convert_with_soffice

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
runner = CliRunner()
# Characters of column width A4 landscape holds at 80% scale with 1 cm margins.
READABLE_WIDTH = 180


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    return re.sub(r"\s+", "", raw.stdout)


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def check_sheets(path: Path, *, own_layout: tuple[str, ...] = ()) -> None:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # The map is one picture on one page; a table is one page wide and any pages tall.
        if sheet.title == MAP_SHEET:
            assert (setup.fitToWidth or 1, setup.fitToHeight or 1) == (1, 1)
            continue
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title
        if sheet.title in own_layout:
            continue
        assert sheet.print_title_rows, sheet.title
        widths = sum(
            sheet.column_dimensions[get_column_letter(c)].width or 9
            for c in range(1, sheet.max_column + 1)
        )
        limit = READABLE_WIDTH if setup.orientation == "landscape" else 120
        assert widths <= limit, f"{sheet.title}: {widths} characters wide"


def text_heights(pdf: Path) -> list[float]:
    """Per page, the median height of the words set in Chinese: 11 pt text printed at scale s
    is about 11·s pt high, so this reads the print scale back from the PDF."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True)
    heights = []
    for page in boxes.stdout.split("<page ")[1:]:
        found = re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">[^<]*[\u4e00-\u9fff]', page
        )
        if found:
            heights.append(statistics.median(float(b) - float(a) for a, b in found))
    return heights


def check_pdf(path: Path, tmp_path: Path, most_pages: int) -> None:
    pdf = convert_with_soffice(path, "pdf", tmp_path / "pdf")
    assert 1 <= pages(pdf) <= most_pages, f"{path.name}: {pages(pdf)} pages"
    heights = text_heights(pdf)
    assert heights, f"{path.name}: no Chinese text found in the PDF"
    for number, height in enumerate(heights, start=1):
        assert height >= 0.8 * 11, f"{path.name} page {number}: printed below 80%"
    text = pdf_text(pdf)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows():
            for cell in row:
                value = re.sub(r"\s+", "", str(cell.value or ""))
                assert value in text, f"{path.name} {sheet.title}!{cell.coordinate}: {value}"


@pytest.mark.slow
def test_province_workbook_prints(tmp_path: Path) -> None:
    out = tmp_path / "province.xlsx"
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)]).exit_code == 0
    check_sheets(out)
    check_pdf(out, tmp_path, most_pages=12)


def test_template_rows_grow_with_what_is_typed(tmp_path: Path) -> None:
    """No fixed height on the rows to fill: Excel and WPS size a row to a two-line entry."""
    made = runner.invoke(app, ["make-templates", "-o", str(tmp_path), "--city", "大同"])
    assert made.exit_code == 0
    with zipfile.ZipFile(tmp_path / "大同市-县际结对帮扶情况统计表.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    rows = dict(re.findall(r'<row r="(\d+)"([^>]*)>', xml))
    for number in range(4, 16):
        assert "customHeight" not in rows[str(number)], number
    sheet = openpyxl.load_workbook(tmp_path / "大同市-县际结对帮扶情况统计表.xlsx")["统计表"]
    assert sheet["E4"].alignment.wrap_text and sheet["G4"].alignment.wrap_text


@pytest.mark.slow
def test_template_prints_two_line_entries_in_full(tmp_path: Path, roster: Roster) -> None:
    prefill = [
        PrefillRow(
            "广灵县",
            "平城区",
            "张三",
            "平城区乡村振兴局党组书记、局长\n兼平城区农业农村局副局长",
            "13994996777",
            "两县自2021年起结对，\n每季度召开一次联席会议",
        )
    ]
    info = write_template(roster, "大同市", tmp_path, TemplateOptions(), prefill)
    check_sheets(info.path)
    check_pdf(info.path, tmp_path, most_pages=2)


@pytest.mark.slow
def test_annotated_copies_print(tmp_path: Path) -> None:
    own = tmp_path / "吕梁-标注.xlsx"
    rebuilt = tmp_path / "长治-标注.xlsx"
    for source, target, exit_code in (
        ("吕梁市.xlsx", own, 1),  # it has errors
        ("长治市结对帮扶统计.xls", rebuilt, 0),
    ):
        result = runner.invoke(app, ["validate", str(EXAMPLES / source), "--annotate", str(target)])
        assert result.exit_code == exit_code and target.exists(), result.output
    check_sheets(own, own_layout=("Sheet1",))
    assert openpyxl.load_workbook(own)["Sheet1"].print_title_rows == "$1:$3"
    check_sheets(rebuilt)
    check_pdf(own, tmp_path, most_pages=3)
    check_pdf(rebuilt, tmp_path, most_pages=2)
