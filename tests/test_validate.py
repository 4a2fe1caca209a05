"""validate: real-shaped returns built by factories; exact pairs and exact issue cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pairtable.models import FileReport
from pairtable.roster import Roster
from pairtable.validate import validate_file
from tests.conftest import OFFICIAL_HEADER, good_rows

Make = Callable[..., Path]


def check(path: Path, roster: Roster) -> FileReport:
    return validate_file(path, roster)


def codes(report: FileReport) -> list[tuple[str, str | None]]:
    return [(i.code, i.cell) for i in report.issues]


def pair_set(report: FileReport) -> set[tuple[str, str]]:
    return {(p.assisted, p.assisting) for p in report.pairs}


def test_clean_return_is_valid_with_no_issue(make_workbook: Make, roster: Roster) -> None:
    report = check(make_workbook(), roster)
    assert report.valid and report.issues == []
    assert report.city == "大同市"
    assert len(report.pairs) == 6
    assert report.header.model_dump() == {
        "unit": "大同市乡村振兴局",
        "filled_on": "2021-08-20",
        "filler": "刘九",
        "filler_phone": "13511112222",
    }
    first = report.pairs[0]
    assert (first.assisted, first.assisting, first.source.sheet, first.source.row) == (
        "广灵县",
        "平城区",
        "统计表",
        4,
    )


def test_no_title_rows_and_notes_sheet_first(make_workbook: Make, roster: Roster) -> None:
    report = check(make_workbook(title=None, notes_sheet_first=True), roster)
    assert report.valid and len(report.pairs) == 6
    assert report.pairs[0].source.row == 3


def test_merged_city_and_merged_assisted_county(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[0][0] = "大同市"
    for row in rows[1:]:
        row[0] = None
    # 多对一 / 一对多: 广灵县 merged over two helper rows.
    rows.insert(1, [None, None, "云冈区", "周一", "云冈区副区长", "13811116666", ""])
    report = check(make_workbook(rows, merges=["A4:A10", "B4:B5"]), roster)
    assert report.valid, report.issues
    assert ("广灵县", "云冈区") in pair_set(report)
    assert all(p.city == "大同市" for p in report.pairs)
    assert report.issues == []


def test_blank_city_cells_are_no_finding_when_the_city_is_known(
    make_workbook: Make, roster: Roster
) -> None:
    rows = good_rows()
    for row in rows[1:]:
        row[0] = None
    report = check(make_workbook(rows), roster)  # other rows and 填报单位 name 大同市
    assert report.valid and report.issues == [] and len(report.pairs) == 6
    for row in rows:
        row[0] = None
    only_unit = check(make_workbook(rows, title=None), roster)
    assert only_unit.issues == [] and only_unit.city == "大同市"
    only_title = check(
        make_workbook(rows, title="大同市结对帮扶情况统计表", unit=None, filled_on="2021-08-20"),
        roster,
    )
    assert [i.code for i in only_title.issues] == ["unit-missing"]


def test_blank_city_cells_warn_once_when_only_the_file_name_tells(
    make_workbook: Make, roster: Roster
) -> None:
    rows = good_rows()
    for row in rows:
        row[0] = None
    path = make_workbook(rows, name="大同-回执.xlsx", title=None, unit=None, filled_on=None)
    report = check(path, roster)
    assert report.valid and report.city == "大同市"
    assert [(i.code, i.cell) for i in report.issues if i.code == "city-empty"] == [
        ("city-empty", "统计表!A2")
    ]
    assert "6 行" in report.issues[-1].message


def test_sequence_column_header_variants_and_reordered_columns(
    make_workbook: Make, roster: Roster
) -> None:
    header = [
        "序号",
        "重点帮扶县名称",
        "市 名",
        "结对帮扶县（市、区）",
        "具体负责人",
        "联系\n电话",
        "单位及职务",
        "备注",
    ]
    rows = [[i + 1, r[1], r[0], r[2], r[3], r[5], r[4], r[6]] for i, r in enumerate(good_rows())]
    report = check(make_workbook(rows, header=header), roster)
    assert report.valid and report.issues == []
    assert len(report.pairs) == 6


def test_unknown_extra_column_is_a_warning(make_workbook: Make, roster: Roster) -> None:
    header = [*OFFICIAL_HEADER, "帮扶资金"]
    rows = [[*r, 100] for r in good_rows()]
    report = check(make_workbook(rows, header=header), roster)
    assert report.valid
    assert codes(report) == [("unknown-column", "统计表!H3")]


def test_missing_column_rejects_every_row_by_cell(make_workbook: Make, roster: Roster) -> None:
    header = ["市名", "重点帮扶县", "结对帮扶县", "具体负责人", "单位及职务", "备注"]
    rows = [[*r[:5], r[6]] for r in good_rows()]
    report = check(make_workbook(rows, header=header), roster)
    assert not report.valid and report.pairs == []
    assert ("missing-column", "统计表!A3") in codes(report)
    unfilled = sorted(i.row or 0 for i in report.issues if i.code == "phone-empty")
    assert unfilled == [4, 5, 6, 7, 8, 9]
    assert report.rows_rejected == 6


def test_formatted_blank_tail_and_notes_are_skipped(make_workbook: Make, roster: Roster) -> None:
    tail = [["注：一对多请分行填写。"]]
    report = check(make_workbook(formatted_blank_rows=300, tail=tail), roster)
    assert report.valid and len(report.pairs) == 6
    # The note, typed under 市名 only, is listed with the total and note rows.
    assert codes(report) == [("rows-skipped", "统计表!A310")]
    assert [s.row for s in report.skipped_rows] == [310]


def test_note_under_a_total_row_is_listed_too(make_workbook: Make, roster: Roster) -> None:
    tail = [["合计", "6个县", "共6对"], ["注：结对关系按市委文件确定。"], ["1. 一对多请分行填写"]]
    report = check(make_workbook(tail=tail), roster)
    assert report.valid and len(report.pairs) == 6
    assert [s.row for s in report.skipped_rows] == [10, 11, 12]
    assert report.skipped_rows[1].model_dump(exclude={"file"}) == {"sheet": "统计表", "row": 11}
    assert "第 10 行、第 11 行、第 12 行" in report.issues[0].message


def test_ditto_with_nothing_above_says_so_once(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[0][3] = "同上"
    report = check(make_workbook(rows), roster)
    (issue,) = [i for i in report.issues if i.code == "ditto-no-value"]
    assert issue.message.count("同上") == 1 and "无法沿用" not in issue.hint


def test_data_below_the_footer_is_reported(make_workbook: Make, roster: Roster) -> None:
    path = make_workbook()
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.append(["大同市", "广灵县", "新荣区", "吴二", "新荣区副区长", "13811117777", ""])
    book.save(path)
    report = check(path, roster)
    assert [(i.code, i.row) for i in report.issues] == [("row-after-footer", 12)]
    # Nothing lost: the row is counted as read and as not accepted.
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (7, 6, 1)
    assert report.model_dump()["rows_rejected"] == 1


def test_annotated_copy_prints_a_marked_row_below_the_print_area(
    make_workbook: Make, tmp_path: Path
) -> None:
    import openpyxl
    from typer.testing import CliRunner

    from pairtable.cli import app

    path = make_workbook()
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.print_area = "A1:G11"  # the province's form sets one down to the footer
    sheet.append(["大同市", "广灵县", "新荣区", "吴二", "新荣区副区长", "13811117777", ""])
    book.save(path)
    out = tmp_path / "标注.xlsx"
    result = CliRunner().invoke(app, ["validate", str(path), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    marked = openpyxl.load_workbook(out)["统计表"]
    assert marked["A12"].fill.start_color.rgb.endswith("FFC7CE")
    assert marked.print_area.replace("$", "").endswith("A1:G12")


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        (13994996777, "13994996777"),
        (13994996777.0, "13994996777"),
        ("139 9499 6777", "13994996777"),
        ("0352-1234567转8001", "0352-1234567转8001"),
        ("0352-1234567-8001", "0352-1234567转8001"),
        ("(0352)1234567分机8001", "0352-1234567转8001"),
        ("13994996777、0352-1234567", "13994996777、0352-1234567"),
        ("１３９９４９９６７７７", "13994996777"),
    ],
)
def test_phone_forms_are_canonical(
    make_workbook: Make, roster: Roster, phone: Any, expected: str
) -> None:
    rows = good_rows()
    rows[0][5] = phone
    report = check(make_workbook(rows), roster)
    assert report.valid and report.issues == []
    assert report.pairs[0].phone == expected


def test_phone_problems_cite_the_cell(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[0][5] = "1.35135E+10"
    rows[1][5] = "12345"
    rows[2][5] = "2345678"
    rows[3][5] = 3521234567
    report = check(make_workbook(rows), roster)
    assert codes(report) == [
        ("phone-scientific", "统计表!F4"),
        ("phone-invalid", "统计表!F5"),
        ("phone-area-added", "统计表!F6"),
        ("phone-leading-zero", "统计表!F7"),
    ]
    assert "设置为“文本”格式" in report.issues[0].hint
    assert {p.phone for p in report.pairs} >= {"0352-2345678", "0352-1234567"}
    assert pair_set(report) == pair_set(check(make_workbook(), roster)) - {
        ("广灵县", "平城区"),
        ("天镇县", "云冈区"),
    }


@pytest.mark.parametrize("lost_zero", [3525021234, "3525021234", "３５２５０２１２３４"])
def test_landline_without_its_leading_zero_is_fixed_as_number_or_text(
    make_workbook: Make, roster: Roster, lost_zero: Any
) -> None:
    """From a numeric cell or as text (a CSV), the same digits are the same landline."""
    rows = good_rows()
    rows[0][5] = lost_zero
    report = check(make_workbook(rows), roster)
    assert codes(report) == [("phone-leading-zero", "统计表!F4")]
    assert report.pairs[0].phone == "0352-5021234"


def test_old_names_missing_suffix_and_full_width_are_accepted_with_warnings(
    make_workbook: Make, roster: Roster
) -> None:
    rows = good_rows()
    rows[5][1] = "大同县"
    rows[3][1] = "灵丘"
    rows[0][2] = "平城区\u3000"
    rows[1][2] = "（云冈区）"
    report = check(make_workbook(rows), roster)
    assert report.valid
    assert codes(report) == [
        ("name-normalised", "统计表!C5"),
        ("name-normalised", "统计表!B7"),
        ("name-normalised", "统计表!B9"),
    ]
    assert report.issues[2].message == "“大同县”已按“云州区”处理（旧名 大同县 已改为现名 云州区）"
    assert ("云州区", "云冈区") in pair_set(report)


def test_two_helpers_in_one_cell_give_two_pairs(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[0][2] = "平城区、云冈区"
    rows[1][2] = "新荣区 左云县"
    report = check(make_workbook(rows), roster)
    assert report.valid and report.issues == []
    assert {
        ("广灵县", "平城区"),
        ("广灵县", "云冈区"),
        ("天镇县", "新荣区"),
        ("天镇县", "左云县"),
    } <= pair_set(report)
    assert len(report.pairs) == 8


def test_assisting_rules(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[0][2] = "忻府区"  # another city
    rows[1][2] = "天镇县"  # itself
    rows[2][2] = "大同开发区"  # functional zone
    rows[3][2] = "阳高县"  # itself a key county
    rows[4][2] = "东城区"  # unknown
    report = check(make_workbook(rows), roster)
    assert codes(report) == [
        ("assisting-other-city", "统计表!C4"),
        ("assisting-self", "统计表!C5"),
        ("name-normalised", "统计表!C6"),
        ("assisting-zone", "统计表!C6"),
        ("assisting-key-county", "统计表!C7"),
        ("assisting-unknown", "统计表!C8"),
    ]
    assert "忻州市" in report.issues[0].message
    assert ("阳高县", "山西大同经济开发区") in pair_set(report)
    assert ("灵丘县", "阳高县") in pair_set(report)


def test_assisted_rules(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[0][1] = "平城区"  # a division of the city, not a key county
    rows[1][1] = "五寨县"  # another city
    rows[2][1] = "大同具"  # unknown
    rows[3][1] = None
    report = check(make_workbook(rows), roster)
    assert codes(report)[:4] == [
        ("assisted-not-key", "统计表!B4"),
        ("assisted-other-city", "统计表!B5"),
        ("assisted-unknown", "统计表!B6"),
        ("assisted-empty", "统计表!B7"),
    ]
    assert "忻州市" in report.issues[1].message
    missing = [i.message for i in report.issues if i.code == "key-county-missing"]
    assert missing == [
        f"大同市的重点帮扶县“{county}”没有填写结对帮扶情况"
        for county in ("阳高县", "天镇县", "广灵县", "灵丘县")
    ]


def test_row_of_other_city_is_an_error(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[2][0] = "忻州市"
    report = check(make_workbook(rows), roster)
    assert codes(report) == [("city-wrong", "统计表!A6")]


def test_required_person_and_unit(make_workbook: Make, roster: Roster) -> None:
    rows = good_rows()
    rows[0][3] = None
    rows[1][3] = "13800000000"
    rows[2][4] = "  "
    report = check(make_workbook(rows), roster)
    assert codes(report) == [
        ("person-empty", "统计表!D4"),
        ("person-invalid", "统计表!D5"),
        ("unit-empty", "统计表!E6"),
    ]
    assert len(report.pairs) == 3


def test_duplicate_pair_is_kept_once(make_workbook: Make, roster: Roster) -> None:
    rows = [*good_rows(), good_rows()[0]]
    report = check(make_workbook(rows), roster)
    assert report.valid
    assert codes(report) == [("duplicate-pair", "统计表!C10")]
    assert len(report.pairs) == 6


@pytest.mark.parametrize(
    "again",
    [
        ["大同市", "广灵县", "平城区", "张 三", "平城区乡村振兴局局长 ", "139 9499 6777", None],
        ["大同", "广灵", "平城", "张三", "平城区乡村振兴局局长", 13994996777, ""],
    ],
)
def test_a_pair_said_again_in_the_same_words_is_a_warning(
    again: list[object], make_workbook: Make, roster: Roster
) -> None:
    report = check(make_workbook([*good_rows(), again]), roster)
    assert report.valid and len(report.pairs) == 6 and report.rows_rejected == 0
    [duplicate] = [i for i in report.issues if i.code == "duplicate-pair"]
    assert duplicate.cell == "统计表!C10" and "与第 4 行重复" in duplicate.message


def test_a_pair_said_again_with_another_person_is_an_error_naming_both_rows(
    make_workbook: Make, roster: Roster
) -> None:
    again = [
        "大同市",
        "广灵县",
        "平城区",
        "李四",
        "平城区乡村振兴局局长",
        "13811112222",
        "被帮扶方负责人",
    ]
    report = check(make_workbook([*good_rows(), again]), roster)
    assert not report.valid and report.rows_rejected == 1 and report.rows_read == 7
    [error] = [i for i in report.issues if i.severity == "error"]
    assert (error.code, error.cell, error.row) == ("duplicate-pair-differs", "统计表!D10", 10)
    assert "第 4 行" in error.message and "本行未汇总" in error.message
    for said in ("“张三”", "“李四”", "“13994996777”", "“13811112222”", "被帮扶方负责人"):
        assert said in error.message
    assert "“张三、李四”" in error.hint and "用“、”分隔" in error.hint
    assert not any(c.isdigit() for c in error.hint)  # --redact masks messages, not hints
    from pairtable.redact import redact_text

    assert "139****6777" in redact_text(error.message) and "6777" not in error.hint
    assert "删除重复" not in error.hint
    kept = next(p for p in report.pairs if p.assisted == "广灵县")
    assert (kept.person, kept.phone, kept.source.row) == ("张三", "13994996777", 4)
    assert not any(i.code == "duplicate-pair" for i in report.issues)


def test_only_the_phone_differing_is_an_error_at_the_phone(
    make_workbook: Make, roster: Roster
) -> None:
    again = ["大同市", "广灵县", "平城区", "张三", "平城区乡村振兴局局长", "0352-5021234", ""]
    report = check(make_workbook([*good_rows(), again]), roster)
    [error] = [i for i in report.issues if i.severity == "error"]
    assert (error.code, error.cell) == ("duplicate-pair-differs", "统计表!F10")
    assert "“具体负责人”" not in error.message and "“张三”" in error.hint
    assert "“13994996777”" in error.message and "“0352-5021234”" in error.message


def test_a_row_naming_a_pair_again_with_other_content_is_rejected_whole(
    make_workbook: Make, roster: Roster
) -> None:
    # 平城区 and 新荣区 in one row; 广灵县—平城区 was already named with another person.
    again = ["大同市", "广灵县", "平城区、新荣区", "李四", "副区长", "13811112222", ""]
    report = check(make_workbook([*good_rows(), again]), roster)
    assert report.rows_rejected == 1
    assert ("广灵县", "新荣区") not in pair_set(report) and len(report.pairs) == 6


def test_differing_pairs_across_the_sheets_of_one_file(roster: Roster, tmp_path: Path) -> None:
    from tests.shapes import Sheet, write_sheets

    first = Sheet("广灵县", [good_rows()[0]])
    second = Sheet(
        "汇总",
        [row for row in good_rows()[1:]]
        + [["大同市", "广灵县", "平城区", "李四", "局长", "13811112222", ""]],
    )
    report = check(write_sheets(tmp_path / "大同.xlsx", [first, second]), roster)
    [error] = [i for i in report.issues if i.severity == "error"]
    assert error.code == "duplicate-pair-differs" and error.sheet == "汇总"
    assert "与“广灵县”工作表第 4 行" in error.message
    assert report.rows_rejected == 1 and len(report.pairs) == 6


def test_header_fields_missing_or_odd(make_workbook: Make, roster: Roster) -> None:
    report = check(
        make_workbook(unit=None, filled_on="八月下旬", filler=None, filler_phone=None), roster
    )
    assert report.valid
    assert [i.code for i in report.issues] == [
        "filled-on-invalid",
        "unit-missing",
        "filler-missing",
        "filler-phone-missing",
    ]


@pytest.mark.parametrize("written", ["2021-08-20", "2021.8.20", "2021/8/20", 44428])
def test_filled_on_forms(make_workbook: Make, roster: Roster, written: Any) -> None:
    assert check(make_workbook(filled_on=written), roster).header.filled_on == "2021-08-20"


def test_city_from_unit_and_file_name_when_column_is_absent(
    make_workbook: Make, roster: Roster
) -> None:
    header = ["重点帮扶县", "结对帮扶县", "具体负责人", "单位及职务", "联系方式", "备注"]
    rows = [r[1:] for r in good_rows()]
    assert check(make_workbook(rows, header=header), roster).city == "大同市"
    no_unit = make_workbook(rows, header=header, unit=None, title=None, name="大同-回执.xlsx")
    assert check(no_unit, roster).city == "大同市"
    unknown = make_workbook(rows, header=header, unit=None, title=None, name="回执.xlsx")
    report = check(unknown, roster)
    assert report.city is None and not report.valid
    assert {i.code for i in report.issues} == {"city-unknown"}
    assert sorted(i.row for i in report.issues if i.row) == [3, 4, 5, 6, 7, 8]


def test_city_conflict_is_reported(make_workbook: Make, roster: Roster) -> None:
    report = check(make_workbook(unit="忻州市乡村振兴局"), roster)
    assert [i.code for i in report.issues] == ["city-conflict"]
    assert report.city == "大同市"


def test_gb18030_csv(tmp_path: Path, roster: Roster) -> None:
    lines = [
        "填报单位：大同市乡村振兴局,,,,填报时间：,2021-08-20",
        "市名,重点帮扶县,结对帮扶县,具体负责人,单位及职务,联系方式,备注",
    ]
    lines += [",".join(str(v) for v in row) for row in good_rows()]
    lines += ["填表人：,刘九,,,联系方式：,13511112222"]
    path = tmp_path / "大同.csv"
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    report = check(path, roster)
    assert report.valid and report.issues == [] and len(report.pairs) == 6
    assert report.format == "csv"


def test_no_table_found(make_workbook: Make, roster: Roster) -> None:
    report = check(make_workbook([["a", "b"]], header=["甲", "乙"]), roster)
    assert [i.code for i in report.issues] == ["no-table"]
    assert not report.valid


def test_key_county_missing_is_a_warning(make_workbook: Make, roster: Roster) -> None:
    report = check(make_workbook(good_rows()[:5]), roster)
    assert report.valid
    assert [(i.code, i.message) for i in report.issues] == [
        ("key-county-missing", "大同市的重点帮扶县“云州区”没有填写结对帮扶情况")
    ]


def test_names_containing_conjunction_characters_are_not_split(
    make_workbook: Make, roster: Roster
) -> None:
    rows = [["晋中市", "和顺县", "寿阳县、灵石县", "秦川", "寿阳县副县长", "13903540004", ""]]
    report = check(make_workbook(rows, unit="晋中市乡村振兴局"), roster)
    assert {(p.assisted, p.assisting) for p in report.pairs} == {
        ("和顺县", "寿阳县"),
        ("和顺县", "灵石县"),
    }
    assert {i.code for i in report.issues} == {"key-county-missing"}


def test_header_on_the_first_row_points_missing_fields_beside_it(
    make_workbook: Make, roster: Roster
) -> None:
    """No row above the header: the 填报单位/填报时间 findings point at blank cells right of
    the header, not at the 市名 or 联系方式 titles."""
    report = check(make_workbook(title=None, unit=None, filled_on=None), roster)
    cells = {i.code: i.cell for i in report.issues}
    assert cells["unit-missing"] == "统计表!H1"
    assert cells["filled-on-missing"] == "统计表!I1"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("大同市乡村振兴局（盖章）", "大同市乡村振兴局"),
        ("大同市乡村振兴局(公章)", "大同市乡村振兴局"),
        ("大同市乡村振兴局（代）", "大同市乡村振兴局（代）"),
        ("（盖章）", None),
    ],
)
def test_stamp_instruction_is_not_part_of_the_unit(
    make_workbook: Make, roster: Roster, typed: str, kept: str | None
) -> None:
    report = check(make_workbook(unit=typed), roster)
    assert report.header.unit == kept
    assert ("unit-missing" in [i.code for i in report.issues]) == (kept is None)


def test_row_below_the_footer_of_a_table_of_no_known_city_is_counted(
    make_workbook: Make, roster: Roster
) -> None:
    rows = [["", "某县", "某区", "张三", "局长", "13994996777", ""]]
    path = make_workbook(rows, unit=None)
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.append(["", "某县", "某区", "吴二", "副区长", "13811117777", ""])
    book.save(path)
    report = check(path, roster)
    assert report.city is None and (report.rows_read, report.rows_rejected) == (2, 2)
    assert ("city-unknown", 7) in [(i.code, i.row) for i in report.issues]


# Two phone columns (办公电话 and 手机): both read, joined in header order.

_TWO_PHONES = [
    "市名",
    "重点帮扶县",
    "结对帮扶县",
    "具体负责人",
    "单位及职务",
    "办公电话",
    "手机",
    "备注",
]


def _with_two_phones(office: object, mobile: object) -> list[list[object]]:
    rows = [[*row[:5], None, None, row[6]] for row in good_rows()]
    for row in rows:
        row[5], row[6] = "0352-1234567", "13811110000"
    rows[0][5], rows[0][6] = office, mobile
    return rows


def test_two_phone_columns_are_both_read_and_joined(make_workbook: Make, roster: Roster) -> None:
    rows = _with_two_phones("0352-5021234", "13994996777")
    report = check(make_workbook(rows, header=_TWO_PHONES), roster)
    assert report.issues == [] and len(report.pairs) == 6
    assert report.pairs[0].phone == "0352-5021234、13994996777"
    assert {p.phone for p in report.pairs[1:]} == {"0352-1234567、13811110000"}


@pytest.mark.parametrize(
    ("office", "mobile", "phone"),
    [
        (None, "13994996777", "13994996777"),
        ("0352-5021234", None, "0352-5021234"),
        ("/", "13994996777", "13994996777"),
        ("13994996777", 13994996777, "13994996777"),
    ],
)
def test_one_of_two_phone_columns_left_blank_is_fine(
    office: object, mobile: object, phone: str, make_workbook: Make, roster: Roster
) -> None:
    report = check(make_workbook(_with_two_phones(office, mobile), header=_TWO_PHONES), roster)
    assert report.issues == [] and report.pairs[0].phone == phone


def test_each_phone_column_is_checked_at_its_own_cell(make_workbook: Make, roster: Roster) -> None:
    rows = _with_two_phones(3525021234, "139949967")  # leading 0 lost; a mobile too short
    rows[1][5], rows[1][6] = None, None
    header = [
        "市名",
        "重点帮扶县",
        "结对帮扶县",
        "具体负责人",
        "单位及职务",
        "联系电话",
        "手机号码",
        "备注",
    ]
    report = check(make_workbook(rows, header=header), roster)
    assert codes(report) == [
        ("phone-leading-zero", "统计表!F4"),
        ("phone-invalid", "统计表!G4"),
        ("phone-empty", "统计表!F5"),
    ]
    assert report.rows_rejected == 2 and len(report.pairs) == 4


def test_a_field_named_twice_says_which_two_headers_and_which_was_read(
    make_workbook: Make, roster: Roster
) -> None:
    header = [
        "市名",
        "重点帮扶县",
        "结对帮扶县",
        "具体负责人",
        "负责人",
        "单位及职务",
        "联系方式",
        "备注",
    ]
    rows = [[*row[:4], "某某", *row[4:]] for row in good_rows()]
    report = check(make_workbook(rows, header=header), roster)
    [issue] = report.issues
    assert (issue.code, issue.cell, issue.column) == ("duplicate-column", "统计表!E3", "具体负责人")
    assert issue.message == (
        "“具体负责人”（D 列）和“负责人”（E 列）都是“具体负责人”列，只读取了“具体负责人”（D 列）"
    )
    assert "出现了两次" not in issue.message
    assert {p.person for p in report.pairs} == {r[3] for r in good_rows()}


def test_two_phone_columns_under_a_grouped_header_with_ditto_marks(
    roster: Roster, tmp_path: Path
) -> None:
    from tests.shapes import Sheet, write_sheets

    head = [
        ["市名", "重点帮扶县", "结对帮扶县", "具体负责人", None, None, None, "备注"],
        [None, None, None, "姓名", "单位及职务", "办公电话", "手机", None],
    ]
    body = [
        ["大同市", "广灵县", "平城区", "张三", "局长", "0352-5021234", "13994996777", None],
        ["大同市", "天镇县", "云冈区", "张三", "局长", "同上", "〃", None],
    ]
    sheet = Sheet(raw=[["填报单位：大同市乡村振兴局"], *head, *body])
    report = check(write_sheets(tmp_path / "大同.xlsx", [sheet]), roster)
    assert [p.phone for p in report.pairs] == ["0352-5021234、13994996777"] * 2
    assert [(i.code, i.cell) for i in report.issues if i.code == "ditto-resolved"] == [
        ("ditto-resolved", "统计表!F5"),
        ("ditto-resolved", "统计表!G5"),
    ]


def test_a_landline_column_headed_zuoji_is_a_phone_column(
    make_workbook: Make, roster: Roster
) -> None:
    header = [*OFFICIAL_HEADER[:5], "座机", "手机", "备注"]
    report = check(make_workbook(_with_two_phones("0352-5021234", None), header=header), roster)
    assert report.issues == [] and report.pairs[0].phone == "0352-5021234"
