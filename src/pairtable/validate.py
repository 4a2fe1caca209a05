"""Check one returned workbook cell by cell: pairs accepted, every finding as an Issue."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePath

from pydantic import ValidationError

from pairtable.city_examples import city_examples
from pairtable.fields import read_fields
from pairtable.form import COLUMNS, CONTENT, REQUIRED
from pairtable.lockfiles import has_lock_name
from pairtable.models import FileReport, Issue, Pair, Source, make_issue, schema_error_detail
from pairtable.people import read_person
from pairtable.phones import parse_phone
from pairtable.reader import BookData, Limits, UnreadableFile, read_book, read_book_bytes
from pairtable.resolver import Resolution
from pairtable.roster import Roster
from pairtable.samepair import comparable, difference_params, differing_keys
from pairtable.sheets import find_tables
from pairtable.table import Cell, DataRow, Located, MarkedCell, cell_at, column_letter, match_header
from pairtable.text import clean_free_text, is_placeholder, keep_text, split_list, squash, to_text

# Besides text.LIST_SEPARATORS: 和/及/与 occur inside names (和顺县), so a cell is split on them
# only when the whole is no name and every piece is one (see _split_joined).
_JOINING_WORDS = ("以及", "及", "和", "与")


@dataclass(frozen=True)
class _Seen:
    """The row that first named a pair, and what it said about it."""

    sheet: str
    row: int
    said: dict[str, str]
    compared: tuple[str, ...]  # samepair.comparable(said)


@dataclass
class _FileContext:
    roster: Roster
    city: str
    sheet: str
    file: str
    issues: list[Issue] = field(default_factory=list)
    # The first header cell: where findings about the whole table point.
    table_cell: Cell | None = None
    errors: int = 0
    area_code: str = field(init=False)
    # (assisted, assisting) -> the row that first named it, across all the file's sheets.
    first_seen: dict[tuple[str, str], _Seen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.errors = sum(1 for issue in self.issues if issue.severity == "error")
        self.area_code = self.roster.city(self.city).area_code

    @cached_property
    def schema_context(self) -> dict[str, object]:
        """What Pair checks names against: this roster."""
        return {"roster": self.roster}

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
    # Inside an archive, the archive's name may say the city the table's own name does not.
    hint = " ".join(PurePath(part).stem for part in label.split("!/"))
    return validate_book(book, roster, label, hint, limits)


def _unreadable(label: str, issue: Issue) -> FileReport:
    return FileReport.failed(label, [issue], readable=False)


def validate_book(
    book: BookData, roster: Roster, shown: str, name_hint: str, limits: Limits
) -> FileReport:
    issues: list[Issue] = []
    base = PurePath(shown.split("!/")[-1]).name
    if has_lock_name(base):
        prefix = "~$" if base.startswith("~$") else ".~lock"
        issues.append(make_issue("file-lock-name", file=shown, prefix=prefix))
    if book.has_macros:
        issues.append(make_issue("macro-ignored", file=shown))
    tables = find_tables(book, shown, lambda text: roster.resolver.resolve(text, None).ok)
    issues.extend(tables.issues)
    if not tables.found:
        issues.append(make_issue("no-table", file=shown))
        return FileReport.failed(shown, issues, format=book.format)
    for table in tables.found:
        # A row of nothing but placeholders ("/" across an unused line) is a blank row.
        table.rows = [row for row in table.rows if not _only_placeholders(row)]
    located = _gather_labels(tables.found)
    table_cell = _header_cell(located)
    city, city_issues, city_from = _file_city(book, tables.found, roster, shown, name_hint)
    issues.extend(_at_table(i, located, table_cell) for i in city_issues)
    # A row below the footer is read and rejected: nothing the clerk wrote goes uncounted.
    read = sum(len(table.rows) + len(table.after_footer) for table in tables.found)
    if city is None:
        rejected = [
            make_issue(
                "city-unknown",
                file=shown,
                sheet=table.sheet.name,
                cell=f"A{r.number}",
                row=r.number,
            )
            for table in tables.found
            for r in [*table.rows, *table.after_footer]
        ] or [
            _at_table(make_issue(code, file=shown), located, table_cell)
            for code in ("city-unknown", "table-empty")
        ]
        issues.extend(rejected)
        return FileReport.failed(
            shown, issues, format=book.format, rows_read=read, rows_rejected=read
        )
    ctx = _FileContext(roster, city, located.sheet.name, shown, issues, table_cell)
    header, findings = read_fields(book, located, ctx.area_code)
    for code, cell, column, params in findings:
        ctx.add(code, cell, column, **params)
    pairs: list[Pair] = []
    rejected_counties: set[str] = set()
    rows_rejected = 0
    for table in tables.found:
        ctx.sheet, ctx.table_cell = table.sheet.name, _header_cell(table)
        for ref in book.formulas_without_value(table.sheet.name):
            ctx.add("formula-no-value", cell_at(ref))
        _columns(ctx, table)
        # The city is known from more than the file's name: a blank 市名 (a row inserted into
        # the province's template, a 市名 typed once) says nothing new.
        accepted, named, count = _rows(ctx, table, limits, city_from == "文件名")
        pairs += accepted
        rejected_counties |= named
        rows_rejected += count + len(table.after_footer)
        for row in table.after_footer:
            first = next(iter(row.cells.values()))
            ctx.add("row-after-footer", first, value=" ".join(c.text for c in row.cells.values()))
        _not_read(ctx, table)
    skipped = _skipped(ctx, tables.found)
    ctx.sheet, ctx.table_cell = located.sheet.name, table_cell
    keys = roster.key_counties_of(city)
    if not read and keys:
        ctx.add("table-empty", table_cell, value="")
    else:
        reported = {p.assisted for p in pairs} | rejected_counties
        for key in keys:
            if key.county not in reported:
                ctx.add("key-county-missing", table_cell, value="", county=key.county)
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
        rows_read=read,
        rows_accepted=read - rows_rejected,
        rows_rejected=rows_rejected,
        rejected_counties=sorted(rejected_counties - {p.assisted for p in pairs}),
        skipped_rows=skipped,
    )


def _header_cell(located: Located) -> Cell:
    """The table's first header cell: where findings about the whole table point."""
    return Cell("", located.header_row, min(located.columns.values(), default=0))


