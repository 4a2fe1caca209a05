"""Check one returned workbook cell by cell: pairs accepted, every finding as an Issue."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePath

from pairtable.city_examples import city_examples
from pairtable.dates import parse_date
from pairtable.form import COLUMNS, REQUIRED
from pairtable.models import FileReport, Header, Issue, Pair, Source, make_issue
from pairtable.phones import parse_phone
from pairtable.reader import BookData, Limits, UnreadableFile, read_book, read_book_bytes
from pairtable.resolver import Resolution
from pairtable.roster import Roster
from pairtable.table import Cell, DataRow, Located, cell_at, locate
from pairtable.text import clean_free_text, squash

# Separators between names in one cell. Never 和/及/与: they occur inside names (和顺县).
_NAME_SPLIT = re.compile(r"[、，,；;/／|\n]+")
_PERSON_BAD = re.compile(r"[0-9@#%]")
_MAX_PERSON = 30


@dataclass
class _FileContext:
    roster: Roster
    city: str
    sheet: str
    file: str
    issues: list[Issue] = field(default_factory=list)
    errors: int = 0
    area_code: str = field(init=False)

    def __post_init__(self) -> None:
        self.errors = sum(1 for issue in self.issues if issue.severity == "error")
        self.area_code = self.roster.city(self.city).area_code

    @cached_property
    def examples(self) -> dict[str, object]:
        """Hints quote this city's own area code and counties (as its template does)."""
        found = city_examples(self.roster, self.city)
        return {"area": found.area, "unit_example": found.unit_title}

    def add(
        self,
        code: str,
        cell: Cell | None = None,
        column: str | None = None,
        row: int | None = None,
        **params: object,
    ) -> Issue:
        value = params.pop("value") if "value" in params else (cell.text if cell else None)
        issue = make_issue(
            code,
            sheet=self.sheet if cell or row else None,
            cell=cell.ref if cell else None,
            row=cell.row + 1 if cell else row,
            column=column,
            value=value,
            file=self.file,
            params={"city": self.city, **self.examples, **params},
        )
        self.issues.append(issue)
        self.errors += issue.severity == "error"
        return issue

    @cached_property
    def options(self) -> str:
        return "、".join(k.county for k in self.roster.key_counties_of(self.city)) or "（无）"


def validate_file(path: Path, roster: Roster, *, limits: Limits | None = None) -> FileReport:
    """Read and check one file; an unreadable file gives a report with one error, never raises."""
    limits = limits or Limits()
    try:
        book = read_book(path, limits)
    except UnreadableFile as exc:
        return _unreadable(str(path), make_issue(exc.code, file=str(path), detail=exc.detail))
    except OSError as exc:
        issue = make_issue("file-unreadable", file=str(path), detail=exc.strerror or str(exc))
        return _unreadable(str(path), issue)
    return validate_book(book, roster, str(path), path.stem, limits)


def validate_bytes(
    data: bytes, label: str, roster: Roster, *, limits: Limits | None = None
) -> FileReport:
    """Check a file's bytes; `label` names it in every message (a path, or mail/attachment)."""
    limits = limits or Limits()
    try:
        book = read_book_bytes(data, PurePath(label).name, limits)
    except UnreadableFile as exc:
        return _unreadable(label, make_issue(exc.code, file=label, detail=exc.detail))
    return validate_book(book, roster, label, PurePath(label).stem, limits)


def _unreadable(label: str, issue: Issue) -> FileReport:
    return FileReport.failed(label, [issue], readable=False)


