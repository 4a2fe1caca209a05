"""The look every workbook of the tool shares: fonts, fills, cell formats, the printed page.

One definition of each. xlsxwriter (templates, the provincial workbook, 反馈清单) takes format
dicts; openpyxl (`--annotate` copies) takes style objects: `xlsx_colour` and `openpyxl_fill`
adapt the same colour to each. Colours are RGB hex without `#`, as openpyxl writes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from pairtable.catalogue import Severity

if TYPE_CHECKING:
    from openpyxl.styles import PatternFill

BODY_FONT: Final = "宋体"
TITLE_FONT: Final = "黑体"

HEADER_FILL: Final = "D9E1F2"  # pale blue: column headers
FIXED_FILL: Final = "F2F2F2"  # pale grey: cells filled in for the city (the template's 市名)
EXAMPLE_TEXT: Final = "595959"  # dark grey text: the guide's example rows
# Traffic lights. Red: an error, a county not reported, a return to correct. Yellow: a
# warning, a county only in rows with errors, a reminder. Orange: a conflict, a return to
# send. Green: covered, nothing to do.
RED: Final = "FFC7CE"
YELLOW: Final = "FFEB9C"
ORANGE: Final = "F8CBAD"
GREEN: Final = "C6EFCE"
SEVERITY_FILLS: Final[dict[Severity, str]] = {"error": RED, "warning": YELLOW}

# A row of wrapped body text is this many points high a line (LibreOffice does not size rows
# to their text when it opens a file, so the writers set the height).
LINE_HEIGHT: Final = 15

# The printed page: A4, and the columns' total width (in characters) that still fits it in
# portrait at 100%; page numbers in the footer's centre.
A4: Final = 9
PORTRAIT_WIDTH: Final = 95
PAGE_NUMBERS: Final = "第 &P 页，共 &N 页"
XLSX_FOOTER: Final = "&C" + PAGE_NUMBERS


def xlsx_colour(rgb: str) -> str:
    """A colour as xlsxwriter takes it: `#FFC7CE`."""
    return "#" + rgb


def openpyxl_fill(rgb: str) -> PatternFill:
    """A solid fill as openpyxl takes it."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=rgb, end_color=rgb)


# xlsxwriter format specs. Body text: 11 pt, centred vertically.
PLAIN: Final[dict[str, Any]] = {"font_name": BODY_FONT, "font_size": 11, "valign": "vcenter"}
BORDERED: Final[dict[str, Any]] = {**PLAIN, "border": 1}
# A table cell wraps, and rows are sized to their text: nothing is clipped in print.
CELL: Final[dict[str, Any]] = {**BORDERED, "text_wrap": True}
HEADER: Final[dict[str, Any]] = {
    **CELL,
    "bold": True,
    "align": "center",
    "bg_color": xlsx_colour(HEADER_FILL),
}
TITLE: Final[dict[str, Any]] = {
    "font_name": TITLE_FONT,
    "font_size": 18,
    "bold": True,
    "align": "center",
    "valign": "vcenter",
}
LABEL: Final[dict[str, Any]] = {**PLAIN, "bold": True, "align": "right"}  # 填报单位：
HEADING: Final[dict[str, Any]] = {**PLAIN, "bold": True, "font_size": 14}


def filled(spec: dict[str, Any], rgb: str) -> dict[str, Any]:
    """`spec` on a coloured background."""
    return {**spec, "bg_color": xlsx_colour(rgb)}


class BookFormats:
    """The xlsxwriter formats every form-like workbook uses; a writer's class adds its own.

    xlsxwriter writes only the formats a cell uses, so an unused one costs nothing."""

    def __init__(self, book: Any) -> None:
        self.title = book.add_format(TITLE)
        self.label = book.add_format(LABEL)
        self.header = book.add_format(HEADER)
        self.heading = book.add_format(HEADING)
