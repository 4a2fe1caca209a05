"""Returns built in memory (no file written or read), for fast tests of the validation rules.

The layout is the one `tests.conftest.write_workbook` writes: title, header fields, header,
rows, tail, a blank row and the footer; what the reader gives back for it, cell for cell.
"""

from __future__ import annotations

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
) -> list[list[object]]:
    table: list[list[object]] = []
    if title is not None:
        table.append([title])
    if unit is not None or filled_on is not None:
        table.append(["填报单位：", unit, None, None, "填报时间：", filled_on])
    table.append(list(header))
    table += [list(r) for r in rows]
    table += [list(r) for r in tail]
    if filler is not None or filler_phone is not None:
        table.append([])
        table.append(["填表人：", filler, None, None, "联系方式：", filler_phone])
    width = max(WIDTH, *(len(r) for r in table))
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


def check(
    rows: Sequence[Sequence[Any]],
    roster: Roster,
    *,
    name: str = "大同.xlsx",
    limits: Limits | None = None,
    **layout: Any,
) -> FileReport:
    book = book_of(rows, **layout)
    return validate_book(book, roster, name, name.rsplit(".", 1)[0], limits or Limits())


def found(report: FileReport) -> list[tuple[str, str | None]]:
    return [(i.code, i.cell) for i in report.issues]
