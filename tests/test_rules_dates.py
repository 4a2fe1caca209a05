"""dates: 填报时间 as clerks write it -> an ISO date, a date without its year, or no date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pairtable.dates import parse_date, read_date, year_in


@pytest.mark.parametrize(
    "typed",
    [
        "2021年8月20日",
        "2021年08月20日",
        "2021 年 8 月 20 日",
        "2021年8月20",
        "2021-08-20",
        "2021-8-20",
        "2021.8.20",
        "2021/8/20",
        "2021／8／20",
        "２０２１年８月２０日",
        " 2021-08-20 ",
        "填报时间：2021年8月20日",
        "20210820",
        20210820,
        20210820.0,
        44428,
        44428.0,
        44428.75,
        datetime(2021, 8, 20, 15, 30),
        date(2021, 8, 20),
    ],
)
def test_forms_of_one_day(typed: object) -> None:
    assert parse_date(typed) == date(2021, 8, 20)
    assert read_date(typed, 1999) == read_date("2021-08-20", 1999)
    assert (read_date(typed, 1999).value, read_date(typed, 1999).status) == (
        date(2021, 8, 20),
        "ok",
    )


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (20001, date(1954, 10, 4)),
        (79999, date(2119, 1, 10)),
        (1, None),
        (20000, None),
        (80000, None),
        (-44428, None),
    ],
)
def test_excel_serials_only_in_their_range(serial: int, day: date | None) -> None:
    assert parse_date(serial) == day


@pytest.mark.parametrize(
    "typed",
    [
        None,
        True,
        False,
        20210820.5,
        "",
        "2021",
        "202108",
        "2021-08",
        "2021082",
        "x20210820",
        [1],
    ],
)
def test_no_date_at_all(typed: object) -> None:
    assert parse_date(typed) is None
    reading = read_date(typed, 2021)
    assert (reading.value, reading.status) == (None, "unreadable")


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("8月20日", date(2021, 8, 20)),
        ("8月20号", date(2021, 8, 20)),
        ("8月20", date(2021, 8, 20)),
        (" 8 月 20 日 ", date(2021, 8, 20)),
        ("８月２０日", date(2021, 8, 20)),
        ("8-20", date(2021, 8, 20)),
        ("8/20", date(2021, 8, 20)),
        ("8／20", date(2021, 8, 20)),
        ("8.20", date(2021, 8, 20)),
        ("12月1日", date(2021, 12, 1)),
        ("1.5", date(2021, 1, 5)),
    ],
)
def test_a_month_and_day_take_the_given_year(typed: str, day: date) -> None:
    reading = read_date(typed, 2021)
    assert (reading.value, reading.status) == (day, "no-year")


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("2021年2月30日", 2021),
        ("2021-13-01", 2021),
        ("20210230", 2021),
        ("2021年2月29日", 2000),
        ("8月32日", 2021),
        ("13月1日", 2021),
        ("2月29日", 2021),
        ("0月5日", 2021),
    ],
)
def test_a_day_that_cannot_exist_is_impossible(typed: str, year: int) -> None:
    reading = read_date(typed, year)
    assert (reading.value, reading.status) == (None, "impossible")


def test_february_29th_without_a_year_exists_in_a_leap_year() -> None:
    reading = read_date("2月29日", 2000)
    assert (reading.value, reading.status) == (date(2000, 2, 29), "no-year")


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (datetime(2021, 8, 20, 9), 2021),
        (date(2019, 1, 2), 2019),
        ("2021年8月20日", 2021),
        ("报送期限：２０２２年１月５日前", 2022),
        ("2021-08-20", 2021),
        ("2021年2月30日", None),
        ("8月20日", None),
        ("20210820", None),
        ("", None),
        (None, None),
        (20210820, None),
        (44428, None),
    ],
)
def test_the_year_of_a_complete_date_in_a_cell(value: object, year: int | None) -> None:
    assert year_in(value) == year
