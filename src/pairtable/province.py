"""The provincial workbook: 汇总表, 覆盖情况, 各市统计 (with a chart), 问题清单, 说明.

Written with xlsxwriter, every value a city typed through `write_string`, so text starting
with = + - @ is stored as text and can never become a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pairtable import __version__
from pairtable.atomic import atomic_path
from pairtable.form import COLUMNS, TITLE
from pairtable.merge import STATUS_LABELS, MergeResult
from pairtable.phones import mask
from pairtable.roster import EVIDENCE_LABELS

SUMMARY_SHEET = "汇总表"
COVERAGE_SHEET = "覆盖情况"
CITIES_SHEET = "各市统计"
ISSUES_SHEET = "问题清单"
ABOUT_SHEET = "说明"
SOURCE_COLUMNS = ("来源文件", "来源行")
_STATUS_COLOURS = {"covered": "#C6EFCE", "invalid": "#FFEB9C", "missing": "#FFC7CE"}


def write_province(result: MergeResult, target: Path, *, redact: bool = False) -> None:
    import xlsxwriter

    with atomic_path(target) as temporary:
        # constant_memory: rows go to disk as they are written, so thousands of issue rows
        # never sit in memory; every sheet below is written strictly top to bottom.
        book = xlsxwriter.Workbook(str(temporary), {"in_memory": False, "constant_memory": True})
        book.set_properties(
            {
                "title": f"{TITLE}（全省汇总）",
                "author": "山西省乡村振兴局",
                "created": result.generated_at.replace(tzinfo=None),
                "comments": f"pairtable {__version__}",
            }
        )
        formats = _Formats(book)
        _summary(book.add_worksheet(SUMMARY_SHEET), formats, result, redact)
        _coverage(book.add_worksheet(COVERAGE_SHEET), formats, result)
        _cities(book, book.add_worksheet(CITIES_SHEET), formats, result)
        _issues(book.add_worksheet(ISSUES_SHEET), formats, result)
        _about(book.add_worksheet(ABOUT_SHEET), formats, result, redact)
        book.close()


class _Formats:
    def __init__(self, book: Any) -> None:
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
        cell = {**base, "border": 1}
        self.title = book.add_format(
            {
                "font_name": "黑体",
                "font_size": 18,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
            }
        )
        self.label = book.add_format({**base, "bold": True, "align": "right"})
        self.plain = book.add_format(base)
        self.header = book.add_format(
            {**cell, "bold": True, "align": "center", "bg_color": "#D9E1F2"}
        )
        self.cell = book.add_format(cell)
        self.wrap = book.add_format({**cell, "text_wrap": True})
        self.number = book.add_format({**cell, "align": "center"})
        self.status = {
            k: book.add_format({**cell, "bg_color": v, "align": "center"})
            for k, v in _STATUS_COLOURS.items()
        }
        self.severity = {
            "error": book.add_format({**cell, "bg_color": "#FFC7CE", "align": "center"}),
            "warning": book.add_format({**cell, "bg_color": "#FFEB9C", "align": "center"}),
        }
        self.heading = book.add_format({**base, "bold": True, "font_size": 14})
        self.bold = book.add_format({**base, "bold": True})


def _table(
    sheet: Any,
    formats: _Formats,
    header_row: int,
    headers: list[str],
    rows: list[list[object]],
    widths: list[int],
    styles: dict[int, Any] | None = None,
    row_styles: list[dict[int, Any]] | None = None,
) -> None:
    """Header, text-safe rows, frozen header, filter and print setup."""
    for col, (label, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(header_row, col, label, formats.header)
    for r, row in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(row):
            style = (row_styles[r - header_row - 1].get(c) if row_styles else None) or (
                styles or {}
            ).get(c, formats.cell)
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value, style)
            else:
                sheet.write_string(r, c, "" if value is None else str(value), style)
    last_row = header_row + max(len(rows), 1)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.autofilter(header_row, 0, last_row, len(headers) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_row)
    sheet.center_horizontally()


def _width(values: Iterable[object], least: int = 12, most: int = 60) -> int:
    """A column width that fits the longest value (CJK characters count double)."""
    longest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(v)) for v in values), default=0)
    return max(least, min(most, longest + 2))


def _summary(sheet: Any, formats: _Formats, result: MergeResult, redact: bool) -> None:
    headers = [*COLUMNS.values(), *SOURCE_COLUMNS]
    sheet.set_row(0, 40)
    sheet.merge_range(0, 0, 0, len(headers) - 1, TITLE, formats.title)
    sheet.write_string(1, 0, "填报单位：", formats.label)
    sheet.write_string(1, 1, "山西省乡村振兴局（全省汇总）", formats.plain)
    sheet.write_string(1, 4, "填报时间：", formats.label)
    sheet.write_string(1, 5, result.generated_at.strftime("%Y-%m-%d"), formats.plain)
    rows: list[list[object]] = [
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
        ]
        for p in result.pairs
    ]
    _table(
        sheet,
        formats,
        2,
        headers,
        rows,
        [10, 12, 16, 10, 26, 26, 14, 30, 8],
        styles={8: formats.number},
    )


def _coverage(sheet: Any, formats: _Formats, result: MergeResult) -> None:
    headers = ["市名", "重点帮扶县", "名单可信程度", "状态", "结对帮扶县", "来源文件"]
    rows: list[list[object]] = []
    row_styles: list[dict[int, Any]] = []
    for c in result.coverage:
        evidence = EVIDENCE_LABELS.get(c.evidence, c.evidence)  # type: ignore[call-overload]
        rows.append(
            [
                c.city,
                c.county,
                evidence,
                STATUS_LABELS[c.status],
                "、".join(c.assisting),
                "、".join(c.sources),
            ]
        )
        row_styles.append({3: formats.status[c.status]})
    widths = [10, 12, 12, 10, _width(r[4] for r in rows), _width(r[5] for r in rows)]
    _table(sheet, formats, 0, headers, rows, widths, row_styles=row_styles)


def _cities(book: Any, sheet: Any, formats: _Formats, result: MergeResult) -> None:
    headers = [
        "市名",
        "是否报送",
        "采用文件",
        "填报时间",
        "重点帮扶县",
        "已覆盖",
        "有错误",
        "未报",
        "结对方式",
    ]
    rows: list[list[object]] = [
        [
            c.city,
            "已报送" if c.submitted else ("未报送" if c.expected else "无需报送"),
            c.file or "",
            c.filled_on or "",
            c.expected,
            c.covered,
            c.invalid,
            c.missing,
            c.mode,
        ]
        for c in result.cities
    ]
    numbers = {i: formats.number for i in (4, 5, 6, 7)}
    widths = [10, 10, _width(r[2] for r in rows), 12, 10, 8, 8, 8, 10]
    _table(sheet, formats, 0, headers, rows, widths, styles=numbers)
    total = len(rows)
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    for col, name in ((5, "covered"), (6, "invalid"), (7, "missing")):
        chart.add_series(
            {
                "name": STATUS_LABELS[name],
                "categories": [sheet.name, 1, 0, total, 0],
                "values": [sheet.name, 1, col, total, col],
                "fill": {"color": _STATUS_COLOURS[name]},
                "border": {"color": "#808080"},
            }
        )
    chart.set_title({"name": "各市重点帮扶县结对情况", "name_font": {"name": "宋体", "size": 12}})
    chart.set_y_axis({"name": "县数", "major_unit": 1})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 360})
    sheet.insert_chart(total + 3, 0, chart)


def _issues(sheet: Any, formats: _Formats, result: MergeResult) -> None:
    headers = ["文件", "工作表", "单元格", "级别", "代码", "列", "内容", "问题", "怎么改"]
    rows: list[list[object]] = []
    row_styles: list[dict[int, Any]] = []
    for i in result.issues:
        rows.append(
            [
                i.file or "",
                i.sheet or "",
                i.cell or "",
                "错误" if i.severity == "error" else "提醒",
                i.code,
                i.column or "",
                i.value or "",
                i.message,
                i.hint,
            ]
        )
        row_styles.append({3: formats.severity[i.severity]})
    _table(
        sheet, formats, 0, headers, rows, [30, 10, 14, 6, 20, 10, 18, 46, 46], row_styles=row_styles
    )


def _about(sheet: Any, formats: _Formats, result: MergeResult, redact: bool) -> None:
    roster = result.roster
    lines = [
        ("生成时间", result.generated_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("生成程序", f"pairtable {__version__}"),
        ("重点帮扶县名单", f"{roster.origin}（指纹 {roster.fingerprint}）"),
        (
            "名单总数",
            f"{len(roster.key_counties)} 个（规定 {roster.declared_total} 个），"
            f"其中 {roster.unconfirmed} 个为推测、未经官方确认",
        ),
        (
            "覆盖情况",
            f"已覆盖 {result.count('covered')} 个，有错误 {result.count('invalid')} 个，"
            f"未报 {result.count('missing')} 个",
        ),
        ("电话号码", "已部分隐藏（--redact），可对外分发" if redact else "完整（仅限内部使用）"),
    ]
    sheet.write_string(0, 0, "说明", formats.heading)
    for row, (label, value) in enumerate(lines, start=1):
        sheet.write_string(row, 0, label, formats.bold)
        sheet.write_string(row, 1, value, formats.plain)
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
    for col, (label, width) in enumerate(
        zip(headers, [36, 10, 10, 12, 66, 40, 30, 30, 26], strict=True)
    ):
        sheet.set_column(col, col, width)
        sheet.write_string(start, col, label, formats.header)
    for r, f in enumerate(result.files, start=start + 1):
        values = [
            f.file,
            STATUS_LABELS[f.status],
            f.city or "",
            f.filled_on or "",
            f.sha256,
            f.reason,
            f.mail_from or "",
            f.mail_subject or "",
            f.mail_date or "",
        ]
        for c, value in enumerate(values):
            sheet.write_string(r, c, value, formats.cell)
