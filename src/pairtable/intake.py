"""What `merge` keeps of each return: one inbox item read and validated into a FileEntry.

Only what the merge needs crosses back from a worker process: the entry (with the accepted
pairs as plain `PairRow` tuples) and the issues as `Record` tuples.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from pairtable.inbox import InboxItem
from pairtable.issuelog import Record, as_record
from pairtable.models import Pair, Source, make_issue
from pairtable.reader import Limits
from pairtable.roster import Roster
from pairtable.validate import validate_bytes

FileStatus = Literal["used", "superseded", "ignored", "unreadable", "conflict", "unpacked"]
# city, assisted, assisting, person, unit_title, phone, remark, sheet, row
PairRow = tuple[str, str, str, str, str, str, str, str, int]


@dataclass
class FileEntry:
    file: str
    status: FileStatus
    city: str | None = None
    filled_on: str | None = None
    sha256: str = ""
    reason: str = ""
    mail_from: str | None = None
    mail_subject: str | None = None
    mail_date: str | None = None
    modified: str | None = None
    pairs: int = 0
    errors: int = 0
    warnings: int = 0
    # Kept only while the file may still be used; dropped once it is superseded. Plain tuples
    # (see PairRow): they cross from worker processes far faster than Pair objects.
    accepted: list[PairRow] = field(default_factory=list, repr=False)
    rejected_counties: list[str] = field(default_factory=list, repr=False)
    content: str = field(default="", repr=False)  # digest of the accepted pairs


Validated = tuple[FileEntry, list[Record]]


def pair_row(pair: Pair) -> PairRow:
    return (
        pair.city,
        pair.assisted,
        pair.assisting,
        pair.person,
        pair.unit_title,
        pair.phone,
        pair.remark,
        pair.source.sheet,
        pair.source.row,
    )


def row_pair(row: PairRow, file: str) -> Pair:
    return Pair(*row[:7], source=Source(sheet=row[7], row=row[8], file=file))


def read_item(item: InboxItem, roster: Roster, limits: Limits) -> Validated:
    """The entry of one inbox item and the issues found in it (validated if it is a sheet)."""
    mail = item.mail
    entry = FileEntry(
        file=item.label,
        status="ignored",
        sha256=item.sha256,
        reason=item.reason,
        mail_from=mail.sender if mail else None,
        mail_subject=mail.subject if mail else None,
        mail_date=mail.date.isoformat() if mail and mail.date else None,
        modified=item.modified.isoformat() if item.modified else None,
    )
    if item.kind != "sheet" or item.data is None:
        if item.kind == "unreadable":
            entry.status, entry.errors = "unreadable", 1
            issue = make_issue(item.code or "file-unreadable", file=item.label, detail=item.reason)
            if item.code:
                entry.reason = issue.message
            return entry, [as_record(issue)]
        if item.kind == "archive":
            entry.status = "unpacked"
        return entry, []
    report = validate_bytes(item.data, item.label, roster, limits=limits)
    entry.city, entry.filled_on = report.city, report.header.filled_on
    entry.pairs = len(report.pairs)
    entry.errors = sum(1 for i in report.issues if i.severity == "error")
    entry.warnings = len(report.issues) - entry.errors
    records = [as_record(issue) for issue in report.issues]
    if not report.readable or report.city is None:
        entry.status = "unreadable"
        entry.reason = report.issues[0].message if report.issues else "无法读取"
        return entry, records
    entry.status = "used"
    entry.accepted = [pair_row(pair) for pair in report.pairs]
    entry.rejected_counties = report.rejected_counties
    entry.content = hashlib.sha256(repr(sorted(r[:7] for r in entry.accepted)).encode()).hexdigest()
    return entry, records
