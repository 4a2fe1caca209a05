"""`--redact`: hide the middle of every telephone number in text meant for wide circulation.

Numbers appear not only in the 联系方式 column: messages quote what a clerk typed (and numbers
the tool derived, such as one with its area code added), remarks and file names carry them.
Canonical numbers come out as `phones.mask` makes them: 139****6777, 0352-***4567.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

# Digits joined by at most one dash or blank: 13994996777, 0352-1234567, 139 9499 6777.
_NUMBER = re.compile(r"\d(?:[-－ \u3000]?\d)+")
_SCIENTIFIC = re.compile(r"(\d\.\d{0,2})(\d+)([eE]\+?\d+)")
# A date, perhaps followed by the hour: 2021-08-20, 20210820, 2021-08-24 08(:00).
_DATE = re.compile(
    r"(?:19|20)\d\d-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?:[ \u3000]\d{1,2})?"
)
_SEPARATORS = "-－ \u3000"
_SHOWN_TAIL = 4
_SHORTEST = 7  # fewer digits than a local number: a count, a row, a year
# Keys of JSON payloads that never hold a telephone number but may hold long digit runs.
# Hints quote only example numbers (13912345678), never what a clerk typed.
_VERBATIM_KEYS = frozenset(
    {"sha256", "fingerprint", "code", "severity", "status", "evidence", "hint"}
)


def redact_text(text: str) -> str:
    """Every run of 7 or more digits hidden but for its last four (and a mobile's first three,
    a landline's area code). Dates are kept; so is anything shorter than a local number."""
    text = _SCIENTIFIC.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
    return _NUMBER.sub(_hide, text)


def _hide(match: re.Match[str]) -> str:
    span = match.group(0)
    digits = [c for c in span if c.isdigit()]
    if len(digits) < _SHORTEST or _DATE.fullmatch(span):
        return span
    first_group = re.split(f"[{_SEPARATORS}]", span, maxsplit=1)[0]
    if first_group.startswith("0") and 3 <= len(first_group) <= 4 and len(first_group) < len(span):
        kept_head = len(first_group)  # an area code, separated: 0352-***4567
    elif len(digits) == 11 and digits[0] == "1":
        kept_head = 3  # a mobile: 139****6777
    else:
        kept_head = 0
    out, seen = [], 0
    for char in span:
        if char.isdigit():
            keep = seen < kept_head or seen >= len(digits) - _SHOWN_TAIL
            out.append(char if keep else "*")
            seen += 1
        else:
            out.append(char)
    return "".join(out)


def redact_payload(value: Any) -> Any:
    """A JSON payload with every text value redacted (hashes and codes kept as they are)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, list):
        return [redact_payload(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in _VERBATIM_KEYS else redact_payload(v) for k, v in value.items()}
    return value


def redact_report(report: BaseModel) -> str:
    """A report's JSON with every phone number masked: pairs' numbers as `phones.mask` shows
    them, every other text through `redact_text`. Written by pydantic's serializer, as
    `model_dump_json` would, but not re-validated: a masked number is no longer canonical."""
    from pydantic_core import to_json

    from pairtable.phones import mask

    data = report.model_dump(mode="json")
    for pair in data.get("pairs", []):
        pair["phone"] = mask(pair["phone"])
    return to_json(redact_payload(data), indent=2).decode()
