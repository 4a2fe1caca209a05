"""Rules defined once and used in several places: list separators, control characters, the
roster's two division files."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pairtable.people import read_person
from pairtable.phones import parse_phone
from pairtable.roster import Roster
from pairtable.text import CONTROL_CHARACTERS, LIST_SEPARATORS, clean_free_text, split_list

# Written out here, independently of the code under test.
SEPARATORS = ["、", "，", ",", "；", ";", "/", "／", "|", "\n"]
items = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="".join(SEPARATORS)),
    min_size=1,
).filter(lambda t: t.strip() != "")


def test_the_separators_are_the_documented_ones() -> None:
    assert sorted(LIST_SEPARATORS) == sorted(SEPARATORS)


@given(st.lists(items, min_size=1, max_size=5), st.lists(st.sampled_from(SEPARATORS), min_size=1))
def test_split_list_gives_back_the_items(parts: list[str], separators: list[str]) -> None:
    glue = "".join(separators)  # a run of separators splits once
    assert split_list(glue + glue.join(parts) + glue) == [p.strip() for p in parts]


def test_every_separator_splits_phones_and_names_alike() -> None:
    for separator in SEPARATORS:
        phone = parse_phone(f"13994996777{separator}13811112222")
        assert phone.canonical == "13994996777、13811112222", separator
        assert read_person(f"张三{separator}李四").names == ("张三", "李四"), separator


def test_a_colon_separates_names_but_not_phones() -> None:
    assert read_person("张三：李四").names == ("张三", "李四")
    assert parse_phone("13994996777:13811112222").canonical is None


def test_control_characters_are_dropped_but_line_breaks_and_tabs_kept() -> None:
    controls = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
    assert CONTROL_CHARACTERS.sub("", controls) == ""
    assert CONTROL_CHARACTERS.sub("", "a\tb\nc\rd") == "a\tb\nc\rd"
    assert clean_free_text(f"张{controls}三") == "张三"


def test_divisions_and_zones_each_keep_their_other_names(roster: Roster) -> None:
    by_name = {d.name: d for d in roster.divisions}
    pingcheng, zone = by_name["平城区"], by_name["山西大同经济开发区"]
    assert not pingcheng.is_zone
    assert pingcheng.former_names == ("大同市城区", "大同市南郊区(部分)")
    assert (zone.city, zone.code, zone.is_zone) == ("大同市", "140271", True)
    assert zone.former_names == ("大同经济开发区", "大同开发区")
    assert roster.resolver.resolve("大同开发区", "大同市").division == zone