def validate_book(
    book: BookData, roster: Roster, shown: str, name_hint: str, limits: Limits
) -> FileReport:
    issues: list[Issue] = []
    if book.has_macros:
        issues.append(make_issue("macro-ignored", file=shown))
    located = next((found for s in book.table_sheets if (found := locate(s))), None)
    if located is None:
        issues.append(make_issue("no-table", file=shown))
        return FileReport.failed(shown, issues, format=book.format)
    city, city_issues = _file_city(book, located, roster, shown, name_hint)
    issues.extend(city_issues)
    if city is None:
        rejected = [
            make_issue(
                "city-unknown",
                file=shown,
                sheet=located.sheet.name,
                cell=f"A{r.number}",
                row=r.number,
            )
            for r in located.rows
        ] or [make_issue("city-unknown", file=shown)]
        issues.extend(rejected)
        read = len(located.rows)
        return FileReport.failed(
            shown, issues, format=book.format, rows_read=read, rows_rejected=read
        )
    ctx = _FileContext(roster, city, located.sheet.name, shown, issues)
    for ref in book.formulas_without_value(located.sheet.name):
        ctx.add("formula-no-value", cell_at(ref))
    header = _header(ctx, located)
    _columns(ctx, located)
    pairs, rejected_counties, rows_rejected = _rows(ctx, located, limits)
    for row in located.after_footer:
        first = next(iter(row.cells.values()))
        ctx.add("row-after-footer", first, value=" ".join(c.text for c in row.cells.values()))
    reported = {p.assisted for p in pairs} | rejected_counties
    for key in roster.key_counties_of(city):
        if key.county not in reported:
            ctx.add("key-county-missing", county=key.county)
    valid = not any(i.severity == "error" for i in ctx.issues)
    return FileReport(
        file=shown,
        city=city,
        valid=valid,
        header=header,
        pairs=pairs,
        issues=ctx.issues,
        form_version=book.metadata.get("form_version"),
        format=book.format,
        rows_read=len(located.rows),
        rows_accepted=len(located.rows) - rows_rejected,
        rows_rejected=rows_rejected,
        rejected_counties=sorted(rejected_counties - {p.assisted for p in pairs}),
    )


def _file_city(
    book: BookData, located: Located, roster: Roster, shown: str, name_hint: str
) -> tuple[str | None, list[Issue]]:
    """The file's city: template metadata, else the 市名 column, else 填报单位, title, file name."""
    resolver = roster.resolver
    votes: Counter[str] = Counter()
    for row in located.rows:
        cell = row.cells.get("city")
        if cell and (found := resolver.resolve_city(cell.text)):
            votes[found] += 1
    unit = located.labels.get("unit")
    sources = [
        (
            "模板标记",
            book.metadata.get("city") if book.metadata.get("city") in roster.city_names else None,
        ),
        ("市名列", votes.most_common(1)[0][0] if votes else None),
        ("填报单位", _city_in_text(unit.text if unit else "", roster)),
        ("标题", _city_in_text(located.title, roster)),
        ("文件名", _city_in_text(name_hint, roster)),
    ]
    named = [(what, city) for what, city in sources if city]
    if not named:
        return None, []
    chosen = named[0][1]
    disagreeing = [f"{what}为{city}" for what, city in named if city != chosen]
    if disagreeing and named[0][0] != "文件名":
        detail = f"{named[0][0]}为{chosen}，" + "，".join(disagreeing)
        return chosen, [make_issue("city-conflict", file=shown, detail=detail, city=chosen)]
    return chosen, []


def _city_in_text(text: str, roster: Roster) -> str | None:
    compact = squash(text)
    for city in roster.cities:
        if city.name in compact:
            return city.name
    for city in roster.cities:
        if city.short_name and city.short_name in compact:
            return city.name
    return None


def _header(ctx: _FileContext, located: Located) -> Header:
    labels = located.labels
    unit = labels.get("unit")
    filled = labels.get("filled_on")
    filler = labels.get("filler")
    filler_phone = labels.get("filler_phone")
    filled_on = None
    if filled is None:
        ctx.add("filled-on-missing")
    else:
        parsed = parse_date(filled.value)
        if parsed is None:
            ctx.add("filled-on-invalid", filled, value=filled.text)
        else:
            filled_on = parsed.isoformat()
    if unit is None:
        ctx.add("unit-missing")
    if filler is None:
        ctx.add("filler-missing")
    phone_text = None
    if filler_phone is None:
        ctx.add("filler-phone-missing")
    else:
        result = parse_phone(filler_phone.value, ctx.roster.city(ctx.city).area_code)
        phone_text = result.canonical or clean_free_text(filler_phone.text)
        if result.canonical is None:
            ctx.add("filler-phone-invalid", filler_phone)
    return Header(
        unit=clean_free_text(unit.text) if unit else None,
        filled_on=filled_on,
        filler=clean_free_text(filler.text) if filler else None,
        filler_phone=phone_text,
    )


