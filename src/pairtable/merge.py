"""`merge`: every return in an inbox -> one provincial picture of the key counties.

The jobs, one module each: reading the returns (pool.py, in worker processes when there are
many; intake.py keeps what the merge needs of each), choosing each city's return (versions.py:
the latest 填报时间, then the latest arrival, then the latest file time; returns tied on all
three that differ are a conflict, settled by hand, the others are superseded), counting each
pair once (dedup.py), and the key counties' coverage with the per-city summaries (coverage.py).
This module runs them in order and builds the `--json` payload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pairtable.coverage import (
    CAUSE_LABELS,
    STATUS_LABELS,
    Cause,
    CitySummary,
    CoverageEntry,
    CoverageStatus,
    city_summaries,
    key_county_coverage,
    pairing_mode,
)
from pairtable.dedup import merged_pairs
from pairtable.inbox import scan
from pairtable.intake import FileEntry, FileStatus, PairRow
from pairtable.issuelog import IssueLog, Record
from pairtable.models import Issue, Pair
from pairtable.pool import PARALLEL_FROM, default_jobs, read_all
from pairtable.reader import Limits
from pairtable.roster import Roster
from pairtable.unreadable import unreadable_only
from pairtable.versions import Choice

# Re-exported: callers import these from here.
__all__ = [
    "CAUSE_LABELS",
    "STATUS_LABELS",
    "Cause",
    "CitySummary",
    "CoverageEntry",
    "CoverageStatus",
    "FileEntry",
    "FileStatus",
    "MergeResult",
    "PairRow",
    "coverage_sentence",
    "merge_inbox",
    "merge_payload",
    "ordered_issues",
    "pairing_mode",
]


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


Progress = Callable[[int, int, str], None]


def merge_inbox(
    inbox: Path,
    roster: Roster,
    *,
    generated_at: datetime,
    keep_all: bool = False,
    limits: Limits | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    on_issues: Callable[[list[Record]], None] | None = None,
) -> MergeResult:
    """Read every return in `inbox` and keep only what the result needs.

    Files are validated in a pool of `jobs` processes (default: one per CPU, at most 4;
    0 for none) when there are many. Results are taken back in inbox
    order, so the output never depends on the pool.
    `on_issues` sees every batch of issues as it is logged (to write them out meanwhile).
    """
    limits = limits or Limits()
    pending = scan(inbox)
    workers = default_jobs() if jobs is None else jobs
    if len(pending) < PARALLEL_FROM:
        workers = 0
    issues = IssueLog(on_issues)
    entries: list[FileEntry] = []
    choice = Choice(keep_all)
    results = read_all(pending, roster, limits, workers)
    for index, (entry, found) in enumerate(results):
        if progress:
            progress(index, len(pending), entry.file)
        issues.extend_records(found)
        entries.append(entry)
        choice.offer(entry)
    issues.extend(choice.finish())
    issues.extend(unreadable_only(entries, roster))
    pairs, duplicates = merged_pairs(entries, roster)
    issues.extend(duplicates)
    coverage = key_county_coverage(entries, pairs, roster)
    cities = city_summaries(entries, coverage, pairs, roster)
    return MergeResult(roster, generated_at, entries, coverage, cities, pairs, issues)


def coverage_sentence(result: MergeResult) -> str:
    """已覆盖 34 个，有错误 2 个，未报 10 个 (冲突 only when there is one)."""
    parts = [f"{label} {result.count_label(label)} 个" for label in ("已覆盖", "有错误")]
    if conflicts := result.count_label("冲突"):
        parts.append(f"冲突 {conflicts} 个（两份同日报表内容不同，需人工核实）")
    parts.append(f"未报 {result.count_label('未报')} 个")
    return "，".join(parts)


def ordered_issues(result: MergeResult) -> Iterator[tuple[Issue, str]]:
    """Each issue with the status of its file: those of superseded returns last.

    One pass over the log: the others are yielded as read, the superseded ones set aside in a
    log of their own (spilled to disk like the first) and yielded after. Reading the log twice
    instead builds every Issue twice, once only to skip it.
    """
    status = {f.file: f.status for f in result.files}
    later = IssueLog()
    waiting: list[Issue] = []
    try:
        for issue in result.issues:  # streamed back from disk
            of_file = status.get(issue.file or "", "")
            if of_file != "superseded":
                yield issue, of_file
                continue
            waiting.append(issue)
            if len(waiting) >= 1000:
                later.extend(waiting)
                waiting.clear()
        later.extend(waiting)
        for issue in later:
            yield issue, "superseded"
    finally:
        later.close()


def merge_payload(result: MergeResult, *, redact: bool = False) -> dict[str, Any]:
    """The `merge --json` contract; `redact` masks every phone number, wherever it appears."""
    from pairtable.phones import mask
    from pairtable.redact import redact_payload

    payload = {
        "roster": {
            "declared_total": result.roster.declared_total,
            "unconfirmed": result.roster.unconfirmed,
            "origin": result.roster.origin,
            "fingerprint": result.roster.fingerprint,
        },
        "summary": {
            "key_counties": len(result.coverage),
            "covered": result.count("covered"),
            "invalid": result.count("invalid"),
            "missing": result.count("missing"),
            "conflict": sum(1 for c in result.coverage if c.cause == "conflict"),
            "cities_not_submitted": [
                c.city for c in result.cities if c.expected and not c.submitted
            ],
        },
        "files": [
            {
                "file": f.file,
                "city": f.city,
                "status": f.status,
                "filled_on": f.filled_on,
                "sha256": f.sha256,
                "reason": f.reason,
                "mail_from": f.mail_from,
                "mail_subject": f.mail_subject,
                "mail_date": f.mail_date,
                "pairs": f.pairs,
                "errors": f.errors,
                "warnings": f.warnings,
            }
            for f in result.files
        ],
        "coverage": [
            {
                "city": c.city,
                "county": c.county,
                "status": c.status,
                "assisting": list(c.assisting),
                "evidence": c.evidence,
                "sources": list(c.sources),
                "cause": c.cause,
            }
            for c in result.coverage
        ],
        "cities": [
            {
                "city": c.city,
                "submitted": c.submitted,
                "file": c.file,
                "filled_on": c.filled_on,
                "expected": c.expected,
                "covered": c.covered,
                "invalid": c.invalid,
                "missing": c.missing,
                "conflict": c.conflict,
                "mode": c.mode,
            }
            for c in result.cities
        ],
        "pairs": [
            {**p.payload(), "phone": mask(p.phone) if redact else p.phone} for p in result.pairs
        ],
        "issues": [
            {**issue.payload(), "file_status": status} for issue, status in ordered_issues(result)
        ],
    }
    return redact_payload(payload) if redact else payload
