"""What `merge` knows and says: each file's fate, each key county's coverage, each city's
summary, and `MergeReport`, the `merge --json` contract (`model_dump_json`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from pairtable.models import IsoDate, Issue, Pair, Report
from pairtable.roster import Evidence
from pairtable.roster_report import RosterInfo
from pairtable.statuses import (
    CAUSE_LABELS,
    STATUS_LABELS,
    Cause,
    CoverageStatus,
    FileStatus,
    PairingMode,
)

__all__ = [
    "CAUSE_LABELS",
    "STATUS_LABELS",
    "Cause",
    "CitySummary",
    "CoverageEntry",
    "CoverageStatus",
    "FileEntry",
    "FileStatus",
    "MergeReport",
    "MergeSummary",
    "MergedIssue",
    "PairingMode",
]


class FileEntry(Report):
    """One file of the inbox and what became of it (`status` changes as the merge decides)."""

    file: str
    city: str | None = None
    status: FileStatus
    filled_on: IsoDate = None
    sha256: str = ""
    reason: str = ""
    mail_from: str | None = None
    mail_subject: str | None = None
    mail_date: Annotated[str | None, Field(json_schema_extra={"format": "date-time"})] = None
    pairs: int = 0
    errors: int = 0
    warnings: int = 0
    # Internal, not in the JSON: the file's time, its accepted pairs (kept only while the file
    # may still be used), the key counties named only in rejected rows, a digest of the pairs.
    modified: str | None = Field(default=None, exclude=True)
    accepted: list[Pair] = Field(default_factory=list, exclude=True, repr=False)
    rejected_counties: list[str] = Field(default_factory=list, exclude=True, repr=False)
    content: str = Field(default="", exclude=True, repr=False)


class CoverageEntry(Report):
    """One key county: covered (an accepted pair), invalid or missing, and why."""

    model_config = ConfigDict(frozen=True)

    city: str
    county: str
    status: CoverageStatus
    assisting: list[str]
    evidence: Evidence
    sources: list[str]
    cause: Cause | None = None

    @property
    def label(self) -> str:
        """The status as people read it: a county held up by a conflict shows 冲突."""
        return STATUS_LABELS["conflict" if self.cause == "conflict" else self.status]


class CitySummary(Report):
    model_config = ConfigDict(frozen=True)

    city: str
    submitted: bool
    file: str | None
    filled_on: IsoDate
    expected: int
    covered: int
    invalid: int
    missing: int
    conflict: int = 0  # of `invalid`, those held up only by conflicting returns
    mode: PairingMode


class MergedIssue(Issue):
    """An issue of the merge with the status of its file (已被替代 ones are listed last)."""

    # "" for an issue of no particular file.
    file_status: FileStatus | Literal[""]


class MergeSummary(Report):
    model_config = ConfigDict(frozen=True)

    key_counties: int
    covered: int
    invalid: int
    missing: int
    conflict: int
    cities_not_submitted: list[str]


class MergeReport(Report):
    """`merge --json`."""

    model_config = ConfigDict(frozen=True)

    roster: RosterInfo
    summary: MergeSummary
    files: list[FileEntry]
    coverage: list[CoverageEntry]
    cities: list[CitySummary]
    pairs: list[Pair]
    issues: list[MergedIssue]
