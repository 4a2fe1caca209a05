"""phones: what clerks type -> the canonical number, or the finding's code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairtable.phones import is_scientific, mask, parse_phone


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("13994996777", "13994996777"),
        (13994996777, "13994996777"),
        (13994996777.0, "13994996777"),
        (" 13994996777 ", "13994996777"),
        ("１３９９４９９６７７７", "13994996777"),
        ("+8613994996777", "13994996777"),
        ("86-139-9499-6777", "13994996777"),
        ("139 9499 6777", "13994996777"),
        ("手机：13994996777", "13994996777"),
        ("电话0352-1234567", "0352-1234567"),
        ("座机:0352-1234567", "0352-1234567"),
        ("0352-1234567", "0352-1234567"),
        ("0352-12345678", "0352-12345678"),
        ("0352 1234567", "0352-1234567"),
        ("0352\u30001234567", "0352-1234567"),
        ("0352—1234567", "0352-1234567"),
        ("0352–1234567", "0352-1234567"),
        ("0352－1234567", "0352-1234567"),
        ("0352‐1234567", "0352-1234567"),
        ("(0352)1234567", "0352-1234567"),
        ("（0352）1234567", "0352-1234567"),
        ("(0352)-1234567", "0352-1234567"),
        ("010-12345678", "010-12345678"),
        ("0352-1234567转8001", "0352-1234567转8001"),
        ("0352-1234567分机8001", "0352-1234567转8001"),
        ("0352-1234567ext.8001", "0352-1234567转8001"),
        ("0352-1234567EXT8001", "0352-1234567转8001"),
        ("0352-1234567x8001", "0352-1234567转8001"),
        ("0352-1234567X8001", "0352-1234567转8001"),
        ("0352-1234567#8001", "0352-1234567转8001"),
        ("0352-1234567-转-8001", "0352-1234567转8001"),
        ("0352-1234567-8001", "0352-1234567转8001"),
        ("(0352)1234567-8001", "0352-1234567转8001"),
        ("03521234567", "0352-1234567"),
        ("035212345678", "0352-12345678"),
        ("01012345678", "010-12345678"),
        ("02112345678", "021-12345678"),
        ("03521234567-8001", "0352-1234567转8001"),
        ("03521234567转8001", "0352-1234567转8001"),
        ("13994996777、0352-1234567", "13994996777、0352-1234567"),
        ("13994996777，13811112222", "13994996777、13811112222"),
        ("13994996777;13811112222", "13994996777、13811112222"),
        ("13994996777/13811112222", "13994996777、13811112222"),
        ("13994996777|13811112222", "13994996777、13811112222"),
        ("13994996777\n13811112222", "13994996777、13811112222"),
        ("13994996777 13811112222", "13994996777、13811112222"),
        ("13994996777、、13994996777", "13994996777"),
        ("13994996777 0352-1234567", "13994996777、0352-1234567"),
        ("13994996777 13811112222、0352-1234567", "13994996777、13811112222、0352-1234567"),
        ("0352-1234567--转8001", "0352-1234567转8001"),
    ],
)
def test_typed_forms_become_canonical_without_a_finding(typed: object, canonical: str) -> None:
    result = parse_phone(typed)
    assert (result.canonical, result.errors, result.warnings) == (canonical, (), ())


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("1234567", "0352-1234567"),
        ("12345678", "0352-12345678"),
        ("1234567-8001", "0352-1234567转8001"),
        ("1234567转8001", "0352-1234567转8001"),
        ("1234567、7654321", "0352-1234567、0352-7654321"),
    ],
)
def test_a_local_number_takes_the_citys_area_code_with_a_warning(
    typed: str, canonical: str
) -> None:
    result = parse_phone(typed, "0352")
    assert (result.canonical, result.errors) == (canonical, ())
    assert result.warnings == ("phone-area-added",)
    assert parse_phone(typed).errors == ("phone-invalid",)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        (3521234567, "0352-1234567"),
        (3521234567.0, "0352-1234567"),
        ("3521234567", "0352-1234567"),
        ("34912345678", "0349-12345678"),
        ("35912345678", "0359-12345678"),
    ],
)
def test_a_shanxi_landline_that_lost_its_zero_gets_it_back(typed: object, canonical: str) -> None:
    result = parse_phone(typed, "0352")
    assert (result.canonical, result.errors, result.warnings) == (
        canonical,
        (),
        ("phone-leading-zero",),
    )


@pytest.mark.parametrize("typed", ["3481234567", "3601234567", "2521234567", "352123456"])
def test_digits_of_no_shanxi_area_code_are_not_given_a_zero(typed: str) -> None:
    result = parse_phone(typed)
    assert result.canonical is None
    assert "phone-leading-zero" not in result.warnings


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (None, "phone-empty"),
        ("", "phone-empty"),
        ("   ", "phone-empty"),
        ("\u3000", "phone-empty"),
        ("、", "phone-empty"),
        ("、，;", "phone-empty"),
        ("1.35135E+10", "phone-scientific"),
        ("1.35135e10", "phone-scientific"),
        (" 1E+10 ", "phone-scientific"),
        (1.5, "phone-invalid"),
        (13994996777.5, "phone-invalid"),
        (True, "phone-invalid"),
        ("abc", "phone-invalid"),
        ("1399499677", "phone-invalid"),
        ("12994996777", "phone-invalid"),
        ("139949967770", "phone-invalid"),
        ("0352-123456", "phone-invalid"),
        ("0352-123456789", "phone-invalid"),
        ("0352-1234567转1234567", "phone-invalid"),
        ("0352123456", "phone-invalid"),
        ("13994996777 abc", "phone-invalid"),
        ("13994996777、abc", "phone-invalid"),
        ("1234567", "phone-invalid"),
        ("手机", "phone-invalid"),
        ("X13994996777", "phone-invalid"),
        ("0352-1234567X", "phone-invalid"),
        ("0352-1234567X转8001", "phone-invalid"),
        ("010123456789", "phone-invalid"),
    ],
)
def test_what_is_no_number_gives_one_error(typed: object, code: str) -> None:
    result = parse_phone(typed)
    assert (result.canonical, result.errors) == (None, (code,))


def test_warnings_before_a_failure_are_kept_and_each_warning_is_listed_once() -> None:
    failed = parse_phone("1234567、abc", "0352")
    assert (failed.canonical, failed.errors, failed.warnings) == (
        None,
        ("phone-invalid",),
        ("phone-area-added",),
    )
    spaced = parse_phone("1234567 7654321", "0352")
    assert spaced.canonical == "0352-1234567、0352-7654321"
    assert spaced.warnings == ("phone-area-added",)
    mixed = parse_phone("0352-7654321、1234567、13994996777", "0352")
    assert mixed.canonical == "0352-7654321、0352-1234567、13994996777"
    assert mixed.warnings == ("phone-area-added",)


def test_scientific_notation_is_recognised_only_as_a_whole() -> None:
    assert is_scientific("1.35135E+10") and is_scientific(" 1.35135e10 ")
    assert is_scientific("1E10") and is_scientific("9e+5")
    assert not is_scientific("1.35135E+10x")
    assert not is_scientific("x1E10")
    assert not is_scientific("13.5E+10")
    assert not is_scientific("E+10")
    assert not is_scientific("13994996777")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13994996777", "139****6777"),
        ("0352-1234567", "0352-***4567"),
        ("0352-12345678", "0352-****5678"),
        ("0352-1234567转8001", "0352-***4567转8001"),
        ("13994996777、0352-1234567", "139****6777、0352-***4567"),
        ("13994996777、", "139****6777"),
        ("", ""),
    ],
)
def test_mask_hides_the_middle_of_each_number(phone: str, masked: str) -> None:
    assert mask(phone) == masked


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(st.lists(mobiles, min_size=1, max_size=4))
def test_several_mobiles_keep_their_order_once_each(numbers: list[str]) -> None:
    result = parse_phone("、".join(numbers + numbers))
    assert result.canonical == "、".join(dict.fromkeys(numbers))
    assert parse_phone(result.canonical).canonical == result.canonical


@given(mobiles)
def test_a_masked_mobile_keeps_its_first_three_and_last_four_digits(number: str) -> None:
    assert mask(number) == number[:3] + "****" + number[-4:]
