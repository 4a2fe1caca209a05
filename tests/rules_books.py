"""Returns built in memory (no file written or read), for fast tests of the validation rules.

The layout is the one `tests.conftest.write_workbook` writes: title, header fields, header,
rows, tail, a blank row and the footer; what the reader gives back for it, cell for cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pairtable.models import FileReport
from pairtable.reader import BookData, Limits, SheetData
from pairtable.roster import Roster
from pairtable.validate import validate_book
from tests.conftest import OFFICIAL_HEADER

WIDTH = len(OFFICIAL_HEADER)


def sheet_rows(
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = OFFICIAL_HEADER,
    title: str | None = "全省市域内县际结对帮扶情况统计表",
    unit: Any = "大同市乡村振兴局",
    filled_on: Any = "2021年8月20日",
    filler: Any = "刘九",
    filler_phone: Any = "13511112222",
    tail: Sequence[Sequence[Any]] = (),
    footer_gap: int = 1,
    width: int = WIDTH,
    after: Sequence[Sequence[Any]] = (),
) -> list[list[object]]:
    """The sheet's rows; `width` pads them as a sheet whose used range is wider does."""
    table: list[list[object]] = []
    if title is not None:
        table.append([title])
    if unit is not None or filled_on is not None:
        table.append(["填报单位：", unit, None, None, "填报时间：", filled_on])
    table.append(list(header))
    table += [list(r) for r in rows]
    table += [list(r) for r in tail]
    if filler is not None or filler_phone is not None:
        table += [[] for _ in range(footer_gap)]
        table.append(["填表人：", filler, None, None, "联系方式：", filler_phone])
    table += [list(r) for r in after]
    width = max(width, *(len(r) for r in table))
    return [[("" if v is None else v) for v in r] + [""] * (width - len(r)) for r in table]


def book_of(
    rows: Sequence[Sequence[Any]],
    *,
    metadata: dict[str, str] | None = None,
    hidden: set[int] | frozenset[int] = frozenset(),
    **layout: Any,
) -> BookData:
    sheet = SheetData("统计表", sheet_rows(rows, **layout), hidden_rows=set(hidden))
    return BookData("xlsx", [sheet], metadata=dict(metadata or {}))


# Findings on a data row's cell that name no column (the row, or the whole file, is meant).
_NO_COLUMN = {
    "row-hidden",
    "rows-skipped",
    "row-after-footer",
    "duplicate-pair",
    "city-empty",
    "city-unknown",
}
_CELL = re.compile(r"^(.+)!([A-Z]+)([0-9]+)$")


def check(
    rows: Sequence[Sequence[Any]],
    roster: Roster,
    *,
    name: str = "大同.xlsx",
    limits: Limits | None = None,
    **layout: Any,
) -> FileReport:
    """Validate the return; every finding must say where it is, consistently."""
    book = book_of(rows, **layout)
    report = validate_book(book, roster, name, name.rsplit(".", 1)[0], limits or Limits())
    header = layout.get("header", OFFICIAL_HEADER)
    header_row = (
        1
        + (layout.get("title", "") is not None)
        + (layout.get("unit", "") is not None or layout.get("filled_on", "") is not None)
    )
    for issue in report.issues:
        assert issue.file == name, issue
        assert (issue.sheet is None) == (issue.cell is None and issue.row is None), issue
        if issue.cell is None:
            continue
        where = _CELL.match(issue.cell)
        assert where is not None, issue
        sheet, letters, number = where.groups()
        assert (issue.sheet, issue.row) == (sheet, int(number)), issue
        col = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letters))) - 1
        in_table = header_row < int(number) <= header_row + len(rows) and col < len(header)
        if in_table and issue.code not in _NO_COLUMN and issue.code.split("-")[0] != "filler":
            assert issue.column == header[col], issue
    return report


def found(report: FileReport) -> list[tuple[str, str | None]]:
    return [(i.code, i.cell) for i in report.issues]
