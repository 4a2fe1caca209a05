"""The report: pairs accepted, findings with stable codes, as pydantic models.

`Pair` is the row schema every accepted row satisfies; `FileReport` is what `validate --json`
prints. Importing this module imports pydantic (about 0.1 s): commands that neither validate
nor write JSON (`--help`, `make-templates`) never import it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from pairtable.catalogue import CATALOGUE, Severity
from pairtable.phones import CANONICAL_PHONES, MASKED_PHONES
from pairtable.text import MAX_CELL_CHARS, shorten

# A division's or city's name as the roster writes it: Chinese characters only (山西转型综合改革
# 示范区 is the longest, at 12).
DivisionName = Annotated[str, Field(pattern=r"^[\u4e00-\u9fff]{2,20}$")]
CellText = Annotated[str, Field(max_length=MAX_CELL_CHARS)]
# 填报时间 as read: 2021-08-20 (None when missing or unreadable).
IsoDate = Annotated[str | None, Field(json_schema_extra={"format": "date"})]
# A finding's code: one of the catalogue's (README “问题代码”).
Code = Annotated[str, Field(json_schema_extra={"enum": sorted(CATALOGUE)})]
RequiredText = Annotated[str, Field(min_length=1, max_length=MAX_CELL_CHARS)]


class Report(BaseModel):
    """Base of every model printed as JSON: unknown fields refused; in the published schema
    (serialization mode) every field is required, since every field is always printed. Each
    model is built when first used, not on import: a merge never pays for the JSON-only ones."""

    model_config = ConfigDict(
        extra="forbid", json_schema_serialization_defaults_required=True, defer_build=True
    )


class _Frozen(Report):
    model_config = ConfigDict(frozen=True)


class Issue(_Frozen):
    """One finding. `cell` names the sheet too (统计表!C7); `value` is what the clerk wrote."""

    file: str | None = None
    severity: Severity
    code: Code
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message: str
    hint: str


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


class Source(_Frozen):
    """Where a pair was read: file (a path, or mail/attachment label), sheet, 1-based row."""

    file: str | None = None
    sheet: str
    row: Annotated[int, Field(ge=1)]


class Pair(_Frozen):
    """One accepted (重点帮扶县, 结对帮扶县) pair: the row schema every accepted row satisfies.

    Validated with a roster in the context (`Pair.model_validate(data, context={"roster": r})`)
    the names must also be the roster's: the city's own key county and one of its divisions.
    """

    city: DivisionName
    assisted: DivisionName
    assisting: DivisionName
    person: RequiredText
    unit_title: RequiredText
    phone: Annotated[
        str,
        Field(pattern=CANONICAL_PHONES),
        WithJsonSchema(
            {
                "type": "string",
                "anyOf": [{"pattern": CANONICAL_PHONES}, {"pattern": MASKED_PHONES}],
            },
            mode="serialization",
        ),
    ]
    remark: CellText
    source: Source

    @model_validator(mode="after")
    def _names_in_roster(self, info: ValidationInfo) -> Pair:
        roster = (info.context or {}).get("roster")
        if roster is None:
            return self
        if not roster.is_key(self.city, self.assisted):
            raise ValueError(f"{self.assisted} is not a key county of {self.city}")
        if not roster.is_division(self.city, self.assisting):
            raise ValueError(f"{self.assisting} is not a division of {self.city}")
        if self.assisting == self.assisted:
            raise ValueError("a county cannot assist itself")
        return self


def schema_error_detail(error: ValidationError) -> str:
    """What failed in a model, for the internal-error message (field and reason, no input)."""
    return "；".join(
        f"{'.'.join(str(part) for part in e['loc']) or '整行'}: {e['msg']}" for e in error.errors()
    )


class Header(_Frozen):
    """The form's header and footer fields (填报单位, 填报时间, 填表人, 联系方式)."""

    unit: str | None = None
    filled_on: IsoDate = None
    filler: str | None = None
    filler_phone: str | None = None


class FileReport(Report):
    """What `validate` says of one file: `validate --json` prints it (`model_dump_json`)."""

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
    # Total and note rows (合计, 共 N 对, 注：…) read but not taken as pairs.
    skipped_rows: list[Source] = Field(default_factory=list)
    # Internal: False when the file could not be read at all.
    readable: bool = Field(default=True, exclude=True)

    @classmethod
    def failed(cls, file: str, issues: list[Issue], **extra: Any) -> FileReport:
        """A report with nothing accepted: the file could not be read, or holds no table."""
        return cls(
            file=file, city=None, valid=False, header=Header(), pairs=[], issues=issues, **extra
        )