def _columns(ctx: _FileContext, located: Located) -> None:
    header = located.header_row
    for col, text in located.unknown_columns.items():
        ctx.add("unknown-column", Cell(text, header, col), value=text)
    for col, text in located.duplicate_columns.items():
        ctx.add("duplicate-column", Cell(text, header, col), column=text, value=text)
    for name in REQUIRED:
        if name not in located.columns:
            ctx.add("missing-column", column=COLUMNS[name])


def _rows(ctx: _FileContext, located: Located, limits: Limits) -> tuple[list[Pair], set[str], int]:
    """Accepted pairs, key counties named only in rejected rows, and how many rows were rejected."""
    pairs: list[Pair] = []
    rows_rejected = 0
    first_seen: dict[tuple[str, str], int] = {}
    rejected_counties: set[str] = set()
    empty_city: list[Cell] = []
    for row in located.rows:
        errors_before = ctx.errors
        _mark_too_long(ctx, row, limits)
        assisted = _assisted(ctx, row, empty_city)
        helpers = _assisting(ctx, row, assisted)
        person = _person(ctx, row)
        unit_title = _required_text(ctx, row, "unit_title", "unit-empty")
        phone = _phone(ctx, row)
        remark = "" if "remark" in row.skip else row.text("remark")
        if ctx.errors > errors_before or not assisted or not helpers or phone is None:
            if ctx.errors == errors_before:
                raise AssertionError(f"row {row.number} rejected without an error")
            rejected_counties.update(assisted)
            rows_rejected += 1
            continue
        for county in assisted:
            for helper, helper_cell in helpers:
                key = (county, helper)
                if key in first_seen:
                    ctx.add(
                        "duplicate-pair",
                        helper_cell,
                        first=first_seen[key],
                        assisted=county,
                        assisting=helper,
                    )
                    continue
                first_seen[key] = row.number
                pairs.append(
                    Pair(
                        city=ctx.city,
                        assisted=county,
                        assisting=helper,
                        person=person,
                        unit_title=unit_title,
                        phone=phone,
                        remark=remark,
                        source=Source(file=ctx.file, sheet=ctx.sheet, row=row.number),
                    )
                )
    if empty_city:
        ctx.add("city-empty", empty_city[0], value="", count=len(empty_city))
    return pairs, rejected_counties, rows_rejected


def _mark_too_long(ctx: _FileContext, row: DataRow, limits: Limits) -> None:
    """Report over-long cells once; the other checks then pass over them."""
    for name, cell in row.cells.items():
        if len(cell.text) > limits.max_cell_chars:
            ctx.add("text-too-long", cell, column=COLUMNS.get(name), count=len(cell.text))
            row.skip.add(name)


def _assisted(ctx: _FileContext, row: DataRow, empty_city: list[Cell]) -> list[str]:
    city_cell = row.cells.get("city")
    if city_cell is None:
        blank = row.cell("city")
        if blank is not None:
            empty_city.append(blank)
    elif ctx.roster.resolver.resolve_city(city_cell.text) != ctx.city:
        ctx.add("city-wrong", city_cell, column="市名")
    cell = row.cells.get("assisted")
    if "assisted" in row.skip:
        return []
    if cell is None:
        ctx.add(
            "assisted-empty", row.cell("assisted"), "重点帮扶县", row.number, options=ctx.options
        )
        return []
    names = _split_names(cell.text)
    if not names:
        ctx.add("assisted-empty", cell, "重点帮扶县", options=ctx.options)
    counties = []
    for typed in names:
        found = ctx.roster.resolver.resolve(typed, ctx.city)
        county = _check_name(ctx, cell, found, "assisted", typed)
        if county is None:
            continue
        if found.division is not None and (
            found.division.is_zone or not ctx.roster.is_key(ctx.city, county)
        ):
            ctx.add("assisted-not-key", cell, column="重点帮扶县", value=typed, options=ctx.options)
            continue
        counties.append(county)
    return counties


