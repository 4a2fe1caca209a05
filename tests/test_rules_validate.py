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
from tests.rules_books import check, found

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
    assert report.rejected_counties == [] and report.skipped == []
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
        ("duplicate-pair", "统计表!C5", "warning", "平城区"),
        ("duplicate-pair", "统计表!C6", "warning", "平城区、云冈区"),
    ]
    assert "第 4 行" in report.issues[0].message or "4" in report.issues[0].message
    assert report.rows_rejected == 0


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
    (skipped,) = report.skipped
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
