"""`make-templates`: one workbook per city, laid out like the notice's attachment.

Dropdown lists live on a hidden sheet (inline lists hit Excel's 255-character limit); the
form's identity (version, city, roster fingerprint) lives on another hidden sheet that
`validate` reads back and LibreOffice keeps on save.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pairtable.atomic import atomic_path
from pairtable.city_examples import CityExamples, city_examples
from pairtable.clock import NOTICE_DATE, fixed_time
from pairtable.form import (
    COLUMNS,
    DATA_SHEET,
    FORM_VERSION,
    GUIDE_SHEET,
    ISSUER,
    LISTS_SHEET,
    META_SHEET,
    NOTICE_DEADLINE,
    NOTICE_MAILBOX,
    TITLE,
    default_unit,
    display_width,
    template_filename,
    text_lines,
)
from pairtable.roster import Roster
from pairtable.styles import (
    A4,
    CELL,
    EXAMPLE_TEXT,
    FIXED_FILL,
    LINE_HEIGHT,
    PLAIN,
    XLSX_FOOTER,
    BookFormats,
    filled,
    xlsx_colour,
)

_WIDTHS = (10, 14, 24, 12, 28, 20, 16)


def _prompts(examples: CityExamples) -> dict[str, str]:
    """Each column's prompt, with this city's own counties and area code as examples."""
    return {
        "city": "已预填本市市名，无需修改。",
        "assisted": "从下拉列表选择本市的重点帮扶县。一个重点帮扶县有多个帮扶县时，分多行填写。",
        "assisting": "填写负责帮扶的本市县（市、区），可从列表选择；多个用“、”分隔。",
        "person": "填写具体负责人姓名。",
        "unit_title": f"填写负责人的单位及职务，如“{examples.unit_title}”。",
        "phone": f"手机 11 位；座机带区号，如 {examples.landline}，分机写“转8001”。",
        "remark": "可不填。",
    }


_GUIDE_CHARS_PER_LINE = 75  # CJK characters across the merged guide text at 11 pt
HEADER_ROW = 2  # 0-based: title, unit/date line, header
FIRST_DATA_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class TemplateOptions:
    deadline: date = NOTICE_DEADLINE
    send_to: str = NOTICE_MAILBOX
    contact: str | None = None
    password: str | None = None
    created: datetime = field(default_factory=lambda: fixed_time(NOTICE_DATE))


@dataclass(frozen=True)
class PrefillRow:
    assisted: str
    assisting: str
    person: str = ""
    unit_title: str = ""
    phone: str = ""
    remark: str = ""


@dataclass(frozen=True)
class TemplateInfo:
    city: str
    path: Path
    key_counties: int
    rows: int
    prefilled: int


def row_count(key_counties: int, prefilled: int) -> int:
    """Room for 一对多 and 多对一: twice the key counties, at least 10, and every prefilled row."""
    return max(10, 2 * key_counties, prefilled + key_counties)


def write_template(
    roster: Roster,
    city: str,
    out_dir: Path,
    options: TemplateOptions,
    prefill: Sequence[PrefillRow] = (),
) -> TemplateInfo:
    import xlsxwriter

    keys = [k.county for k in roster.key_counties_of(city)]
    # Non-key divisions and zones first; key counties last (allowed, with a warning on validate).
    helpers = [d.name for d in roster.divisions_of(city) if d.name not in keys] + keys
    rows = row_count(len(keys), len(prefill))
    target = out_dir / template_filename(city)
    with atomic_path(target) as temporary:
        book = xlsxwriter.Workbook(str(temporary), {"in_memory": True})
        book.set_properties(
            {
                "title": f"{city}{TITLE}",
                "subject": "晋乡振发〔2021〕29号 附件",
                "author": ISSUER,
                "company": ISSUER,
                "created": options.created.replace(tzinfo=None),
                "comments": f"pairtable form {FORM_VERSION}",
            }
        )
        styles = FormStyles(book)
        sheet = book.add_worksheet(DATA_SHEET)
        guide = book.add_worksheet(GUIDE_SHEET)
        lists = book.add_worksheet(LISTS_SHEET)
        meta = book.add_worksheet(META_SHEET)
        _write_lists(lists, keys, helpers)
        _write_meta(meta, roster, city, options.deadline)
        examples = city_examples(roster, city)
        prompts = _prompts(examples)
        _write_form(sheet, styles, city, keys, helpers, rows, prefill, options, prompts)
        _write_guide(guide, styles, city, keys, helpers, options, examples, prompts)
        sheet.activate()
        book.close()
    return TemplateInfo(city, target, len(keys), rows, len(prefill))


class FormStyles(BookFormats):
    """The form's formats: what the clerk fills is unlocked, the rest protected."""

    def __init__(self, book: Any) -> None:
        super().__init__(book)
        line = {**PLAIN, "bottom": 1, "locked": False}  # a value on a line: 填报单位：____
        self.input_line = book.add_format(line)
        self.date_line = book.add_format(
            {**line, "num_format": 'yyyy"年"m"月"d"日"', "align": "left"}
        )
        self.phone_line = book.add_format({**line, "num_format": "@"})
        self.city = book.add_format(filled({**CELL, "align": "center"}, FIXED_FILL))
        self.input = book.add_format({**CELL, "locked": False})
        self.phone = book.add_format({**CELL, "locked": False, "num_format": "@"})
        self.text = book.add_format({**PLAIN, "text_wrap": True, "valign": "top"})
        self.example = book.add_format({**CELL, "font_color": xlsx_colour(EXAMPLE_TEXT)})
        self.bold = book.add_format({**PLAIN, "bold": True, "valign": "top"})