def _at_table(issue: Issue, located: Located, cell: Cell) -> Issue:
    """The issue pointed at the table's header row."""
    return issue.model_copy(
        update={
            "sheet": located.sheet.name,
            "cell": f"{located.sheet.name}!{cell.ref}",
            "row": cell.row + 1,
        }
    )


def _gather_labels(tables: list[Located]) -> Located:
    """The first table, with header and footer fields the other sheets give and it lacks."""
    first = tables[0]
    for table in tables[1:]:
        for name, cell in table.labels.items():
            first.labels.setdefault(name, cell)
    return first


def _not_read(ctx: _FileContext, table: Located) -> None:
    """Hidden rows: never accepted, each named so the clerk can unhide it if it counts."""
    for row in table.hidden:
        first = next(iter(row.cells.values()))
        ctx.add("row-hidden", first, value=" ".join(c.text for c in row.cells.values()))


def _skipped(ctx: _FileContext, tables: list[Located]) -> list[Source]:
    """Total and note rows: one warning for the file, naming every such row."""
    skipped = [(table, row) for table in tables for row in table.skipped]
    if not skipped:
        return []
    several = len(tables) > 1
    where = "、".join(
        f"“{table.sheet.name}”第 {row.number} 行" if several else f"第 {row.number} 行"
        for table, row in skipped[:20]
    ) + ("等" if len(skipped) > 20 else "")
    table, row = skipped[0]
    ctx.sheet = table.sheet.name
    first = next(iter(row.cells.values()))
    ctx.add("rows-skipped", first, detail=where)
    return [Source(sheet=t.sheet.name, row=r.number, file=ctx.file) for t, r in skipped]


def _only_placeholders(row: DataRow) -> bool:
    typed = [c for name, c in row.cells.items() if _field(name) in CONTENT and not c.merged]
    return bool(typed) and all(is_placeholder(c.text) for c in typed)


