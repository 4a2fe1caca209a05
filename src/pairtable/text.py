"""Normalisation of what people type into cells: blanks, full-width forms, stray punctuation."""

from __future__ import annotations

import functools
import re
import unicodedata

# Every kind of blank a cell may hold: ASCII whitespace, U+3000, NBSP, zero-width marks, BOM.
_BLANK = r"[\s\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]"
_BLANKS = re.compile(_BLANK + "+")
_EDGE_BLANKS = re.compile(f"^{_BLANK}+|{_BLANK}+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Punctuation that carries no meaning around a place name (quotes, stars, full stops, dashes).
_EDGE_PUNCT = "\"'`*·•。.,，、;；:：!！?？“”‘’「」『』《》<>-—_~～#＃"
_PAREN_PART = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


def to_text(value: object) -> str:
    """A cell value as the text a clerk sees: integers without `.0`, None as empty."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return str(value)


def trim_blanks(text: str) -> str:
    """Blanks of every kind removed at both ends only."""
    return _EDGE_BLANKS.sub("", text)


def remove_blanks(text: str) -> str:
    return _BLANKS.sub("", text)


def squash(text: str) -> str:
    """NFKC (full-width letters, digits and brackets to ASCII) and every blank removed."""
    # NFKC twice: compatibility forms such as "¨" decompose to a space plus a combining mark.
    once = remove_blanks(unicodedata.normalize("NFKC", text))
    return remove_blanks(unicodedata.normalize("NFKC", once))


@functools.lru_cache(maxsize=8192)  # names and titles repeat row after row
def clean_free_text(text: str) -> str:
    """Free text (names, units, remarks): NFKC, control characters dropped, blanks collapsed."""
    text = _CONTROL.sub("", unicodedata.normalize("NFKC", text))
    return trim_blanks(_BLANKS.sub(" ", text))


def name_key(text: str) -> str:
    """The form of a place name used for matching: squashed, stray punctuation trimmed."""
    key = squash(text).strip(_EDGE_PUNCT)
    while len(key) > 2 and key[0] in "([【" and key[-1] in ")]】":
        key = key[1:-1].strip(_EDGE_PUNCT)
    return key


def drop_parenthesised(text: str) -> str:
    """`大同市南郊区(部分)` -> `大同市南郊区`."""
    return _PAREN_PART.sub("", text)


def header_key(text: str) -> str:
    """A column header reduced to the words that identify it: no blanks, no bracketed notes."""
    return drop_parenthesised(name_key(text)).strip(_EDGE_PUNCT)
