"""`merge`: every return in an inbox -> one provincial picture of the key counties.

Per city one return is used, chosen in this order (see versions.py): the latest 填报时间;
on a tie, the latest arrival (a mail attachment's mail date, else the file's time); then the
latest file time. Returns tied on all three that differ are a conflict, settled by hand; the
others are superseded. Each key county is covered (an accepted pair), invalid (named only in
rows with errors, or only in conflicting returns) or missing; `cause` says why it is not
covered.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pairtable.inbox import InboxItem, Pending, open_items, scan
from pairtable.issuelog import IssueLog
from pairtable.merge_report import (
    Cause,
    CitySummary,
    CoverageEntry,
    CoverageStatus,
    FileEntry,
    MergedIssue,
    MergeReport,
    MergeSummary,
)
from pairtable.models import Issue, Pair, make_issue
from pairtable.reader import Limits
from pairtable.roster import Roster
from pairtable.unreadable import unreadable_only
from pairtable.validate import validate_bytes
from pairtable.versions import Choice

if TYPE_CHECKING:
    from concurrent.futures import Future


@dataclass
class MergeResult:
    roster: Roster
    generated_at: datetime
    files: list[FileEntry]
    coverage: list[CoverageEntry]
    cities: list[CitySummary]
    pairs: list[Pair]
    issues: IssueLog

    def count(self, status: str) -> int:
        return sum(1 for c in self.coverage if c.status == status)

    def count_label(self, label: str) -> int:
        """Counties shown as `label` (已覆盖, 有错误, 冲突, 未报)."""
        return sum(1 for c in self.coverage if c.label == label)

    @property
    def has_errors(self) -> bool:
        relevant = {"used", "conflict", "unreadable"}
        return any(f.errors for f in self.files if f.status in relevant)

    def __enter__(self) -> MergeResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.issues.close()


Progress = Callable[[int, int, str], None]
# Below this many files a process pool costs more than it saves.
PARALLEL_FROM = 24


def default_jobs() -> int:
    """Worker processes: one CPU is left to this process, which writes while they read."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


