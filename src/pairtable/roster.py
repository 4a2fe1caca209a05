"""The roster: Shanxi's cities and divisions, and the editable list of key assisted counties."""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pairtable.resolver import Division, NameResolver
from pairtable.resources import bundled_roster_dir
from pairtable.tabular import read_rows
from pairtable.text import header_key, name_key

ROSTER_ENV = "PAIRTABLE_ROSTER"
CONFIG_NAME = "roster.toml"
DEFAULT_FILES = {
    "key_counties": "key-counties.csv",
    "divisions": "divisions.csv",
    "cities": "cities.csv",
    "zones": "zones.csv",
}

Evidence = Literal["confirmed", "likely", "guess"]
EVIDENCE_LABELS: dict[Evidence, str] = {"confirmed": "已确认", "likely": "较可能", "guess": "推测"}
_EVIDENCE_WORDS: dict[str, Evidence] = {
    "confirmed": "confirmed",
    "已确认": "confirmed",
    "确认": "confirmed",
    "likely": "likely",
    "较可能": "likely",
    "可能": "likely",
    "guess": "guess",
    "推测": "guess",
    "待核实": "guess",
}
_KEY_COLUMNS = {
    "city": ("市名", "市", "city"),
    "county": ("重点帮扶县", "县", "county", "重点帮扶县名称"),
    "code": ("区划代码", "代码", "code"),
    "evidence": ("可信程度", "evidence"),
    "source": ("依据", "来源", "source"),
}


class RosterError(Exception):
    """The roster could not be loaded; the message names the file, row and value in Chinese."""

    def __init__(self, file: Path, message: str, row: int | None = None, value: str = "") -> None:
        self.file, self.row, self.value, self.message = file, row, value, message
        where = f"{file}" + (f" 第 {row} 行" if row else "")
        shown = f"（“{value}”）" if value else ""
        super().__init__(f"名单文件 {where}{shown}：{message}")


@dataclass(frozen=True)
class City:
    name: str
    code: str
    short_name: str
    area_code: str


@dataclass(frozen=True)
class KeyCounty:
    city: str
    county: str
    code: str
    evidence: Evidence
    source: str


