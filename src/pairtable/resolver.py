"""One name resolver: what people type -> a county-level division within a given city."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pairtable.text import drop_parenthesised, name_key, remove_blanks, squash, trim_blanks

_SUFFIXES = ("县", "区", "市")
# Words that turn a place into an office ("云州区人民政府"); the place is what is meant.
_OFFICE_SUFFIXES = ("人民政府", "乡村振兴局", "政府")
_PROVINCE_PREFIXES = ("山西省", "山西")


@dataclass(frozen=True)
class Division:
    """A county-level division (or a recognised functional zone) of one city."""

    city: str
    name: str
    code: str
    former_names: tuple[str, ...] = ()
    is_zone: bool = False


Status = Literal["ok", "other_city", "unknown", "ambiguous", "empty"]


@dataclass(frozen=True)
class Resolution:
    """What a typed name means. `changes` lists, in Chinese, every liberty taken to read it."""

    typed: str
    status: Status
    division: Division | None = None
    changes: tuple[str, ...] = ()
    other_cities: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def changed(self) -> bool:
        return bool(self.changes)


_KINDS = ("exact", "former", "stem")
_KIND_NOTE = {
    "former": "旧名 {typed} 已改为现名 {name}",
    "stem": "{typed} 已补全为 {name}",
}
_CACHE_LIMIT = 50_000


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class NameResolver:
    """Resolves names city by city; 城区/矿区/郊区 exist in several cities, so the city matters."""

    def __init__(self, divisions: Iterable[Division], city_names: Iterable[str]) -> None:
        self._cities = tuple(city_names)
        self._short = {city: city.removesuffix("市") for city in self._cities}
        # One index per kind of match over all cities; a lookup then keeps the cities in scope.
        self._index: dict[str, dict[str, set[Division]]] = {k: defaultdict(set) for k in _KINDS}
        for division in divisions:
            self._index["exact"][division.name].add(division)
            if not division.is_zone:
                self._index["stem"][_stem(division.name)].add(division)
            for former in division.former_names:
                for variant in self._former_variants(former, division.city):
                    self._index["former"][variant].add(division)
        self._cache: dict[tuple[str, str | None], Resolution] = {}
        self._city_cache: dict[str, str | None] = {}
        self._prefixes = tuple(_PROVINCE_PREFIXES) + self._cities + tuple(self._short.values())

    @property
    def cities(self) -> tuple[str, ...]:
        return self._cities

    def _former_variants(self, former: str, city: str) -> set[str]:
        """The former name, and without its city: `大同市城区` -> `城区` (never `市城区`).

        `大同县` is no `大同` + `县`: a bare suffix left over is not a name."""
        base = name_key(drop_parenthesised(former))
        variants = {base}
        for prefix in (city, self._short[city]):
            if base.startswith(prefix):
                if len(base) - len(prefix) >= 2:
                    variants.add(base[len(prefix) :])
                break
        return variants

    def resolve_city(self, typed: str) -> str | None:
        """`大同`, `大同市`, ` 大同市 ` -> `大同市`; anything else -> None."""
        if typed in self._city_cache:
            return self._city_cache[typed]
        if len(self._city_cache) > _CACHE_LIMIT:
            self._city_cache.clear()
        found = self._city_cache[typed] = self._resolve_city(typed)
        return found

    def _resolve_city(self, typed: str) -> str | None:
        key = name_key(typed)
        for prefix in _PROVINCE_PREFIXES:
            key = key.removeprefix(prefix)
        for city in self._cities:
            if key in (city, self._short[city]):
                return city
        return None

    def resolve(self, typed: str, city: str | None) -> Resolution:
        """Resolve `typed` inside `city` (or anywhere when the city is unknown)."""
        cached = self._cache.get((typed, city))
        if cached is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            cached = self._cache[(typed, city)] = self._resolve(typed, city)
        return cached

    def _resolve(self, typed: str, city: str | None) -> Resolution:
        key, changes = self._normalise(typed)
        if not key:
            return Resolution(typed, "empty")
        scope = {city} if city in self._short else set(self._cities)
        found, how = self._lookup_in(key, scope)
        if len(found) == 1:
            division = next(iter(found))
            if how:
                changes.append(how)
            return Resolution(typed, "ok", division, tuple(changes))
        if found:
            both = tuple(sorted(f"{d.city}{d.name}" for d in found))
            return Resolution(typed, "ambiguous", changes=tuple(changes), candidates=both)
        if city in self._short:
            elsewhere, _ = self._lookup_in(key, set(self._cities) - {city})
            if elsewhere:
                cities = tuple(sorted({d.city for d in elsewhere}, key=self._cities.index))
                names = tuple(sorted(d.name for d in elsewhere))
                return Resolution(
                    typed,
                    "other_city",
                    changes=tuple(changes),
                    other_cities=cities,
                    candidates=names,
                )
        return Resolution(typed, "unknown", changes=tuple(changes))

    def _normalise(self, typed: str) -> tuple[str, list[str]]:
        changes: list[str] = []
        visible = remove_blanks(typed)
        if unicodedata.normalize("NFKC", visible) != visible:
            changes.append("全角字符已转为半角")
        squashed = squash(typed)
        if squashed != unicodedata.normalize("NFKC", trim_blanks(typed)):
            changes.append("已删除字中间的空白或换行")
        key = name_key(typed)
        if key != squashed:
            changes.append("已删除多余的标点")
        return key, changes

    def _lookup_in(self, key: str, cities: set[str]) -> tuple[set[Division], str]:
        """Matches of `key` in `cities`, trying each reading from the strictest to the loosest."""
        for candidate, how in self._readings(key, cities):
            for kind in _KINDS:
                lookup = _stem(candidate) if kind == "stem" else candidate
                found = {d for d in self._index[kind].get(lookup, ()) if d.city in cities}
                if found:
                    notes = [how] if how else []
                    if kind != "exact" and len(found) == 1:
                        notes.append(_note(kind, candidate, next(iter(found))))
                    return found, "；".join(notes)
        return set(), ""

    def _readings(self, key: str, cities: set[str]) -> list[tuple[str, str]]:
        """The typed key, then the key without a city or province prefix or an office suffix."""
        readings = [(key, "")]
        if not key.startswith(self._prefixes) and not key.endswith(_OFFICE_SUFFIXES):
            return readings
        stripped = key
        for prefix in _PROVINCE_PREFIXES:
            stripped = stripped.removeprefix(prefix)
        for city in self._cities:
            if city not in cities:
                continue
            for prefix in (city, self._short[city]):
                rest = stripped.removeprefix(prefix)
                if rest != stripped and rest:
                    readings.append((rest, "已去掉市名前缀"))
        for suffix in _OFFICE_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                readings.append((key.removesuffix(suffix), f"已去掉“{suffix}”"))
        if stripped != key:
            readings.append((stripped, "已去掉省名前缀"))
        return readings


def _note(kind: str, typed: str, division: Division) -> str:
    if division.is_zone:
        template = "{typed} 即 {name}"
    elif kind == "stem" and _stem(typed) != typed:
        template = "{typed} 已更正为 {name}"
    else:
        template = _KIND_NOTE[kind]
    return template.format(typed=typed, name=division.name)
