"""Factory for returns in the shapes offices send: several sheets, headers over two or three
rows, hidden rows and sheets, total and note rows, archives. Built here, never committed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import OFFICIAL_HEADER

FOOTER_ROW = ["填表人：", "刘九", None, None, "联系方式：", "13511112222"]
TITLE = "全省市域内县际结对帮扶情况统计表"

# Header layouts over the official seven columns: rows of headings, and the merges (relative
# to the header's first row, 1-based columns) a clerk makes.
HEADERS: dict[str, tuple[list[list[str | None]], list[tuple[int, int, int, int]]]] = {
    "one": ([list(OFFICIAL_HEADER)], []),
    # 具体负责人 across three columns, the other headings merged down over both rows.
    "two": (
        [
            ["市名", "重点帮扶县", "结对帮扶县", "具体负责人", None, None, "备注"],
            [None, None, None, "姓名", "单位及职务", "联系电话", None],
        ],
        [(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 1, 6), (1, 7, 2, 7)],
    ),
    # The same typed without any merge.
    "two-typed": (
        [
            ["市名", "重点帮扶县", "结对帮扶县", "具体负责人", None, None, "备注"],
            [None, None, None, "姓名", "单位及职务", "联系方式", None],
        ],
        [],
    ),
    # Three rows: 联系信息 grouping the last two sub-headings.
    "three": (
        [
            ["市名", "重点帮扶县", "结对帮扶县", "具体负责人", None, None, "备注"],
            [None, None, None, "姓名", "联系信息", None, None],
            [None, None, None, None, "单位及职务", "联系电话", None],
        ],
        [(1, 1, 3, 1), (1, 2, 3, 2), (1, 3, 3, 3), (1, 4, 1, 6), (2, 4, 3, 4), (2, 5, 2, 6)],
    ),
}


@dataclass
class Sheet:
    """One sheet as a clerk lays it out: title, 填报单位 row, header, rows, tail, footer."""

    name: str = "统计表"
    rows: Sequence[Sequence[Any]] = ()
    header: str = "one"
    numbered: bool = False  # a row of column numbers 1 2 3 … under the header
    title: bool = True
    fields: bool = True
    unit: str = "大同市乡村振兴局"
    footer: bool = True
    tail: Sequence[Sequence[Any]] = ()  # rows under the data (totals, notes)
    hidden: Sequence[int] = ()  # indices into rows + tail of rows to hide
    state: str = "visible"
    raw: Sequence[Sequence[Any]] | None = None  # written as is instead of the layout above
    merges: Sequence[str] = field(default_factory=tuple)

    @property
    def first_data_row(self) -> int:
        """The Excel row of rows[0]."""
        return 1 + self.title + self.fields + len(HEADERS[self.header][0]) + self.numbered


def write_sheets(path: Path, sheets: Sequence[Sheet]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        sheet.sheet_state = spec.state
        if spec.raw is not None:
            for row in spec.raw:
                sheet.append(list(row))
            continue
        if spec.title:
            sheet.append([TITLE])
        if spec.fields:
            sheet.append(["填报单位：", spec.unit, None, None, "填报时间：", "2021年8月20日"])
        top = 1 + spec.title + spec.fields
        heading_rows, merges = HEADERS[spec.header]
        for heading in heading_rows:
            sheet.append(heading)
        for r1, c1, r2, c2 in merges:
            sheet.merge_cells(
                start_row=top + r1 - 1, start_column=c1, end_row=top + r2 - 1, end_column=c2
            )
        if spec.numbered:
            sheet.append(list(range(1, 8)))
        first = sheet.max_row + 1
        for row in [*spec.rows, *spec.tail]:
            sheet.append(list(row))
        for index in spec.hidden:
            sheet.row_dimensions[first + index].hidden = True
        if spec.footer:
            sheet.append([])
            sheet.append(FOOTER_ROW)
        for merge in spec.merges:
            sheet.merge_cells(merge)
    book.save(path)
    return path


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    buffer = io.BytesIO()
    write_sheets(buffer, sheets)  # type: ignore[arg-type]
    return buffer.getvalue()


def write_zip(path: Path, members: dict[str, bytes], *, gbk_names: bool = True) -> Path:
    """A .zip as Windows' 发送到压缩文件夹 and WinRAR write it: names in GBK, unflagged."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            kind = _GbkInfo if gbk_names else zipfile.ZipInfo
            info = kind(name, date_time=(2021, 8, 20, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


class _GbkInfo(zipfile.ZipInfo):
    """zipfile writes non-ASCII names as flagged UTF-8; Windows tools write unflagged GBK."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits
