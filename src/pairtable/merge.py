"""`merge`: every return in an inbox -> one provincial picture of the key counties.

Per city one return is used, chosen in this order (see versions.py): the latest 填报时间;
on a tie, the latest arrival (a mail attachment's mail date, else the file's time); then the
latest file time. Returns tied on all three that differ are a conflict, settled by hand; the
others are superseded. Each key county is covered (an accepted pair), invalid (named only in
rows with errors, or only in conflicting returns) or missing; `cause` says why it is not
covered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pairtable.coverage import city_summaries, key_county_coverage
from pairtable.dedup import merged_pairs
from pairtable.inbox import scan
from pairtable.intake import unpacked_pairs
from pairtable.issuelog import IssueLog
from pairtable.merge_report import (
    CitySummary,
    CoverageEntry,
    FileEntry,
    MergedIssue,
    MergeReport,
    MergeSummary,
)
from pairtable.models import Pair
from pairtable.pool import PARALLEL_FROM, default_jobs, read_all
from pairtable.reader import Limits
from pairtable.roster import Roster
from pairtable.unreadable import unreadable_only
from pairtable.versions import Choice

__all__ = [
    "PARALLEL_FROM",
    "MergeResult",
    "merge_inbox",
    "merge_json",
    "ordered_issues",
    "report_of",
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

    def __enter__(self) -> MergeResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.issues.close()


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
) -> MergeResult:
    """Read every return in `inbox` and keep only what the result needs.

    Files are validated in a pool of `jobs` processes (default: one per CPU, at most 4;
    0 for none) when there are many. Results are taken back in inbox order, so the output
    never depends on the pool.
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
        # Accepted pairs wait packed: only the returns still used become Pairs again.
        packed: dict[int, bytes] = {}
        for index, read in enumerate(read_all(pending, roster, limits, workers)):
            if progress:
                progress(index, len(pending), read.entry.file)
            issues.add(read.issues)
            entries.append(read.entry)
            if read.pairs:
                packed[id(read.entry)] = read.pairs
            for superseded in choice.offer(read.entry):
                packed.pop(id(superseded), None)
        issues.extend(choice.finish())
        for entry in entries:
            if entry.status in ("used", "conflict") and id(entry) in packed:
                entry.accepted = unpacked_pairs(packed.pop(id(entry)))
        packed.clear()
        issues.extend(unreadable_only(entries, roster))
        pairs, duplicates = merged_pairs(entries, roster)
        issues.extend(duplicates)
        coverage = key_county_coverage(entries, pairs, roster)
        cities = city_summaries(entries, coverage, pairs, roster)
    except BaseException:
        issues.close()
        raise
    return MergeResult(roster, generated_at, entries, coverage, cities, pairs, issues)


def coverage_sentence(result: MergeResult) -> str:
    """已覆盖 34 个，有错误 2 个，未报 10 个 (冲突 only when there is one)."""
    parts = [f"{label} {result.count_label(label)} 个" for label in ("已覆盖", "有错误")]
    if conflicts := result.count_label("冲突"):
        parts.append(f"冲突 {conflicts} 个（两份同日报表内容不同，需人工核实）")
    parts.append(f"未报 {result.count_label('未报')} 个")
    return "，".join(parts)


def ordered_issues(result: MergeResult) -> Iterator[MergedIssue]:
    """Each issue with the status of its file: those of superseded returns last.

    The log is read twice, each pass seeking past the other pass's files without decoding
    them (it stores issues a file at a time).
    """
    status = {f.file: f.status for f in result.files}

    def superseded(file: str | None) -> bool:
        return status.get(file or "") == "superseded"

    for fields in result.issues.fields(lambda file: not superseded(file)):
        yield MergedIssue.model_construct(
            **fields, file_status=status.get(fields["file"] or "", "")
        )
    for fields in result.issues.fields(superseded):
        yield MergedIssue.model_construct(**fields, file_status="superseded")


def report_of(result: MergeResult) -> MergeReport:
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
    report = report_of(result)
    if not redact:
        return report.model_dump_json(indent=2)
    from pairtable.redact import redact_report

    return redact_report(report)
