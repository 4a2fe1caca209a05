"""What a careful provincial reviewer sends back: placeholders, titles in name cells, empty
returns, text kept as typed, a cell for every finding, dates without a year, template rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.annotate import annotate_copy, annotated_name
from pairtable.cli import app
from pairtable.models import FileReport
from pairtable.roster import Roster
from pairtable.template import TemplateOptions, write_template
from pairtable.validate import validate_file
from tests.conftest import OFFICIAL_HEADER, good_rows

Make = Callable[..., Path]
runner = CliRunner()
REQUIRED_COLUMNS = {"B": 1, "C": 2, "D": 3, "E": 4, "F": 5}  # 重点帮扶县 … 联系方式
PLACEHOLDERS = ["/", "-", "—", "——", "无", "暂无", "待定", "未定", "？", "?", "略", "空"]
MORE_PLACEHOLDERS = ["（空）", "N/A", "／", "待补充", "XXX", " 无。", "【待定】", "不详", "待核实"]
MORE_PLACEHOLDERS += ["— —", "不适用"]


def found(report: FileReport) -> list[tuple[str, str | None]]:
    return [(i.code, i.cell) for i in report.issues]


# 1. Placeholders are not content.


@pytest.mark.parametrize("typed", PLACEHOLDERS + MORE_PLACEHOLDERS)
@pytest.mark.parametrize("column", sorted(REQUIRED_COLUMNS))
def test_placeholder_in_a_required_column_is_an_error_on_its_cell(
    make_workbook: Make, roster: Roster, typed: str, column: str
) -> None:
    rows = good_rows()
    rows[1][REQUIRED_COLUMNS[column]] = typed
    report = validate_file(make_workbook(rows), roster)
    assert not report.valid
    errors = [(i.code, i.cell) for i in report.issues if i.severity == "error"]
    assert errors == [("value-placeholder", f"统计表!{column}5")]
    assert "按未填写处理" in report.issues[0].message
    assert report.rows_rejected == 1 and len(report.pairs) == 5
    assert all(p.source.row != 5 for p in report.pairs)


@pytest.mark.parametrize("typed", [*PLACEHOLDERS, "（空）", "N/A"])
def test_placeholder_in_the_remark_is_kept_as_typed(
    make_workbook: Make, roster: Roster, typed: str
) -> None:
    rows = good_rows()
    rows[0][6] = typed
    report = validate_file(make_workbook(rows), roster)
    assert report.valid and report.issues == []
    assert report.pairs[0].remark == typed


@pytest.mark.parametrize("real", ["无锡路小组", "空港新区联络员", "略阳", "待定人员名单另报"])
def test_words_that_merely_contain_a_placeholder_are_content(
    make_workbook: Make, roster: Roster, real: str
) -> None:
    rows = good_rows()
    rows[0][4] = real
    report = validate_file(make_workbook(rows), roster)
    assert report.valid and report.pairs[0].unit_title == real


def test_a_row_of_nothing_but_placeholders_is_a_blank_row(
    make_workbook: Make, roster: Roster
) -> None:
    rows = [
        *good_rows(),
        ["大同市", "/", "/", "/", "/", "/", "/"],
        [None, "无", "——", "", "", "", ""],
    ]
    report = validate_file(make_workbook(rows), roster)
    assert report.valid and report.issues == [] and report.rows_read == 6


def test_placeholder_in_the_city_column_counts_as_blank(
    make_workbook: Make, roster: Roster
) -> None:
    rows = good_rows()
    rows[0][0] = "/"
    report = validate_file(make_workbook(rows), roster)
    assert report.valid and report.issues == []


def test_placeholder_in_header_and_footer_fields_counts_as_missing(
    make_workbook: Make, roster: Roster
) -> None:
    path = make_workbook(unit="（空）", filled_on="待定", filler="无", filler_phone="/")
    report = validate_file(path, roster)
    assert report.header.unit is None and report.header.filler is None
    assert found(report) == [
        ("filled-on-missing", "统计表!F2"),
        ("unit-missing", "统计表!B2"),
        ("filler-missing", "统计表!B11"),
        ("filler-phone-missing", "统计表!F11"),
    ]


# 2. The 具体负责人 cell holds a person's name.


@pytest.mark.parametrize(
    "typed",
    [
        "局长",
        "副县长",
        "乡村振兴局局长",
        "王局长",
        "同志",
        "主任、副主任",
        "（局长）",
        "平城区乡村振兴局",
        "云冈区人民政府",
        "平城区",
        "王五、李局长",
        "李局长、王五",
        "王五 李副县长",
    ],
)
def test_a_title_alone_is_an_error(make_workbook: Make, roster: Roster, typed: str) -> None:
    rows = good_rows()
    rows[2][3] = typed
    report = validate_file(make_workbook(rows), roster)
    assert found(report) == [("person-title-only", "统计表!D6")]
    assert "没有写姓名" in report.issues[0].message and not report.valid


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("刘洋局长", "刘洋"),
        ("李四（局长）", "李四"),
        ("李四(副县长)", "李四"),
        ("县长：王五", "王五"),
        ("王五同志", "王五"),
        ("副县长王五", "王五"),
        ("乡村振兴局副局长王五", "王五"),
        ("局长（李四）", "李四"),
        ("张三 局长", "张三"),
        ("张三，局长", "张三"),
        ("姓名：张三", "张三"),
        ("张三局长、李四副局长", "张三、李四"),
        ("张三（待定）", "张三"),
    ],
)
def test_a_name_with_a_title_is_a_warning_showing_the_name_kept(
    make_workbook: Make, roster: Roster, typed: str, kept: str
) -> None:
    rows = good_rows()
    rows[2][3] = typed
    report = validate_file(make_workbook(rows), roster)
    assert report.valid and found(report) == [("person-title", "统计表!D6")]
    assert f"已按姓名“{kept}”接收" in report.issues[0].message
    assert "单位及职务" in report.issues[0].hint
    assert next(p.person for p in report.pairs if p.source.row == 6) == kept


@pytest.mark.parametrize(
    "typed", ["Zhang San", "张三1", "张三 13800000000", "ＡＢＣ", "张三（Tel）", "李@四", "张三？"]
)
def test_latin_letters_or_digits_are_an_error(
    make_workbook: Make, roster: Roster, typed: str
) -> None:
    rows = good_rows()
    rows[2][3] = typed
    report = validate_file(make_workbook(rows), roster)
    assert found(report) == [("person-invalid", "统计表!D6")] and not report.valid


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("张三、李四", "张三、李四"),
        ("张三，李四", "张三、李四"),
        ("张三;李四", "张三、李四"),
        ("张三/李四", "张三、李四"),
        ("张三 李四", "张三、李四"),
        ("张三\n李四", "张三、李四"),
        ("王  五", "王五"),
        ("王\u3000五", "王五"),
    ],
)
def test_several_names_are_accepted(
    make_workbook: Make, roster: Roster, typed: str, stored: str
) -> None:
    rows = good_rows()
    rows[2][3] = typed
    report = validate_file(make_workbook(rows), roster)
    assert report.valid and report.issues == []
    assert next(p.person for p in report.pairs if p.source.row == 6) == stored


@pytest.mark.parametrize(
    "name",
    [
        "司马光",
        "关羽",
        "史进",
        "司徒雷",
        "任杰",
        "常青",
        "区长青",
        "同志明",
        "欧阳娜娜",
        "李局",
        "张科",
        "王县",
        "董事",
        "阿依古丽·买买提",
        "欧阳思乡",
        "司马振镇",
        "安泽",  # 安泽县 without 县: may well be a person
    ],
)
def test_real_names_with_title_characters_are_accepted_untouched(
    make_workbook: Make, roster: Roster, name: str
) -> None:
    rows = good_rows()
    rows[2][3] = name
    report = validate_file(make_workbook(rows), roster)
    assert report.valid and report.issues == []
    assert next(p.person for p in report.pairs if p.source.row == 6) == name


# 3. A return with no pairs is not a pass.


def test_a_table_with_only_its_header_is_an_error(make_workbook: Make, roster: Roster) -> None:
    report = validate_file(make_workbook([]), roster)
    assert not report.valid and report.pairs == []
    assert found(report) == [("table-empty", "统计表!A3")]
    assert "没有填写任何结对帮扶情况" in report.issues[0].message
    result = runner.invoke(app, ["validate", str(make_workbook([]))])
    assert result.exit_code == 1 and "没有填写任何结对帮扶情况" in result.stdout


def test_a_blank_template_is_an_error(tmp_path: Path, roster: Roster) -> None:
    info = write_template(roster, "忻州市", tmp_path, TemplateOptions())
    report = validate_file(info.path, roster)
    assert report.city == "忻州市" and not report.valid
    errors = [(i.code, i.cell) for i in report.issues if i.severity == "error"]
    assert errors == [("table-empty", "统计表!A3")]
    assert runner.invoke(app, ["validate", str(info.path)]).exit_code == 1


def test_an_empty_table_of_unknown_city_says_so_too(make_workbook: Make, roster: Roster) -> None:
    path = make_workbook([], title=None, unit=None, name="回执.xlsx")
    assert {i.code: i.cell for i in validate_file(path, roster).issues} == {
        "city-unknown": "统计表!A2",
        "table-empty": "统计表!A2",
    }


def test_a_city_without_key_counties_may_send_an_empty_form(
    make_workbook: Make, roster: Roster
) -> None:
    report = validate_file(make_workbook([], unit="阳泉市乡村振兴局"), roster)
    assert report.city == "阳泉市" and report.valid and report.issues == []


# 4. Keep what the clerk typed.


def test_free_text_is_kept_exactly_as_typed_but_trimmed(
    make_workbook: Make, roster: Roster
) -> None:
    rows = good_rows()
    unit = "平城区乡村振兴局　局长（兼），分管：帮扶；ＡＢ组"
    remark = "一对多，见附件（二）：\n另有３人；"
    rows[0][4] = f"\u200b {unit}\u3000\n"
    rows[0][6] = f"\ufeff{remark}\u00a0"
    rows[1][2] = "云冈区\u3000"
    report = validate_file(make_workbook(rows), roster)
    assert (report.pairs[0].unit_title, report.pairs[0].remark) == (unit, remark)
    assert report.pairs[1].assisting == "云冈区"  # a division name: canonical, as before
    assert report.valid


# 5. Every finding says where.


def test_missing_header_and_footer_values_name_their_cells(
    make_workbook: Make, roster: Roster
) -> None:
    # The labels are there, the values are not: the value's cell is the one right of its label.
    report = validate_file(make_workbook(unit=None, filled_on="", filler_phone=""), roster)
    assert found(report) == [
        ("filled-on-missing", "统计表!F2"),
        ("unit-missing", "统计表!B2"),
        ("filler-phone-missing", "统计表!F11"),
    ]


def test_absent_header_and_footer_fields_name_where_they_belong(
    make_workbook: Make, roster: Roster
) -> None:
    path = make_workbook(unit=None, filled_on=None, filler=None, filler_phone=None)
    report = validate_file(path, roster)
    assert found(report) == [
        ("filled-on-missing", "统计表!F1"),
        ("unit-missing", "统计表!A1"),
        ("filler-missing", "统计表!B10"),
        ("filler-phone-missing", "统计表!F10"),
    ]
    assert all(i.row for i in report.issues)


def test_odd_header_values_and_table_findings_name_their_cells(
    make_workbook: Make, roster: Roster
) -> None:
    rows = good_rows()[:5]
    report = validate_file(
        make_workbook(rows, filled_on="八月下旬", filler_phone="123", unit="忻州市乡村振兴局"),
        roster,
    )
    assert found(report) == [
        ("city-conflict", "统计表!A3"),
        ("filled-on-invalid", "统计表!F2"),
        ("filler-phone-invalid", "统计表!F10"),
        ("key-county-missing", "统计表!A3"),
    ]


def test_terminal_json_and_annotated_copy_point_at_header_cells(
    make_workbook: Make, tmp_path: Path
) -> None:
    path = make_workbook(good_rows()[:5], filled_on="")
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["validate", str(path), "--annotate", str(out)])
    assert result.exit_code == 0
    assert "统计表!F2" in result.stdout and "统计表!A3" in result.stdout
    data = json.loads(runner.invoke(app, ["validate", str(path), "--json"]).stdout)
    assert {i["code"]: (i["cell"], i["row"], i["column"]) for i in data["issues"]} == {
        "filled-on-missing": ("统计表!F2", 2, "填报时间"),
        "key-county-missing": ("统计表!A3", 3, None),
    }
    sheet = openpyxl.load_workbook(out)["统计表"]
    assert "填报时间" in sheet["F2"].comment.text
    assert "云州区" in sheet["A3"].comment.text


# 6. Dates without a year; impossible dates.


def test_date_without_year_takes_the_templates_round(tmp_path: Path, roster: Roster) -> None:
    info = write_template(roster, "太原市", tmp_path, TemplateOptions())
    book = openpyxl.load_workbook(info.path)
    sheet = book["统计表"]
    sheet["F2"] = "8月20日"
    for col, value in enumerate(["娄烦县", "古交市", "刘建国", "古交市副市长", "13903510001"]):
        sheet.cell(row=4, column=col + 2).value = value
    book.save(info.path)
    report = validate_file(info.path, roster)
    assert report.header.filled_on == "2021-08-20" and report.valid
    dated = [i for i in report.issues if i.code.startswith("filled-on")]
    assert [(i.code, i.cell) for i in dated] == [("filled-on-no-year", "统计表!F2")]
    assert "2021 年" in dated[0].message and "模板" in dated[0].message


def test_date_without_year_takes_another_date_in_the_file(
    make_workbook: Make, roster: Roster
) -> None:
    tail = [["注：2020年8月18日会议确定。"]]
    report = validate_file(make_workbook(filled_on="8月20日", tail=tail), roster)
    assert report.header.filled_on == "2020-08-20"
    assert found(report) == [("filled-on-no-year", "统计表!F2"), ("rows-skipped", "统计表!A10")]
    assert "统计表!A10" in report.issues[0].message


def test_date_without_year_else_takes_the_current_year(
    make_workbook: Make, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    for typed in ("8-20", "8.20", "8/20", "８月２０号"):
        report = validate_file(make_workbook(filled_on=typed), roster)
        assert report.header.filled_on == "2023-08-20" and report.valid
        assert found(report) == [("filled-on-no-year", "统计表!F2")]
        assert "当前年份" in report.issues[0].message


@pytest.mark.parametrize("typed", ["2021年2月30日", "2021-13-01", "8月32日", "2月30日", "20210431"])
def test_an_impossible_date_is_an_error_on_its_cell(
    make_workbook: Make, roster: Roster, typed: str
) -> None:
    report = validate_file(make_workbook(filled_on=typed), roster)
    assert found(report) == [("filled-on-impossible", "统计表!F2")]
    assert not report.valid and report.header.filled_on is None


# 7. Rows inserted into the province's own template.


def test_row_inserted_into_the_template_needs_no_city(tmp_path: Path, roster: Roster) -> None:
    info = write_template(roster, "太原市", tmp_path, TemplateOptions())
    book = openpyxl.load_workbook(info.path)
    sheet = book["统计表"]
    sheet["B2"] = None  # no 填报单位 either: only the template's own marker names the city
    sheet["F2"] = "2021-08-20"
    sheet.insert_rows(5)  # right-click 插入行: a row with an empty 市名
    typed = [
        ["娄烦县", "古交市", "刘建国", "古交市副市长", "13903510001"],
        ["娄烦县", "小店区", "陈晓东", "小店区副区长", "13903510002"],
    ]
    for r, values in enumerate(typed, start=4):
        for c, value in enumerate(values, start=2):
            sheet.cell(row=r, column=c).value = value
    for r in range(4, 4 + info.rows + 1):  # the template's rows and the inserted one
        sheet.cell(row=r, column=1).value = None
    book.save(info.path)
    report = validate_file(info.path, roster)
    assert report.city == "太原市" and len(report.pairs) == 2
    assert [i.code for i in report.issues] == [
        "unit-missing",
        "filler-missing",
        "filler-phone-missing",
    ]


# 8. Lock and temporary files named on the command line.


def test_lock_files_on_the_command_line_are_skipped_with_a_note(
    make_workbook: Make, tmp_path: Path
) -> None:
    good = make_workbook()
    locks = [tmp_path / "~$大同.xlsx", tmp_path / ".~lock.大同.xlsx#", tmp_path / "a.tmp"]
    for lock in locks:
        lock.write_bytes(b"lock")
    result = runner.invoke(app, ["validate", str(good), *map(str, locks), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["file"] == str(good)
    notes = [line for line in result.stderr.splitlines() if "已跳过" in line]
    assert len(notes) == 3 and all("锁文件" in n for n in notes)
    bad = make_workbook([])
    assert runner.invoke(app, ["validate", str(bad), str(locks[0])]).exit_code == 1
    only = runner.invoke(app, ["validate", str(locks[0])])
    assert only.exit_code == 0 and "已跳过" in only.stderr


def test_a_real_workbook_named_like_a_lock_file_is_validated_with_a_warning(
    make_workbook: Make, tmp_path: Path
) -> None:
    real = make_workbook(name="~$大同市.xlsx")
    result = runner.invoke(app, ["validate", str(real), "--json"])
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["city"] == "大同市" and len(report["pairs"]) == 6
    [warning] = [i for i in report["issues"] if i["code"] == "file-lock-name"]
    assert "~$" in warning["message"] and "改名" in warning["hint"]
    assert "已跳过" not in result.stderr
    annotated = tmp_path / "标注"
    assert runner.invoke(app, ["validate", str(real), "--annotate", str(annotated)]).exit_code == 0
    assert [p.name for p in annotated.iterdir()] == ["大同市-问题标注.xlsx"]


def test_a_lock_named_workbook_inside_a_zip_is_read_and_a_real_lock_is_listed(
    make_workbook: Make, tmp_path: Path, roster: Roster
) -> None:
    from pairtable.archive import validate_paths
    from pairtable.reader import Limits
    from tests.shapes import write_zip

    real = make_workbook().read_bytes()
    packed = write_zip(
        tmp_path / "材料.zip", {"~$大同市.xlsx": real, "~$旧表.xlsx": b"\x05liuji" + b" " * 160}
    )
    checked = validate_paths([packed], roster, Limits())
    assert [c.member for c in checked] == ["~$大同市.xlsx"]
    assert len(checked[0].report.pairs) == 6
    assert "file-lock-name" in [i.code for i in checked[0].report.issues]


def test_annotate_never_writes_a_lock_file_name(make_workbook: Make, tmp_path: Path) -> None:
    path = make_workbook()
    refused = runner.invoke(app, ["validate", str(path), "--annotate", str(tmp_path / "~$x.xlsx")])
    assert refused.exit_code == 2 and not (tmp_path / "~$x.xlsx").exists()
    assert not annotated_name(Path("~$大同.xlsx")).startswith("~")
    assert annotated_name(Path("~$大同.xlsx")) == "大同-问题标注.xlsx"
    assert annotated_name(Path("~$.xlsx")) == "回收表-问题标注.xlsx"


def test_merged_label_cells_point_past_the_label_and_annotate_safely(
    tmp_path: Path, roster: Roster
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    sheet.append(["全省市域内县际结对帮扶情况统计表"])
    sheet.append(["填报单位：", None, None, "填报时间：", None, None])
    sheet.append(list(OFFICIAL_HEADER))
    for row in good_rows():
        sheet.append(row)
    sheet.append([])
    sheet.append(["填表人：", None, None, None, "联系方式：", "13511112222"])
    for merged in ("A2:B2", "D2:E2", "A11:C11"):
        sheet.merge_cells(merged)
    path = tmp_path / "大同.xlsx"
    book.save(path)
    report = validate_file(path, roster)
    assert found(report) == [
        ("filled-on-missing", "统计表!F2"),
        ("unit-missing", "统计表!C2"),
        ("filler-missing", "统计表!D11"),
    ]
    inside = report.issues[0].model_copy(update={"cell": "统计表!B2"})  # inside A2:B2
    out = tmp_path / "标注.xlsx"
    annotate_copy(path, report.model_copy(update={"issues": [inside]}), out)
    assert "填报时间" in openpyxl.load_workbook(out)["统计表"]["A2"].comment.text


# 9. Header and footer labels carrying the form's instruction in brackets.

_DECORATED_LABELS: dict[str, tuple[list[object], list[object]]] = {
    "one cell each": (
        ["填报单位（盖章）：大同市乡村振兴局", None, None, None, "填报时间（年月日）：2021.8.20"],
        ["填表人（签字）：刘九", None, None, None, "联系方式（手机）：13511112222"],
    ),
    "half-width, label and value cells": (
        ["填报单位(盖章):", "大同市乡村振兴局", None, None, "填报时间(年 月 日):", "2021年8月20日"],
        ["填表人(签字):", "刘九", None, None, "联系方式(手机):", "13511112222"],
    ),
    "公章, labels without a colon": (
        ["填报单位（公章）", "大同市乡村振兴局", None, None, "填报时间", "2021-08-20"],
        ["填表人（签名）", "刘九（签字）", None, None, "联系电话（手机）", "13511112222"],
    ),
    "the stamp note on both sides": (
        ["填报单位（加盖公章）：大同市乡村振兴局（盖章）", None, None, None, "填报日期：2021.8.20"],
        ["填表人：刘九", None, None, None, "联系方式：13511112222"],
    ),
}


@pytest.mark.parametrize("layout", list(_DECORATED_LABELS))
def test_labels_decorated_with_the_forms_instructions_are_read(
    layout: str, roster: Roster, tmp_path: Path
) -> None:
    fields_row, footer_row = _DECORATED_LABELS[layout]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["全省市域内县际结对帮扶情况统计表"])
    sheet.append(fields_row)
    sheet.append(list(OFFICIAL_HEADER))
    for row in good_rows():
        sheet.append(row)
    sheet.append([])
    sheet.append(footer_row)
    path = tmp_path / "大同.xlsx"
    book.save(path)
    report = validate_file(path, roster)
    assert report.header.model_dump() == {
        "unit": "大同市乡村振兴局",
        "filled_on": "2021-08-20",
        "filler": "刘九",
        "filler_phone": "13511112222",
    }
    assert report.issues == [] and len(report.pairs) == 6


def test_a_decorated_label_with_nothing_after_it_is_still_missing(
    roster: Roster, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    sheet.append(["填报单位（盖章）：", None, None, None, "填报时间（年月日）：", "2021年8月20日"])
    sheet.append(list(OFFICIAL_HEADER))
    for row in good_rows():
        sheet.append(row)
    sheet.append(["填表人（签字）：", "（签字）", None, None, "联系方式：", "13511112222"])
    path = tmp_path / "大同.xlsx"
    book.save(path)
    report = validate_file(path, roster)
    missing = {(i.code, i.cell) for i in report.issues}
    assert missing == {("unit-missing", "统计表!B1"), ("filler-missing", "统计表!B9")}


@pytest.mark.parametrize("colon", ["", "："])
def test_a_label_merged_over_two_cells_reads_the_value_beyond_the_merge(
    colon: str, roster: Roster, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "统计表"
    sheet.append(["全省市域内县际结对帮扶情况统计表"])
    fields_row = ["填报单位（盖章）" + colon, None, "大同市乡村振兴局", None, "填报时间" + colon]
    sheet.append([*fields_row, None, "2021年8月20日"])
    sheet.append(list(OFFICIAL_HEADER))
    for row in good_rows():
        sheet.append(row)
    sheet.append(["填表人（签字）" + colon, None, "刘九", None, "联系方式（手机）" + colon])
    sheet["G10"] = "13511112222"
    for merge in ("A2:B2", "E2:F2", "A10:B10", "E10:F10"):
        sheet.merge_cells(merge)
    path = tmp_path / "大同.xlsx"
    book.save(path)
    report = validate_file(path, roster)
    assert report.header.model_dump() == {
        "unit": "大同市乡村振兴局",
        "filled_on": "2021-08-20",
        "filler": "刘九",
        "filler_phone": "13511112222",
    }
    assert report.issues == []
