"""The table's header: one row, or a block of up to three rows.

Offices often write 具体负责人 merged across three columns with 姓名 / 单位及职务 / 联系方式
beneath it, and the other header cells merged down over both rows (or typed only once).
The block is read column by column: the lowest cell that says something names the column, so
a group heading (具体负责人, 结对帮扶情况) gives way to the sub-heading under it, and a column
headed only in the top row keeps that heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pairtable.text import clean_free_text, to_text

MAX_HEADER_ROWS = 3
# Fields a return may give several columns (办公电话 and 手机 both 联系方式): each is read, as
# `phone`, `phone#2`, … in header order, and their values joined. Any other field named twice
# is a duplicate column, its first column read.
JOINED_FIELDS = frozenset({"phone"})


@dataclass
class HeaderBlock:
    first_row: int  # 0-based, the top row of the block
    last_row: int  # 0-based, the row just above the first data row
    columns: dict[str, int]
    unknown: dict[int, str] = field(default_factory=dict)
    duplicate: dict[int, str] = field(default_factory=dict)
    # The row (0-based) each column's heading was read from, for cell references.
    heading_rows: dict[int, int] = field(default_factory=dict)


Matcher = Callable[[str], "str | None"]


def find_header(
    rows: list[list[object]], copies: set[tuple[int, int]], match: Matcher
) -> HeaderBlock | None:
    """The first header in `rows`: a row naming the form's columns, or a block of rows that
    together name them. `copies` are cells filled from a merged range (not typed there)."""
    for index, row in enumerate(rows):
        named = _fields(row, match)
        if _is_header(named):
            return _extend(rows, index, copies, match)
        # A top row naming a few columns may be completed by the row(s) beneath it.
        if len(named) >= 2:
            block = _extend(rows, index, copies, match)
            if block.last_row > index and _is_header(set(block.columns)):
                return block
    return None


def _is_header(names: set[str]) -> bool:
    return ("assisted" in names and "assisting" in names and len(names) >= 3) or len(names) >= 4


def _fields(row: list[object], match: Matcher) -> set[str]:
    """The fields (other than 序号) the cells of one row name, merged copies included."""
    found: set[str] = set()
    for value in row:
        text = to_text(value)
        if text.strip() and (name := match(text)) is not None and name != "seq":
            found.add(name)
    return found


def _is_sub_header(
    rows: list[list[object]], first: int, index: int, copies: set[tuple[int, int]], match: Matcher
) -> bool:
    """A row under a header row that continues it: each cell typed there names a field, or
    groups the cells merged to its right (联系信息 over 单位及职务 and 联系电话), and at least one
    names what the rows above leave open (a blank, a merged copy, a group heading). A row
    only repeating the headings above it (备注 under 备注) is data, and checked as such."""
    refines = False
    row = rows[index]
    for col, value in enumerate(row):
        text = to_text(value)
        if not text.strip() or (index, col) in copies:
            continue
        name = match(text)
        if name is None and (index, col + 1) not in copies:
            return False
        above = _heading(rows, first, index - 1, col, copies)
        if above is None or (above[0], col) in copies or name is None or match(above[1]) != name:
            refines = True
    return refines


def _is_numbering(row: list[object]) -> bool:
    """The row of column numbers some forms carry under the header: 1 2 3 … or （1）（2）…"""
    numbers = []
    for value in row:
        text = to_text(value).strip().strip("()（）")
        if not text:
            continue
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _extend(
    rows: list[list[object]], first: int, copies: set[tuple[int, int]], match: Matcher
) -> HeaderBlock:
    last = first
    while (
        last + 1 < len(rows)
        and last + 1 - first < MAX_HEADER_ROWS
        and _is_sub_header(rows, first, last + 1, copies, match)
    ):
        last += 1
    width = max(len(rows[r]) for r in range(first, last + 1))
    numbered = last + 1 < len(rows) and _is_numbering(rows[last + 1])
    block = HeaderBlock(first, last + numbered, {})
    for col in range(width):
        heading = _heading(rows, first, last, col, copies)
        if heading is None:
            continue
        row_index, text = heading
        name = match(text)
        if name is None:
            block.unknown[col] = clean_free_text(text)
        elif name in block.columns and name in JOINED_FIELDS:
            count = sum(1 for n in block.columns if n.partition("#")[0] == name)
            block.columns[f"{name}#{count + 1}"] = col
        elif name in block.columns:
            block.duplicate[col] = clean_free_text(text)
        else:
            block.columns[name] = col
        block.heading_rows[col] = row_index
    return block


def _heading(
    rows: list[list[object]], first: int, last: int, col: int, copies: set[tuple[int, int]]
) -> tuple[int, str] | None:
    """The lowest cell of the column that says something; merged copies only when the column
    says nothing else (a heading merged down over the block, or across from its left)."""
    fallback: tuple[int, str] | None = None
    for r in range(last, first - 1, -1):
        row = rows[r]
        text = to_text(row[col]) if col < len(row) else ""
        if not text.strip():
            continue
        if (r, col) not in copies:
            return r, text
        if fallback is None:
            fallback = (r, text)
    return fallback
