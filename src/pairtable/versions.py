"""Which of a city's returns `merge` uses: one sort key, rung by rung, and the ties.

Rungs: the latest 填报时间; then the latest arrival (a mail attachment's mail date, else the
file's time); then the latest file time. Returns equal on every rung are a tie: identical
content keeps one, different content is a conflict to settle by hand.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pairtable.models import Issue, make_issue

if TYPE_CHECKING:
    from pairtable.merge_report import FileEntry

_NEVER = datetime.min.replace(tzinfo=UTC)


def _moment(text: str | None) -> datetime:
    if not text:
        return _NEVER
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def version_key(entry: FileEntry) -> tuple[str, datetime, datetime]:
    """Which of a city's returns is newest, rung by rung: 填报时间 (none is oldest); then when
    it arrived (the mail's date for a mail attachment, else the file's time); then the file's
    time (two attachments of one mail, mails of the same minute). Equal keys are a tie."""
    modified = _moment(entry.modified)
    arrived = _moment(entry.mail_date) if entry.mail_date else modified
    return (entry.filled_on or "", arrived, modified)


class Choice:
    """Which return of each city is used, decided as the returns arrive (in label order).

    Only the newest returns of a city (ties included) keep their pairs; older ones are
    superseded at once, so memory does not grow with resubmissions.
    """

    def __init__(self, keep_all: bool) -> None:
        self._keep_all = keep_all
        self._newest: dict[str, list[FileEntry]] = {}
        self._older: dict[str, list[FileEntry]] = defaultdict(list)

    def offer(self, entry: FileEntry) -> list[FileEntry]:
        """Take `entry` into account; returns the entries it has superseded (maybe itself)."""
        if entry.status != "used" or entry.city is None or self._keep_all:
            return []
        tied = self._newest.setdefault(entry.city, [])
        if tied and version_key(entry) < version_key(tied[0]):
            self._supersede(entry, entry.city)
            return [entry]
        superseded = []
        if tied and version_key(entry) > version_key(tied[0]):
            for older in tied:
                self._supersede(older, entry.city)
            superseded, tied[:] = list(tied), []
        tied.append(entry)
        return superseded

    def _supersede(self, entry: FileEntry, city: str) -> None:
        entry.status = "superseded"
        entry.accepted, entry.rejected_counties = [], []
        self._older[city].append(entry)

    def finish(self) -> list[Issue]:
        """Settle ties: identical content -> one used; different content -> conflict."""
        issues: list[Issue] = []
        for city, tied in self._newest.items():
            if len({e.content for e in tied}) > 1:
                for entry in tied:
                    others = "、".join(o.file for o in tied if o is not entry)
                    entry.status = "conflict"
                    entry.reason = f"与 {others} 填报时间和送达时间都相同但内容不同"
                    issues.append(
                        make_issue("file-conflict", file=entry.file, other=others, city=city)
                    )
                chosen = None
            else:
                chosen = tied[-1]  # the last in label order
                for entry in tied[:-1]:
                    self._supersede(entry, city)
            for entry in self._older[city]:
                entry.reason = f"已由 {chosen.file} 替代" if chosen else "同一市有冲突的报表"
                if chosen and _arrival(entry) > _arrival(chosen):
                    issues.append(_arrived_later(entry, chosen, city))
        return issues


def _arrival(entry: FileEntry) -> datetime:
    return version_key(entry)[1]


def _arrived_later(entry: FileEntry, chosen: FileEntry, city: str) -> Issue:
    """An older version that arrived after the one used: most often a correction whose
    填报时间 was left blank or not updated, so the clerk must hear of it."""
    if entry.filled_on:
        detail = f"其填报时间（{entry.filled_on}）早于采用的一份（{chosen.filled_on}）"
    else:
        detail = "没有填写填报时间"
    return make_issue(
        "superseded-arrived-later", file=entry.file, other=chosen.file, city=city, detail=detail
    )
