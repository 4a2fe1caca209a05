"""反馈清单.xlsx: one row per city, what it must do and what its pack holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pairtable.atomic import atomic_path
from pairtable.feedback import ACTION_LABELS, CityFeedback, FeedbackPlan
from pairtable.form import TITLE, display_width
from pairtable.notice import NoticeOptions, chinese_date, local_date
from pairtable.pack import Pack
from pairtable.styles import (
    A4,
    BORDERED,
    CELL,
    GREEN,
    HEADER,
    LINE_HEIGHT,
    ORANGE,
    PLAIN,
    RED,
    TITLE_FONT,
    XLSX_FOOTER,
    YELLOW,
    filled,
)

SHEET = "反馈清单"
_COLUMNS: tuple[tuple[str, int], ...] = (
    ("市名", 8),
    ("处理", 9),
    ("重点帮扶县", 11),
    ("已覆盖", 7),
    ("有错误", 7),
    ("未报", 6),
    ("错误处数", 9),
    ("提醒条数", 9),
    ("需修改或补报的县", 24),
    ("所用报表", 28),
    ("收件人", 26),
    ("反馈包内容", 30),
)
_WRAPPED = {8, 9, 10, 11}
_ACTION_FILLS = {"fix": RED, "report": ORANGE, "remind": YELLOW, "none": GREEN}


def write_overview(
    target: Path, plan: FeedbackPlan, packs: list[Pack], options: NoticeOptions
) -> None:
    import xlsxwriter

    with atomic_path(target) as temporary:
        book = xlsxwriter.Workbook(str(temporary), {"in_memory": True})
        book.set_properties(
            {
                "title": f"{TITLE}反馈清单",
                "author": options.issuer,
                "created": options.generated_at.replace(tzinfo=None),
            }
        )
        sheet = book.add_worksheet(SHEET)
        _table(book, sheet, plan, packs, options)
        book.close()


def _table(
    book: Any, sheet: Any, plan: FeedbackPlan, packs: list[Pack], opts: NoticeOptions
) -> None:
    title = book.add_format({**PLAIN, "font_name": TITLE_FONT, "font_size": 16, "bold": True})
    plain = book.add_format(PLAIN)
    header = book.add_format(HEADER)
    text = book.add_format(CELL)
    centred = {**BORDERED, "align": "center"}
    number = book.add_format(centred)
    action = {k: book.add_format(filled(centred, v)) for k, v in _ACTION_FILLS.items()}
    last = len(_COLUMNS) - 1
    for col, (_, width) in enumerate(_COLUMNS):
        sheet.set_column(col, col, width)
    sheet.set_row(0, 28)
    sheet.merge_range(0, 0, 0, last, f"{TITLE}反馈清单", title)
    counts = "，".join(
        f"{label} {sum(1 for c in plan.cities if c.action == key)} 个市"
        for key, label in ACTION_LABELS.items()
    )
    when = chinese_date(local_date(opts.generated_at))
    sheet.merge_range(
        1,
        0,
        1,
        last,
        f"生成日期：{when}　　修改、补报截止日期：{chinese_date(opts.deadline)}　　{counts}",
        plain,
    )
    sheet.set_row(2, 22)
    for col, (name, _) in enumerate(_COLUMNS):
        sheet.write_string(2, col, name, header)
    row = 3
    for pack in packs:
        city = pack.city
        values: list[object] = [
            city.city,
            city.label,
            city.expected,
            city.covered,
            len(city.to_fix),
            len(city.to_report),
            city.error_count,
            city.warning_count,
            _counties(city.to_fix, city.to_report),
            _returns(city),
            "\n".join(pack.mail_to),
            "\n".join(Path(f).name for f in pack.files),
        ]
        lines = 1
        for col, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(row, col, value, number)
            elif col == 1:
                sheet.write_string(row, col, str(value), action[city.action])
            else:
                sheet.write_string(row, col, str(value), text)
                if col in _WRAPPED:
                    lines = max(lines, _lines(str(value), _COLUMNS[col][1]))
        sheet.set_row(row, LINE_HEIGHT * lines + 6)
        row += 1
    for unassigned in plan.unassigned:
        row += 1
        sheet.write_string(
            row, 0, f"无法确定是哪个市报送、也无法读取的文件：{unassigned.file}", plain
        )
    sheet.freeze_panes(3, 1)
    sheet.autofilter(2, 0, 2 + len(packs), last)
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(2)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(XLSX_FOOTER)


def _returns(city: CityFeedback) -> str:
    lines = [r.entry.file for r in city.returns]
    lines += [f"{'已忽略' if u.ignored else '未能读取'}：{u.file}" for u in city.unreadable]
    return "\n".join(lines) or ("（未报送）" if city.expected else "")


def _counties(to_fix: list[str], to_report: list[str]) -> str:
    parts = []
    if to_fix:
        parts.append("修改：" + "、".join(to_fix))
    if to_report:
        parts.append("补报：" + "、".join(to_report))
    return "\n".join(parts)


def _lines(value: str, width: int) -> int:
    """Printed lines of a wrapped cell: CJK characters take two columns of width."""
    total = 0
    for line in value.split("\n"):
        columns = display_width(line)
        total += max(1, -(-columns // max(1, width - 1)))
    return total
