"""`feedback`: after a merge, decide what each city must do and gather what its pack needs.

A city must act when its used return has errors (需修改), when key counties are still missing
or it sent nothing usable (需补报), or when its return has only warnings (仅提醒). The used
returns are read again (the merge keeps only what the provincial picture needs), so each
pack gets the full report of its file, merge-level findings included.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path, PurePath
from typing import Literal

from pairtable.archive import MEMBER_SEPARATOR
from pairtable.inbox import open_items, scan
from pairtable.merge import MergeResult
from pairtable.merge_report import FileEntry
from pairtable.models import FileReport, Issue
from pairtable.reader import Limits
from pairtable.roster import Roster
from pairtable.text import squash
from pairtable.validate import validate_bytes

Action = Literal["fix", "report", "remind", "none"]
ACTION_LABELS: dict[str, str] = {
    "fix": "需修改",
    "report": "需补报",
    "remind": "仅提醒",
    "none": "无需反馈",
}
# Covered by the notice's own list of counties to report, from the merged coverage.
COUNTY_MISSING_CODE = "key-county-missing"
# Said once in the notice's opening rather than listed with the cell errors.
CONFLICT_CODE = "file-conflict"


@dataclass(frozen=True)
class UsedReturn:
    """A city's return the merge used (or could not choose between), with its full report."""

    entry: FileEntry
    report: FileReport  # merge-level findings about the file (conflicts, duplicates) included
    data: bytes
    # The 重点帮扶县 each data row names, by sheet and row number: how a city finds the row
    # it wrote.
    row_counties: dict[tuple[str, int], str] = field(default_factory=dict)

    def county_of(self, issue: Issue) -> str:
        """The 重点帮扶县 of the row an issue is about, or ""."""
        if not issue.cell or "!" not in issue.cell or not issue.row:
            return ""
        return self.row_counties.get((issue.cell.rsplit("!", 1)[0], issue.row), "")

    # Each issue's cell in the annotated copy attached to the mail, once it is written. A copy
    # of a .csv/.xls/.et/.ods return is rebuilt in the form's layout (sheet 统计表), so its
    # cells differ from the city's own file; the notice points at the copy's cells.
    copy_cells: dict[Issue, str | None] = field(default_factory=dict)

    def copy_cell(self, issue: Issue) -> str | None:
        """Where `issue` is marked in the attached copy (its own cell when no copy is known)."""
        return self.copy_cells.get(issue, issue.cell) if self.copy_cells else issue.cell

    @property
    def cells_moved(self) -> bool:
        return any(cell != issue.cell for issue, cell in self.copy_cells.items())

    @property
    def name(self) -> str:
        """The file's own name (an attachment's name for saved mail)."""
        return Path(self.entry.file).name

    @property
    def described(self) -> str:
        """How the city knows the file: “表.xlsx”, or “材料.zip”中的“表.xlsx” for a member."""
        if MEMBER_SEPARATOR not in self.entry.file:
            return f"“{self.name}”"
        archive = PurePath(self.entry.file.split(MEMBER_SEPARATOR, 1)[0]).name
        return f"“{archive}”中的“{self.name}”"

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.report.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.report.issues if i.severity == "warning"]


@dataclass(frozen=True)
class UnreadableReturn:
    """A file that could not be used, attributed to a city by its name, folder or mail.

    `ignored` ones (a mail without a spreadsheet, a PDF) only matter to a city that sent
    nothing usable; they carry the inbox's reason instead of findings.
    """

    file: str
    issues: tuple[Issue, ...]
    mail_from: str | None
    ignored: bool = False
    reason: str = ""
    mail_subject: str | None = None


@dataclass
class CityFeedback:
    city: str
    action: Action
    expected: int  # key counties of the city
    covered: int
    to_fix: list[str]  # key counties named only in rows with errors
    to_report: list[str]  # key counties named nowhere
    returns: list[UsedReturn] = field(default_factory=list)
    unreadable: list[UnreadableReturn] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def submitted(self) -> bool:
        return bool(self.returns)

    @property
    def recipients(self) -> list[str]:
        """Where the used returns came from as saved mail; else where the unusable ones did."""
        senders = [r.entry.mail_from for r in self.returns] or [
            u.mail_from for u in self.unreadable
        ]
        return list(dict.fromkeys(s for s in senders if s))

    @property
    def error_count(self) -> int:
        return sum(len(r.errors) for r in self.returns)

    @property
    def warning_count(self) -> int:
        return sum(len(r.warnings) for r in self.returns)


@dataclass
class FeedbackPlan:
    cities: list[CityFeedback]
    unassigned: list[UnreadableReturn]  # unusable files no city could be named for

    def of(self, action: Action) -> list[CityFeedback]:
        return [c for c in self.cities if c.action == action]


def default_deadline(today: date) -> date:
    """Three days on; a Saturday or Sunday moves to the Monday."""
    due = today + timedelta(days=3)
    return due + timedelta(days=(7 - due.weekday()) % 7 if due.weekday() >= 5 else 0)