def _file_city(
    book: BookData, tables: list[Located], roster: Roster, shown: str, name_hint: str
) -> tuple[str | None, list[Issue], str]:
    """The file's city: template metadata, else the 市名 column, else 填报单位, title, file name."""
    resolver = roster.resolver
    votes: Counter[str] = Counter()
    for row in (row for table in tables for row in table.rows):
        cell = row.cells.get("city")
        if cell and (found := resolver.resolve_city(cell.text)):
            votes[found] += 1
    located = tables[0]
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
        return None, [], ""
    chosen = named[0][1]
    disagreeing = [f"{what}为{city}" for what, city in named if city != chosen]
    if disagreeing and named[0][0] != "文件名":
        detail = f"{named[0][0]}为{chosen}，" + "，".join(disagreeing)
        issue = make_issue("city-conflict", file=shown, detail=detail, city=chosen)
        return chosen, [issue], named[0][0]
    return chosen, [], named[0][0]


def _city_in_text(text: str, roster: Roster) -> str | None:
    compact = squash(text)
    for city in roster.cities:
        if city.name in compact:
            return city.name
    for city in roster.cities:
        if city.short_name and city.short_name in compact:
            return city.name
    return None


def _columns(ctx: _FileContext, located: Located) -> None:
    header = located.header_row
    rows = located.heading_rows
    for col, text in located.unknown_columns.items():
        ctx.add("unknown-column", Cell(text, rows.get(col, header), col), value=text)
    for col, text in located.duplicate_columns.items():
        cell = Cell(text, rows.get(col, header), col)
        name = match_header(text)
        first = located.columns.get(name or "", col)
        first_cell = Cell("", rows.get(first, header), first)
        first_row = located.sheet.rows[first_cell.row]
        first_text = clean_free_text(to_text(first_row[first] if first < len(first_row) else ""))
        ctx.add(
            "duplicate-column",
            cell,
            column=COLUMNS.get(name or "", text),
            value=text,
            first=first_text,
            first_col=column_letter(first),
            col=column_letter(col),
        )
    for name in REQUIRED:
        if name not in located.columns:
            ctx.add("missing-column", ctx.table_cell, COLUMNS[name], value="")


def _rows(
    ctx: _FileContext, located: Located, limits: Limits, warn_empty_city: bool
) -> tuple[list[Pair], set[str], int]:
    """Accepted pairs, key counties named only in rejected rows, and how many rows were rejected."""
    pairs: list[Pair] = []
    rows_rejected = 0
    first_seen = ctx.first_seen
    rejected_counties: set[str] = set()
    empty_city: list[Cell] = []
    for row in located.rows:
        errors_before = ctx.errors
        _mark_too_long(ctx, row, limits)
        _ditto_marks(ctx, row)
        assisted = _assisted(ctx, row, empty_city)
        helpers = _assisting(ctx, row, assisted)
        person = _person(ctx, row)
        unit_title = _required_text(ctx, row, "unit_title", "unit-empty")
        phone = _phone(ctx, row)
        remark_cell = row.cells.get("remark")
        remark = "" if "remark" in row.skip or not remark_cell else keep_text(remark_cell.text)
        if ctx.errors > errors_before or not assisted or not helpers or phone is None:
            if ctx.errors == errors_before:
                raise AssertionError(f"row {row.number} rejected without an error")
            rejected_counties.update(assisted)
            rows_rejected += 1
            continue
        said = {"person": person, "unit_title": unit_title, "phone": phone, "remark": remark}
        compared = comparable(said)
        if _differs_from_first(ctx, row, said, compared, assisted, helpers):
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
                        first=_row_label(ctx, first_seen[key]),
                        assisted=county,
                        assisting=helper,
                    )
                    continue
                first_seen[key] = _Seen(ctx.sheet, row.number, said, compared)
                fields = {
                    "city": ctx.city,
                    "assisted": county,
                    "assisting": helper,
                    "person": person,
                    "unit_title": unit_title,
                    "phone": phone,
                    "remark": remark,
                    "source": {"file": ctx.file, "sheet": ctx.sheet, "row": row.number},
                }
                try:
                    pairs.append(Pair.model_validate(fields, context=ctx.schema_context))
                except ValidationError as error:
                    # Our checks passed a row the schema refuses: a bug, said in Chinese.
                    ctx.add("row-schema", helper_cell, detail=schema_error_detail(error))
                    rejected_counties.add(county)
        if ctx.errors > errors_before:
            rows_rejected += 1
    if empty_city and warn_empty_city:
        ctx.add("city-empty", empty_city[0], value="", count=len(empty_city))
    return pairs, rejected_counties, rows_rejected