@dataclass(frozen=True)
class Roster:
    cities: tuple[City, ...]
    divisions: tuple[Division, ...]
    key_counties: tuple[KeyCounty, ...]
    declared_total: int
    origin: str

    @cached_property
    def resolver(self) -> NameResolver:
        return NameResolver(self.divisions, [c.name for c in self.cities])

    @property
    def city_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.cities)

    @cached_property
    def _cities_by_name(self) -> dict[str, City]:
        return {c.name: c for c in self.cities}

    def city(self, name: str) -> City:
        return self._cities_by_name[name]

    def key_counties_of(self, city: str) -> list[KeyCounty]:
        return [k for k in self.key_counties if k.city == city]

    def divisions_of(self, city: str, *, zones: bool = True) -> list[Division]:
        return [d for d in self.divisions if d.city == city and (zones or not d.is_zone)]

    def is_key(self, city: str, county: str) -> bool:
        return (city, county) in self._key_set

    def is_division(self, city: str, name: str) -> bool:
        """`name` is one of the city's divisions (functional zones included)."""
        return (city, name) in self._division_set

    @cached_property
    def _division_set(self) -> frozenset[tuple[str, str]]:
        return frozenset((d.city, d.name) for d in self.divisions)

    @cached_property
    def _key_set(self) -> frozenset[tuple[str, str]]:
        return frozenset((k.city, k.county) for k in self.key_counties)

    @property
    def cities_with_key_counties(self) -> list[str]:
        return [c.name for c in self.cities if self.key_counties_of(c.name)]

    @property
    def unconfirmed(self) -> int:
        """Entries that are a guess: the reconstruction's 8 by default."""
        return sum(1 for k in self.key_counties if k.evidence == "guess")

    @cached_property
    def fingerprint(self) -> str:
        lines = [f"{self.declared_total}"] + [f"{k.city}\t{k.county}" for k in self.key_counties]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def roster_source(explicit: Path | None) -> Path:
    """Where the roster comes from: `--roster`, else $PAIRTABLE_ROSTER, else the bundled one."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ROSTER_ENV)
    return Path(from_env) if from_env else bundled_roster_dir()


def load_roster(path: Path | None = None) -> Roster:
    """Load and check a roster: a folder with roster.toml, a roster.toml, or a key-county list."""
    source = roster_source(path)
    if not source.exists():
        raise RosterError(source, "文件或文件夹不存在")
    files, declared = _locate_files(source)
    cities = _load_cities(files["cities"])
    city_names = [c.name for c in cities]
    divisions = _load_divisions(files["divisions"], city_names)
    divisions += _load_divisions(files["zones"], city_names, zones=True)
    resolver = NameResolver(divisions, city_names)
    key_counties = _load_key_counties(files["key_counties"], resolver, divisions)
    if len(key_counties) != declared:
        raise RosterError(
            files["key_counties"],
            f"名单列出 {len(key_counties)} 个重点帮扶县，与规定总数 {declared} 个不符；"
            f"请补齐或删去多余的行（总数在 {CONFIG_NAME} 的 declared_total 中设定）",
        )
    origin = "内置名单" if source == bundled_roster_dir() else str(source)
    return Roster(tuple(cities), tuple(divisions), key_counties, declared, origin)


def _locate_files(source: Path) -> tuple[dict[str, Path], int]:
    bundled = bundled_roster_dir()
    config_path: Path | None = None
    files: dict[str, Path] = {}
    if source.is_dir():
        config_path = source / CONFIG_NAME
        base = source
    elif source.suffix.lower() == ".toml":
        config_path, base = source, source.parent
    else:
        base = source.parent
        files["key_counties"] = source
        if (base / CONFIG_NAME).exists():
            config_path = base / CONFIG_NAME
    config = _read_config(config_path) if config_path and config_path.exists() else {}
    for role, default_name in DEFAULT_FILES.items():
        if role in files:
            continue
        named = config.get(role)
        if isinstance(named, str):
            files[role] = base / named
        elif (base / default_name).exists():
            files[role] = base / default_name
        else:
            files[role] = bundled / default_name
    declared = config.get("declared_total", 46)
    if not isinstance(declared, int) or declared <= 0:
        raise RosterError(config_path or source, "declared_total 应为正整数", value=str(declared))
    return files, declared


def _read_config(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RosterError(path, f"无法读取设置文件：{exc}") from None


def _rows(path: Path) -> list[list[str]]:
    try:
        rows = read_rows(path)
    except FileNotFoundError:
        raise RosterError(path, "文件不存在") from None
    except UnicodeError:
        raise RosterError(
            path, "无法识别文件编码；请在 Excel/WPS 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx"
        ) from None
    except Exception as exc:  # calamine raises its own types for a damaged workbook
        if type(exc).__module__.startswith("python_calamine"):
            raise RosterError(path, f"无法打开工作簿：{exc}") from None
        raise
    if not rows:
        raise RosterError(path, "文件是空的")
    return rows


def _columns(header: Sequence[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    keys = [header_key(h) for h in header]
    found: dict[str, int] = {}
    for role, names in wanted.items():
        for i, key in enumerate(keys):
            if key in names:
                found[role] = i
                break
    return found


def _cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _data_rows(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    return [(n, row) for n, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]


def _load_cities(path: Path) -> list[City]:
    rows = _rows(path)
    cols = _columns(
        rows[0],
        {"city": ("city",), "code": ("code",), "short": ("short_name",), "area": ("area_code",)},
    )
    return [
        City(
            _cell(r, cols.get("city")),
            _cell(r, cols.get("code")),
            _cell(r, cols.get("short")),
            _cell(r, cols.get("area")),
        )
        for _, r in _data_rows(rows)
    ]


def _load_divisions(path: Path, cities: list[str], *, zones: bool = False) -> list[Division]:
    """divisions.csv (city, county, code, former_names) or zones.csv (city, zone, code,
    aliases): the other names a division is known by are separated by `;`."""
    name, others = ("zone", "aliases") if zones else ("county", "former_names")
    rows = _rows(path)
    cols = _columns(
        rows[0], {"city": ("city",), "name": (name,), "code": ("code",), "others": (others,)}
    )
    divisions = []
    for n, row in _data_rows(rows):
        city = _cell(row, cols.get("city"))
        if city not in cities:
            raise RosterError(path, "不是山西省的设区市", n, city)
        also = tuple(a for a in _cell(row, cols.get("others")).split(";") if a)
        divisions.append(
            Division(
                city,
                _cell(row, cols.get("name")),
                _cell(row, cols.get("code")),
                also,
                is_zone=zones,
            )
        )
    return divisions


def _load_key_counties(
    path: Path, resolver: NameResolver, divisions: list[Division]
) -> tuple[KeyCounty, ...]:
    rows = _rows(path)
    cols = _columns(rows[0], _KEY_COLUMNS)
    for role, label in (("city", "市名"), ("county", "重点帮扶县")):
        if role not in cols:
            raise RosterError(
                path,
                f"第 1 行缺少“{label}”列（表头应为：市名、重点帮扶县、区划代码、可信程度、依据）",
                1,
            )
    seen: dict[tuple[str, str], int] = {}
    entries: list[KeyCounty] = []
    for n, row in _data_rows(rows):
        typed_city = _cell(row, cols.get("city"))
        city = resolver.resolve_city(typed_city)
        if city is None:
            raise RosterError(path, "不是山西省的设区市，请写成如“大同市”", n, typed_city)
        typed_county = _cell(row, cols.get("county"))
        found = resolver.resolve(typed_county, city)
        if found.division is None or found.division.is_zone:
            hint = (
                f"它属于{'、'.join(found.other_cities)}"
                if found.status == "other_city"
                else "请核对名称（用现行区划名称，如“云州区”）"
            )
            raise RosterError(path, f"不是{city}的县级行政区划；{hint}", n, typed_county)
        county = found.division.name
        if (city, county) in seen:
            raise RosterError(path, f"与第 {seen[(city, county)]} 行重复", n, typed_county)
        seen[(city, county)] = n
        code = _cell(row, cols.get("code"))
        if code and name_key(code) != found.division.code:
            raise RosterError(path, f"区划代码与{county}的代码 {found.division.code} 不符", n, code)
        word = _cell(row, cols.get("evidence"))
        evidence = _EVIDENCE_WORDS.get(name_key(word).lower()) if word else "confirmed"
        if evidence is None:
            raise RosterError(
                path, "可信程度应为 confirmed/likely/guess（或 已确认/较可能/推测）", n, word
            )
        entries.append(
            KeyCounty(city, county, found.division.code, evidence, _cell(row, cols.get("source")))
        )
    order = {(d.city, d.name): i for i, d in enumerate(divisions)}
    return tuple(sorted(entries, key=lambda k: order[(k.city, k.county)]))
