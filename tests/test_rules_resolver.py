"""resolver: each liberty taken to read a county's name is stated; fragments are never names."""

from __future__ import annotations

import pytest

from pairtable.resolver import NameResolver, Resolution
from pairtable.roster import Roster


@pytest.fixture
def resolver(roster: Roster) -> NameResolver:
    """A resolver built in each test, so that building one is part of what each test checks."""
    return NameResolver(roster.divisions, roster.city_names)


def read(resolver: NameResolver, typed: str, city: str | None = "大同市") -> Resolution:
    found = resolver.resolve(typed, city)
    assert found.typed == typed
    return found


@pytest.mark.parametrize(
    ("typed", "city"),
    [
        ("大同", "大同市"),
        ("大同市", "大同市"),
        (" 大同市 ", "大同市"),
        ("“大同市”", "大同市"),
        ("山西省大同市", "大同市"),
        ("山西大同", "大同市"),
        ("吕梁", "吕梁市"),
        ("大同县", None),
        ("山西", None),
        ("大同市灵丘县", None),
        ("", None),
    ],
)
def test_resolve_city(resolver: NameResolver, typed: str, city: str | None) -> None:
    assert resolver.resolve_city(typed) == city
    assert resolver.resolve_city(typed) == city  # the second time from the cache


@pytest.mark.parametrize(
    ("typed", "name", "changes"),
    [
        ("灵丘县", "灵丘县", ()),
        ("灵 丘县", "灵丘县", ("已删除字中间的空白或换行",)),
        ("灵丘县\n", "灵丘县", ()),
        ("“灵丘县”", "灵丘县", ("已删除多余的标点",)),
        ("灵丘县。", "灵丘县", ("已删除多余的标点",)),
        ("ＸＸ", None, ("全角字符已转为半角",)),
        ("灵丘", "灵丘县", ("灵丘 已补全为 灵丘县",)),
        ("灵丘区", "灵丘县", ("灵丘区 已更正为 灵丘县",)),
        ("大同县", "云州区", ("旧名 大同县 已改为现名 云州区",)),
        ("城区", "平城区", ("旧名 城区 已改为现名 平城区",)),
        ("大同市城区", "平城区", ("旧名 大同市城区 已改为现名 平城区",)),
        ("大同开发区", "山西大同经济开发区", ("大同开发区 即 山西大同经济开发区",)),
        ("大同市灵丘县", "灵丘县", ("已去掉市名前缀",)),
        ("大同灵丘县", "灵丘县", ("已去掉市名前缀",)),
        ("大同市灵丘", "灵丘县", ("已去掉市名前缀；灵丘 已补全为 灵丘县",)),
        ("山西省灵丘县", "灵丘县", ("已去掉省名前缀",)),
        ("山西灵丘县", "灵丘县", ("已去掉省名前缀",)),
        ("山西省大同市灵丘县", "灵丘县", ("已去掉市名前缀",)),
        ("灵丘县人民政府", "灵丘县", ("已去掉“人民政府”",)),
        ("灵丘县政府", "灵丘县", ("已去掉“政府”",)),
        ("灵丘县乡村振兴局", "灵丘县", ("已去掉“乡村振兴局”",)),
        ("灵丘 县人民政府", "灵丘县", ("已删除字中间的空白或换行", "已去掉“人民政府”")),
    ],
)
def test_each_liberty_taken_is_stated(
    resolver: NameResolver, typed: str, name: str | None, changes: tuple[str, ...]
) -> None:
    found = read(resolver, typed)
    assert (found.division.name if found.division else None) == name
    assert found.changes == changes
    assert found.changed == bool(changes)
    assert found.ok == (name is not None)


@pytest.mark.parametrize(
    ("typed", "city"),
    [
        ("县", "大同市"),
        ("县", "长治市"),
        ("市城区", "大同市"),
        ("大同", "大同市"),
        ("政府", "大同市"),
        ("人民政府", "大同市"),
        ("大同市", "大同市"),
        ("山西省", "大同市"),
        ("灵丘县县", "大同市"),
        ("区", "大同市"),
    ],
)
def test_fragments_and_offices_alone_are_no_county(
    resolver: NameResolver, typed: str, city: str
) -> None:
    found = read(resolver, typed, city)
    assert found.status == "unknown" and found.division is None


@pytest.mark.parametrize("typed", ["", "   ", "“”", "。", "\u3000\u200b"])
def test_nothing_typed_is_empty(resolver: NameResolver, typed: str) -> None:
    found = read(resolver, typed)
    assert (found.status, found.division, found.changes) == ("empty", None, ())


def test_ambiguous_names_list_every_candidate_and_the_changes(resolver: NameResolver) -> None:
    found = read(resolver, "城 区", None)
    assert found.status == "ambiguous" and found.division is None
    assert found.candidates == ("晋城市城区", "阳泉市城区")
    assert found.changes == ("已删除字中间的空白或换行",)


def test_a_county_of_other_cities_names_them_in_the_provinces_order(
    resolver: NameResolver,
) -> None:
    found = read(resolver, "城区", "太原市")
    assert found.status == "other_city" and found.division is None
    assert found.other_cities == ("阳泉市", "晋城市")
    assert found.candidates == ("城区", "城区")
    spaced = read(resolver, "忻 府区", "大同市")
    assert spaced.status == "other_city"
    assert (spaced.other_cities, spaced.candidates) == (("忻州市",), ("忻府区",))
    assert spaced.changes == ("已删除字中间的空白或换行",)


def test_an_unknown_name_keeps_its_changes(resolver: NameResolver) -> None:
    found = read(resolver, "“娄烦具”", "太原市")
    assert (found.status, found.changes) == ("unknown", ("已删除多余的标点",))
    assert (found.other_cities, found.candidates) == ((), ())


def test_without_a_city_every_city_is_searched(resolver: NameResolver) -> None:
    found = read(resolver, "娄烦", None)
    assert found.division is not None and found.division.city == "太原市"
    assert read(resolver, "娄烦", "不存在市").ok
    assert read(resolver, "不存在县", None).status == "unknown"


def test_every_former_name_resolves_to_its_division(roster: Roster) -> None:
    resolver = NameResolver(roster.divisions, roster.city_names)
    for division in roster.divisions:
        for former in division.former_names:
            if "(部分)" in former:
                continue  # 南郊区 was split between two districts: no single answer
            found = resolver.resolve(former, division.city)
            assert found.division == division, former
            assert found.changes, former