def _row_label(ctx: _FileContext, seen: _Seen) -> str:
    """`第 4 行`, or `“县B”工作表第 4 行` when the first row is on another sheet."""
    return (
        f"第 {seen.row} 行" if seen.sheet == ctx.sheet else f"“{seen.sheet}”工作表第 {seen.row} 行"
    )


def _differs_from_first(
    ctx: _FileContext,
    row: DataRow,
    said: dict[str, str],
    compared: tuple[str, ...],
    assisted: list[str],
    helpers: list[tuple[str, Cell]],
) -> bool:
    """A pair named again with other content (another person, phone, …) is the city's to
    settle: an error naming the first row and what differs, and the row is not accepted. The
    same pair said again in the same words is only a `duplicate-pair` warning."""
    found = False
    for county in assisted:
        for helper, helper_cell in helpers:
            seen = ctx.first_seen.get((county, helper))
            if seen is None:
                continue
            fields = differing_keys(seen.compared, compared)
            if not fields:
                continue
            found = True
            params = difference_params(seen.said, said, fields, _row_label(ctx, seen))
            ctx.add(
                "duplicate-pair-differs",
                row.cell(fields[0]) or helper_cell,
                column=COLUMNS[fields[0]],
                first=_row_label(ctx, seen),
                assisted=county,
                assisting=helper,
                detail=params["detail"],
                names=params["names"],
            )
    return found


def _mark_too_long(ctx: _FileContext, row: DataRow, limits: Limits) -> None:
    """Report over-long cells once; the other checks then pass over them."""
    for name, cell in row.cells.items():
        if len(cell.text) > limits.max_cell_chars:
            ctx.add("text-too-long", cell, column=COLUMNS.get(_field(name)), count=len(cell.text))
            row.skip.add(name)


def _ditto_marks(ctx: _FileContext, row: DataRow) -> None:
    """同上 / 〃 resolved by the reader are warned; one with nothing above is an error."""
    for name in row.marked:
        cell = row.cells[name]
        assert isinstance(cell, MarkedCell)
        if cell.above is None:
            ctx.add("ditto-no-value", cell, column=COLUMNS.get(_field(name)), value=cell.mark)
            row.skip.add(name)
        else:
            ctx.add("ditto-resolved", cell, column=COLUMNS.get(_field(name)), mark=cell.mark)


def _placeholder(ctx: _FileContext, row: DataRow, name: str) -> bool:
    """A required cell holding only "/", "无", "待定" and the like: reported, counted as empty."""
    cell = row.cells.get(name)
    if cell is None or name in row.skip or not is_placeholder(cell.text):
        return False
    ctx.add("value-placeholder", cell, COLUMNS[_field(name)])
    return True


def _assisted(ctx: _FileContext, row: DataRow, empty_city: list[Cell]) -> list[str]:
    city_cell = row.cells.get("city")
    if city_cell is None or is_placeholder(city_cell.text):
        blank = row.cell("city")
        if blank is not None:
            empty_city.append(blank)
    elif ctx.roster.resolver.resolve_city(city_cell.text) != ctx.city:
        ctx.add("city-wrong", city_cell, column="市名")
    cell = row.cells.get("assisted")
    if "assisted" in row.skip or _placeholder(ctx, row, "assisted"):
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
    if "assisting" in row.skip or _placeholder(ctx, row, "assisting"):
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
    return tuple(split_list(text))


