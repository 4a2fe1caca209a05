"""fields: 填报单位, 填报时间, 填表人 and 联系方式, read from a return built in memory."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from pairtable.roster import Roster
from tests.conftest import OFFICIAL_HEADER, good_rows
from tests.rules_books import check, found

COLUMN_SHOWN = {
    "unit": "填报单位",
    "filled-on": "填报时间",
    "filler-phone": "填表人联系方式",
    "filler": "填表人",
}


def header_of(roster: Roster, **layout: Any) -> tuple[Any, list[tuple[str, str | None]]]:
    report = check(good_rows(), roster, **layout)
    header = report.header
    assert header is not None
    values = (header.unit, header.filled_on, header.filler, header.filler_phone)
    for issue in report.issues:
        # Each finding names its field, as the column of the terminal, JSON and annotations.
        shown = next(v for k, v in COLUMN_SHOWN.items() if issue.code.startswith(k))
        assert issue.column == shown, issue
    return values, found(report)


def no_values(report: Any) -> bool:
    """Findings on a field that is absent quote no value."""
    return all(i.value is None for i in report.issues if i.code.endswith("-missing"))


def test_a_complete_header_and_footer(roster: Roster) -> None:
    assert header_of(roster) == (
        ("大同市乡村振兴局", "2021-08-20", "刘九", "13511112222"),
        [],
    )


@pytest.mark.parametrize(
    "typed",
    [
        "大同市乡村振兴局（盖章）",
        "大同市乡村振兴局(盖章)",
        "大同市乡村振兴局（加盖公章）",
        "大同市乡村振兴局（公章）",
        "大同市乡村振兴局（ 签章 ）",
        "大同市乡村振兴局（章）",
        "大同市乡村振兴局（印章）",
        " 大同市乡村振兴局 （盖章）",
    ],
)
def test_the_stamp_instruction_is_not_part_of_the_unit(roster: Roster, typed: str) -> None:
    (unit, *_), issues = header_of(roster, unit=typed)
    assert unit == "大同市乡村振兴局" and issues == []


def test_a_unit_of_nothing_but_the_stamp_instruction_is_missing(roster: Roster) -> None:
    (unit, *_), issues = header_of(roster, unit="（盖章）")
    assert unit is None and issues == [("unit-missing", "统计表!B2")]


def test_unit_text_other_than_the_stamp_is_kept(roster: Roster) -> None:
    (unit, *_), _ = header_of(roster, unit="大同市乡村振兴局（扶贫办）")
    assert unit == "大同市乡村振兴局（扶贫办）"


@pytest.mark.parametrize(
    ("field", "code", "cell"),
    [
        ("unit", "unit-missing", "统计表!B2"),
        ("filled_on", "filled-on-missing", "统计表!F2"),
        ("filler", "filler-missing", "统计表!B11"),
        ("filler_phone", "filler-phone-missing", "统计表!F11"),
    ],
)
@pytest.mark.parametrize("typed", ["", "/", "无", "待定"])
def test_a_placeholder_or_nothing_beside_a_label_is_missing(
    roster: Roster, field: str, code: str, cell: str, typed: str
) -> None:
    values, issues = header_of(roster, **{field: typed})
    assert issues == [(code, cell)]
    shown = dict(zip(("unit", "filled_on", "filler", "filler_phone"), values, strict=True))
    assert shown[field] is None
    layout: dict[str, Any] = {field: typed}
    report = check(good_rows(), roster, **layout)
    assert [i.value for i in report.issues] == [typed or None]


def test_filler_and_phone_are_cleaned(roster: Roster) -> None:
    values, issues = header_of(roster, filler=" 刘\u3000\u3000九\n", filler_phone="0352 1234567")
    assert values[2:] == ("刘 九", "0352-1234567") and issues == []
    values, issues = header_of(roster, filler_phone=13511112222.0)
    assert values[3] == "13511112222" and issues == []
    # A local number takes the city's own area code (大同: 0352).
    values, issues = header_of(roster, filler_phone="1234567")
    assert values[3] == "0352-1234567" and issues == []


def test_a_phone_that_is_no_number_is_kept_as_typed_with_an_error(roster: Roster) -> None:
    values, issues = header_of(roster, filler_phone=" 123\u200b ")
    assert values[3] == "123" and issues == [("filler-phone-invalid", "统计表!F11")]


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2021-08-20", "2021-08-20"),
        ("2021.8.20", "2021-08-20"),
        (datetime(2021, 8, 20, 10, 30), "2021-08-20"),
        (44428, "2021-08-20"),
    ],
)
def test_filled_on_forms(roster: Roster, typed: object, iso: str) -> None:
    values, issues = header_of(roster, filled_on=typed)
    assert values[1] == iso and issues == []


@pytest.mark.parametrize(
    ("typed", "code", "severity"),
    [
        ("八月下旬", "filled-on-invalid", "warning"),
        ("2021", "filled-on-invalid", "warning"),
        ("2021年2月30日", "filled-on-impossible", "error"),
        ("8月32日", "filled-on-impossible", "error"),
    ],
)
def test_a_filled_on_that_is_no_date_is_cited_on_its_cell(
    roster: Roster, typed: str, code: str, severity: str
) -> None:
    report = check(good_rows(), roster, filled_on=typed)
    assert found(report) == [(code, "统计表!F2")] and report.issues[0].column == "填报时间"
    assert report.header is not None and report.header.filled_on is None
    assert report.issues[0].value == typed and report.issues[0].severity == severity
    assert report.valid == (severity == "warning")


def test_a_date_without_a_year_takes_the_templates_deadline(roster: Roster) -> None:
    report = check(good_rows(), roster, filled_on="8月20日", metadata={"deadline": "2019-08-23"})
    assert report.header is not None and report.header.filled_on == "2019-08-20"
    assert found(report) == [("filled-on-no-year", "统计表!F2")]
    message = report.issues[0].message
    assert message == "填报时间“8月20日”没有写年份，已按 2019 年处理（模板中的报送期限）"
    assert report.issues[0].column == "填报时间"
    assert report.issues[0].severity == "warning" and report.valid


def test_february_29th_without_a_year_exists_only_in_a_leap_round(roster: Roster) -> None:
    leap = check(good_rows(), roster, filled_on="2月29日", metadata={"deadline": "2024-03-01"})
    assert leap.header is not None and leap.header.filled_on == "2024-02-29"
    plain = check(good_rows(), roster, filled_on="2月29日", metadata={"deadline": "2021-03-01"})
    assert found(plain) == [("filled-on-impossible", "统计表!F2")]


def test_a_date_without_a_year_else_takes_another_date_in_the_sheet(roster: Roster) -> None:
    tail = [["注：2020年8月18日会议确定。"]]
    report = check(good_rows(), roster, filled_on="8-20", tail=tail, metadata={"deadline": "x"})
    assert report.header is not None and report.header.filled_on == "2020-08-20"
    (dated,) = [i for i in report.issues if i.code == "filled-on-no-year"]
    assert "已按 2020 年处理（表中另一日期 统计表!A10）" in dated.message
    stamped = [[*good_rows()[0][:6], datetime(2019, 5, 6)], *good_rows()[1:]]
    report = check(stamped, roster, filled_on="8-20")
    assert report.header is not None and report.header.filled_on == "2019-08-20"
    assert "已按 2019 年处理（表中另一日期 统计表!G4）" in report.issues[0].message


def test_a_date_without_a_year_else_takes_the_current_year(
    roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    report = check(good_rows(), roster, filled_on="8/20")
    assert report.header is not None and report.header.filled_on == "2023-08-20"
    assert found(report) == [("filled-on-no-year", "统计表!F2")]
    assert "已按 2023 年处理（当前年份）" in report.issues[0].message


def test_absent_fields_are_cited_where_the_official_form_has_them(roster: Roster) -> None:
    values, issues = header_of(roster, unit=None, filled_on=None, filler=None, filler_phone=None)
    assert values == (None, None, None, None)
    assert issues == [
        ("filled-on-missing", "统计表!F1"),
        ("unit-missing", "统计表!A1"),
        ("filler-missing", "统计表!B10"),
        ("filler-phone-missing", "统计表!F10"),
    ]


def test_absent_fields_of_a_table_without_rows_are_cited_below_its_header(
    roster: Roster,
) -> None:
    report = check([], roster, unit=None, filled_on=None, filler=None, filler_phone=None)
    assert no_values(report)
    assert [(code, cell) for code, cell in found(report) if code.startswith(("fill", "unit"))] == [
        ("filled-on-missing", "统计表!F1"),
        ("unit-missing", "统计表!A1"),
        ("filler-missing", "统计表!B4"),
        ("filler-phone-missing", "统计表!F4"),
    ]


def test_absent_header_fields_of_a_header_on_the_first_row_go_beside_it(roster: Roster) -> None:
    report = check(good_rows(), roster, title=None, unit=None, filled_on=None)
    assert no_values(report)
    assert found(report) == [("filled-on-missing", "统计表!I1"), ("unit-missing", "统计表!H1")]


def test_absent_fields_follow_a_table_that_starts_further_right(roster: Roster) -> None:
    rows = [["", *row] for row in good_rows()]
    header = [
        "",
        "市名",
        "重点帮扶县",
        "结对帮扶县",
        "具体负责人",
        "单位及职务",
        "联系方式",
        "备注",
    ]
    report = check(
        rows, roster, header=header, unit=None, filled_on=None, filler=None, filler_phone=None
    )
    assert no_values(report)
    assert found(report) == [
        ("filled-on-missing", "统计表!G1"),
        ("unit-missing", "统计表!B1"),
        ("filler-missing", "统计表!C10"),
        ("filler-phone-missing", "统计表!G10"),
    ]


def test_absent_footer_fields_go_two_rows_below_the_table(roster: Roster) -> None:
    _, issues = header_of(roster, filler=None, filler_phone=None)
    assert no_values(check(good_rows(), roster, filler=None, filler_phone=None))
    assert issues == [("filler-missing", "统计表!B11"), ("filler-phone-missing", "统计表!F11")]
    # Labelled but empty: the cell right of the label, wherever the footer is.
    _, issues = header_of(roster, filler="", filler_phone="", footer_gap=0)
    assert issues == [("filler-missing", "统计表!B10"), ("filler-phone-missing", "统计表!F10")]
    _, issues = header_of(roster, filler="", filler_phone="", footer_gap=3)
    assert issues == [("filler-missing", "统计表!B13"), ("filler-phone-missing", "统计表!F13")]


def test_absent_phone_fields_follow_the_phone_column(roster: Roster) -> None:
    order = [0, 5, 1, 2, 3, 4, 6]  # 联系方式 moved to the second column
    header = [OFFICIAL_HEADER[i] for i in order]
    rows = [[r[i] for i in order] for r in good_rows()]
    absent: dict[str, Any] = {"unit": None, "filled_on": None, "filler": None, "filler_phone": None}
    report = check(rows, roster, header=header, **absent)
    assert found(report) == [
        ("filled-on-missing", "统计表!B1"),
        ("unit-missing", "统计表!A1"),
        ("filler-missing", "统计表!B10"),
        ("filler-phone-missing", "统计表!B10"),
    ]
    without = [h for h in OFFICIAL_HEADER if h != "联系方式"]
    rows = [[*r[:5], r[6]] for r in good_rows()]
    report = check(rows, roster, header=without, filler=None, filler_phone=None)
    assert [(i.code, i.cell) for i in report.issues if i.code.startswith("fill")] == [
        ("filler-missing", "统计表!B11"),
        ("filler-phone-missing", "统计表!F11"),
    ]


def test_header_fields_of_a_header_on_the_first_row_go_right_of_every_title(
    roster: Roster,
) -> None:
    header = [*OFFICIAL_HEADER, "排序"]
    kw: dict[str, Any] = {"header": header, "title": None, "unit": None, "filled_on": None}
    report = check(good_rows(), roster, width=11, **kw)
    assert [(i.code, i.cell) for i in report.issues if i.code != "unknown-column"] == [
        ("filled-on-missing", "统计表!J1"),
        ("unit-missing", "统计表!I1"),
    ]
