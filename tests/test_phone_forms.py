"""Phone cells as a user trial typed them: full-width digits, labels and extensions in brackets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pairtable.phones import LABEL_WORDS, parse_phone
from pairtable.roster import Roster
from pairtable.validate import validate_file
from tests.conftest import good_rows

Make = Callable[..., Path]


def phone_report(make_workbook: Make, roster: Roster, typed: str) -> tuple[str | None, list[str]]:
    """Validate a return whose first row's 联系方式 is `typed`: its phone and the codes on F4."""
    rows = good_rows()
    rows[0][5] = typed
    report = validate_file(make_workbook(rows), roster)
    codes = [i.code for i in report.issues if i.cell == "统计表!F4"]
    phone = next((p.phone for p in report.pairs if p.assisted == "广灵县"), None)
    return phone, codes


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("１３９９４９９６７７７", "13994996777"),
        ("13９９４９９６７７７", "13994996777"),  # the IME switched to full width half-way
        ("１３９-９４９９-６７７７", "13994996777"),
        ("１３９　９４９９　６７７７", "13994996777"),
        ("０３５２－５０２１２３４", "0352-5021234"),
        ("０３５２―５０２１２３４", "0352-5021234"),
        ("（０３５２）５０２１２３４", "0352-5021234"),
        ("０３５２－５０２１２３４转８００１", "0352-5021234转8001"),
    ],
)
def test_full_width_numbers_are_accepted_as_canonical(
    make_workbook: Make, roster: Roster, typed: str, canonical: str
) -> None:
    assert phone_report(make_workbook, roster, typed) == (canonical, [])


def test_a_ten_digit_mobile_stays_an_error_in_any_width(
    make_workbook: Make, roster: Roster
) -> None:
    for typed in ("１３９９４９９６７７", "1399499677"):
        assert phone_report(make_workbook, roster, typed) == (None, ["phone-invalid"])


def test_full_width_filler_phone_is_canonical(make_workbook: Make, roster: Roster) -> None:
    report = validate_file(make_workbook(filler_phone="13５１１１１２２２２"), roster)
    assert report.valid and report.header.filler_phone == "13511112222"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("13994996777（办）", "13994996777"),
        ("13994996777(办)", "13994996777"),
        ("13994996777 （手机）", "13994996777"),
        ("13994996777【手机】", "13994996777"),
        ("0352-5021234（宅）", "0352-5021234"),
        ("0352-5021234（办公室）", "0352-5021234"),
        ("（办）0352-5021234", "0352-5021234"),
        ("办：0352-5021234", "0352-5021234"),
        ("宅电：0352-5021234", "0352-5021234"),
        ("手机：13994996777", "13994996777"),
        ("0352-5021234（办）、13994996777（手机）", "0352-5021234、13994996777"),
        ("0352-5021234（办）\n13994996777（手机）", "0352-5021234、13994996777"),
        ("办公室电话：0352-5021234", "0352-5021234"),
        ("13994996777 (手机)、0352-5021234 (办)", "13994996777、0352-5021234"),
        ("0352-5021234（转8001）", "0352-5021234转8001"),
        ("电话：0352-5021234（转8001）", "0352-5021234转8001"),
        ("0352-5021234-8001（办）", "0352-5021234转8001"),
        ("0352-5021234（分机8001）", "0352-5021234转8001"),
        ("0352-5021234(分机号：8001)", "0352-5021234转8001"),
        ("０３５２－５０２１２３４（转８００１）", "0352-5021234转8001"),
    ],
)
def test_a_label_or_extension_in_brackets_is_not_part_of_the_number(
    make_workbook: Make, roster: Roster, typed: str, canonical: str
) -> None:
    assert phone_report(make_workbook, roster, typed) == (canonical, [])


def test_a_local_number_with_a_label_gets_the_area_code_and_its_warning(
    make_workbook: Make, roster: Roster
) -> None:
    assert phone_report(make_workbook, roster, "5021234（办）") == (
        "0352-5021234",
        ["phone-area-added"],
    )


@pytest.mark.parametrize(
    "typed",
    [
        "13994996777（张三）",  # a name, not a label
        "13994996777（）",
        "0352-5021234（传真）",  # a fax is not how to reach the person
        "0352-5021234（8001）",  # an extension? a typo? not guessed
        "13994996777（转8001）",  # a mobile has no extension
        "13994996777（办）（宅）",
        "13994996777（办",
        "13994996777（微信同号）",  # a note, not a label: the clerk moves it to 备注
    ],
)
def test_anything_else_in_brackets_stays_a_finding(
    make_workbook: Make, roster: Roster, typed: str
) -> None:
    assert phone_report(make_workbook, roster, typed) == (None, ["phone-invalid"])


def test_every_label_word_is_accepted_before_and_in_brackets_after() -> None:
    for word in LABEL_WORDS:
        for typed in (f"{word}：13994996777", f"13994996777（{word}）", f"（{word}）13994996777"):
            assert parse_phone(typed).canonical == "13994996777", typed