def _split_helpers(ctx: _FileContext, text: str) -> list[str]:
    """Split on separators; split on blanks and on 及/和/与 too when every piece is then a
    known name of the city and the whole is not one."""
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
            parts.extend(_split_joined(ctx, part))
    return parts


def _split_joined(ctx: _FileContext, text: str) -> list[str]:
    """`孝义市及离石区` -> both names; `和顺县` stays whole (it is a name)."""
    resolve = ctx.roster.resolver.resolve
    if not any(w in text for w in _JOINING_WORDS) or resolve(text, ctx.city).ok:
        return [text]
    for word in _JOINING_WORDS:
        start = text.find(word, 1)
        while start != -1:
            left, right = text[:start].strip(), text[start + len(word) :].strip()
            if left and right and resolve(left, ctx.city).ok:
                rest = _split_joined(ctx, right)
                if all(resolve(piece, ctx.city).ok for piece in rest):
                    return [left, *rest]
            start = text.find(word, start + 1)
    return [text]


def _person(ctx: _FileContext, row: DataRow) -> str:
    cell = row.cells.get("person")
    text = row.text("person")
    if "person" in row.skip or _placeholder(ctx, row, "person"):
        return ""
    if cell is None or not text:
        ctx.add("person-empty", row.cell("person"), "具体负责人", row.number)
        return ""
    reading = read_person(cell.text)
    if reading.problem is None and _is_division(ctx, reading.kept):
        reading = dataclasses.replace(reading, names=(), problem="title-only")
    if reading.problem == "invalid":
        ctx.add("person-invalid", cell, column="具体负责人")
    elif reading.problem == "title-only":
        ctx.add("person-title-only", cell, column="具体负责人")
    elif reading.extras:
        ctx.add(
            "person-title",
            cell,
            column="具体负责人",
            name=reading.kept,
            extra="、".join(reading.extras),
        )
    return reading.kept


def _is_division(ctx: _FileContext, text: str) -> bool:
    """Is `text` exactly a county's full current name ("平城区")? Short forms are not checked:
    "安泽" may well be a person."""
    found = ctx.roster.resolver.resolve(text, ctx.city)
    return found.division is not None and found.division.name == text and not found.changed


def _required_text(ctx: _FileContext, row: DataRow, name: str, code: str) -> str:
    """Free text kept as typed (only blanks and invisible marks at its ends go)."""
    cell = row.cells.get(name)
    text = keep_text(cell.text) if cell else ""
    if name in row.skip or _placeholder(ctx, row, name):
        return ""
    if not text:
        ctx.add(code, row.cell(name), COLUMNS[name], row.number)
    return text


def _phone(ctx: _FileContext, row: DataRow) -> str | None:
    """The row's numbers: one 联系方式 column, or several (办公电话 and 手机) read each at its
    own cell and joined in header order. One of several left blank is fine."""
    names = sorted((n for n in row.columns if _field(n) == "phone"), key=row.columns.__getitem__)
    if len(names) < 2:
        return _phone_cell(ctx, row, "phone")
    typed = [
        name
        for name in names
        if name not in row.skip
        and (cell := row.cells.get(name)) is not None
        and not is_placeholder(cell.text)
    ]
    if not typed:  # nothing in any of them: said once, at the first
        return _phone_cell(ctx, row, names[0])
    numbers = [_phone_cell(ctx, row, name) for name in typed]
    if any(number is None for number in numbers):
        return None
    return "、".join(dict.fromkeys(number for number in numbers if number))


def _phone_cell(ctx: _FileContext, row: DataRow, name: str) -> str | None:
    cell = row.cells.get(name)
    if name in row.skip or _placeholder(ctx, row, name):
        return None
    area = ctx.area_code
    result = parse_phone(cell.value if cell else None, area)
    target = row.cell(name)
    for code in result.errors:
        ctx.add(code, target, "联系方式", row.number)
    for code in result.warnings:
        ctx.add(code, target, "联系方式", row.number, phone=result.canonical, area=area)
    return result.canonical


def _field(name: str) -> str:
    """`phone#2` (a second phone column) -> `phone`."""
    return name.partition("#")[0]


__all__ = ["validate_book", "validate_file"]
