"""What `merge` keeps of each return: one inbox item read and validated into a FileEntry.

Only what the merge needs crosses back from a worker process, and in the form that costs the
merge's own process least, always by field name (never by position): the entry, the issues
as the issue log stores them, and the accepted pairs as their fields, made into `Pair`s again
only for the returns the merge uses (most of a year's returns are superseded).
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass

from pairtable.inbox import InboxItem
from pairtable.issuelog import IssueRecord, issue_records
from pairtable.merge_report import FileEntry
from pairtable.models import Pair, Source, make_issue
from pairtable.reader import Limits
from pairtable.roster import Roster
from pairtable.validate import validate_bytes


@dataclass(frozen=True)
class Validated:
    """One inbox item read: what became of it (its `accepted` left empty), its issues, and its
    accepted pairs packed (`pairs`; `unpacked_pairs` makes them `Pair`s again)."""

    entry: FileEntry
    issues: list[IssueRecord]
    pairs: bytes = b""


def unpacked_pairs(packed: bytes) -> list[Pair]:
    """Accepted pairs as read (validated then: made again without validating)."""
    return [
        Pair.model_construct(**{**fields, "source": Source.model_construct(**fields["source"])})
        for fields in marshal.loads(packed)
    ]


def packed_pairs(pairs: list[Pair]) -> bytes:
    """Accepted pairs as their fields (marshal), to cross from a worker process cheaply."""
    return marshal.dumps([pair.model_dump() for pair in pairs])


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
            return Validated(entry, issue_records([issue]))
        if item.kind == "archive":
            entry.status = "unpacked"
        return Validated(entry, [])
    report = validate_bytes(item.data, item.label, roster, limits=limits)
    entry.city, entry.filled_on = report.city, report.header.filled_on
    entry.pairs = len(report.pairs)
    entry.errors = sum(1 for i in report.issues if i.severity == "error")
    entry.warnings = len(report.issues) - entry.errors
    if not report.readable or report.city is None:
        entry.status = "unreadable"
        entry.reason = report.issues[0].message if report.issues else "无法读取"
        return Validated(entry, issue_records(report.issues))
    entry.status = "used"
    entry.rejected_counties = report.rejected_counties
    entry.content = _digest(report.pairs)
    return Validated(entry, issue_records(report.issues), packed_pairs(report.pairs))


def _digest(pairs: list[Pair]) -> str:
    """What a return says, whatever its rows' order and place: two returns with the same
    digest are the same return."""
    said = sorted(
        (p.city, p.assisted, p.assisting, p.person, p.unit_title, p.phone, p.remark) for p in pairs
    )
    return hashlib.sha256(repr(said).encode()).hexdigest()
