"""A return in another format (.xls, .et, .ods, .csv) rebuilt in the official form's layout.

The form is written by the same code as the templates (`template.write_form_sheet`): title
merged across, 填报单位/填报时间, the seven headers, the rows as the clerk typed them (text,
so a phone number never shows as 1.39E+10), 填表人/联系方式, widths and print setup. Columns
the form does not have come after 备注 with their own headers; rows found below the footer stay
below it; other sheets follow as plain values. Each issue's cell is moved to where its value
now is, so marks and comments land on the right cells.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

from pairtable.form import COLUMNS, DATA_SHEET
from pairtable.models import Issue
from pairtable.reader import BookData, SheetData
from pairtable.table import Located, cell_at, column_letter, locate
from pairtable.text import to_text

_FIELDS = list(COLUMNS)
_LABEL_PLACES = {"unit": (1, 1), "filled_on": (1, 5)}
_FOOTER_PLACES = {"filler": 1, "filler_phone": 5}
Mark = tuple[Issue, str | None]
# Longest prefix first: filler-phone-* before filler-*.
_FIELD_CODES = (
    ("filler-phone-", "filler_phone"),
    ("filler-", "filler"),
    ("filled-on-", "filled_on"),
    ("unit-missing", "unit"),
)


def rebuild_in_form_layout(book: BookData, issues: list[Issue]) -> tuple[Any, list[Mark]]:
    """An openpyxl workbook in the form's layout, and each issue with its cell in it."""
    from openpyxl import Workbook, load_workbook

    located = next((found for s in book.table_sheets if s.visible and (found := locate(s))), None)
    if located is None:
        plain = Workbook()
        plain.remove(plain.active)
        for sheet in book.sheets:
            _copy_values(plain, sheet)
        return plain, [(issue, issue.cell) for issue in issues]
    buffer = io.BytesIO()
    moved, fields, hidden = _write_form(located, buffer)
    rebuilt = load_workbook(buffer, rich_text=False)
    for row in hidden:  # as in the city's file: a stale hidden row must not print as a pair
        rebuilt[DATA_SHEET].row_dimensions[row + 1].hidden = True
    for sheet in book.sheets:
        if sheet is not located.sheet and sheet.visible:
            _copy_values(rebuilt, sheet)
    source = located.sheet.name
    marks: list[Mark] = []
    for issue in issues:
        cell = issue.cell
        field = _field_of(issue.code)
        if field is not None and cell and cell.rsplit("!", 1)[0] == source:
            # A header or footer field, there or missing: on the form's own field cell, never
            # on a column title that happened to be where it should have been.
            at_row, at_col = fields[field]
            cell = f"{DATA_SHEET}!{column_letter(at_col)}{at_row + 1}"
        elif cell and "!" in cell:
            sheet_name, ref = cell.rsplit("!", 1)
            if sheet_name == source:
                at = cell_at(ref)
                place = moved.get((at.row, at.col))
                cell = f"{DATA_SHEET}!{column_letter(place[1])}{place[0] + 1}" if place else None
        marks.append((issue, cell))
    return rebuilt, marks


Place = tuple[int, int]


def _field_of(code: str) -> str | None:
    """The header or footer field a finding is about (fields.read_fields), if any."""
    for prefix, name in _FIELD_CODES:
        if code.startswith(prefix):
            return name
    return None


def _write_form(
    located: Located, buffer: io.BytesIO
) -> tuple[dict[Place, Place], dict[str, Place], list[int]]:
    """Write the form into `buffer`; return where each source cell (row, col) went, and
    where each header and footer field's value cell is, and the rows to hide."""
    import xlsxwriter

    from pairtable.template import (
        FIRST_DATA_ROW,
        HEADER_ROW,
        FormContent,
        FormStyles,
        write_form_sheet,
    )

    rows = located.sheet.rows
    more = {col: name for name, col in located.columns.items() if "#" in name}  # 2nd phone
    extra_cols = sorted({**located.unknown_columns, **located.duplicate_columns, **more})
    field_cols = [(located.columns.get(name), i) for i, name in enumerate(_FIELDS)]
    extra_headers = [to_text(rows[located.header_row][c]).strip() for c in extra_cols]

    def values(number: int) -> list[str]:
        row = rows[number - 1]
        shown = [_text(row, col) for col, _ in field_cols]
        return shown + [_text(row, col) for col in extra_cols]

    labels = located.labels
    # Hidden, total and note rows stay in the copy, so the marks about them can be seen.
    body = sorted([*located.rows, *located.hidden, *located.skipped], key=lambda r: r.number)
    content = FormContent(
        unit=_label(located, "unit"),
        filled_on=_label(located, "filled_on"),
        rows=[values(r.number) for r in body],
        filler=_label(located, "filler"),
        filler_phone=_label(located, "filler_phone"),
        extra_headers=extra_headers,
        after_footer=[values(r.number) for r in located.after_footer],
    )
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(DATA_SHEET)
    placed = write_form_sheet(sheet, FormStyles(workbook), content)
    workbook.close()
    buffer.seek(0)

    moved: dict[tuple[int, int], tuple[int, int]] = {}
    new_cols = [(col, new) for col, new in field_cols if col is not None]
    new_cols += [(col, len(_FIELDS) + k) for k, col in enumerate(extra_cols)]
    for col, new in new_cols:
        moved[(located.header_row, col)] = (HEADER_ROW, new)
    placed_rows = [(r, FIRST_DATA_ROW + i) for i, r in enumerate(body)]
    placed_rows += [(r, placed.after_footer_row + i) for i, r in enumerate(located.after_footer)]
    for data_row, new_row in placed_rows:
        for col, new in new_cols:
            moved[(data_row.number - 1, col)] = (new_row, new)
    for name, cell in labels.items():
        if name in _LABEL_PLACES:
            moved[(cell.row, cell.col)] = _LABEL_PLACES[name]
        elif name in _FOOTER_PLACES:
            moved[(cell.row, cell.col)] = (placed.footer_row, _FOOTER_PLACES[name])
    fields = dict(_LABEL_PLACES)
    fields.update({name: (placed.footer_row, col) for name, col in _FOOTER_PLACES.items()})
    hidden_numbers = {r.number for r in located.hidden}
    hidden = [FIRST_DATA_ROW + i for i, r in enumerate(body) if r.number in hidden_numbers]
    return moved, fields, hidden


def _text(row: list[object], col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return _shown(row[col])


def _shown(value: object) -> str:
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return to_text(value).strip()


def _label(located: Located, name: str) -> str:
    cell = located.labels.get(name)
    return _shown(cell.value) if cell else ""


def _copy_values(book: Any, sheet: SheetData) -> None:
    """A sheet as plain text values: a merged range's value once, not in each of its cells."""
    from pairtable.annotate import set_text_safe

    name = re.sub(r"[\[\]:*?/\\]", "_", sheet.name)[:31] or "Sheet"
    while name in book.sheetnames:
        name = name[:28] + "_"
    target = book.create_sheet(name)
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value in (None, "") or (r, c) in sheet.merged_copies:
                continue
            set_text_safe(target.cell(row=r + 1, column=c + 1), value)
