"""The provincial workbook: 汇总表, 覆盖情况, 覆盖地图, 各市统计 (with a chart), 问题清单, 说明.

Written with xlsxwriter, every value a city typed through `write_string`, so text starting
with = + - @ is stored as text and can never become a formula.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from pairtable import __version__
from pairtable.atomic import atomic_path
from pairtable.catalogue import SEVERITY_LABELS, place_label
from pairtable.clock import beijing_date, beijing_text, beijing_time
from pairtable.form import COLUMNS, ISSUER, TITLE, display_width, text_lines
from pairtable.map_job import MAP_PIXEL_SCALE, MapJob
from pairtable.merge import MergeResult, coverage_sentence, ordered_issues
from pairtable.merge_report import CAUSE_LABELS, STATUS_LABELS, CitySummary, MergedIssue
from pairtable.phones import mask
from pairtable.redact import redact_text
from pairtable.roster import EVIDENCE_LABELS
from pairtable.styles import (
    A4,
    BODY_FONT,
    CELL,
    GREEN,
    LINE_HEIGHT,
    ORANGE,
    PLAIN,
    PORTRAIT_WIDTH,
    RED,
    SEVERITY_FILLS,
    XLSX_FOOTER,
    YELLOW,
    BookFormats,
    filled,
    xlsx_colour,
)

SUMMARY_SHEET = "汇总表"
COVERAGE_SHEET = "覆盖情况"
MAP_SHEET = "覆盖地图"
CITIES_SHEET = "各市统计"
ISSUES_SHEET = "问题清单"
ABOUT_SHEET = "说明"
SHEETS = (SUMMARY_SHEET, COVERAGE_SHEET, MAP_SHEET, CITIES_SHEET, ISSUES_SHEET, ABOUT_SHEET)
SOURCE_COLUMNS = ("来源文件", "来源行")
# For people: the cell reads 统计表!F7 (sheet included) and each message quotes the value and
# names its column, so those need no columns of their own here; --json keeps every field.
ISSUE_HEADERS = ["文件", "文件状态", "单元格", "级别", "代码", "问题", "怎么改"]
ISSUE_WIDTHS = [24, 10, 16, 6, 20, 40, 36]
STATUS_FILLS = {"covered": GREEN, "invalid": YELLOW, "conflict": ORANGE, "missing": RED}


class ProvinceWriter:
    """Writes the provincial workbook around a merge: opened before, filled by `finish`.

    The 问题清单 rows, by far the most, are streamed back from the merge's issue log, those of
    superseded returns last (a file's status is known only once the whole inbox is read).
    xlsxwriter's constant_memory mode puts each row on disk as it is written. The target is
    replaced only when `finish` completes; on any error it is left as it was.
    """

    def __init__(
        self, target: Path, *, redact: bool = False, map_job: MapJob | None = None
    ) -> None:
        """`map_job`: one started earlier, for this writer to use and close (by default the
        writer starts one when entered)."""
        self._target, self._redact, self._given_map_job = target, redact, map_job
        # With --redact every text a city wrote (and every message quoting it) is masked.
        self._text: Callable[[str], str] = redact_text if redact else _same
        self._finished = False

    def __enter__(self) -> ProvinceWriter:
        # First: the map's child gets ready while this process imports, reads and writes.
        with contextlib.ExitStack() as stack:
            self._map_job = self._given_map_job or MapJob(MAP_PIXEL_SCALE)
            stack.callback(self._map_job.close)
            self._temporary = stack.enter_context(atomic_path(self._target))
            # Opened: from here on the child and the temporary file are settled by __exit__.
            self._output = stack.pop_all()
        return self

    def _open_book(self) -> None:
        """The workbook itself, made in `finish`: importing xlsxwriter then overlaps with
        drawing the map in its child."""
        import xlsxwriter

        from pairtable.textrows import TextRowSheet

        self._book = xlsxwriter.Workbook(
            str(self._temporary), {"in_memory": False, "constant_memory": True}
        )
        self._formats = _Formats(self._book)
        self._sheets = {name: self._book.add_worksheet(name, TextRowSheet) for name in SHEETS}
        self._issue_table = _TableWriter(
            self._sheets[ISSUES_SHEET],
            self._formats,
            0,
            ISSUE_HEADERS,
            ISSUE_WIDTHS,
            text=self._text,
            verbatim=(4, 6),  # code and hint: the hints' numbers are examples
        )

    def draw_map(self, result: MergeResult) -> None:
        """Start drawing the 覆盖地图 picture (in a child process where one could be forked), so
        the caller can do other work before `finish`; `finish` does it anyway."""
        self._map_job.request(result)

    def finish(self, result: MergeResult) -> None:
        self.draw_map(result)  # drawn meanwhile, where a child could be forked
        self._open_book()
        book, sheets, formats = self._book, self._sheets, self._formats
        book.set_properties(
            {
                "title": f"{TITLE}（全省汇总）",
                "author": ISSUER,
                "created": result.generated_at.replace(tzinfo=None),
                "comments": f"pairtable {__version__}",
            }
        )
        text = self._text
        _summary(sheets[SUMMARY_SHEET], formats, result, self._redact, text)
        _coverage(sheets[COVERAGE_SHEET], formats, result, text)
        _cities(book, sheets[CITIES_SHEET], formats, result, text)
        self._issue_table.set_width(0, _width((f.file for f in result.files), most=24))
        for issue in ordered_issues(result):
            self._issue_table.add(*_issue_row(issue, self._formats))
        self._issue_table.end()
        _about(sheets[ABOUT_SHEET], formats, result, self._redact, text)
        _map(sheets[MAP_SHEET], formats, self._map_job.png(result))
        book.close()
        self._finished = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is None and not self._finished:
            unfinished = RuntimeError("ProvinceWriter left without finish()")
            self._output.__exit__(RuntimeError, unfinished, None)
            raise unfinished
        self._output.__exit__(kind, error, trace)


class _Formats(BookFormats):
    def __init__(self, book: Any) -> None:
        super().__init__(book)
        self.plain = book.add_format(PLAIN)
        self.cell = book.add_format(CELL)
        centred = {**CELL, "align": "center"}
        self.number = book.add_format(centred)
        self.status = {k: book.add_format(filled(centred, v)) for k, v in STATUS_FILLS.items()}
        self.severity = {k: book.add_format(filled(centred, v)) for k, v in SEVERITY_FILLS.items()}
        self.bold = book.add_format({**PLAIN, "bold": True})


Row = tuple[list[object], dict[int, Any]]  # values, and formats for particular columns


def _same(text: str) -> str:
    return text


class _TableWriter:
    """A table written row by row (never held whole): header, text-safe cells, then filter,
    frozen header and print setup. Every cell wraps; a row whose text needs more than one
    line gets that height (LibreOffice does not autofit row heights when it opens a file)."""

    def __init__(
        self,
        sheet: Any,
        formats: _Formats,
        header_row: int,
        headers: list[str],
        widths: list[int],
        styles: dict[int, Any] | None = None,
        text: Callable[[str], str] = _same,
        verbatim: tuple[int, ...] = (),
    ) -> None:
        self._sheet, self._formats, self._header_row = sheet, formats, header_row
        self._text, self._verbatim = text, verbatim
        self._columns, self._widths = len(headers), list(widths)
        self._styles = styles or {}
        self._last = header_row
        for col, (label, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write_string(header_row, col, label, formats.header)

    def set_width(self, col: int, width: int) -> None:
        self._widths[col] = width
        self._sheet.set_column(col, col, width)

    def add(self, values: list[object], special: dict[int, Any]) -> None:
        sheet = self._sheet
        self._last += 1
        r = self._last
        widths = self._widths
        lines = max(
            (text_lines(v, widths[c]) for c, v in enumerate(values) if type(v) is str and v),
            default=1,
        )
        height = LINE_HEIGHT * lines + 2 if lines > 1 else None
        styles, plain = self._styles, self._formats.cell
        strings = [v for v in values if type(v) is str]
        if len(strings) == len(values):  # rows of text, the 问题清单's above all: one call a row
            text, verbatim = self._text, self._verbatim
            cells = [
                (v if c in verbatim else text(v), special.get(c) or styles.get(c, plain))
                for c, v in enumerate(strings)
            ]
            sheet.write_text_row(r, cells, height)
            return
        if height is not None:
            sheet.set_row(r, height)
        for c, value in enumerate(values):
            style = special.get(c) or styles.get(c, plain)
            if type(value) is str:
                sheet.write_string(r, c, value if c in self._verbatim else self._text(value), style)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value, style)
            else:
                sheet.write_string(r, c, "" if value is None else str(value), style)

    def end(self) -> None:
        sheet, header_row = self._sheet, self._header_row
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, max(self._last, header_row + 1), self._columns - 1)
        print_setup(sheet, sum(self._widths))
        # The title block of a form-like sheet repeats with its header; a table further down
        # a sheet (说明) repeats only its own header row.
        sheet.repeat_rows(0 if header_row <= 2 else header_row, header_row)


def print_setup(sheet: Any, width: int) -> None:
    """A4, landscape when the columns are wide, one page wide, page numbers in the footer.

    A4 landscape with 1 cm margins holds about 145 characters of column width at 100%; the
    tables stay near that, so fitting one page wide never shrinks the print below about 85%.
    """
    sheet.set_paper(A4)
    if width > PORTRAIT_WIDTH:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(XLSX_FOOTER)


def _table(
    sheet: Any,
    formats: _Formats,
    header_row: int,
    headers: list[str],
    rows: Iterable[Row],
    widths: list[int],
    styles: dict[int, Any] | None = None,
    text: Callable[[str], str] = _same,
    verbatim: tuple[int, ...] = (),
) -> None:
    table = _TableWriter(
        sheet, formats, header_row, headers, widths, styles, text=text, verbatim=verbatim
    )
    for values, special in rows:
        table.add(values, special)
    table.end()


def _width(values: Iterable[object], least: int = 12, most: int = 30) -> int:
    """A column width that fits the longest value (CJK characters count double)."""
    longest = max((display_width(str(v)) for v in values), default=0)
    return max(least, min(most, longest + 2))


def _summary(
    sheet: Any, formats: _Formats, result: MergeResult, redact: bool, text: Callable[[str], str]
) -> None:
    headers = [*COLUMNS.values(), *SOURCE_COLUMNS]
    sheet.set_row(0, 40)
    sheet.merge_range(0, 0, 0, len(headers) - 1, TITLE, formats.title)
    sheet.write_string(1, 0, "填报单位：", formats.label)
    sheet.write_string(1, 1, f"{ISSUER}（全省汇总）", formats.plain)
    sheet.write_string(1, 4, "填报时间：", formats.label)
    sheet.write_string(1, 5, beijing_date(result.generated_at), formats.plain)
    rows: list[Row] = [
        (
            [
                p.city,
                p.assisted,
                p.assisting,
                p.person,
                p.unit_title,
                mask(p.phone) if redact else p.phone,
                p.remark,
                p.source.file or "",
                p.source.row,
            ],
            {},
        )
        for p in result.pairs
    ]
    widths = [10, 12, 16, 10, 24, 20, 14, _width(p.source.file for p in result.pairs), 8]
    _table(sheet, formats, 2, headers, rows, widths, styles={8: formats.number}, text=text)


def _coverage(
    sheet: Any, formats: _Formats, result: MergeResult, text: Callable[[str], str]
) -> None:
    headers = ["市名", "重点帮扶县", "名单可信程度", "状态", "结对帮扶县", "来源文件", "原因"]
    rows: list[Row] = [
        (
            [
                c.city,
                c.county,
                EVIDENCE_LABELS[c.evidence],
                c.label,
                "、".join(c.assisting),
                "、".join(c.sources),
                CAUSE_LABELS[c.cause] if c.cause else "",
            ],
            {3: formats.status["conflict" if c.cause == "conflict" else c.status]},
        )
        for c in result.coverage
    ]
    widths = [10, 12, 12, 10] + [_width(v[i] for v, _ in rows) for i in (4, 5, 6)]
    _table(sheet, formats, 0, headers, rows, widths, text=text)


# The map (an A4 picture) shown at this share of its A4 size, leaving the margins free.
MAP_IMAGE_SCALE = 0.88
MAP_COLUMN_WIDTH = 101  # characters: about 712 pixels, the picture is 699
MAP_ROW_HEIGHT = 20  # points; not 15, which xlsxwriter leaves out as the default
MAP_ROWS = 40  # of 20 points: a little more than the picture's 10.3 inches (741 points)


def _map(sheet: Any, formats: _Formats, png: bytes) -> None:
    """The coverage map as one picture, printed on one A4 portrait page. Phones never appear
    on it, so --redact changes nothing here."""
    from io import BytesIO

    # The picture is anchored to cells, and LibreOffice converts column widths to length
    # differently from Excel: one column A a little wider than the picture keeps its width an
    # offset in EMU, the same in both. Rows get explicit heights (in constant-memory mode a row
    # is written only with a cell in it, hence the formatted blanks).
    sheet.set_column(0, 0, MAP_COLUMN_WIDTH)
    for row in range(MAP_ROWS):
        sheet.set_row(row, MAP_ROW_HEIGHT)
        sheet.write_blank(row, 0, None, formats.plain)
    sheet.hide_gridlines(2)
    sheet.set_portrait()
    sheet.set_paper(A4)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.fit_to_pages(1, 1)
    sheet.insert_image(
        0,
        0,
        "coverage-map.png",
        {
            "image_data": BytesIO(png),
            "x_scale": MAP_IMAGE_SCALE,
            "y_scale": MAP_IMAGE_SCALE,
            "object_position": 3,  # neither moved nor sized with cells
            "description": "山西省重点帮扶县结对帮扶覆盖情况地图",
        },
    )


def _submission(city: CitySummary, unreadable: set[str]) -> str:
    if city.submitted:
        return "已报送"
    if city.city in unreadable:
        return "文件无法读取"
    return "未报送" if city.expected else "无需报送"


def _cities(
    book: Any, sheet: Any, formats: _Formats, result: MergeResult, text: Callable[[str], str]
) -> None:
    headers = [
        "市名",
        "是否报送",
        "采用文件",
        "填报时间",
        "重点帮扶县",
        "已覆盖",
        "有错误",
        "冲突",
        "未报",
        "结对方式",
    ]
    unreadable = {c.city for c in result.coverage if c.cause == "unreadable-return"}
    rows: list[Row] = [
        (
            [
                c.city,
                _submission(c, unreadable),
                c.file or "",
                c.filled_on or "",
                c.expected,
                c.covered,
                c.invalid - c.conflict,
                c.conflict,
                c.missing,
                c.mode,
            ],
            {},
        )
        for c in result.cities
    ]
    numbers = {i: formats.number for i in (4, 5, 6, 7, 8)}
    widths = [10, 10, _width(c.file or "" for c in result.cities), 12, 12, 8, 8, 8, 8, 10]
    _table(sheet, formats, 0, headers, rows, widths, styles=numbers, text=text)
    total = len(rows)
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    for col, name in ((5, "covered"), (6, "invalid"), (7, "conflict"), (8, "missing")):
        chart.add_series(
            {
                "name": STATUS_LABELS[name],
                "categories": [sheet.name, 1, 0, total, 0],
                "values": [sheet.name, 1, col, total, col],
                "fill": {"color": xlsx_colour(STATUS_FILLS[name])},
                "border": {"color": "#808080"},
            }
        )
    chart.set_title(
        {"name": "各市重点帮扶县结对情况", "name_font": {"name": BODY_FONT, "size": 12}}
    )
    chart.set_y_axis({"name": "县数", "major_unit": 1})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 300})  # with the table, one landscape page
    sheet.insert_chart(total + 2, 0, chart)


def _issue_row(issue: MergedIssue, formats: _Formats) -> Row:
    values: list[object] = [
        issue.file or "",
        STATUS_LABELS.get(issue.file_status, ""),
        place_label(issue.cell, issue.row),
        SEVERITY_LABELS[issue.severity],
        issue.code,
        issue.message,
        issue.hint,
    ]
    return values, {3: formats.severity[issue.severity]}


def _about(
    sheet: Any, formats: _Formats, result: MergeResult, redact: bool, text: Callable[[str], str]
) -> None:
    roster = result.roster
    lines = [
        ("生成时间", beijing_time(result.generated_at)),
        ("生成程序", f"pairtable {__version__}"),
        ("重点帮扶县名单", f"{roster.origin}（指纹 {roster.fingerprint}）"),
        (
            "名单总数",
            f"{len(roster.key_counties)} 个（规定 {roster.declared_total} 个），"
            f"其中 {roster.unconfirmed} 个为推测、未经官方确认",
        ),
        (
            "覆盖情况",
            coverage_sentence(result),
        ),
        ("电话号码", "已部分隐藏（--redact），可对外分发" if redact else "完整（仅限内部使用）"),
    ]
    sheet.write_string(0, 0, "说明", formats.heading)
    for row, (label, value) in enumerate(lines, start=1):
        sheet.write_string(row, 0, label, formats.bold)
        shown = text(value) if label == "重点帮扶县名单" else value  # a path may hold digits
        sheet.write_string(row, 1, shown, formats.plain)
    start = len(lines) + 3
    sheet.write_string(start - 1, 0, "收到的文件", formats.bold)
    headers = [
        "文件",
        "状态",
        "市名",
        "填报时间",
        "SHA-256",
        "说明",
        "发件人",
        "邮件主题",
        "邮件日期",
    ]
    rows: list[Row] = [
        (
            [
                f.file,
                STATUS_LABELS[f.status],
                f.city or "",
                f.filled_on or "",
                f.sha256,
                f.reason,
                f.mail_from or "",
                f.mail_subject or "",
                beijing_text(f.mail_date),
            ],
            {},
        )
        for f in result.files
    ]
    widths = [_width((f.file for f in result.files), most=22), 8, 7, 11, 24, 20, 18, 18, 14]
    _table(sheet, formats, start, headers, rows, widths, text=text, verbatim=(4,))