def _write_lists(sheet: Any, keys: list[str], helpers: list[str]) -> None:
    sheet.write_column(0, 0, keys)
    sheet.write_column(0, 1, helpers)
    sheet.hide()


def _write_meta(sheet: Any, roster: Roster, city: str, deadline: date) -> None:
    entries = [
        ("form", "pairtable"),
        ("form_version", FORM_VERSION),
        ("city", city),
        ("roster_fingerprint", roster.fingerprint),
        ("declared_total", str(roster.declared_total)),
        # The round's year, for a 填报时间 typed without one (8月20日).
        ("deadline", deadline.isoformat()),
    ]
    for row, (key, value) in enumerate(entries):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
    sheet.hide()


def _write_form(
    sheet: Any,
    styles: FormStyles,
    city: str,
    keys: list[str],
    helpers: list[str],
    rows: int,
    prefill: Sequence[PrefillRow],
    options: TemplateOptions,
    prompts: dict[str, str],
) -> None:
    values = [
        [city, p.assisted, p.assisting, p.person, p.unit_title, p.phone, p.remark] for p in prefill
    ]
    values += [[city] + [""] * 6 for _ in range(rows - len(values))]
    placed = write_form_sheet(sheet, styles, FormContent(unit=default_unit(city), rows=values))
    sheet.data_validation(
        1,
        5,
        1,
        6,
        {
            "validate": "date",
            "criteria": ">=",
            "value": datetime(2021, 1, 1),
            "input_title": "填报时间",
            "input_message": "填写日期，如 2021-8-20。",
            "error_title": "填报时间",
            "error_message": "请填写日期，如 2021-8-20。",
        },
    )
    _validations(sheet, keys, helpers, placed.first_row, placed.last_row, prompts)
    protection = {
        "insert_rows": True,
        "delete_rows": True,
        "format_columns": True,
        "format_rows": True,
        "select_locked_cells": True,
        "select_unlocked_cells": True,
    }
    sheet.protect(options.password or "", protection)


@dataclass(frozen=True)
class FormContent:
    """What goes into the form: the header fields, the rows (official column order, then any
    extra columns) and the footer. Text only: a phone number is never a number here."""

    unit: str = ""
    filled_on: str = ""
    rows: Sequence[Sequence[str]] = ()
    filler: str = ""
    filler_phone: str = ""
    extra_headers: Sequence[str] = ()
    # Rows a return had below its footer: kept below the footer here too.
    after_footer: Sequence[Sequence[str]] = ()


