from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairtable.roster import Roster, load_roster
from pairtable.text import name_key, squash


@pytest.mark.parametrize(
    ("typed", "city", "expected"),
    [
        ("娄烦", "太原市", "娄烦县"),
        ("五寨", "忻州市", "五寨县"),
        ("大同县", "大同市", "云州区"),
        ("长治县", "长治市", "上党区"),
        ("屯留县", "长治市", "屯留区"),
        ("潞城市", "长治市", "潞城区"),
        ("怀仁县", "朔州市", "怀仁市"),
        ("太谷县", "晋中市", "太谷区"),
        ("城区", "长治市", "潞州区"),
        ("郊区", "长治市", "潞州区"),
        ("城区", "阳泉市", "城区"),
        ("城区", "晋城市", "城区"),
        ("大同市云州区", "大同市", "云州区"),
        ("灵丘\u3000县", "大同市", "灵丘县"),
        ("灵丘\u200b县\n", "大同市", "灵丘县"),
        ("\u00a0灵丘县\t", "大同市", "灵丘县"),
        ("“灵丘县”。", "大同市", "灵丘县"),
        ("（灵丘县）", "大同市", "灵丘县"),
        ("临", "吕梁市", "临县"),
        ("晋中开发区", "晋中市", "晋中开发区"),
    ],
)
def test_resolves_within_city(roster: Roster, typed: str, city: str, expected: str) -> None:
    found = roster.resolver.resolve(typed, city)
    assert found.status == "ok"
    assert found.division is not None and found.division.name == expected


def test_reports_what_it_changed(roster: Roster) -> None:
    assert roster.resolver.resolve("大同县", "大同市").changes == ("旧名 大同县 已改为现名 云州区",)
    assert roster.resolver.resolve("娄烦", "太原市").changes == ("娄烦 已补全为 娄烦县",)
    assert roster.resolver.resolve("灵丘县", "大同市").changes == ()
    assert roster.resolver.resolve("灵丘县 ", "大同市").changes == ()
    assert "全角字符已转为半角" in roster.resolver.resolve("灵丘县（）", "大同市").changes


def test_other_city_is_named(roster: Roster) -> None:
    found = roster.resolver.resolve("忻府区", "大同市")
    assert found.status == "other_city"
    assert found.other_cities == ("忻州市",)


def test_unknown_and_ambiguous_are_distinct(roster: Roster) -> None:
    assert roster.resolver.resolve("娄烦具", "太原市").status == "unknown"
    ambiguous = roster.resolver.resolve("城区", None)
    assert ambiguous.status == "ambiguous"
    assert set(ambiguous.candidates) == {"阳泉市城区", "晋城市城区"}
    assert roster.resolver.resolve("南郊区", "大同市").status == "ambiguous"


def test_every_division_resolves_to_itself(roster: Roster) -> None:
    for division in roster.divisions:
        found = roster.resolver.resolve(division.name, division.city)
        assert found.division == division and not found.changed


_BLANKS = st.sampled_from([" ", "\u3000", "\u00a0", "\u200b", "\t", "\n", "\r\n"])


@given(data=st.data())
def test_blanks_and_full_width_never_change_the_answer(roster: Roster, data: st.DataObject) -> None:
    division = data.draw(st.sampled_from([d for d in roster.divisions if not d.is_zone]))
    chars = []
    for ch in division.name:
        chars.append(data.draw(st.lists(_BLANKS, max_size=2).map("".join)))
        chars.append(ch)
    chars.append(data.draw(st.lists(_BLANKS, max_size=2).map("".join)))
    typed = "".join(chars)
    if data.draw(st.booleans()):
        typed = data.draw(st.sampled_from(["“", "*", "。", "（"])) + typed
        typed += {"“": "”", "*": "", "。": "。", "（": "）"}[typed[0]]
    found = roster.resolver.resolve(typed, division.city)
    assert found.division == division


@given(st.text(max_size=30))
def test_name_key_is_idempotent_and_blank_free(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert squash(key) == key


NAMES = [d.name for d in load_roster().divisions]


@given(
    st.one_of(st.text(max_size=20), st.sampled_from(NAMES)),
    st.sampled_from(["太原市", "大同市", "长治市", None]),
)
def test_resolver_never_crashes_and_says_why(roster: Roster, text: str, city: str | None) -> None:
    found = roster.resolver.resolve(text, city)
    assert (found.status == "empty") == (name_key(text) == "")
    assert (found.division is not None) == (found.status == "ok")
    if found.division is not None and city is not None:
        assert found.division.city == city  # never a county of another city
    if found.status == "other_city":
        assert found.other_cities and city not in found.other_cities and found.candidates
    if found.status == "ambiguous":
        assert len(found.candidates) >= 2
    if text in NAMES and city is None:  # a current name is found, unless two cities share it
        assert found.status == ("ok" if NAMES.count(text) == 1 else "ambiguous"), found
