"""validate's rules, row by row, on returns built in memory: accepted pairs and exact findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pairtable.models import FileReport
from pairtable.reader import BookData, Limits, SheetData
from pairtable.roster import Roster
from pairtable.validate import validate_book, validate_bytes, validate_file
from tests.conftest import OFFICIAL_HEADER, good_rows, write_workbook
from tests.rules_books import check, found, sheet_rows

COLUMNS = ["city", "assisted", "assisting", "person", "unit", "phone", "remark"]
DATONG_KEYS = "云州区、阳高县、天镇县、广灵县、灵丘县、浑源县"


def row(**values: Any) -> list[Any]:
    base: list[Any] = [
        "大同市",
        "广灵县",
        "平城区",
        "张三",
        "平城区乡村振兴局局长",
        "13994996777",
        "",
    ]
    for name, value in values.items():
        base[COLUMNS.index(name)] = value
    return base


def one_row(roster: Roster, **values: Any) -> FileReport:
    return check([row(**values)], roster)


def findings(report: FileReport) -> list[tuple[str, str | None, str, object]]:
    """(code, cell, severity, value) of every finding but the key counties not named."""
    return [
        (i.code, i.cell, i.severity, i.value)
        for i in report.issues
        if i.code != "key-county-missing"
    ]


def pairs(report: FileReport) -> list[tuple[str, str]]:
    return [(p.assisted, p.assisting) for p in report.pairs]


def test_a_clean_return_gives_every_pair_with_its_source(roster: Roster) -> None:
    rows = good_rows()
    rows[1][6] = "  一对一\n（续） "
    report = check(rows, roster, metadata={"form_version": "2"})
    assert report.valid and report.issues == [] and report.city == "大同市"
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (6, 6, 0)
    assert report.form_version == "2" and report.format == "xlsx"
    assert report.rejected_counties == [] and report.skipped_rows == []
    first, second = report.pairs[:2]
    assert (first.city, first.assisted, first.assisting, first.person) == (
        "大同市",
        "广灵县",
        "平城区",
        "张三",
    )
    assert (first.unit_title, first.phone, first.remark) == (
        "平城区乡村振兴局局长",
        "13994996777",
        "",
    )
    assert (first.source.file, first.source.sheet, first.source.row) == ("大同.xlsx", "统计表", 4)
    assert second.remark == "一对一\n（续）" and second.source.row == 5
    assert second.phone == "0352-1234567"


@pytest.mark.parametrize(
    ("typed", "code", "severity", "in_message"),
    [
        ("", "assisted-empty", "error", DATONG_KEYS),
        ("平城区", "assisted-not-key", "error", DATONG_KEYS),
        ("五寨县", "assisted-other-city", "error", "忻州市"),
        ("南郊区", "assisted-ambiguous", "error", "大同市云冈区或大同市平城区"),
        ("不存在县", "assisted-unknown", "error", DATONG_KEYS),
        ("/", "value-placeholder", "error", "重点帮扶县"),
    ],
)
def test_assisted_county_rules(
    roster: Roster, typed: str, code: str, severity: str, in_message: str
) -> None:
    report = one_row(roster, assisted=typed)
    (issue,) = [i for i in report.issues if i.code == code]
    assert (issue.cell, issue.severity) == ("统计表!B4", severity)
    assert issue.value == (typed or None)
    assert in_message in issue.message + issue.hint
    assert report.pairs == [] and report.rows_rejected == 1 and not report.valid


def test_a_zone_is_never_a_key_county(roster: Roster) -> None:
    report = one_row(roster, assisted="大同开发区")
    assert findings(report) == [
        ("name-normalised", "统计表!B4", "warning", "大同开发区"),
        ("assisted-not-key", "统计表!B4", "error", "大同开发区"),
    ]


def test_a_name_read_with_liberties_is_accepted_with_a_warning(roster: Roster) -> None:
    report = one_row(roster, assisted="灵丘")
    assert findings(report) == [("name-normalised", "统计表!B4", "warning", "灵丘")]
    assert (
        "灵丘县" in report.issues[0].message and "灵丘 已补全为 灵丘县" in report.issues[0].message
    )
    assert pairs(report) == [("灵丘县", "平城区")] and report.valid


def test_several_key_counties_in_one_cell_each_pair(roster: Roster) -> None:
    report = one_row(roster, assisted="广灵县、灵丘县")
    assert pairs(report) == [("广灵县", "平城区"), ("灵丘县", "平城区")]
    assert findings(report) == []


@pytest.mark.parametrize(
    ("typed", "code", "value"),
    [
        ("", "assisting-empty", None),
        ("广灵县", "assisting-self", "广灵县"),
        ("忻府区", "assisting-other-city", "忻府区"),
        ("南郊区", "assisting-ambiguous", "南郊区"),
        ("不存在区", "assisting-unknown", "不存在区"),
    ],
)
def test_assisting_county_errors_reject_the_row(
    roster: Roster, typed: str, code: str, value: str | None
) -> None:
    report = one_row(roster, assisting=typed)
    assert findings(report) == [(code, "统计表!C4", "error", value)]
    assert report.pairs == [] and report.rejected_counties == ["广灵县"]


@pytest.mark.parametrize(
    ("typed", "code", "value", "helper"),
    [
        ("大同开发区", "assisting-zone", "山西大同经济开发区", "山西大同经济开发区"),
        ("灵丘县", "assisting-key-county", "灵丘县", "灵丘县"),
    ],
)
def test_a_zone_or_key_county_helping_is_a_warning(
    roster: Roster, typed: str, code: str, value: str, helper: str
) -> None:
    report = one_row(roster, assisting=typed)
    assert (code, "统计表!C4", "warning", value) in findings(report)
    assert pairs(report) == [("广灵县", helper)] and report.valid


@pytest.mark.parametrize(
    ("typed", "helpers"),
    [
        ("平城区、平城区", ["平城区"]),
        ("平城区 云冈区", ["平城区", "云冈区"]),
        ("平城区和云冈区", ["平城区", "云冈区"]),
        ("平城区以及云冈区", ["平城区", "云冈区"]),
        ("平城区及云冈区与新荣区", ["平城区", "云冈区", "新荣区"]),
        ("平城区，云冈区；新荣区", ["平城区", "云冈区", "新荣区"]),
    ],
)
def test_helpers_are_split_only_into_known_names(
    roster: Roster, typed: str, helpers: list[str]
) -> None:
    report = one_row(roster, assisting=typed)
    assert pairs(report) == [("广灵县", h) for h in helpers] and findings(report) == []


@pytest.mark.parametrize("typed", ["平城区和不存在区", "平城 区和", "和平城区"])
def test_a_joined_cell_that_is_no_list_of_names_stays_whole(roster: Roster, typed: str) -> None:
    report = one_row(roster, assisting=typed)
    assert [code for code, *_ in findings(report)] == ["assisting-unknown"]
    assert report.issues[0].value == typed


def test_a_name_with_a_joining_word_inside_is_not_split(roster: Roster) -> None:
    report = check([row(city="晋中市", assisted="和顺县", assisting="榆次区")], roster)
    assert report.city == "晋中市" and pairs(report) == [("和顺县", "榆次区")]


@pytest.mark.parametrize(
    ("typed", "code", "severity"),
    [
        ("", "person-empty", "error"),
        ("待定", "value-placeholder", "error"),
        ("Zhang San", "person-invalid", "error"),
        ("王局长", "person-title-only", "error"),
        ("平城区", "person-title-only", "error"),
        ("刘洋局长", "person-title", "warning"),
    ],
)
def test_person_rules(roster: Roster, typed: str, code: str, severity: str) -> None:
    report = one_row(roster, person=typed)
    (issue,) = findings(report)
    assert issue[:3] == (code, "统计表!D4", severity)
    assert report.valid == (severity == "warning")


def test_a_title_taken_off_a_name_is_shown_with_the_name_kept(roster: Roster) -> None:
    report = one_row(roster, person="刘洋局长、李四（主任）")
    (issue,) = [i for i in report.issues if i.code == "person-title"]
    assert "刘洋、李四" in issue.message and "局长、主任" in issue.hint
    assert report.pairs[0].person == "刘洋、李四"


def test_a_short_county_name_may_be_a_person(roster: Roster) -> None:
    report = one_row(roster, person="平城")
    assert report.valid and report.pairs[0].person == "平城"


@pytest.mark.parametrize(
    ("values", "code", "cell"),
    [
        ({"unit": ""}, "unit-empty", "统计表!E4"),
        ({"unit": "无"}, "value-placeholder", "统计表!E4"),
        ({"phone": ""}, "phone-empty", "统计表!F4"),
        ({"phone": "/"}, "value-placeholder", "统计表!F4"),
        ({"phone": "12345"}, "phone-invalid", "统计表!F4"),
        ({"phone": "1.35135E+10"}, "phone-scientific", "统计表!F4"),
    ],
)
def test_unit_and_phone_errors_reject_the_row(
    roster: Roster, values: dict[str, str], code: str, cell: str
) -> None:
    report = one_row(roster, **values)
    assert findings(report) == [(code, cell, "error", values[next(iter(values))] or None)]
    assert report.pairs == [] and report.rows_rejected == 1


def test_phone_warnings_name_the_number_and_the_area_code(roster: Roster) -> None:
    report = one_row(roster, phone="1234567")
    (issue,) = [i for i in report.issues if i.code != "key-county-missing"]
    assert (issue.code, issue.cell, issue.severity) == ("phone-area-added", "统计表!F4", "warning")
    assert "0352-1234567" in issue.message + issue.hint and "0352" in issue.message
    assert report.pairs[0].phone == "0352-1234567"


def test_unit_and_remark_are_kept_as_typed(roster: Roster) -> None:
    report = one_row(roster, unit=" 平城区，副区长（兼）\u200b", remark="/")
    assert report.pairs[0].unit_title == "平城区，副区长（兼）"
    assert report.pairs[0].remark == "/" and findings(report) == []


def test_a_pair_named_twice_is_kept_once_and_the_repeat_cited(roster: Roster) -> None:
    report = check([row(), row(person="李四"), row(assisting="平城区、云冈区")], roster)
    assert pairs(report) == [("广灵县", "平城区"), ("广灵县", "云冈区")]
    assert findings(report) == [
        # Another person for the same pair: the city must settle it (nothing dropped silently).
        ("duplicate-pair-differs", "统计表!D5", "error", "李四"),
        ("duplicate-pair", "统计表!C6", "warning", "平城区、云冈区"),
    ]
    assert "第 4 行" in report.issues[0].message or "4" in report.issues[0].message
    assert report.rows_rejected == 1 and not report.valid


def test_a_row_of_another_city_is_an_error(roster: Roster) -> None:
    report = check([row(), row(city="忻州市", assisted="灵丘县")], roster)
    assert findings(report) == [("city-wrong", "统计表!A5", "error", "忻州市")]
    assert pairs(report) == [("广灵县", "平城区")]
    assert report.rejected_counties == ["灵丘县"]


def test_blank_city_cells_warn_once_only_when_the_file_name_alone_tells(roster: Roster) -> None:
    rows = [row(city=""), row(city="/", assisted="灵丘县")]
    told = check(rows, roster, unit="乡村振兴局", title=None)
    assert told.city == "大同市"
    assert findings(told) == [("city-empty", "统计表!A3", "warning", None)]
    assert "2" in told.issues[0].message
    assert findings(check(rows, roster, title=None)) == []


@pytest.mark.parametrize(
    ("layout", "name", "city"),
    [
        ({"metadata": {"city": "太原市"}}, "x.xlsx", "太原市"),
        ({"metadata": {"city": "不存在市"}, "unit": "", "title": ""}, "大同.xlsx", "大同市"),
        ({"unit": "朔州市乡村振兴局", "title": None}, "x.xlsx", "朔州市"),
        ({"unit": "朔州乡村振兴局", "title": None}, "x.xlsx", "朔州市"),
        ({"unit": "乡村振兴局", "title": "吕梁市结对帮扶情况统计表"}, "x.xlsx", "吕梁市"),
        ({"unit": "乡村振兴局", "title": None}, "运城市.xlsx", "运城市"),
        ({"unit": "乡村振兴局", "title": None}, "运城-第二版.xlsx", "运城市"),
    ],
)
def test_the_files_city_when_no_row_names_one(
    roster: Roster, layout: dict[str, Any], name: str, city: str
) -> None:
    report = check([row(city="", assisted="", assisting="")], roster, name=name, **layout)
    assert report.city == city


def test_the_city_column_outvotes_the_unit_and_a_disagreement_is_cited(roster: Roster) -> None:
    rows = [row(), row(assisted="灵丘县"), row(city="忻州市", assisted="五寨县")]
    report = check(rows, roster, unit="忻州市乡村振兴局")
    assert report.city == "大同市"
    (conflict,) = [i for i in report.issues if i.code == "city-conflict"]
    assert conflict.cell == "统计表!A3" and conflict.row == 3
    assert "市名列为大同市" in conflict.message and "填报单位为忻州市" in conflict.message


def test_a_file_name_that_disagrees_is_a_warning(roster: Roster) -> None:
    report = check(good_rows(), roster, name="忻州.xlsx")
    assert report.city == "大同市" and report.valid
    assert found(report) == [("city-conflict", "统计表!A3")]
    assert "市名列为大同市，文件名为忻州市" in report.issues[0].message


def test_a_file_of_no_known_city_rejects_every_row(roster: Roster) -> None:
    rows = [row(city=""), row(city="", assisted="灵丘县")]
    report = check(rows, roster, name="x.xlsx", unit="", title="")
    assert report.city is None and not report.valid
    assert found(report) == [("city-unknown", "统计表!A4"), ("city-unknown", "统计表!A5")]
    assert [i.row for i in report.issues] == [4, 5]
    assert (report.rows_read, report.rows_rejected) == (2, 2)
    empty = check([], roster, name="x.xlsx", unit="", title="")
    assert found(empty) == [("city-unknown", "统计表!A3"), ("table-empty", "统计表!A3")]
    assert [i.row for i in empty.issues] == [3, 3]


def test_an_empty_table_of_a_city_with_key_counties_is_an_error(roster: Roster) -> None:
    report = check([], roster)
    assert findings(report) == [("table-empty", "统计表!A3", "error", None)]
    no_keys = next(c for c in roster.city_names if not roster.key_counties_of(c))
    report = check([], roster, name=f"{no_keys}.xlsx", unit=f"{no_keys}乡村振兴局")
    assert report.city == no_keys and report.valid and report.issues == []


def test_every_key_county_not_named_is_cited_at_the_table(roster: Roster) -> None:
    report = check([row(), row(assisted="灵丘县", assisting="")], roster)
    missing = [i for i in report.issues if i.code == "key-county-missing"]
    assert [i.cell for i in missing] == ["统计表!A3"] * 4
    assert {i.value for i in missing} == {None}
    named = "".join(i.message for i in missing)
    for county in ("浑源县", "天镇县", "阳高县", "云州区"):
        assert county in named
    assert "广灵县" not in named and "灵丘县" not in named
    assert report.rejected_counties == ["灵丘县"]


def test_columns_unknown_repeated_or_missing(roster: Roster) -> None:
    header = [*OFFICIAL_HEADER, "排序", "备注"]
    report = check([[*row(), "1", "x"]], roster, header=header)
    assert findings(report) == [
        ("unknown-column", "统计表!H3", "warning", "排序"),
        ("duplicate-column", "统计表!I3", "warning", "备注"),
    ]
    no_phone = [h for h in OFFICIAL_HEADER if h != "联系方式"]
    report = check([[*row()[:5], ""]], roster, header=no_phone)
    (missing,) = [i for i in report.issues if i.code == "missing-column"]
    assert (missing.cell, missing.column, missing.value) == ("统计表!A3", "联系方式", None)


def test_an_overlong_cell_is_cited_once_and_not_read_further(roster: Roster) -> None:
    report = check([row(person="张" * 12)], roster, limits=Limits(max_cell_chars=11))
    assert findings(report) == [("text-too-long", "统计表!D4", "error", "张" * 12)]
    assert "12" in report.issues[0].message
    ok = check([row(person="张" * 11)], roster, limits=Limits(max_cell_chars=11))
    assert ok.valid


def test_ditto_marks(roster: Roster) -> None:
    report = check([row(), row(assisted="灵丘县", assisting="同上")], roster)
    assert findings(report) == [("ditto-resolved", "统计表!C5", "warning", "平城区")]
    assert pairs(report)[-1] == ("灵丘县", "平城区")
    first = check([row(assisting="同上")], roster)
    assert findings(first) == [("ditto-no-value", "统计表!C4", "error", "同上")]


def test_a_row_of_placeholders_only_is_blank(roster: Roster) -> None:
    report = check([row(), ["", "/", "—", "无", "/", "/", ""]], roster)
    assert report.rows_read == 1 and findings(report) == []


def test_total_rows_hidden_rows_and_rows_below_the_footer(roster: Roster) -> None:
    rows = [row(), row(assisted="灵丘县"), ["合计", "2对", "", "", "", "", ""]]
    report = check(rows, roster, hidden={4}, tail=[])
    codes = {(code, cell) for code, cell in found(report)}
    assert ("row-hidden", "统计表!A5") in codes
    assert ("rows-skipped", "统计表!A6") in codes
    assert pairs(report) == [("广灵县", "平城区")]
    (skipped,) = report.skipped_rows
    assert (skipped.sheet, skipped.row) == ("统计表", 6)
    below = check(good_rows(), roster, filler=None, filler_phone=None)
    assert below.valid


def test_macros_are_noted_and_a_book_without_a_table_is_an_error(roster: Roster) -> None:
    sheet = SheetData("统计表", [["备忘"], ["今天开会"]])
    report = validate_book(BookData("xlsx", [sheet]), roster, "x.xlsx", "x", Limits())
    assert [i.code for i in report.issues] == ["no-table"] and not report.valid
    macro = BookData("xlsm", [sheet], has_macros=True)
    report = validate_book(macro, roster, "x.xlsm", "x", Limits())
    assert [i.code for i in report.issues] == ["macro-ignored", "no-table"]


def test_files_and_bytes_that_cannot_be_read_give_one_error(roster: Roster, tmp_path: Path) -> None:
    missing = validate_file(tmp_path / "无.xlsx", roster)
    assert [i.code for i in missing.issues] == ["file-unreadable"] and not missing.readable
    junk = validate_bytes(b"\x00junk", "邮件.eml!/大同.xlsx", roster)
    assert len(junk.issues) == 1 and junk.issues[0].severity == "error"
    assert not junk.readable and junk.file == "邮件.eml!/大同.xlsx"
    rows = [row(city="")]
    path = write_workbook(tmp_path / "x.xlsx", rows, unit="乡村振兴局", title=None)
    inside = validate_bytes(path.read_bytes(), "大同.zip!/x.xlsx", roster)
    assert inside.city == "大同市" and pairs(inside) == [("广灵县", "平城区")]
    assert validate_file(path, roster).city is None


def test_what_the_clerk_reads_for_a_return_with_one_fault_a_row(roster: Roster) -> None:
    """Code, cell, column, value, message and hint of every finding, exactly."""
    u = "副区长"
    rows = [
        ["大同市", "灵丘", "大同市平城区", "刘洋局长", "平城区副区长", "1234567", ""],
        ["大同市", "五寨县", "平城区", "张三", u, "13994996777", ""],
        ["大同市", "广灵县", "忻府区", "张三", u, "13994996777", ""],
        ["大同市", "广灵县", "南郊区", "张三", u, "13994996777", ""],
        ["大同市", "广灵县", "不存在区", "王局长", u, "13994996777", ""],
        ["忻州市", "浑源县", "平城区", "张三", u, "13994996777", ""],
        ["大同市", "灵丘县", "平城区", "李四", u, "13994996777", ""],
        ["大同市", "天镇县", "同上", "王五", u, "3521234567", "备注" * 7],
        ["大同市", "阳高县", "平城区", "赵六", u, "0352-1234567-8001", ""],
    ]
    report = check(rows, roster, limits=Limits(max_cell_chars=12))
    assert [(i.code, i.cell, i.column, i.value, i.message, i.hint) for i in report.issues] == [
        (
            "name-normalised",
            "统计表!B4",
            "重点帮扶县",
            "灵丘",
            "“灵丘”已按“灵丘县”处理（灵丘 已补全为 灵丘县）",
            "下次请直接填写现行规范名称“灵丘县”",
        ),
        (
            "name-normalised",
            "统计表!C4",
            "结对帮扶县",
            "大同市平城区",
            "“大同市平城区”已按“平城区”处理（已去掉市名前缀）",
            "下次请直接填写现行规范名称“平城区”",
        ),
        (
            "person-title",
            "统计表!D4",
            "具体负责人",
            "刘洋局长",
            "具体负责人“刘洋局长”中含有职务或说明，已按姓名“刘洋”接收",
            "“具体负责人”只填姓名；“局长”请移到“单位及职务”或“备注”列",
        ),
        (
            "phone-area-added",
            "统计表!F4",
            "联系方式",
            "1234567",
            "座机号“1234567”没有区号，已按大同市区号补为“0352-1234567”",
            "请填写带区号的座机号，如 0352-1234567",
        ),
        (
            "assisted-other-city",
            "统计表!B5",
            "重点帮扶县",
            "五寨县",
            "“五寨县”属于忻州市，不是大同市的县",
            "本表只填大同市的重点帮扶县：云州区、阳高县、天镇县、广灵县、灵丘县、浑源县",
        ),
        (
            "assisting-other-city",
            "统计表!C6",
            "结对帮扶县",
            "忻府区",
            "结对帮扶县“忻府区”属于忻州市，不在大同市市域内",
            "县际结对帮扶限于市域内，请填写大同市的县（市、区）",
        ),
        (
            "assisting-ambiguous",
            "统计表!C7",
            "结对帮扶县",
            "南郊区",
            "结对帮扶县“南郊区”可能指大同市云冈区或大同市平城区",
            "请写出完整的现行名称",
        ),
        (
            "assisting-unknown",
            "统计表!C8",
            "结对帮扶县",
            "不存在区",
            "结对帮扶县“不存在区”不是山西省的县（市、区）名称",
            "请核对名称，填写大同市的县（市、区），多个用“、”分隔",
        ),
        (
            "person-title-only",
            "统计表!D8",
            "具体负责人",
            "王局长",
            "具体负责人“王局长”只写了职务或单位，没有写姓名",
            "请填写负责人的姓名（如“张三”）；单位和职务写在“单位及职务”列",
        ),
        (
            "city-wrong",
            "统计表!A9",
            "市名",
            "忻州市",
            "市名“忻州市”与本表所属的大同市不符",
            "本表只填大同市的结对情况；其他市的情况由该市报送",
        ),
        (
            "duplicate-pair-differs",
            "统计表!D10",
            "具体负责人",
            "李四",
            "与第 4 行是同一结对关系（灵丘县—平城区），但内容不同：“具体负责人”第 4 行为“刘洋”、"
            "本行为“李四”，“单位及职务”第 4 行为“平城区副区长”、本行为“副区长”，“联系方式”第 4 行为"
            "“0352-1234567”、本行为“13994996777”；本行未汇总",
            "请核实后合并为一行、删除另一行：两人都负责的，“具体负责人”写“刘洋、李四”，“联系方式”按同样"
            "顺序写两人的电话，用“、”分隔；其中一行有误的，删除有误的一行",
        ),
        (
            "text-too-long",
            "统计表!G11",
            "备注",
            "备注备注备注备注备注备注备注",
            "单元格内容过长（14 个字符），未读取",
            "请只填写规定内容；说明性文字请写在“备注”列或另附说明",
        ),
        (
            "ditto-resolved",
            "统计表!C11",
            "结对帮扶县",
            "平城区",
            "“同上”已按上一行的“平城区”处理",
            "下次请直接填写完整内容，不要用“同上”、〃 等符号",
        ),
        (
            "phone-leading-zero",
            "统计表!F11",
            "联系方式",
            "3521234567",
            "号码“3521234567”开头的 0 丢失，已补为“0352-1234567”",
            "请把“联系方式”列设置为“文本”格式后再填写",
        ),
        (
            "text-too-long",
            "统计表!F12",
            "联系方式",
            "0352-1234567-8001",
            "单元格内容过长（17 个字符），未读取",
            "请只填写规定内容；说明性文字请写在“备注”列或另附说明",
        ),
        (
            "key-county-missing",
            "统计表!A3",
            None,
            None,
            "大同市的重点帮扶县“云州区”没有填写结对帮扶情况",
            "每个重点帮扶县至少填写一行结对帮扶信息",
        ),
    ]
    assert [(p.assisted, p.assisting, p.person, p.phone) for p in report.pairs] == [
        ("灵丘县", "平城区", "刘洋", "0352-1234567")
    ]
    assert (report.rows_read, report.rows_rejected) == (9, 8)
    assert report.rejected_counties == ["天镇县", "广灵县", "浑源县", "阳高县"]


def test_every_name_in_a_cell_is_checked_after_one_fails(roster: Roster) -> None:
    report = one_row(roster, assisted="不存在县、五寨县、广灵县")
    assert [code for code, *_ in findings(report)] == ["assisted-unknown", "assisted-other-city"]
    assert report.rejected_counties == ["广灵县"]
    report = one_row(roster, assisted="平城区、广灵县")
    assert [code for code, *_ in findings(report)] == ["assisted-not-key"]
    assert report.rejected_counties == ["广灵县"]
    report = one_row(roster, assisting="广灵县、忻府区、不存在区")
    assert [code for code, *_ in findings(report)] == [
        "assisting-self",
        "assisting-other-city",
        "assisting-unknown",
    ]


def test_a_placeholder_helper_is_reported_as_such(roster: Roster) -> None:
    report = one_row(roster, assisting="/")
    assert findings(report) == [("value-placeholder", "统计表!C4", "error", "/")]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("平城区和云冈区和新荣区", None),
        ("不存在区和云冈区", "不存在区和云冈区"),
        ("平城区和", "平城区和"),
    ],
)
def test_joined_helpers_are_split_only_at_a_known_name(
    roster: Roster, typed: str, value: str | None
) -> None:
    report = one_row(roster, assisting=typed)
    if value is None:
        assert pairs(report) == [("广灵县", h) for h in ("平城区", "云冈区", "新荣区")]
        assert findings(report) == []
    else:
        assert findings(report) == [("assisting-unknown", "统计表!C4", "error", value)]


def test_names_are_read_within_the_citys_own_divisions(roster: Roster) -> None:
    """城区 and 郊区 are names in several cities: within 阳泉市 they are its own districts."""
    yq: dict[str, Any] = {"name": "阳泉.xlsx", "unit": "阳泉市乡村振兴局"}
    split = check([row(city="阳泉市", assisted="盂县", assisting="城区 郊区")], roster, **yq)
    assert [code for code, *_ in findings(split)] == ["assisted-not-key"]
    for helpers in ("城区和郊区", "郊区和城区"):
        joined = check([row(city="阳泉市", assisted="盂县", assisting=helpers)], roster, **yq)
        assert [code for code, *_ in findings(joined)] == ["assisted-not-key"], helpers
    person = check(
        [row(city="阳泉市", assisted="盂县", assisting="矿区", person="城区")], roster, **yq
    )
    assert [code for code, *_ in findings(person)] == ["assisted-not-key", "person-title-only"]


def test_a_cell_set_aside_is_not_read_again(roster: Roster) -> None:
    report = check([row(person="张三13800000000")], roster, limits=Limits(max_cell_chars=12))
    assert [code for code, *_ in findings(report)] == ["text-too-long"]
    ditto = check([row(person="同上")], roster)
    assert [code for code, *_ in findings(ditto)] == ["ditto-no-value"]


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("重点帮扶县", "assisted-empty"),
        ("结对帮扶县", "assisting-empty"),
        ("具体负责人", "person-empty"),
        ("单位及职务", "unit-empty"),
        ("联系方式", "phone-empty"),
    ],
)
def test_a_missing_column_rejects_every_row_by_its_number(
    roster: Roster, title: str, code: str
) -> None:
    at = OFFICIAL_HEADER.index(title)
    header = [h for h in OFFICIAL_HEADER if h != title]
    rows = [[v for i, v in enumerate(r) if i != at] for r in good_rows()[:2]]
    report = check(rows, roster, header=header)
    assert not report.pairs and report.rows_rejected == 2
    per_row = [(i.sheet, i.cell, i.row, i.column) for i in report.issues if i.code == code]
    assert per_row == [("统计表", None, 4, title), ("统计表", None, 5, title)]


def test_files_are_read_with_the_limits_given(roster: Roster, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "大同.xlsx", good_rows())
    tight = Limits(max_file_bytes=100)
    assert [i.code for i in validate_file(path, roster, limits=tight).issues] == ["file-too-large"]
    data = path.read_bytes()
    assert [i.code for i in validate_bytes(data, "大同.xlsx", roster, limits=tight).issues] == [
        "file-too-large"
    ]
    short = Limits(max_cell_chars=9)
    report = validate_file(path, roster, limits=short)
    assert "text-too-long" in [i.code for i in report.issues]
    assert report.file == str(path) and all(i.file == str(path) for i in report.issues)
    assert validate_file(path, roster).valid


def test_an_unreadable_file_names_itself_and_why(roster: Roster, tmp_path: Path) -> None:
    missing = tmp_path / "无.xlsx"
    (issue,) = validate_file(missing, roster).issues
    assert issue.file == str(missing) and "No such file" in issue.message + issue.hint
    assert validate_file(missing, roster).file == str(missing)
    (junk,) = validate_bytes(b"\x00junk", "信.eml/大同.xlsx", roster).issues
    assert junk.file == "信.eml/大同.xlsx"


def test_rows_below_the_footer_are_read_and_rejected(roster: Roster) -> None:
    after = [row(assisted="灵丘县")]
    report = check([row()], roster, after=after)
    below = [i for i in report.issues if i.code == "row-after-footer"]
    assert [(i.cell, i.value) for i in below] == [
        ("统计表!A7", "大同市 灵丘县 平城区 张三 平城区乡村振兴局局长 13994996777"),
    ]
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (2, 1, 1)
    assert pairs(report) == [("广灵县", "平城区")]


def test_rows_accepted_and_rejected_add_up(roster: Roster) -> None:
    report = check([row(), row(assisted="灵丘县", phone=""), row(assisted="浑源县")], roster)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (3, 2, 1)


def test_hidden_rows_quote_what_they_hold(roster: Roster) -> None:
    report = check([row(), row(assisted="灵丘县", remark="补")], roster, hidden={4})
    (hidden,) = [i for i in report.issues if i.code == "row-hidden"]
    assert hidden.value == "大同市 灵丘县 平城区 张三 平城区乡村振兴局局长 13994996777 补"


def test_total_rows_are_listed_in_one_warning(roster: Roster) -> None:
    totals = [["合计", f"{n}对", "", "", "", "", ""] for n in range(1, 23)]
    report = check([row(), *totals[:2]], roster)
    (skipped,) = [i for i in report.issues if i.code == "rows-skipped"]
    assert skipped.message.startswith("第 5 行、第 6 行是合计")
    assert [(s.file, s.sheet, s.row) for s in report.skipped_rows] == [
        ("大同.xlsx", "统计表", 5),
        ("大同.xlsx", "统计表", 6),
    ]
    many = check([row(), *totals[:21]], roster)
    (skipped,) = [i for i in many.issues if i.code == "rows-skipped"]
    assert "第 24 行等" in skipped.message and "第 25 行" not in skipped.message
    twenty = check([row(), *totals[:20]], roster)
    (skipped,) = [i for i in twenty.issues if i.code == "rows-skipped"]
    assert "第 24 行" in skipped.message and "第 24 行等" not in skipped.message


def test_a_table_over_two_sheets_is_one_return(roster: Roster) -> None:
    total = ["合计", "1对", "", "", "", "", ""]
    rejected = row(assisted="阳高县", phone="")
    first = SheetData("统计表", sheet_rows([row(), rejected, total], filler=None))
    second_rows = sheet_rows([row(assisted="灵丘县"), row(assisted="浑源县", phone="")], title=None)
    second_rows[0][1] = "大同市乡村振兴局"
    book = BookData("xlsx", [first, SheetData("续表", second_rows)])
    report = validate_book(book, roster, "大同.xlsx", "大同", Limits())
    assert pairs(report) == [("广灵县", "平城区"), ("灵丘县", "平城区")]
    assert report.rejected_counties == ["浑源县", "阳高县"]
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (4, 2, 2)
    assert report.header is not None and report.header.filler == "刘九"
    (skipped,) = [i for i in report.issues if i.code == "rows-skipped"]
    assert skipped.message.startswith("“统计表”第 6 行是")
    assert [i.code for i in report.issues if i.code.startswith("filler")] == []


def test_a_book_without_a_table_or_with_macros_names_the_file(roster: Roster) -> None:
    sheet = SheetData("统计表", [["备忘"], ["今天开会"]])
    report = validate_book(
        BookData("xlsm", [sheet], has_macros=True), roster, "x.xlsm", "x", Limits()
    )
    assert [(i.code, i.file) for i in report.issues] == [
        ("macro-ignored", "x.xlsm"),
        ("no-table", "x.xlsm"),
    ]
    assert (report.file, report.format) == ("x.xlsm", "xlsm")
    nowhere = check([row(city="")], roster, name="x.xlsx", unit="", title="")
    assert (nowhere.file, nowhere.format) == ("x.xlsx", "xlsx")


def test_an_unreadable_file_gives_a_report_of_its_own(roster: Roster, tmp_path: Path) -> None:
    path = tmp_path / "大同.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook at all")
    report = validate_file(path, roster)
    (issue,) = report.issues
    assert report.file == str(path) and issue.file == str(path)
    assert report.readable is False and issue.severity == "error"
    junk = validate_bytes(path.read_bytes(), "信.eml/大同.xlsx", roster)
    assert junk.issues[0].message == issue.message and junk.readable is False
    missing = validate_file(tmp_path / "无.xlsx", roster)
    assert "[Errno" not in missing.issues[0].message + missing.issues[0].hint
    good = write_workbook(tmp_path / "x.xlsx", good_rows()[:1]).read_bytes()
    inside = validate_bytes(good, "材料.zip!/x.xlsx", roster)
    assert inside.file == "材料.zip!/x.xlsx" and pairs(inside) == [("广灵县", "平城区")]


def test_a_formula_without_a_saved_value_is_cited(roster: Roster, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "大同.xlsx", [row(remark="=1+1"), *good_rows()[1:]])
    report = validate_file(path, roster)
    assert [(i.code, i.cell) for i in report.issues] == [("formula-no-value", "统计表!G4")]


def test_the_city_column_is_decided_by_most_rows(roster: Roster) -> None:
    rows = [row(city="忻州市", assisted="五寨县"), row(), row(assisted="灵丘县")]
    report = check(rows, roster, unit="乡村振兴局")
    assert report.city == "大同市"


def test_every_disagreeing_source_is_named(roster: Roster) -> None:
    report = check(
        [row(city="", assisted="", assisting="")],
        roster,
        name="忻州.xlsx",
        metadata={"city": "太原市"},
        title="大同市统计表",
    )
    (conflict,) = [i for i in report.issues if i.code == "city-conflict"]
    assert "模板标记为太原市，填报单位为大同市，标题为大同市，文件名为忻州市" in conflict.message
    assert "已按太原市处理" in conflict.message


def test_a_file_name_alone_disagreeing_with_the_city_column(roster: Roster) -> None:
    report = check([row(), row(city="", assisted="灵丘县")], roster, name="忻州.xlsx", unit="")
    codes = [code for code, *_ in findings(report)]
    assert "city-conflict" in codes and "city-empty" not in codes
    (conflict,) = [i for i in report.issues if i.code == "city-conflict"]
    assert "市名列为大同市，文件名为忻州市" in conflict.message


def test_cells_set_aside_are_not_read_again(roster: Roster) -> None:
    short = Limits(max_cell_chars=12)
    for values in ({"assisted": "不存在县不存在县不存在县县"}, {"phone": "abcdefghijklmn"}):
        report = check([row(**values)], roster, limits=short)
        assert [code for code, *_ in findings(report)] == ["text-too-long"], values


def test_findings_on_one_of_several_names_quote_that_name(roster: Roster) -> None:
    cases = [
        ({"assisted": "平城区、广灵县"}, "assisted-not-key", "平城区"),
        ({"assisted": "灵丘、广灵县"}, "name-normalised", "灵丘"),
        ({"assisted": "五寨县、广灵县"}, "assisted-other-city", "五寨县"),
        ({"assisting": "广灵县、平城区"}, "assisting-self", "广灵县"),
        ({"assisting": "灵丘县、平城区"}, "assisting-key-county", "灵丘县"),
        ({"assisting": "南郊区、平城区"}, "assisting-ambiguous", "南郊区"),
        ({"assisting": "不存在区、平城区"}, "assisting-unknown", "不存在区"),
    ]
    for values, code, value in cases:
        report = one_row(roster, **values)
        assert [(c, v) for c, _, _, v in findings(report)] == [(code, value)], values


def test_the_liberties_and_other_cities_are_listed_in_the_message(roster: Roster) -> None:
    report = one_row(roster, assisted="灵 丘县人民政府")
    assert "（已删除字中间的空白或换行；已去掉“人民政府”）" in report.issues[0].message
    taiyuan = check(
        [row(city="太原市", assisted="城区")], roster, name="太原.xlsx", unit="太原市乡村振兴局"
    )
    (other,) = [i for i in taiyuan.issues if i.code == "assisted-other-city"]
    assert "阳泉市、晋城市" in other.message


def test_duplicate_columns_name_themselves(roster: Roster) -> None:
    report = check([[*row(), "x"]], roster, header=[*OFFICIAL_HEADER, "备注"])
    (duplicate,) = [i for i in report.issues if i.code == "duplicate-column"]
    assert (duplicate.cell, duplicate.column, duplicate.value) == ("统计表!H3", "备注", "备注")


def test_a_row_of_placeholders_under_a_city_is_blank(roster: Roster) -> None:
    report = check([row(), ["大同市", "/", "—", "无", "/", "/", ""]], roster)
    assert report.rows_read == 1 and findings(report) == []


def test_sheets_not_read_are_named_with_the_file(roster: Roster) -> None:
    hidden = SheetData("旧表", sheet_rows([row()]), visible=False)
    places = SheetData("草稿", [["平城区", "云冈区"], ["", ""]])
    shown = SheetData("统计表", sheet_rows(good_rows()))
    book = BookData("xlsx", [hidden, places, shown])
    report = validate_book(book, roster, "x.xlsx", "大同", Limits())
    assert [(i.code, i.file, i.value) for i in report.issues] == [
        ("sheet-hidden", "x.xlsx", "旧表"),
        ("sheet-not-read", "x.xlsx", "草稿"),
    ]
    assert "第 1 行有县（市、区）名称" in report.issues[1].message


def test_a_one_character_name_before_a_joining_word_is_split_off(roster: Roster) -> None:
    layout: dict[str, Any] = {"name": "吕梁.xlsx", "unit": "吕梁市乡村振兴局"}
    report = check([row(city="吕梁市", assisted="兴县", assisting="临和离石区")], roster, **layout)
    assert pairs(report) == [("兴县", "临县"), ("兴县", "离石区")]
