"""An xlsxwriter worksheet for the provincial workbook: rows of text written a row at a time,
and text that looks like rich-text markup kept as text.

xlsxwriter writes a cell in about 6 µs, nearly all of it per-call bookkeeping (argument
conversion, a cell tuple, a row table, one file write per cell): a year's 问题清单 of 22,000
rows × 7 cells spent a second there. `write_text_row` writes the same XML a row at a time.

In constant_memory mode xlsxwriter writes a string that starts with `<r>` and ends with
`</r>` as raw markup (it takes it for a rich string): a remark typed so would corrupt the
workbook. This sheet writes such text escaped, as the text it is.

Both use xlsxwriter internals (the pending row, the row tag, the dimensions, the cell
writer): tests/test_textrows.py checks byte for byte against xlsxwriter's own `write_string`,
so an xlsxwriter release that changes them fails there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet

# What xlsxwriter escapes in an inline string: & < > (data), control characters and literal
# _xHHHH_ sequences (its _xHHHH_ scheme), and the two non-characters. Text without them is
# written as it is.
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
# Longer strings may need xlsxwriter's truncation to Excel's 32,767 UTF-16 units.
_LONGEST = 32_767 // 2

TextCell = tuple[str, Any]  # text and its xlsxwriter Format


class TextRowSheet(Worksheet):  # type: ignore[misc]  # xlsxwriter has no type hints
    """A worksheet with `write_text_row`, which never writes text as markup."""

    previous_row: int  # xlsxwriter's: the row it holds, not yet written (constant_memory)

    def write_text_row(self, row: int, cells: Sequence[TextCell], height: float | None) -> None:
        """Cells from column A, each text with its format, and the row height if not default.

        Rows must come in increasing order; anything unusual goes through write_string.
        """
        if (
            not self.constant_memory
            or row < self.previous_row
            or (row == self.previous_row and self.table.get(row))
            or any(len(text) > _LONGEST for text, _ in cells)
        ):
            self._one_by_one(row, cells, height)
            return
        if row > self.previous_row:
            self._write_single_row(row)  # xlsxwriter's pending row, written out first
        if height is not None:
            self.set_row(row, height)
        self._check_dimensions(row, 0)
        self._check_dimensions(row, len(cells) - 1)
        self._write_row(row, None, self.row_info.get(row))
        parts = [
            _inline_string(row, col, text, cell_format._get_xf_index())
            for col, (text, cell_format) in enumerate(cells)
        ]
        parts.append("</row>")
        self.fh.write("".join(parts))
        # Written: xlsxwriter's next pending row is the one after.
        self.previous_row = row + 1

    def _one_by_one(self, row: int, cells: Sequence[TextCell], height: float | None) -> None:
        if height is not None:
            self.set_row(row, height)
        for col, (text, cell_format) in enumerate(cells):
            self.write_string(row, col, text, cell_format)

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        string = cell.string if type(cell).__name__ == "String" else None
        if not (self.constant_memory and type(string) is str and _looks_like_markup(string)):
            super()._write_cell(row, col, cell)
            return
        style = cell.format or (self.row_info[row].row_format if row in self.row_info else None)
        if style is None and col in self.col_info:
            style = self.col_info[col].column_format
        self.fh.write(_inline_string(row, col, string, style._get_xf_index() if style else None))


def _looks_like_markup(text: str) -> bool:
    """What xlsxwriter would write raw (it tests the text after escaping control characters,
    which changes neither end of these)."""
    return text.startswith("<r>") and text.endswith("</r>")


def _inline_string(row: int, col: int, text: str, style: int | None) -> str:
    """The <c> element xlsxwriter writes for a string in constant_memory mode."""
    if _NEEDS_ESCAPE.search(text):
        text = Worksheet._escape_control_characters(text)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    s = "" if style is None else f' s="{style}"'
    return (
        f'<c r="{xl_rowcol_to_cell_fast(row, col)}"{s} t="inlineStr"><is><t{space}>{text}</t>'
        "</is></c>"
    )
