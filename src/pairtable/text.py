"""Normalisation of what people type into cells: blanks, full-width forms, stray punctuation."""

from __future__ import annotations

import functools
import re
import unicodedata

# Every kind of blank a cell may hold: ASCII whitespace, U+3000, NBSP, zero-width marks, BOM.
_BLANK = r"[\s\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]"
_BLANKS = re.compile(_BLANK + "+")
_EDGE_BLANKS = re.compile(f"^{_BLANK}+|{_BLANK}+$")
# Control characters: C0 except tab, line feed and carriage return (XML 1.0, so no xlsx, can
# hold them), and DEL. Dropped from free text and from values quoted in messages.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What separates several items typed in one cell: several names, several phone numbers.
LIST_SEPARATORS = "、，,；;/／|\n"
_LIST_SPLIT = re.compile(f"[{LIST_SEPARATORS}]+")
# Invisible marks a copy from a web page or chat leaves at the ends of a cell.
_INVISIBLE = _BLANK + "|[\u00ad\u180e\u2061-\u2064\u202a-\u202e]"
_EDGE_INVISIBLE = re.compile(f"^(?:{_INVISIBLE})+|(?:{_INVISIBLE})+$")
# Punctuation that carries no meaning around a place name (quotes, stars, full stops, dashes).
_EDGE_PUNCT = "\"'`*·•。.,，、;；:：!！?？“”‘’「」『』《》<>-—_~～#＃"
# The longest text a cell may hold and still be read (reader.Limits.max_cell_chars).
MAX_CELL_CHARS = 2_000
_MAX_SHOWN = 120
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
    return _clean_free_text(text)


def _clean_free_text(text: str) -> str:
    # The cached functions' bodies are undecorated: mutation testing skips decorated ones.
    text = CONTROL_CHARACTERS.sub("", unicodedata.normalize("NFKC", text))
    return trim_blanks(_BLANKS.sub(" ", text))


def name_key(text: str) -> str:
    """The form of a place name used for matching: squashed, stray punctuation trimmed."""
    key = squash(text).strip(_EDGE_PUNCT)
    while len(key) > 2 and key[0] in "([【" and key[-1] in ")]】":
        key = key[1:-1].strip(_EDGE_PUNCT)
    return key


def split_list(text: str) -> list[str]:
    """The items of a cell that lists several (`张三、李四`), stripped, empty ones dropped."""
    return [item for item in (part.strip() for part in _LIST_SPLIT.split(text)) if item]


def drop_parenthesised(text: str) -> str:
    """`大同市南郊区(部分)` -> `大同市南郊区`."""
    return _PAREN_PART.sub("", text)


def header_key(text: str) -> str:
    """A column header reduced to the words that identify it: no blanks, no bracketed notes."""
    return drop_parenthesised(name_key(text)).strip(_EDGE_PUNCT)


def keep_text(text: str) -> str:
    """Free text as typed (单位及职务, 备注): only blanks and invisible marks at the ends go.

    Full-width punctuation, inner blanks and line breaks stay; control characters go because
    no workbook can store them.
    """
    return _EDGE_INVISIBLE.sub("", CONTROL_CHARACTERS.sub("", text))


# Words clerks type to fill a cell they cannot fill yet. Compared after NFKC, blanks,
# punctuation and enclosing brackets are removed, lower-cased.
_PLACEHOLDER_WORDS = frozenset(
    {
        "无",
        "暂无",
        "没有",
        "待定",
        "未定",
        "暂定",
        "待确定",
        "未确定",
        "暂未确定",
        "待明确",
        "待补充",
        "待补",
        "待填",
        "待填写",
        "未填",
        "未填写",
        "略",
        "空",
        "空白",
        "暂缺",
        "缺",
        "不详",
        "未知",
        "不清楚",
        "不适用",
        "待核实",
        "待报",
        "待上报",
        "暂未",
        "暂空",
        "缺失",
        "无此项",
        "某某",
        "na",
        "none",
        "null",
        "nil",
        "tbd",
    }
)
_ENCLOSING = dict(zip("([【{<《「『", ")]】}>》」』", strict=True))
_MARKS = re.compile(r"^[x×]+$")  # XXX, ×××


@functools.lru_cache(maxsize=4096)
def is_placeholder(text: str) -> bool:
    """Is the cell a stand-in for content ("/", "——", "无", "待定", "（空）", "N/A")?

    Empty text is not a placeholder (it is empty). Only whole cells match: "无锡" or "待定人员"
    are not placeholders, so no real name or unit is ever taken for one.
    """
    return _is_placeholder(text)


def _is_placeholder(text: str) -> bool:
    key = squash(text).lower()
    if not key:
        return False
    if all(unicodedata.category(c)[0] in "PS" for c in key):
        return True  # "/", "-", "——", "？", "…", "*"
    while len(key) >= 2 and _ENCLOSING.get(key[0]) == key[-1]:
        key = key[1:-1]
    word = "".join(c for c in key if unicodedata.category(c)[0] not in "PS")
    return word in _PLACEHOLDER_WORDS or bool(_MARKS.match(word))


def shorten(text: str) -> str:
    """A value as shown in a message: control characters dropped, long text cut."""
    text = CONTROL_CHARACTERS.sub("", text)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + f"…（共 {len(text)} 字）"
