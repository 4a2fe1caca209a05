"""The official form (附件 of 晋乡振发〔2021〕29号): title, header fields and the seven columns."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date
from typing import Final

FORM_VERSION: Final = "2021-29.1"
TITLE: Final = "全省市域内县际结对帮扶情况统计表"
DATA_SHEET: Final = "统计表"
GUIDE_SHEET: Final = "填表说明"
META_SHEET: Final = "_pairtable"
LISTS_SHEET: Final = "_lists"
INTERNAL_SHEETS: Final = frozenset({META_SHEET, LISTS_SHEET})
# Who sends the notice and collects the form: author of every workbook, signer of the notices.
ISSUER: Final = "山西省乡村振兴局"
# Where and by when the notice asks cities to send the form (defaults of make-templates).
NOTICE_MAILBOX: Final = "sxczxshz@163.com"
NOTICE_DEADLINE: Final = date(2021, 8, 23)

# Field ids (used in code and JSON) and their official column headers, in the official order.
COLUMNS: Final = {
    "city": "市名",
    "assisted": "重点帮扶县",
    "assisting": "结对帮扶县",
    "person": "具体负责人",
    "unit_title": "单位及职务",
    "phone": "联系方式",
    "remark": "备注",
}
REQUIRED: Final = ("assisted", "assisting", "person", "unit_title", "phone")
CONTENT: Final = ("assisted", "assisting", "person", "unit_title", "phone", "remark")


def default_unit(city: str) -> str:
    return f"{city}乡村振兴局"


def template_filename(city: str) -> str:
    return f"{city}-县际结对帮扶情况统计表.xlsx"


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet or terminal: CJK and full-width characters two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@functools.lru_cache(maxsize=8192)  # 问题清单 repeats hints and messages thousands of times
def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (at the body font), as
    a spreadsheet wraps it: between CJK characters, at blanks, never inside an ASCII word
    unless the word alone is wider than the column. A little pessimistic on purpose: a row
    one line too tall is harmless, one line too short clips the text in print."""
    usable = max(width - 1, 1.0)
    if len(text) * 2.1 <= usable and "\n" not in text:
        return 1  # fits even if every character were wide: the common case, decided at once
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for token in _WRAP_TOKENS.findall(paragraph):
            # Column widths count the default font's digits; 宋体 glyphs are a little wider.
            size = display_width(token) * 1.05
            if token.isspace():
                used += size
                continue
            if used and used + size > usable:
                lines += 1
                used = 0.0
            while size > usable:  # a word wider than the column is broken anywhere
                lines += 1
                size -= usable
            used += size
    return max(lines, 1)


_WRAP_TOKENS = re.compile(r"\s+|[\x21-\x7e]+|.", re.S)
