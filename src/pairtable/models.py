"""The report: pairs accepted, findings with stable codes. Both JSON and the terminal render it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pairtable.catalogue import CATALOGUE, Severity

_MAX_SHOWN = 120


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True)

    severity: Severity
    code: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message: str
    hint: str
    file: str | None = None


def shorten(text: str) -> str:
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
        sheet=sheet,
        cell=f"{sheet}!{cell}" if sheet and cell else cell,
        row=row,
        column=column,
        value=shown,
        message=kind.message.format_map(fields),
        hint=kind.hint.format_map(fields),
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
    phone: str = Field(
        pattern=r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(转\d{1,6})?)(、(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(转\d{1,6})?))*$"
    )
    remark: str = ""
    source: Source


class Header(BaseModel):
    unit: str | None = None
    filled_on: str | None = None
    filler: str | None = None
    filler_phone: str | None = None


class FileReport(BaseModel):
    """What `validate` says of one file (the `validate --json` contract)."""

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
    rejected_counties: list[str] = Field(default_factory=list)
    readable: bool = True

    def payload(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        for pair in data["pairs"]:
            pair["source"].pop("file", None)
        for issue in data["issues"]:
            issue.pop("file", None)
        return data
