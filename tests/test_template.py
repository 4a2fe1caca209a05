"""make-templates: the workbook a clerk opens, read back with openpyxl and LibreOffice."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.form import DATA_SHEET, FORM_VERSION, LISTS_SHEET, META_SHEET, TITLE
from pairtable.roster import Roster
from pairtable.template import TemplateOptions, write_template
from pairtable.validate import validate_file
from tests.conftest import OFFICIAL_HEADER, convert_with_soffice

runner = CliRunner()
DATONG_KEYS = ["云州区", "阳高县", "天镇县", "广灵县", "灵丘县", "浑源县"]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    result = runner.invoke(app, ["make-templates", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def datong(templates: Path) -> Path:
    return templates / "大同市-县际结对帮扶情况统计表.xlsx"


def test_one_file_per_city_with_key_counties(templates: Path) -> None:
    names = sorted(p.name for p in templates.glob("*.xlsx"))
    assert len(names) == 9
    assert "大同市-县际结对帮扶情况统计表.xlsx" in names
    assert not any(n.startswith(("阳泉市", "晋城市")) for n in names)


def test_layout_of_the_official_form(templates: Path) -> None:
    book = openpyxl.load_workbook(datong(templates))
    assert book.sheetnames == [DATA_SHEET, "填表说明", LISTS_SHEET, META_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden" and book[META_SHEET].sheet_state == "hidden"
    sheet = book[DATA_SHEET]
    assert sheet["A1"].value == TITLE and "A1:G1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].font.b and sheet["A1"].font.sz >= 16
    assert (sheet["A2"].value, sheet["B2"].value, sheet["E2"].value) == (
        "填报单位：",
        "大同市乡村振兴局",
        "填报时间：",
    )
    assert [c.value for c in sheet[3]] == OFFICIAL_HEADER
    assert [sheet.cell(row=r, column=1).value for r in range(4, 16)] == ["大同市"] * 12
    assert sheet.cell(row=16, column=1).value is None
    assert sheet["A17"].value == "填表人：" and sheet["E17"].value == "联系方式："
    assert sheet.freeze_panes == "A4"
    assert sheet["B4"].font.name == "宋体" and sheet["B4"].border.left.style == "thin"


def test_dropdowns_come_from_the_hidden_list_sheet(templates: Path) -> None:
    book = openpyxl.load_workbook(datong(templates))
    sheet, lists = book[DATA_SHEET], book[LISTS_SHEET]
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assisted = validations["B4:B15"]
    assert assisted.type == "list" and assisted.errorStyle in (None, "stop")
    assert assisted.formula1 == "'_lists'!$A$1:$A$6"
    assert [lists.cell(row=r, column=1).value for r in range(1, 7)] == DATONG_KEYS
    assert lists.cell(row=7, column=1).value is None
    helper = validations["C4:C15"]
    assert helper.type == "list" and helper.errorStyle == "warning"
    helpers = [c.value for c in lists["B"] if c.value]
    assert "平城区" in helpers and "山西大同经济开发区" in helpers and "忻府区" not in helpers
    assert all(v.prompt for v in validations.values() if str(v.sqref) != "F2:G2")


def test_phone_cells_are_text_and_input_cells_unlocked(templates: Path) -> None:
    sheet = openpyxl.load_workbook(datong(templates))[DATA_SHEET]
    for row in range(4, 16):
        assert sheet.cell(row=row, column=6).number_format == "@"
        for col in range(2, 8):
            assert sheet.cell(row=row, column=col).protection.locked is False
    assert sheet["F17"].number_format == "@"
    assert sheet["A3"].protection.locked is not False
    assert sheet.protection.sheet and sheet.protection.insertRows is False
    assert not sheet.protection.password


def test_print_setup(templates: Path) -> None:
    sheet = openpyxl.load_workbook(datong(templates))[DATA_SHEET]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # OOXML omits fitToWidth when it is the default, 1.
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.print_options.horizontalCentered
    assert sheet.print_area == "'统计表'!$A$1:$G$17"


def test_metadata_and_guide(templates: Path, roster: Roster) -> None:
    book = openpyxl.load_workbook(datong(templates))
    meta = {r[0].value: r[1].value for r in book[META_SHEET].iter_rows()}
    assert meta["city"] == "大同市" and meta["roster_fingerprint"] == roster.fingerprint
    guide = "\n".join(str(c.value) for row in book["填表说明"].iter_rows() for c in row if c.value)
    for words in ("一对多", "多对一", "2021年8月23日", "sxczxshz@163.com", "0352-1234567"):
        assert words in guide


def test_same_inputs_give_identical_bytes(tmp_path: Path, roster: Roster) -> None:
    first = write_template(roster, "大同市", tmp_path / "a", TemplateOptions())
    second = write_template(roster, "大同市", tmp_path / "b", TemplateOptions())
    digest = [hashlib.sha256(i.path.read_bytes()).hexdigest() for i in (first, second)]
    assert digest[0] == digest[1]


def test_options_and_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "make-templates",
            "-o",
            str(tmp_path),
            "--city",
            "大同",
            "--deadline",
            "2021-09-01",
            "--password",
            "x",
        ],
    )
    assert result.exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "大同市-县际结对帮扶情况统计表.xlsx")
    assert book[DATA_SHEET].protection.password
    assert any("2021年9月1日" in str(c.value) for r in book["填表说明"].iter_rows() for c in r)
    bad = runner.invoke(app, ["make-templates", "-o", str(tmp_path), "--city", "北京"])
    assert bad.exit_code == 2 and "太原市、大同市" in bad.stderr
    bad_date = runner.invoke(app, ["make-templates", "-o", str(tmp_path), "--deadline", "月底"])
    assert bad_date.exit_code == 2


def fill_template(path: Path, target: Path) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book[DATA_SHEET]
    sheet["F2"] = datetime(2021, 8, 20)
    rows = [
        ("广灵县", "平城区", "张三", "平城区乡村振兴局局长", "13994996777"),
        ("天镇县", "云冈区", "李四", "云冈区副区长", "0352-1234567"),
        ("阳高县", "新荣区", "王五", "新荣区区长", "13811112222"),
        ("灵丘县", "左云县", "赵六", "左云县乡村振兴局局长", "13811113333"),
        ("浑源县", "平城区", "钱七", "平城区副区长", "13811114444"),
        ("云州区", "云冈区", "孙八", "云冈区乡村振兴局局长", "13811115555"),
    ]
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=2):
            sheet.cell(row=r, column=c).value = value
    sheet["B17"] = "刘九"
    sheet["F17"] = "13511112222"
    book.save(target)
    return target


def test_filled_template_validates_clean(templates: Path, roster: Roster, tmp_path: Path) -> None:
    filled = fill_template(datong(templates), tmp_path / "renamed.xlsx")
    report = validate_file(filled, roster)
    assert report.valid and report.issues == [], report.issues
    assert report.city == "大同市" and len(report.pairs) == 6
    assert report.form_version == FORM_VERSION
    assert report.header.filled_on == "2021-08-20" and report.header.filler == "刘九"


@pytest.mark.slow
def test_libreoffice_converts_every_template_to_pdf(templates: Path, tmp_path: Path) -> None:
    for path in sorted(templates.glob("*.xlsx")):
        pdf = convert_with_soffice(path, "pdf", tmp_path)
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


@pytest.mark.slow
def test_filled_template_resaved_by_libreoffice_still_validates(
    templates: Path, roster: Roster, tmp_path: Path
) -> None:
    filled = fill_template(datong(templates), tmp_path / "filled.xlsx")
    resaved = convert_with_soffice(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    report = validate_file(resaved, roster)
    assert report.valid and report.issues == [], report.issues
    assert report.city == "大同市" and len(report.pairs) == 6
    assert report.form_version == FORM_VERSION  # hidden metadata survived the save
    assert openpyxl.load_workbook(resaved)[META_SHEET].sheet_state == "hidden"


def test_prefill_from_a_province_workbook(tmp_path: Path, roster: Roster) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "inbox"
    province = tmp_path / "province.xlsx"
    assert runner.invoke(app, ["merge", str(examples), "-o", str(province)]).exit_code == 0
    before = hashlib.sha256(province.read_bytes()).hexdigest()
    out = tmp_path / "next-round"
    result = runner.invoke(app, ["make-templates", "-o", str(out), "--prefill", str(province)])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(province.read_bytes()).hexdigest() == before
    sheet = openpyxl.load_workbook(out / "大同市-县际结对帮扶情况统计表.xlsx")[DATA_SHEET]
    prefilled = [
        tuple(c.value for c in row[1:6]) for row in sheet.iter_rows(min_row=4) if row[1].value
    ]
    assert len(prefilled) == 7
    assert ("广灵县", "平城区", "王志强", "平城区乡村振兴局局长", "13903520001") in prefilled
    assert sheet.max_row == 3 + max(12, 7 + 6) + 2  # rows for every pair plus room to add
    linfen = openpyxl.load_workbook(out / "临汾市-县际结对帮扶情况统计表.xlsx")[DATA_SHEET]
    assert (linfen["B4"].value, linfen["C4"].value) == ("古县", "尧都区")  # read from a .zip
    report = validate_file(out / "大同市-县际结对帮扶情况统计表.xlsx", roster)
    assert len(report.pairs) == 7 and not [i for i in report.issues if i.severity == "error"]

    # From a --redact copy: the same rows, every masked phone left blank for the city to fill.
    redacted = tmp_path / "redacted.xlsx"
    assert (
        runner.invoke(app, ["merge", str(examples), "-o", str(redacted), "--redact"]).exit_code == 0
    )
    again = ["make-templates", "-o", str(tmp_path / "r"), "--prefill", str(redacted)]
    assert runner.invoke(app, [*again, "--city", "大同市"]).exit_code == 0
    masked = openpyxl.load_workbook(tmp_path / "r" / "大同市-县际结对帮扶情况统计表.xlsx")
    rows = [tuple(c.value for c in row[1:6]) for row in masked[DATA_SHEET].iter_rows(min_row=4)]
    assert [r[:4] for r in rows if r[0]] == [p[:4] for p in prefilled]
    assert [r[4] for r in rows] == [None] * len(rows)

    missing = runner.invoke(
        app, ["make-templates", "-o", str(out), "--prefill", str(tmp_path / "none.xlsx")]
    )
    assert missing.exit_code == 1 and "找不到" in missing.stderr


AREA_CODES = {  # as the issue lists them, independently of the roster file
    "太原市": "0351",
    "大同市": "0352",
    "阳泉市": "0353",
    "晋中市": "0354",
    "长治市": "0355",
    "晋城市": "0356",
    "临汾市": "0357",
    "吕梁市": "0358",
    "运城市": "0359",
    "忻州市": "0350",
    "朔州市": "0349",
}


def template_texts(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    texts = [str(c.value) for r in book["填表说明"].iter_rows() for c in r if c.value]
    for v in book[DATA_SHEET].data_validations.dataValidation:
        texts += [v.prompt or "", v.error or ""]
    return "\n".join(texts)


def test_each_city_shows_its_own_examples(templates: Path, roster: Roster) -> None:
    assert {c.name: c.area_code for c in roster.cities} == AREA_CODES
    for city in roster.cities_with_key_counties:
        text = template_texts(templates / f"{city}-县际结对帮扶情况统计表.xlsx")
        own = AREA_CODES[city]
        assert f"{own}-1234567" in text, city
        others = set(re.findall(r"\b(03\d\d)-\d{7}", text)) - {own}
        assert not others, (city, others)
        counties = {d.name for d in roster.divisions_of(city)}
        foreign = {d.name for d in roster.divisions if d.city != city} - counties
        named = set(re.findall(r"“(\w+?)(?:乡村振兴局局长|副\w长)”?", text))
        assert named and named <= counties, (city, named)
        assert not {n for n in foreign if f"“{n}乡村振兴局" in text}, city


def test_hints_quote_the_citys_own_area_code(
    make_workbook: Callable[..., Path], roster: Roster
) -> None:
    rows = [["太原市", "娄烦县", "古交市", "张三", "古交市副市长", "12345", ""]]
    path = make_workbook(rows, unit="太原市乡村振兴局")
    report = validate_file(path, roster)
    invalid = next(i for i in report.issues if i.code == "phone-invalid")
    assert "0351-1234567" in invalid.hint and "0352" not in invalid.hint
    local = make_workbook([[*rows[0][:5], "7654321", ""]], unit="太原市乡村振兴局")
    added = next(i for i in validate_file(local, roster).issues if i.code == "phone-area-added")
    assert "0351-7654321" in added.message  # the same table adds the area code
