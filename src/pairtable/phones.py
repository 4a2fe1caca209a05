"""Telephone numbers as clerks type them -> one canonical form.

Canonical forms: mobile `13994996777`; landline `0352-1234567`; with extension
`0352-1234567转8001`; several numbers joined by `、`. `CANONICAL_PHONES` states that form; the
row schema (models.Pair) refers to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pairtable.text import split_list

_ONE_CANONICAL = r"(?:1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8}(?:转[0-9]{1,6})?)"
# Anchored, ASCII digits only: also valid as a pydantic (Rust regex) pattern.
CANONICAL_PHONES = rf"^{_ONE_CANONICAL}(?:、{_ONE_CANONICAL})*$"
# The same numbers as `--redact` prints them: 139****6777, 0352-***4567转8001.
_ONE_MASKED = r"(?:1[3-9][0-9]\*{4}[0-9]{4}|0[0-9]{2,3}-\*{3,4}[0-9]{4}(?:转[0-9]{1,6})?)"
MASKED_PHONES = rf"^{_ONE_MASKED}(?:、{_ONE_MASKED})*$"
# re.ASCII throughout: `\d` alone also matches full-width and other digits, which must first
# become ASCII (NFKC) before a value can be canonical.
_PLAIN_MOBILE = re.compile(r"1[3-9]\d{9}\Z", re.ASCII)
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?[eE]\+?\d+$", re.ASCII)
_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$", re.ASCII)
_EXTENSION_WORD = re.compile(r"-?(转|分机|ext\.?|EXT\.?|x|X|#)-?")
_EXTENSION = re.compile(r"^(.*?)(?:转|分机|ext\.?|EXT\.?|x|X|#)(\d{1,6})$", re.ASCII)
# Area code explicitly separated: 0352-1234567, (0352)1234567, 0352-1234567-8001.
_LANDLINE = re.compile(r"^(?:\((0\d{2,3})\)-?|(0\d{2,3})-)(\d{7,8})(?:-(\d{1,6}))?$", re.ASCII)
_UNSEPARATED = re.compile(r"^(0\d{9,11})(?:-(\d{1,6}))?$", re.ASCII)
_LOCAL = re.compile(r"^(\d{7,8})(?:-(\d{1,6}))?$", re.ASCII)
# Shanxi's area codes all have the form 03xx: 0349-0359.
_SHANXI_AREA = re.compile(r"^03(?:49|5\d)$")
_LOST_ZERO = re.compile(r"\d{10,11}\Z", re.ASCII)
# Words that say what a number is, before it (`办：0352-5021234`, `手机13994996777`) or in
# brackets after or before it (`13994996777（办）`, `（宅）0352-6021234`); not part of the number.
LABEL_WORDS = (
    "手机号码",
    "手机号",
    "手机",
    "移动电话",
    "联系电话",
    "电话号码",
    "电话",
    "座机",
    "固定电话",
    "固话",
    "办公电话",
    "办公室",
    "办公",
    "办",
    "单位电话",
    "住宅电话",
    "住宅",
    "宅电",
    "宅",
    "家庭电话",
    "家",
)
_LABELS = "|".join(sorted(LABEL_WORDS, key=len, reverse=True))
_LABEL_BEFORE = re.compile(
    rf"^(?:(?:{_LABELS})\s*[:：]?|[(\[【]\s*(?:{_LABELS})\s*[)\]】]\s*[:：]?)"
)
_LABEL_AFTER = re.compile(rf"[(\[【]\s*(?:{_LABELS})\s*[)\]】]$")
# An extension in brackets: 0352-5021234（转8001）, （分机8001）, （分机号：8001）.
_EXTENSION_AFTER = re.compile(r"[(\[【]\s*(?:转|分机号?)\s*[:：]?\s*([0-9]{1,6})\s*[)\]】]$")


@dataclass(frozen=True)
class PhoneResult:
    """Canonical text (None when any number failed) and the findings, as catalogue codes."""

    canonical: str | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def is_scientific(text: str) -> bool:
    return bool(_SCIENTIFIC.match(text.strip()))


def parse_phone(value: object, area_code: str | None = None) -> PhoneResult:
    """Parse one cell. Numeric cells are recovered exactly; text in E-notation is an error."""
    if type(value) is str and _PLAIN_MOBILE.match(value):
        return PhoneResult(value)
    if value is None or value == "":
        return PhoneResult(None, ("phone-empty",))
    warnings: list[str] = []
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return PhoneResult(None, ("phone-invalid",))
        text = str(int(value))
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
    # A landline stored as a number loses its leading zero: 3521234567 -> 0352-1234567. As
    # text (a CSV, a copy from a numeric cell) the same digits mean the same number.
    if _LOST_ZERO.match(text) and _SHANXI_AREA.match("0" + text[:3]):
        text = "0" + text
        warnings.append("phone-leading-zero")
    if not text:
        return PhoneResult(None, ("phone-empty",))
    if is_scientific(text):
        return PhoneResult(None, ("phone-scientific",))
    numbers: list[str] = []
    for part in split_list(text):
        parsed = _parse_one(part, area_code)
        if parsed is None:
            pieces = part.split()
            parsed_pieces = (
                [_parse_one(p, area_code) for p in pieces] if len(pieces) > 1 else [None]
            )
            if any(p is None for p in parsed_pieces):
                return PhoneResult(None, ("phone-invalid",), tuple(warnings))
            for number, added in parsed_pieces:  # type: ignore[misc]
                numbers.append(number)
                warnings.extend(added)
            continue
        number, added = parsed
        numbers.append(number)
        warnings.extend(added)
    if not numbers:
        return PhoneResult(None, ("phone-empty",))
    unique = tuple(dict.fromkeys(numbers))
    return PhoneResult("、".join(unique), (), tuple(dict.fromkeys(warnings)))


def _parse_one(text: str, area_code: str | None) -> tuple[str, list[str]] | None:
    compact = _without_labels(text.strip())
    # A blank or dash typed between digit groups is a separator; keep it as "-".
    compact = re.sub(r"[\s\u3000‐‑‒–—―−－﹣]+", "-", compact)
    compact = _EXTENSION_WORD.sub(r"\1", compact.strip(":：-"))
    mobile = _MOBILE.match(compact.replace("-", ""))
    if mobile:
        return mobile.group(1), []
    extension = ""
    match = _EXTENSION.match(compact)
    if match:
        compact, extension = match.group(1).rstrip("-"), match.group(2)
    landline = _LANDLINE.match(compact)
    if landline:
        in_parens, dashed, local, dash_ext = landline.groups()
        return _landline(in_parens or dashed, local, extension or dash_ext or ""), []
    unseparated = _UNSEPARATED.match(compact)
    if unseparated:
        # No separator after the area code: 010 and 02x are the only three-digit area codes.
        digits = unseparated.group(1)
        cut = 3 if digits.startswith(("010", "02")) else 4
        if 7 <= len(digits) - cut <= 8:
            extension = extension or unseparated.group(2) or ""
            return _landline(digits[:cut], digits[cut:], extension), []
    local_only = _LOCAL.match(compact)
    if local_only and area_code:
        extension = extension or local_only.group(2) or ""
        return _landline(area_code, local_only.group(1), extension), ["phone-area-added"]
    return None


def _without_labels(text: str) -> str:
    """The number without a label before it or in brackets after it; an extension in
    brackets after it becomes `转…`. Anything else in brackets is left (and so not a number)."""
    text = text.replace("（", "(").replace("）", ")")
    while (unlabelled := _LABEL_BEFORE.sub("", text, count=1).strip()) != text:
        text = unlabelled  # 办公室电话：, 手机（办）：
    text = _LABEL_AFTER.sub("", text).strip()
    return _EXTENSION_AFTER.sub(r"转\1", text).strip()


def _landline(area: str, local: str, extension: str) -> str:
    return f"{area}-{local}" + (f"转{extension}" if extension else "")


def mask(phone: str) -> str:
    """For wide circulation: 13994996777 -> 139****6777; 0352-1234567 -> 0352-***4567."""

    def one(number: str) -> str:
        if _MOBILE.match(number):
            return number[:3] + "****" + number[-4:]
        area, _, rest = number.partition("-")
        local, sep, ext = rest.partition("转")
        hidden = "*" * (len(local) - 4) + local[-4:]
        return f"{area}-{hidden}" + (f"转{ext}" if sep else "")

    return "、".join(one(n) for n in phone.split("、") if n)