@dataclass(frozen=True)
class FormPlacement:
    """Where `write_form_sheet` put things (0-based rows)."""

    first_row: int
    last_row: int
    footer_row: int
    after_footer_row: int
    last_col: int


def write_form_sheet(sheet: Any, styles: FormStyles, content: FormContent) -> FormPlacement:
    """The official layout: title merged across, 填报单位/填报时间, the seven headers, the rows,
    填表人/联系方式 below, widths, frozen header and print setup. Templates and annotated
    copies of returns in other layouts both come from here."""
    extra = list(content.extra_headers)
    last_col = len(COLUMNS) + len(extra) - 1
    widths = [*_WIDTHS, *(max(10, min(30, display_width(h) + 4)) for h in extra)]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.set_row(0, 40)
    sheet.merge_range(0, 0, 0, last_col, TITLE, styles.title)
    sheet.set_row(1, 24)
    sheet.write_string(1, 0, "填报单位：", styles.label)
    sheet.merge_range(1, 1, 1, 2, content.unit, styles.input_line)
    sheet.write_string(1, 4, "填报时间：", styles.label)
    sheet.merge_range(1, 5, 1, 6, content.filled_on, styles.date_line)
    sheet.set_row(HEADER_ROW, 30)
    for col, label in enumerate([*COLUMNS.values(), *extra]):
        sheet.write_string(HEADER_ROW, col, label, styles.header)
    first = FIRST_DATA_ROW
    last = _write_rows(sheet, styles, first, content.rows, widths)
    footer = last + 2
    sheet.set_row(footer, 24)
    sheet.write_string(footer, 0, "填表人：", styles.label)
    sheet.merge_range(footer, 1, footer, 2, content.filler, styles.input_line)
    sheet.write_string(footer, 4, "联系方式：", styles.label)
    sheet.merge_range(footer, 5, footer, 6, content.filler_phone, styles.phone_line)
    after = footer + 2
    end = (
        _write_rows(sheet, styles, after, content.after_footer, widths)
        if content.after_footer
        else footer
    )
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    _print_setup(sheet, max(footer, end), last_col)
    return FormPlacement(first, last, footer, after, last_col)


def _write_rows(
    sheet: Any, styles: FormStyles, first: int, rows: Sequence[Sequence[str]], widths: list[int]
) -> int:
    """Rows from `first`; returns the last row. A row's height is set only when its text needs
    more than one line: otherwise Excel keeps sizing it to what the clerk types."""
    r = first - 1
    for r, values in enumerate(rows, start=first):
        lines = max((text_lines(v, widths[c]) for c, v in enumerate(values) if v), default=1)
        if lines > 1:
            sheet.set_row(r, LINE_HEIGHT * lines + 3)
        for col, value in enumerate(values):
            style = styles.city if col == 0 else styles.phone if col == 5 else styles.input
            if value:
                sheet.write_string(r, col, value, style)
            else:
                sheet.write_blank(r, col, None, style)
    return r


def _validations(
    sheet: Any,
    keys: list[str],
    helpers: list[str],
    first: int,
    last: int,
    prompts: dict[str, str],
) -> None:
    key_range = f"='{LISTS_SHEET}'!$A$1:$A${len(keys)}"
    helper_range = f"='{LISTS_SHEET}'!$B$1:$B${len(helpers)}"
    sheet.data_validation(
        first,
        1,
        last,
        1,
        {
            "validate": "list",
            "source": key_range,
            "input_title": "重点帮扶县",
            "input_message": prompts["assisted"],
            "error_title": "重点帮扶县",
            "error_message": "请从下拉列表中选择本市的重点帮扶县：" + "、".join(keys),
        },
    )
    sheet.data_validation(
        first,
        2,
        last,
        2,
        {
            "validate": "list",
            "source": helper_range,
            "error_type": "warning",
            "input_title": "结对帮扶县",
            "input_message": prompts["assisting"],
            "error_title": "结对帮扶县",
            "error_message": "不在本市县（市、区）列表中。多个县请用“、”分隔；确认无误可点“是”。",
        },
    )
    for col, name in enumerate(COLUMNS):
        if name in ("assisted", "assisting", "city"):
            continue
        sheet.data_validation(
            first,
            col,
            last,
            col,
            {"validate": "any", "input_title": COLUMNS[name], "input_message": prompts[name]},
        )