def plan_feedback(
    inbox: Path, result: MergeResult, *, limits: Limits | None = None
) -> FeedbackPlan:
    """What every city of the roster must do, from a merge of `inbox`."""
    limits = limits or Limits()
    roster = result.roster
    used = {f.file: f for f in result.files if f.status in ("used", "conflict") and f.city}
    unusable = [f for f in result.files if f.status == "unreadable"]
    wanted = set(used) | {f.file for f in unusable}
    logged: dict[str, list[Issue]] = defaultdict(list)
    for issue in result.issues:
        if issue.file in wanted:
            logged[issue.file].append(issue)
    returns: dict[str, list[UsedReturn]] = defaultdict(list)
    for label, data in _read_again(inbox, set(used), limits):
        entry = used[label]
        report = validate_bytes(data, label, roster, limits=limits)
        known = set(report.issues)
        extra = [i for i in logged[label] if i not in known]
        report = report.model_copy(update={"issues": report.issues + extra})
        assert entry.city is not None
        counties = _row_counties(data, label, limits) if report.issues else {}
        returns[entry.city].append(UsedReturn(entry, report, data, counties))
    unreadable: dict[str | None, list[UnreadableReturn]] = defaultdict(list)
    for entry in unusable:
        city = city_named_in(_names_of(entry), roster)
        # city-file-unreadable is the province's own note ("ask the city again"): the city is
        # told what was wrong with its file instead.
        told = tuple(i for i in logged[entry.file] if i.code != "city-file-unreadable")
        unreadable[city].append(UnreadableReturn(entry.file, told, entry.mail_from))
    keyed = {c.city for c in result.coverage}
    for entry in result.files:
        if entry.status != "ignored" or _inside_mail(entry.file):
            continue
        city = city_named_in(_names_of(entry), roster)
        # An ignored file (a note, a PDF) is no return: it only tells a city that owes a table
        # that what it sent was not one. A city without key counties owes none.
        if city is not None and city not in returns and city in keyed:
            unreadable[city].append(
                UnreadableReturn(
                    entry.file,
                    (),
                    entry.mail_from,
                    ignored=True,
                    reason=entry.reason,
                    mail_subject=entry.mail_subject,
                )
            )
    coverage = defaultdict(list)
    for c in result.coverage:
        coverage[c.city].append(c)
    cities = []
    for city in roster.city_names:
        mine = coverage[city]
        feedback = CityFeedback(
            city=city,
            action="none",
            expected=len(mine),
            covered=sum(1 for c in mine if c.status == "covered"),
            to_fix=[c.county for c in mine if c.status == "invalid"],
            to_report=[c.county for c in mine if c.status == "missing"],
            returns=sorted(returns[city], key=lambda r: r.entry.file),
            unreadable=sorted(unreadable[city], key=lambda u: u.file),
        )
        feedback.action = _action(feedback)
        cities.append(feedback)
    return FeedbackPlan(cities, unreadable[None])


def _row_counties(data: bytes, label: str, limits: Limits) -> dict[tuple[str, int], str]:
    from pairtable.reader import UnreadableFile, read_book_bytes
    from pairtable.table import locate

    try:
        book = read_book_bytes(data, PurePath(label).name, limits)
    except UnreadableFile:
        return {}
    counties: dict[tuple[str, int], str] = {}
    for sheet in book.table_sheets:  # a return may hold its table on several sheets
        located = locate(sheet)
        if located is None:
            continue
        for row in located.rows:
            cell = row.cells.get("assisted")
            if cell is not None and cell.text:
                counties[(sheet.name, row.number)] = cell.text
    return counties


def _names_of(entry: FileEntry) -> str:
    """What may name the city that sent a file: its path, and the mail's subject and sender."""
    sender = ""
    if entry.mail_from:
        from email.header import decode_header, make_header

        try:
            sender = str(make_header(decode_header(entry.mail_from)))
        except (ValueError, LookupError):
            sender = entry.mail_from
    return " ".join((entry.file, entry.mail_subject or "", sender))


def _inside_mail(label: str) -> bool:
    """An attachment of a saved mail (`信.eml/说明.docx`), not a file of the inbox itself."""
    return ".eml/" in label.lower()


def _action(city: CityFeedback) -> Action:
    if not city.returns:
        return "report" if city.expected or city.unreadable else "none"
    if city.error_count or city.to_fix:
        return "fix"
    if city.to_report:
        return "report"
    if city.warning_count or city.unreadable:
        return "remind"
    return "none"


def _read_again(inbox: Path, labels: set[str], limits: Limits) -> list[tuple[str, bytes]]:
    """The bytes of the files (mail attachments, archive members) with these labels, in label
    order, read through the same entry point as `merge` so the labels are the same."""
    found: list[tuple[str, bytes]] = []
    for pending in scan(inbox):
        if not any(_comes_from(label, pending.label) for label in labels):
            continue
        for item in open_items(pending, limits.max_file_bytes, limits):
            if item.label in labels and item.data is not None:
                found.append((item.label, item.data))
    return found


def _comes_from(label: str, path_label: str) -> bool:
    """`label` is the inbox path itself, an attachment of it (`信.eml/表.xlsx`) or a member
    of it (`材料.zip!/表.xlsx`, `信.eml/材料.zip!/表.xlsx`)."""
    return label == path_label or label.startswith(
        (f"{path_label}/", f"{path_label}{MEMBER_SEPARATOR}")
    )


def city_named_in(text: str, roster: Roster) -> str | None:
    """The one city a file name, folder or mail subject names (full or short name), if any."""
    compact = squash(text)
    named = {c.name for c in roster.cities if c.name in compact}
    if not named:
        named = {c.name for c in roster.cities if c.short_name and c.short_name in compact}
    return named.pop() if len(named) == 1 else None
