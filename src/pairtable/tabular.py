"""Small tables a person edits in Excel/WPS: CSV in UTF-8 (with or without BOM) or GB18030."""

from __future__ import annotations

import csv
import io
from pathlib import Path

ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with; UTF-8 first, then Excel's Chinese default."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeError("neither UTF-8 nor GB18030")


def parse_csv(text: str) -> list[list[str]]:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def read_rows(path: Path) -> list[list[str]]:
    """Rows of a CSV or of the first sheet of a workbook, every cell as text."""
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}:
        from python_calamine import CalamineWorkbook

        from pairtable.text import to_text

        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        return [[to_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    text, _ = decode_text(path.read_bytes())
    return parse_csv(text)
