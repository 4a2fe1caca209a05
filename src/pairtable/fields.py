"""The header and footer fields of a return: 填报单位, 填报时间, 填表人 and 联系方式.

Every finding names the cell where the value is, or where it should be, so the terminal,
the JSON and `--annotate` can point at it.
"""

from __future__ import annotations

from typing import Any

from pairtable.clock import fixed_time
from pairtable.dates import read_date, year_in
from pairtable.models import Header
from pairtable.phones import parse_phone
from pairtable.reader import BookData
from pairtable.table import VALUE_NOTE, Cell, Located
from pairtable.text import clean_free_text, is_placeholder, keep_text

# (catalogue code, cell, column shown, message parameters)
Finding = tuple[str, Cell, str, dict[str, Any]]


def read_fields(book: BookData, located: Located, area_code: str) -> tuple[Header, list[Finding]]:
    """The header values and the findings on them. A placeholder ("/", "无") counts as missing."""
    labels = {name: cell for name, cell in located.labels.items() if not is_placeholder(cell.text)}
    unit = labels.get("unit")
    # "大同市乡村振兴局（盖章）": the form's instruction to stamp it, not part of the name.
    unit_name = VALUE_NOTE.sub("", keep_text(unit.text)).strip() if unit else ""
    if not unit_name:
        unit = None
    filled = labels.get("filled_on")
    filler = labels.get("filler")
    # "刘九（签字）": the form's instruction to sign; a cell holding only it names nobody.
    filler_name = VALUE_NOTE.sub("", clean_free_text(filler.text)).strip() if filler else ""
    if not filler_name:
        filler = None
    filler_phone = labels.get("filler_phone")
    findings: list[Finding] = []
    filled_on = None
    if filled is None:
        findings.append(("filled-on-missing", slot(located, "filled_on"), "填报时间", {}))
    else:
        year = (2000, "")  # a leap year: 2月29日 is a date in some year
        reading = read_date(filled.value, year[0])
        if reading.status == "no-year":
            year = round_year(book, located)  # only when needed: it may scan the whole sheet
            reading = read_date(filled.value, year[0])
        shown = {"value": filled.text}
        if reading.status == "impossible":
            findings.append(("filled-on-impossible", filled, "填报时间", shown))
        elif reading.value is None:
            findings.append(("filled-on-invalid", filled, "填报时间", shown))
        else:
            filled_on = reading.value.isoformat()
            if reading.status == "no-year":
                more = {**shown, "year": year[0], "detail": year[1]}
                findings.append(("filled-on-no-year", filled, "填报时间", more))
    if unit is None:
        findings.append(("unit-missing", slot(located, "unit"), "填报单位", {}))
    if filler is None:
        findings.append(("filler-missing", slot(located, "filler"), "填表人", {}))
    phone_text = None
    if filler_phone is None:
        where = slot(located, "filler_phone")
        findings.append(("filler-phone-missing", where, "填表人联系方式", {}))
    else:
        result = parse_phone(filler_phone.value, area_code)
        phone_text = result.canonical or keep_text(filler_phone.text)
        if result.canonical is None:
            findings.append(("filler-phone-invalid", filler_phone, "填表人联系方式", {}))
    header = Header(
        unit=unit_name or None,
        filled_on=filled_on,
        filler=filler_name or None,
        filler_phone=phone_text,
    )
    return header, findings


def slot(located: Located, name: str) -> Cell:
    """Where a header or footer field's value is, or should be.

    The label's own cell or the one right of it; with no label, the official place: the row
    above the header (填报单位 under the first column, 填报时间 over 联系方式) or the row below
    the table's last row (填表人 in the second column, its 联系方式 under 联系方式).
    """
    if name in located.labels:
        return located.labels[name]
    if name in located.slots:
        return located.slots[name]
    first = min(located.columns.values(), default=0)
    phone = located.columns.get("phone", first + 5)
    if name in ("unit", "filled_on"):
        if located.header_row == 0:
            # No row above the header: the blank cells right of it, never a column title.
            titles = located.sheet.rows[0] if located.sheet.rows else []
            used = [c for c, value in enumerate(titles) if str(value or "").strip()]
            after = max([*used, *located.columns.values(), first]) + 1
            return Cell("", 0, after if name == "unit" else after + 1)
        return Cell("", located.header_row - 1, first if name == "unit" else phone)
    last = located.rows[-1].number - 1 if located.rows else located.header_row
    return Cell("", last + 2, first + 1 if name == "filler" else phone)


def round_year(book: BookData, located: Located) -> tuple[int, str]:
    """The year of this round of returns, and where it came from, for a date without a year:
    the template's deadline, else another complete date in the sheet, else the current year."""
    deadline = book.metadata.get("deadline", "")
    if deadline[:4].isdigit():
        return int(deadline[:4]), "模板中的报送期限"
    filled = located.labels.get("filled_on")
    skip = (filled.row, filled.col) if filled else None
    for r, row in enumerate(located.sheet.rows):
        for c, value in enumerate(row):
            if (r, c) != skip and (year := year_in(value)) is not None:
                return year, f"表中另一日期 {located.sheet.name}!{Cell('', r, c).ref}"
    return fixed_time().year, "当前年份"
