"""The report: pairs accepted, findings with stable codes. Both JSON and the terminal render it.

`Pair` is the row schema every accepted row satisfies; it checks itself on construction.
These are slotted dataclasses rather than pydantic models: pydantic's import alone cost
~120 ms per command, more than a whole 11-file merge (see benchmarks/run.py).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from pairtable.catalogue import CATALOGUE, Severity

_MAX_SHOWN = 120
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = r"(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(转\d{1,6})?)"
_PHONES = re.compile(rf"{_PHONE}(、{_PHONE})*")


@dataclass(frozen=True, slots=True)
class Issue:
    severity: Severity
    code: str
    message: str
    hint: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    file: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "hint": self.hint,
        }


def shorten(text: str) -> str:
    """A value as shown in a message: control characters dropped, long text cut."""
    text = _CONTROL.sub("", text)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + f"…（共 {len(text)} 字）"


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def make_issue(
    code: str,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
    file: str | None = None,
    params: dict[str, object] | None = None,
    **more: object,
) -> Issue:
    """An Issue from the catalogue; `params`/`more` fill the message and hint templates."""
    kind = CATALOGUE[code]
    shown = shorten(str(value)) if value not in (None, "") else None
    fields = _Blank({**(params or {}), **more}, value=shown or "", column=column or "")
    return Issue(
        severity=kind.severity,
        code=code,
        message=kind.message.format_map(fields),
        hint=kind.hint.format_map(fields),
        sheet=sheet,
        cell=f"{sheet}!{cell}" if sheet and cell else cell,
        row=row,
        column=column,
        value=shown,
        file=file,
    )


@dataclass(frozen=True, slots=True)
class Source:
    sheet: str
    row: int
    file: str | None = None


class SchemaError(ValueError):
    """A Pair was built from values that break the row schema: a bug in the checks."""


@dataclass(frozen=True, slots=True)
class Pair:
    """One accepted (重点帮扶县, 结对帮扶县) pair: the row schema every accepted row satisfies."""

    city: str
    assisted: str
    assisting: str
    person: str
    unit_title: str
    phone: str
    remark: str
    source: Source

    def __post_init__(self) -> None:
        for name in ("city", "assisted", "assisting", "person", "unit_title"):
            if not getattr(self, name):
                raise SchemaError(f"Pair.{name} is empty")
        if not _PHONES.fullmatch(self.phone):
            raise SchemaError(f"Pair.phone is not canonical: {self.phone!r}")

    def payload(self, *, with_file: bool = True) -> dict[str, Any]:
        source: dict[str, Any] = {"sheet": self.source.sheet, "row": self.source.row}
        if with_file:
            source = {"file": self.source.file, **source}
        return {
            "city": self.city,
            "assisted": self.assisted,
            "assisting": self.assisting,
            "person": self.person,
            "unit_title": self.unit_title,
            "phone": self.phone,
            "remark": self.remark,
            "source": source,
        }


@dataclass(frozen=True, slots=True)
class Header:
    unit: str | None = None
    filled_on: str | None = None
    filler: str | None = None
    filler_phone: str | None = None


@dataclass
class FileReport:
    """What `validate` says of one file (`payload()` is the `validate --json` contract)."""

    file: str
    city: str | None
    valid: bool
    header: Header
    pairs: list[Pair]
    issues: list[Issue]
    form_version: str | None = None
    format: str | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    # Key counties named only in rows with errors: "invalid" in merge's coverage.
    rejected_counties: list[str] = field(default_factory=list)
    readable: bool = True
    # Total and note rows (合计, 共 N 对, 注：…) read but not taken as pairs.
    skipped: list[Source] = field(default_factory=list)

    @classmethod
    def failed(cls, file: str, issues: list[Issue], **extra: Any) -> FileReport:
        """A report with nothing accepted: the file could not be read, or holds no table."""
        return cls(
            file=file, city=None, valid=False, header=Header(), pairs=[], issues=issues, **extra
        )

    def payload(self) -> dict[str, Any]:
        pairs = [pair.payload(with_file=False) for pair in self.pairs]
        issues = []
        for issue in self.issues:
            data = issue.payload()
            data.pop("file")
            issues.append(data)
        return {
            "file": self.file,
            "city": self.city,
            "valid": self.valid,
            "header": dataclasses.asdict(self.header),
            "pairs": pairs,
            "issues": issues,
            "form_version": self.form_version,
            "format": self.format,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_rejected": self.rows_rejected,
            "rejected_counties": self.rejected_counties,
            "skipped_rows": [{"sheet": s.sheet, "row": s.row} for s in self.skipped],
        }
