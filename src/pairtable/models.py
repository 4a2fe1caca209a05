"""The report: pairs accepted, findings with stable codes. Both JSON and the terminal render it.

`Pair` is the pydantic row schema every accepted row satisfies. Issues and reports are plain
frozen dataclasses: they are built from the catalogue by our own code, often by the hundred
thousand for a junk-filled file, so they skip validation.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pairtable.catalogue import CATALOGUE, Severity

_MAX_SHOWN = 120
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = r"(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(转\d{1,6})?)"


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

    def with_file(self, file: str) -> Issue:
        return dataclasses.replace(self, file=file)

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


class Source(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str | None = None
    sheet: str
    row: int


class Pair(BaseModel):
    """One accepted (重点帮扶县, 结对帮扶县) pair: the row schema every accepted row satisfies."""

    model_config = ConfigDict(frozen=True)

    city: str = Field(min_length=2)
    assisted: str = Field(min_length=2)
    assisting: str = Field(min_length=1)
    person: str = Field(min_length=1)
    unit_title: str = Field(min_length=1)
    phone: str = Field(pattern=rf"^{_PHONE}(、{_PHONE})*$")
    remark: str = ""
    source: Source


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

    def payload(self) -> dict[str, Any]:
        pairs = []
        for pair in self.pairs:
            data = pair.model_dump(mode="json")
            data["source"].pop("file", None)
            pairs.append(data)
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
        }
