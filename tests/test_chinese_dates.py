"""填报时间 in Chinese numerals, as official documents date themselves (二〇二一年八月二十日)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.dates import parse_date, read_date
from pairtable.merge import merge_inbox
from pairtable.roster import Roster
from pairtable.validate import validate_file
from tests.conftest import good_rows, write_workbook

Make = Callable[..., Path]
runner = CliRunner()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("二〇二一年八月二十日", date(2021, 8, 20)),
        ("二○二一年八月二十日", date(2021, 8, 20)),  # U+25CB, the circle a font menu offers
        ("二零二一年八月二十日", date(2021, 8, 20)),
        ("二◯二一年八月二十日", date(2021, 8, 20)),  # U+25EF, the large circle
        ("二Ｏ二一年八月二十日", date(2021, 8, 20)),  # full-width letter O
        ("二O二一年八月二十日", date(2021, 8, 20)),  # the letter O for the zero
        ("二〇二一年八月廿日", date(2021, 8, 20)),  # 廿 = 20, 卅 = 30
        ("二〇二一年八月廿一日", date(2021, 8, 21)),
        ("二〇二一年八月卅一日", date(2021, 8, 31)),
        ("二〇二一年十二月三十日", date(2021, 12, 30)),
        ("二〇二一年十月十日", date(2021, 10, 10)),
        ("二〇二一年八月二十", date(2021, 8, 20)),
        ("二〇二一年 八月 二十日", date(2021, 8, 20)),
        ("2021年八月二十日", date(2021, 8, 20)),
        ("填报时间：二〇二一年八月二十日", date(2021, 8, 20)),
    ],
)
def test_chinese_numeral_dates_are_read(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected
    assert read_date(typed, 1999).status == "ok"


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("八月二十日", "no-year"),
        ("八月廿日", "no-year"),
        ("十二月三十一号", "no-year"),
        ("二〇二一年二月三十日", "impossible"),
        ("二月三十日", "impossible"),
        ("二〇二一年十三月一日", "unreadable"),
        ("二〇二一年八月二〇日", "unreadable"),  # not how a day is written: not guessed
        ("二〇二一年八月卅二日", "unreadable"),
        ("二〇二一年八月", "unreadable"),
        ("八月下旬", "unreadable"),
    ],
)
def test_chinese_numeral_dates_without_year_impossible_or_partial(typed: str, status: str) -> None:
    assert read_date(typed, 2021).status == status


def test_return_dated_in_chinese_numerals_is_valid(make_workbook: Make, roster: Roster) -> None:
    report = validate_file(make_workbook(filled_on="二〇二一年八月二十日"), roster)
    assert report.valid and report.header.filled_on == "2021-08-20"
    assert not [i for i in report.issues if i.code.startswith("filled-on")]


def test_month_and_day_in_chinese_numerals_take_the_rounds_year(
    make_workbook: Make, roster: Roster
) -> None:
    tail = [["注：2020年8月18日会议确定。"]]
    report = validate_file(make_workbook(filled_on="八月二十日", tail=tail), roster)
    assert report.header.filled_on == "2020-08-20"
    assert [i.code for i in report.issues if i.code.startswith("filled-on")] == [
        "filled-on-no-year"
    ]


def test_another_date_in_chinese_numerals_gives_the_year(
    make_workbook: Make, roster: Roster
) -> None:
    tail = [["注：二〇二〇年八月十八日会议确定。"]]
    report = validate_file(make_workbook(filled_on="8月20日", tail=tail), roster)
    assert report.header.filled_on == "2020-08-20"


def test_a_later_return_dated_in_chinese_numerals_supersedes_an_earlier_one(
    tmp_path: Path, roster: Roster
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # The correction is dated the official way and saved first; the first return turns up later.
    write_workbook(inbox / "a-更正.xlsx", good_rows()[:5], filled_on="二〇二一年八月廿一日")
    write_workbook(inbox / "b-初报.xlsx", good_rows(), filled_on="2021年8月18日")
    os.utime(inbox / "a-更正.xlsx", (1629400000, 1629400000))
    os.utime(inbox / "b-初报.xlsx", (1629500000, 1629500000))
    result = merge_inbox(inbox, roster, generated_at=datetime(2021, 8, 24, tzinfo=UTC))
    with result:
        status = {f.file: (f.status, f.filled_on) for f in result.files}
    assert status == {
        "a-更正.xlsx": ("used", "2021-08-21"),
        "b-初报.xlsx": ("superseded", "2021-08-18"),
    }


def test_deadline_option_takes_chinese_numerals(tmp_path: Path) -> None:
    out = tmp_path / "模板"
    result = runner.invoke(
        app,
        ["make-templates", "-o", str(out), "--city", "大同", "--deadline", "二〇二一年九月廿三日"],
    )
    assert result.exit_code == 0, result.output
    guide = openpyxl.load_workbook(out / "大同市-县际结对帮扶情况统计表.xlsx")["填表说明"]
    assert any("2021年9月23日" in str(v) for row in guide.iter_rows(values_only=True) for v in row)


_DIGITS = "〇一二三四五六七八九"


def _numeral(number: int, twenty: str, thirty: str) -> str:
    """A month or day as documents write it, independent of the code under test."""
    tens, ones = divmod(number, 10)
    head = ["", "十", twenty, thirty][tens]
    return head + (_DIGITS[ones] if ones else "")


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    zero=st.sampled_from(["〇", "○", "◯", "零"]),
    short=st.booleans(),
    suffix=st.sampled_from(["日", "号", ""]),
)
def test_any_date_in_chinese_numerals_reads_as_the_same_date(
    day: date, zero: str, short: bool, suffix: str
) -> None:
    year = "".join(_DIGITS[int(d)] for d in str(day.year)).replace("〇", zero)
    twenty, thirty = ("廿", "卅") if short else ("二十", "三十")
    month = _numeral(day.month, "二十", "三十")
    typed = f"{year}年{month}月{_numeral(day.day, twenty, thirty)}{suffix}"
    assert parse_date(typed) == day, typed
    assert read_date(typed.split("年", 1)[1], day.year) == read_date(
        f"{day.month}月{day.day}日", day.year
    )