def _print_setup(sheet: Any, footer: int, last_col: int) -> None:
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, HEADER_ROW)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_area(0, 0, footer, last_col)
    sheet.set_footer(XLSX_FOOTER)


def _write_guide(
    sheet: Any,
    styles: FormStyles,
    city: str,
    keys: list[str],
    helpers: list[str],
    options: TemplateOptions,
    examples: CityExamples,
    prompts: dict[str, str],
) -> None:
    """Guidance on its own sheet: text merged across the example table's width, rows sized."""
    sheet.set_column(0, 0, 14)
    for col, width in enumerate(_WIDTHS, start=1):
        sheet.set_column(col, col, width)
    last = len(_WIDTHS)
    deadline = f"{options.deadline.year}年{options.deadline.month}月{options.deadline.day}日"
    lines: list[tuple[str, str]] = [
        (
            "报送要求",
            f"请于 {deadline} 前将本表（Excel 文件）报送至 {options.send_to}。"
            "请直接在“统计表”中填写，不要改动表头和列的顺序。",
        ),
        ("本市重点帮扶县", "、".join(keys)),
        ("填写方式", "一行填写一对结对关系：一个重点帮扶县和负责帮扶它的一个县（市、区）。"),
        ("一对一", "一个县帮扶一个重点帮扶县：填一行。"),
        (
            "一对多",
            "一个重点帮扶县由几个县共同帮扶：分几行填写，重点帮扶县相同、结对帮扶县不同；"
            "也可在同一格中用“、”分隔。",
        ),
        ("多对一", "一个县帮扶几个重点帮扶县：每个重点帮扶县各填一行，结对帮扶县相同。"),
        ("市名", prompts["city"]),
        ("重点帮扶县", prompts["assisted"]),
        ("结对帮扶县", "限本市（市域内）的县（市、区）；" + prompts["assisting"]),
        ("具体负责人", prompts["person"]),
        ("单位及职务", prompts["unit_title"]),
        (
            "联系方式",
            prompts["phone"] + "多个号码用“、”分隔。本列已设为文本格式，请勿改为数字格式。",
        ),
        ("备注", prompts["remark"]),
        ("行数不够时", "在表格中间右键“插入行”即可；表头和格式已保护，填写不需要密码。"),
    ]
    if options.contact:
        lines.insert(1, ("联系人", options.contact))
    sheet.set_row(0, 30)
    sheet.merge_range(0, 0, 0, last, "填表说明", styles.heading)
    row = 2
    for label, text in lines:
        sheet.set_row(row, 18 * max(1, -(-len(text) // _GUIDE_CHARS_PER_LINE)))
        sheet.write_string(row, 0, label, styles.bold)
        sheet.merge_range(row, 1, row, last, text, styles.text)
        row += 1
    row += 1
    sheet.write_string(row, 0, "填写示例", styles.bold)
    for col, label in enumerate(COLUMNS.values(), start=1):
        sheet.write_string(row, col, label, styles.header)
    for example in _example(city, keys, examples):
        row += 1
        for col, value in enumerate(example, start=1):
            sheet.write_string(row, col, value, styles.example)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_footer(XLSX_FOOTER)
    sheet.print_area(0, 0, row, last)


def _example(city: str, keys: list[str], examples: CityExamples) -> list[list[str]]:
    first = keys[0]
    second = keys[1] if len(keys) > 1 else first
    a, b = examples.county, examples.other_county
    rows = [
        [city, first, a, "张三", examples.unit_title, "13912345678", "一对多"],
        [city, first, b, "李四", f"{b}副{b[-1]}长", f"{examples.landline}转8001", "一对多"],
    ]
    if second != first:
        rows.append([city, second, a, "王五", f"{a}副{a[-1]}长", "13812345678", "多对一"])
    return rows