def merge_inbox(
    inbox: Path,
    roster: Roster,
    *,
    generated_at: datetime,
    keep_all: bool = False,
    limits: Limits | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> MergeResult:
    """Read every return in `inbox` and keep only what the result needs.

    Files are validated in a pool of `jobs` processes (default: one fewer than the CPUs,
    at least 1, at most 4; 0 for none) when there are many. Results are taken back in inbox
    order, so the output never depends on the pool.
    The result holds the issues in a temporary file: use it as a context manager (`with
    merge_inbox(...) as result:`), or close `result.issues`, to delete it.
    """
    limits = limits or Limits()
    pending = scan(inbox)
    workers = default_jobs() if jobs is None else jobs
    if len(pending) < PARALLEL_FROM:
        workers = 0
    issues = IssueLog()
    try:
        entries: list[FileEntry] = []
        choice = Choice(keep_all)
        results = _validated(pending, roster, limits, workers)
        for index, read in enumerate(results):
            if progress:
                progress(index, len(pending), read.entry.file)
            issues.extend(read.issues)
            entries.append(read.entry)
            choice.offer(read.entry)
        issues.extend(choice.finish())
        issues.extend(unreadable_only(entries, roster))
        pairs = _merged_pairs(entries, roster, issues)
        coverage = _coverage(entries, pairs, roster)
        cities = _city_summaries(entries, coverage, pairs, roster)
    except BaseException:
        issues.close()
        raise
    return MergeResult(roster, generated_at, entries, coverage, cities, pairs, issues)


@dataclass(frozen=True)
class Validated:
    """One file read: what became of it, and its issues (what a worker process sends back)."""

    entry: FileEntry
    issues: list[Issue]


_worker: tuple[Roster, Limits] | None = None


def _validated(
    pending: list[Pending], roster: Roster, limits: Limits, workers: int
) -> Iterator[Validated]:
    """(entry, issues) for every item, in inbox order; in `workers` processes unless 0."""
    if workers == 0:
        for one in pending:
            for item in open_items(one, limits.max_file_bytes, limits):
                yield _read(item, roster, limits)
        return
    # Imported here: it brings in multiprocessing, which small merges never need.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(roster, limits)) as pool:
        # A bounded window of files in flight keeps memory flat however large the inbox.
        window: deque[Future[list[Validated]]] = deque()
        for one in pending:
            window.append(pool.submit(_read_pending, one))
            if len(window) >= 4 * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def _start_worker(roster: Roster, limits: Limits) -> None:
    global _worker
    _worker = (roster, limits)


def _read_pending(pending: Pending) -> list[Validated]:
    assert _worker is not None
    roster, limits = _worker
    return [
        _read(item, roster, limits) for item in open_items(pending, limits.max_file_bytes, limits)
    ]


def _read(item: InboxItem, roster: Roster, limits: Limits) -> Validated:
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
            return Validated(entry, [issue])
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
        return Validated(entry, report.issues)
    entry.status = "used"
    entry.accepted = report.pairs
    entry.rejected_counties = report.rejected_counties
    entry.content = _digest(report.pairs)
    return Validated(entry, report.issues)


def _digest(pairs: list[Pair]) -> str:
    """What a return says, whatever its rows' order and place: two returns with the same
    digest are the same return."""
    said = sorted(
        (p.city, p.assisted, p.assisting, p.person, p.unit_title, p.phone, p.remark) for p in pairs
    )
    return hashlib.sha256(repr(said).encode()).hexdigest()


def _merged_pairs(entries: list[FileEntry], roster: Roster, issues: IssueLog) -> list[Pair]:
    order = {(d.city, d.name): i for i, d in enumerate(roster.divisions)}
    seen: dict[tuple[str, str, str], str] = {}
    pairs: list[Pair] = []
    duplicates: list[Issue] = []
    for entry in entries:
        if entry.status != "used":
            continue
        for pair in entry.accepted:
            key = (pair.city, pair.assisted, pair.assisting)
            if key in seen:
                duplicates.append(
                    make_issue(
                        "pair-duplicate-across-files",
                        file=entry.file,
                        sheet=pair.source.sheet,
                        row=pair.source.row,
                        assisted=pair.assisted,
                        assisting=pair.assisting,
                        other=seen[key],
                    )
                )
                continue
            seen[key] = entry.file
            pairs.append(pair)
    issues.extend(duplicates)
    city_order = {c: i for i, c in enumerate(roster.city_names)}
    pairs.sort(
        key=lambda p: (
            city_order.get(p.city, 99),
            order.get((p.city, p.assisted), 0),
            p.source.file or "",
            p.source.row,
            order.get((p.city, p.assisting), 0),
        )
    )
    return pairs


def _coverage(entries: list[FileEntry], pairs: list[Pair], roster: Roster) -> list[CoverageEntry]:
    helpers: dict[tuple[str, str], list[str]] = defaultdict(list)
    sources: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pair in pairs:
        key = (pair.city, pair.assisted)
        if pair.assisting not in helpers[key]:
            helpers[key].append(pair.assisting)
        if pair.source.file and pair.source.file not in sources[key]:
            sources[key].append(pair.source.file)
    invalid: dict[tuple[str, str], list[str]] = defaultdict(list)
    in_error_rows: set[tuple[str, str]] = set()
    submitted: set[str] = set()
    # Cities whose files all failed to read: something arrived, so they are not 未报送 in silence.
    unreadable = {e.city for e in entries if e.status == "unreadable" and e.city}
    for entry in entries:
        if entry.status in ("used", "conflict") and entry.city:
            submitted.add(entry.city)
            named = list(entry.rejected_counties)
            if entry.status == "used":
                in_error_rows.update((entry.city, county) for county in named)
            else:
                named = sorted({pair.assisted for pair in entry.accepted} | set(named))
            for county in named:
                invalid[(entry.city, county)].append(entry.file)
    coverage = []
    for key_county in roster.key_counties:
        key = (key_county.city, key_county.county)
        status: CoverageStatus
        cause: Cause | None = None
        if key in helpers:
            status = "covered"
        elif key in invalid:
            status = "invalid"
            # Rows with errors in a return that is used are the city's to fix first.
            cause = "row-errors" if key in in_error_rows else "conflict"
        else:
            status = "missing"
            if key_county.city in submitted:
                cause = "not-in-return"
            elif key_county.city in unreadable:
                cause = "unreadable-return"
            else:
                cause = "not-submitted"
        coverage.append(
            CoverageEntry(
                city=key_county.city,
                county=key_county.county,
                status=status,
                assisting=helpers.get(key, []),
                evidence=key_county.evidence,
                sources=sources.get(key) or invalid.get(key) or [],
                cause=cause,
            )
        )
    return coverage


def coverage_sentence(result: MergeResult) -> str:
    """已覆盖 34 个，有错误 2 个，未报 10 个 (冲突 only when there is one)."""
    parts = [f"{label} {result.count_label(label)} 个" for label in ("已覆盖", "有错误")]
    if conflicts := result.count_label("冲突"):
        parts.append(f"冲突 {conflicts} 个（两份同日报表内容不同，需人工核实）")
    parts.append(f"未报 {result.count_label('未报')} 个")
    return "，".join(parts)


def pairing_mode(pairs: list[Pair]) -> str:
    """一对一 / 一对多 / 多对一 / 混合, from how many helpers each county has and vice versa."""
    if not pairs:
        return "—"
    helpers_of: dict[str, set[str]] = defaultdict(set)
    helped_by: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        helpers_of[pair.assisted].add(pair.assisting)
        helped_by[pair.assisting].add(pair.assisted)
    one_to_many = any(len(h) > 1 for h in helpers_of.values())
    many_to_one = any(len(a) > 1 for a in helped_by.values())
    if one_to_many and many_to_one:
        return "混合"
    return "一对多" if one_to_many else "多对一" if many_to_one else "一对一"


def _city_summaries(
    entries: list[FileEntry], coverage: list[CoverageEntry], pairs: list[Pair], roster: Roster
) -> list[CitySummary]:
    summaries = []
    for city in roster.city_names:
        used = [e for e in entries if e.city == city and e.status in ("used", "conflict")]
        mine = [c for c in coverage if c.city == city]
        summaries.append(
            CitySummary(
                city=city,
                submitted=bool(used),
                file="、".join(e.file for e in used) or None,
                filled_on=max((e.filled_on for e in used if e.filled_on), default=None),
                expected=len(mine),
                covered=sum(1 for c in mine if c.status == "covered"),
                invalid=sum(1 for c in mine if c.status == "invalid"),
                missing=sum(1 for c in mine if c.status == "missing"),
                mode=pairing_mode([p for p in pairs if p.city == city]),
                conflict=sum(1 for c in mine if c.cause == "conflict"),
            )
        )
    return summaries


def ordered_issues(result: MergeResult) -> Iterator[MergedIssue]:
    """Each issue with the status of its file: those of superseded returns last."""
    status = {f.file: f.status for f in result.files}
    for superseded in (False, True):
        for issue in result.issues:  # streamed back from disk
            of_file = status.get(issue.file or "", "")
            if (of_file == "superseded") == superseded:
                yield MergedIssue.model_construct(**dict(issue), file_status=of_file)


def merge_report(result: MergeResult) -> MergeReport:
    """The `merge --json` contract."""
    from pairtable.roster_report import RosterInfo

    return MergeReport(
        roster=RosterInfo.of(result.roster),
        summary=MergeSummary(
            key_counties=len(result.coverage),
            covered=result.count("covered"),
            invalid=result.count("invalid"),
            missing=result.count("missing"),
            conflict=sum(1 for c in result.coverage if c.cause == "conflict"),
            cities_not_submitted=[c.city for c in result.cities if c.expected and not c.submitted],
        ),
        files=result.files,
        coverage=result.coverage,
        cities=result.cities,
        pairs=result.pairs,
        issues=list(ordered_issues(result)),
    )


def merge_json(result: MergeResult, *, redact: bool = False) -> str:
    """`merge --json` as text; `redact` masks every phone number, wherever it appears."""
    report = merge_report(result)
    if not redact:
        return report.model_dump_json(indent=2)
    from pairtable.redact import redact_report

    return redact_report(report)
