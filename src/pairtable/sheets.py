"""Which sheets of a workbook hold the table: every visible one with the form's header.

A city may put one table per key county on separate sheets, or split its table over sheets,
beside empty leftovers (Sheet2, Sheet3) and notes. Empty or unrelated sheets are passed over;
hidden sheets holding a table are not read, and say so; a visible sheet that looks like the
table (header words, or rows of county names) but has no header it can be read by is reported,
so no city's data disappears without a word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pairtable.form import INTERNAL_SHEETS
from pairtable.models import Issue, make_issue
from pairtable.reader import BookData, SheetData
from pairtable.table import Located, locate, match_header
from pairtable.text import squash, to_text

_SCAN_ROWS = 200
# Guide sheets (the template's 填表说明) show a filled-in example under the form's header.
_GUIDE_WORDS = ("说明", "示例", "样例", "样表", "范例", "填报要求")
_SHORT = 20  # a header cell or a place name is short; a sentence in a notes sheet is not


@dataclass
class Tables:
    found: list[Located] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def find_tables(book: BookData, shown: str, is_place: Callable[[str], bool]) -> Tables:
    """The tables of every visible sheet, in sheet order, and what to say about the others."""
    tables = Tables()
    for sheet in book.sheets:
        if sheet.name in INTERNAL_SHEETS:
            continue
        located = locate(sheet)
        if located is not None and _is_example(located):
            continue
        if not sheet.visible:
            if located is not None:
                tables.issues.append(make_issue("sheet-hidden", file=shown, value=sheet.name))
            continue
        if located is not None:
            tables.found.append(located)
            continue
        why = (
            "" if any(w in sheet.name for w in _GUIDE_WORDS) else _looks_like_table(sheet, is_place)
        )
        if why:
            tables.issues.append(
                make_issue("sheet-not-read", file=shown, value=sheet.name, detail=why)
            )
    return tables


def _is_example(located: Located) -> bool:
    """A table whose header row says it is an example (填写示例 | 市名 | 重点帮扶县 …)."""
    row = located.sheet.rows[located.header_row]
    return any(w in to_text(v) for v in row for w in ("示例", "样例", "范例"))


def _looks_like_table(sheet: SheetData, is_place: Callable[[str], bool]) -> str:
    """Why a sheet without a header still looks like the table ("" when it does not)."""
    for index, row in enumerate(sheet.rows[:_SCAN_ROWS]):
        texts = [t for t in (squash(to_text(v)) for v in row) if t and len(t) <= _SHORT]
        if len({name for t in texts if (name := match_header(t)) and name != "seq"}) >= 2:
            return f"第 {index + 1} 行有表头文字"
        if sum(1 for t in texts if is_place(t)) >= 2:
            return f"第 {index + 1} 行有县（市、区）名称"
    return ""