def _assisting(ctx: _FileContext, row: DataRow, assisted: list[str]) -> list[tuple[str, Cell]]:
    cell = row.cells.get("assisting")
    if "assisting" in row.skip:
        return []
    if cell is None:
        ctx.add("assisting-empty", row.cell("assisting"), "结对帮扶县", row.number)
        return []
    helpers: list[tuple[str, Cell]] = []
    names = _split_helpers(ctx, cell.text)
    if not names:
        ctx.add("assisting-empty", cell, "结对帮扶县")
    for typed in names:
        found = ctx.roster.resolver.resolve(typed, ctx.city)
        name = _check_name(ctx, cell, found, "assisting", typed)
        if name is None or found.division is None:
            continue
        if name in assisted:
            ctx.add("assisting-self", cell, column="结对帮扶县", value=name)
            continue
        if found.division.is_zone:
            ctx.add("assisting-zone", cell, column="结对帮扶县", value=name)
        elif ctx.roster.is_key(ctx.city, name):
            ctx.add("assisting-key-county", cell, column="结对帮扶县", value=name)
        if name not in (h for h, _ in helpers):
            helpers.append((name, cell))
    return helpers


def _check_name(
    ctx: _FileContext, cell: Cell, found: Resolution, role: str, typed: str
) -> str | None:
    column = COLUMNS[role]
    if found.status == "ok" and found.division is not None:
        if found.changed:
            ctx.add(
                "name-normalised",
                cell,
                column=column,
                value=typed,
                name=found.division.name,
                detail="；".join(found.changes),
            )
        return found.division.name
    if found.status == "other_city":
        ctx.add(
            f"{role}-other-city",
            cell,
            column=column,
            value=typed,
            other="、".join(found.other_cities),
            options=ctx.options,
        )
    elif found.status == "ambiguous":
        ctx.add(
            f"{role}-ambiguous",
            cell,
            column=column,
            value=typed,
            detail="或".join(found.candidates),
        )
    else:
        ctx.add(f"{role}-unknown", cell, column=column, value=typed, options=ctx.options)
    return None


@functools.lru_cache(maxsize=4096)
def _split_names(text: str) -> tuple[str, ...]:
    return tuple(p for p in (s.strip() for s in _NAME_SPLIT.split(text)) if p)


def _split_helpers(ctx: _FileContext, text: str) -> list[str]:
    """Split on separators; split on blanks too when every piece is then a known name."""
    parts: list[str] = []
    for part in _split_names(text):
        pieces = part.split()
        if (
            len(pieces) > 1
            and not ctx.roster.resolver.resolve(part, ctx.city).ok
            and all(ctx.roster.resolver.resolve(p, ctx.city).ok for p in pieces)
        ):
            parts.extend(pieces)
        else:
            parts.append(part)
    return parts


def _person(ctx: _FileContext, row: DataRow) -> str:
    cell = row.cells.get("person")
    text = row.text("person")
    if "person" in row.skip:
        return ""
    if cell is None or not text:
        ctx.add("person-empty", row.cell("person"), "具体负责人", row.number)
        return ""
    if _PERSON_BAD.search(text) or len(text) > _MAX_PERSON:
        ctx.add("person-invalid", cell, column="具体负责人")
    return text


def _required_text(ctx: _FileContext, row: DataRow, name: str, code: str) -> str:
    text = row.text(name)
    if not text and name not in row.skip:
        ctx.add(code, row.cell(name), COLUMNS[name], row.number)
    return text


def _phone(ctx: _FileContext, row: DataRow) -> str | None:
    cell = row.cells.get("phone")
    if "phone" in row.skip:
        return None
    area = ctx.area_code
    result = parse_phone(cell.value if cell else None, area)
    target = row.cell("phone")
    for code in result.errors:
        ctx.add(code, target, "联系方式", row.number)
    for code in result.warnings:
        ctx.add(code, target, "联系方式", row.number, phone=result.canonical, area=area)
    return result.canonical


__all__ = ["validate_book", "validate_file"]
