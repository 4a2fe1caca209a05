"""`validate --annotate`: a copy of the city's own workbook with every problem cell marked.

Red fill = error, yellow = warning, a Chinese comment on the cell, and a 问题清单 sheet.
xlsx/xlsm are copied with their formatting (macros dropped); xls/csv/ods are rebuilt as xlsx.
The input is never modified.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from pairtable.archive import MEMBER_SEPARATOR
from pairtable.atomic import atomic_path
from pairtable.catalogue import SEVERITY_LABELS, Severity, place_label
from pairtable.clock import fixed_time
from pairtable.form import text_lines
from pairtable.layout_copy import Mark, rebuild_in_form_layout
from pairtable.models import FileReport, Issue
from pairtable.styles import (
    A4,
    LINE_HEIGHT,
    PAGE_NUMBERS,
    PORTRAIT_WIDTH,
    SEVERITY_FILLS,
    openpyxl_fill,
)

if TYPE_CHECKING:
    from pairtable.reader import BookData

ISSUES_SHEET = "问题清单"
_ISSUE_COLUMNS = ("单元格", "级别", "代码", "列", "内容", "问题", "怎么改")


def annotated_name(path: Path) -> str:
    """`大同市-问题标注.xlsx`; never a `~$` or `.~lock` name, which Excel takes for a lock file."""
    stem = path.stem
    while stem.startswith(("~$", ".~lock.", "~")):
        stem = stem.removeprefix("~$").removeprefix(".~lock.").removeprefix("~")
    return f"{stem or '回收表'}-问题标注.xlsx"


def annotate_copy(
    source: Path,
    report: FileReport,
    target: Path,
    *,
    data: bytes | None = None,
    when: datetime | None = None,
) -> list[Mark]:
    """Write the annotated copy to `target` (see `annotated_workbook`)."""
    written, marks = annotated_workbook(source, report, data=data, when=when)
    with atomic_path(target) as temporary:
        temporary.write_bytes(written)
    return marks


def annotated_workbook(
    source: Path, report: FileReport, *, data: bytes | None = None, when: datetime | None = None
) -> tuple[bytes, list[Mark]]:
    """The annotated copy's bytes, every timestamp set to `when` (default: SOURCE_DATE_EPOCH,
    else now), so the same return gives the same bytes. `data`: the table's bytes when it came
    from inside an archive or a mail (`source`).

    Also each issue with its cell in the copy: the same as the issue's own cell, except in a
    copy rebuilt in the form's layout (sheet 统计表), where the cells have moved (or None when
    the issue's cell has no place in the copy)."""
    from openpyxl import Workbook, load_workbook

    book: Any = None
    if report.format in {"xlsx", "xlsm"}:
        try:
            book = load_workbook(
                io.BytesIO(data) if data is not None else source, keep_vba=False, rich_text=False
            )
        # openpyxl is stricter than calamine and raises many kinds of error on odd files
        # (defusedxml refusals, malformed parts); fall back to a rebuilt copy.
        except Exception:
            book = None
    marks = [(issue, issue.cell) for issue in report.issues]
    if book is None:
        rebuilt = _read(source, data, Path(report.file).name) if report.readable else None
        if rebuilt is None:
            book = Workbook()
            book.remove(book.active)
        else:
            book, marks = rebuild_in_form_layout(rebuilt, report.issues)
    elif report.readable:
        _repeat_table_header(book, _read(source, data, Path(report.file).name))
    _mark_cells(book, [issue.model_copy(update={"cell": cell}) for issue, cell in marks if cell])
    _issue_sheet(book, marks)
    _print_heading(book[ISSUES_SHEET], report)
    saved = io.BytesIO()
    book.save(saved)
    return stable_zip(saved.getvalue(), when or fixed_time()), marks


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def stable_zip(data: bytes, when: datetime) -> bytes:
    """The same workbook with every timestamp (zip entries, created/modified) set to `when`."""
    moment = when.astimezone(UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = max(moment.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, body)
    return out.getvalue()


def _read(source: Path, raw: bytes | None, name: str) -> BookData | None:
    """The return as the reader sees it; `raw` when it came from inside an archive."""
    from pairtable.reader import UnreadableFile, read_book, read_book_bytes

    try:
        return read_book(source) if raw is None else read_book_bytes(raw, name)
    except UnreadableFile:
        return None


def _repeat_table_header(book: Any, data: BookData | None) -> None:
    """In a city's own layout, print the rows down to the table's header on every page."""
    from pairtable.table import locate

    if data is None:
        return
    for sheet in data.table_sheets:
        found = locate(sheet)
        if found is not None and sheet.name in book.sheetnames:
            if not book[sheet.name].print_title_rows:
                book[sheet.name].print_title_rows = f"1:{found.header_row + 1}"
            return


def set_text_safe(cell: Any, value: object) -> None:
    """Write a value so that text a city typed can never become a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    elif isinstance(value, int | float | bool):
        cell.value = value
    else:
        cell.value = str(value)


def _mark_cells(book: Any, issues: list[Issue]) -> None:
    from openpyxl.comments import Comment

    notes: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.cell and "!" in issue.cell:
            sheet, ref = issue.cell.rsplit("!", 1)
            if sheet in book.sheetnames:
                notes.setdefault((sheet, ref), []).append(issue)
    for (sheet, ref), found in notes.items():
        cell = _top_left(book[sheet], ref)
        worst: Severity = "error" if any(i.severity == "error" for i in found) else "warning"
        cell.fill = openpyxl_fill(SEVERITY_FILLS[worst])
        text = "\n".join(f"{SEVERITY_LABELS[i.severity]}：{i.message}\n→ {i.hint}" for i in found)
        comment = Comment(text, "省乡村振兴局")
        comment.width, comment.height = 320, 60 + 50 * len(found)
        cell.comment = comment
    for name in {sheet for sheet, _ in notes}:
        _print_marked(book[name], [ref for sheet, ref in notes if sheet == name])


def _print_marked(sheet: Any, refs: list[str]) -> None:
    """Grow a sheet's print area (the province's form sets one) so every marked cell prints:
    a row typed below the footer is marked, and must be on the paper too."""
    from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries

    area = sheet.print_area
    if not area or not refs:
        return
    ranges = [part.rsplit("!", 1)[-1].replace("$", "") for part in area.split(",")]
    bounds = [range_boundaries(part) for part in ranges]
    first_col = min(b[0] for b in bounds)
    first_row = min(b[1] for b in bounds)
    last_col = max(b[2] for b in bounds)
    last_row = max(b[3] for b in bounds)
    cells = [coordinate_to_tuple(ref.split(":")[0]) for ref in refs]
    outside = [
        (row, col)
        for row, col in cells
        if not any(b[0] <= col <= b[2] and b[1] <= row <= b[3] for b in bounds)
    ]
    if not outside:
        return
    first_row = min([first_row, *(row for row, _ in outside)])
    last_row = max([last_row, *(row for row, _ in outside)])
    first_col = min([first_col, *(col for _, col in outside)])
    last_col = max([last_col, *(col for _, col in outside)])
    sheet.print_area = (
        f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
    )


def _top_left(sheet: Any, ref: str) -> Any:
    """The cell at `ref`, or the top-left cell of the merged range it lies in (the only one
    of a merged range that can carry a fill or a comment)."""
    cell = sheet[ref]
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _issue_sheet(book: Any, marks: list[tuple[Issue, str | None]]) -> None:
    """The 问题清单 sheet, first. `marks` gives each issue's cell in this copy; when a copy is
    rebuilt in the form's layout it differs from the cell in the city's own file, and both
    are listed."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if ISSUES_SHEET in book.sheetnames:
        del book[ISSUES_SHEET]
    sheet = book.create_sheet(ISSUES_SHEET, 0)
    moved = any(cell != issue.cell for issue, cell in marks)
    headers = list(_ISSUE_COLUMNS)
    widths = [14, 6, 20, 10, 16, 40, 36]
    if moved:
        headers[0] = "本表单元格"
        headers.insert(1, "原表位置")
        widths.insert(1, 14)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue, cell in marks:
        row = [place_label(cell), place_label(issue.cell)] if moved else [place_label(cell)]
        row += [
            SEVERITY_LABELS[issue.severity],
            issue.code,
            issue.column or "",
            issue.value or "",
            issue.message,
            issue.hint,
        ]
        sheet.append([None] * len(row))
        r = sheet.max_row
        for col, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=col)
            set_text_safe(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(text_lines(str(v), widths[c]) for c, v in enumerate(row))
        if lines > 1:  # sized to the text: wrapped cells are never clipped in print
            sheet.row_dimensions[r].height = LINE_HEIGHT * lines + 2
        level = sheet.cell(row=sheet.max_row, column=len(row) - 5)
        level.fill = openpyxl_fill(SEVERITY_FILLS[issue.severity])
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    for each in book.worksheets:
        _print_ready(each)
    select_only(book, 0)


def _print_heading(sheet: Any, report: FileReport) -> None:
    """On every printed page of 问题清单: which return it is about (file and city) at the
    top, the page number at the bottom. In the page header, so the sheet's rows stay as they
    are for whoever reads them back (row 1 the column titles)."""
    name = report.file.rsplit(MEMBER_SEPARATOR, 1)[-1]
    name = PurePath(name.replace("\\", "/")).name or report.file
    about = f"{report.city}：" if report.city else ""
    title = f"{about}“{name}”的问题清单（共 {len(report.issues)} 条）"
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.center.size = 12
    sheet.oddFooter.center.text = PAGE_NUMBERS
    sheet.evenHeader.center.text = sheet.oddHeader.center.text
    sheet.evenFooter.center.text = sheet.oddFooter.center.text


def _print_ready(sheet: Any) -> None:
    """A4 and one page wide (landscape when wide), unless the sheet already fits to a page."""
    from openpyxl.utils import get_column_letter

    if sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage:
        return
    columns = max(sheet.max_column, 1)
    width = sum(
        sheet.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, columns + 1)
    )
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    if sheet.sheet_properties.pageSetUpPr is None:
        from openpyxl.worksheet.properties import PageSetupProperties

        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True


def select_only(book: Any, index: int) -> None:
    """Make sheet `index` the active and only selected tab.

    A copied workbook keeps its own sheets' tabSelected flags; two selected tabs open in Excel
    as a group, and typing then goes into every sheet of the group.
    """
    book.active = index
    for position, sheet in enumerate(book.worksheets):
        sheet.sheet_view.tabSelected = position == index
