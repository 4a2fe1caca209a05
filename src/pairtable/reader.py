"""Open whatever a city sent: sniff the real format, check limits before parsing, read values.

Values come from python-calamine (fast, never runs macros, no DTD processing); merged ranges
are filled with their top-left value so a 市名 merged down the table reads on every row.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from pairtable.form import INTERNAL_SHEETS, META_SHEET
from pairtable.tabular import decode_text, parse_csv
from pairtable.text import MAX_CELL_CHARS, to_text

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OTHER_ARCHIVES = ((b"Rar!\x1a\x07", "RAR"), (b"7z\xbc\xaf\x27\x1c", "7z"))


@dataclass(frozen=True)
class Limits:
    """Refuse a file before parsing when it is far beyond any real statistics table."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_unzipped_bytes: int = 300 * 1024 * 1024
    max_ratio: int = 200
    max_zip_entries: int = 5_000
    max_rows: int = 200_000
    max_cell_chars: int = MAX_CELL_CHARS

    @classmethod
    def scaled(cls, max_mb: int, max_rows: int) -> Limits:
        """Limits from the CLI: file size in MB; unzipped size and ratio scale with it."""
        return cls(
            max_file_bytes=max_mb * 2**20,
            max_unzipped_bytes=max(300, 6 * max_mb) * 2**20,
            max_rows=max_rows,
        )


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; `code` is a catalogue code."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code, self.detail = code, detail


@dataclass
class SheetData:
    name: str
    rows: list[list[object]]
    visible: bool = True
    # Cells whose value was copied from the top-left cell of a merged range: (row, col), 0-based.
    merged_copies: set[tuple[int, int]] = field(default_factory=set)
    # Rows the clerk hid (0-based); see hidden.py.
    hidden_rows: set[int] = field(default_factory=set)


@dataclass
class BookData:
    format: str
    sheets: list[SheetData]
    metadata: dict[str, str] = field(default_factory=dict)
    has_macros: bool = False
    raw: bytes = field(default=b"", repr=False)

    def formulas_without_value(self, sheet: str) -> list[str]:
        if self.format not in {"xlsx", "xlsm"}:
            return []
        from pairtable.formulas import formulas_without_value

        return formulas_without_value(self.raw, sheet)

    @property
    def table_sheets(self) -> list[SheetData]:
        """Sheets that may hold the table: visible ones first, our own helper sheets never."""
        candidates = [s for s in self.sheets if s.name not in INTERNAL_SHEETS]
        return sorted(candidates, key=lambda s: not s.visible)


def sniff(name: str, head: bytes) -> str:
    """The real format by content, whatever the extension says."""
    if not head:
        raise UnreadableFile("file-empty")
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    for magic, kind in _OTHER_ARCHIVES:
        if head.startswith(magic):
            raise UnreadableFile("archive-unsupported", kind)
    if head.startswith(b"%PDF"):
        raise UnreadableFile("file-not-spreadsheet", "PDF 文件")
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise UnreadableFile("file-not-spreadsheet", "网页（HTML/XML）格式，只是扩展名像表格")
    if PurePath(name).suffix.lower() in {".csv", ".txt"}:
        return "csv"
    if b"\x00" in head[:4096]:
        raise UnreadableFile("file-not-spreadsheet", "无法识别的二进制文件")
    return "csv"


def read_book(path: Path, limits: Limits | None = None) -> BookData:
    limits = limits or Limits()
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UnreadableFile("file-too-large", f"文件大小 {size // (1024 * 1024)} MB")
    return read_book_bytes(path.read_bytes(), path.name, limits)


def read_book_bytes(data: bytes, name: str, limits: Limits | None = None) -> BookData:
    """Read a workbook held in memory (a file's bytes or a mail attachment)."""
    limits = limits or Limits()
    if len(data) > limits.max_file_bytes:
        raise UnreadableFile("file-too-large", f"文件大小 {len(data) // (1024 * 1024)} MB")
    kind = sniff(name, data[:8192])
    if kind == "csv":
        return _read_csv(data, PurePath(name).stem)
    if kind == "zip":
        return _read_zip_book(data, limits)
    return _read_ole_book(data, name, limits)


def _read_csv(data: bytes, stem: str) -> BookData:
    try:
        text, _ = decode_text(data)
    except UnicodeError:
        raise UnreadableFile(
            "file-unreadable", "文字编码无法识别（既不是 UTF-8 也不是 GB18030）"
        ) from None
    rows: list[list[object]] = [list(r) for r in parse_csv(text)]
    return BookData("csv", [SheetData(stem, rows)])


def _check_zip(data: bytes, limits: Limits) -> tuple[str, bool]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_zip_entries:
                raise UnreadableFile("file-too-large", f"压缩包内有 {len(infos)} 个部件")
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 1024 * 1024 and ratio > limits.max_ratio:
                    raise UnreadableFile(
                        "file-too-large", f"部件 {info.filename} 解压后放大 {ratio:.0f} 倍"
                    )
            if total > limits.max_unzipped_bytes:
                raise UnreadableFile("file-too-large", f"解压后共 {total // (1024 * 1024)} MB")
            names = {i.filename for i in infos}
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return (
                    "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
                ), "xl/vbaProject.bin" in names
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods", False
                raise UnreadableFile("file-not-spreadsheet", "OpenDocument 文字或演示文稿")
            if any(n.startswith("word/") for n in names):
                raise UnreadableFile("file-not-spreadsheet", "Word 文档")
            if any(n.startswith("ppt/") for n in names):
                raise UnreadableFile("file-not-spreadsheet", "PowerPoint 演示文稿")
            raise UnreadableFile("file-not-spreadsheet", "ZIP 压缩包（请解压后报送其中的表格）")
    except zipfile.BadZipFile:
        raise UnreadableFile("file-unreadable", "压缩结构损坏，文件可能没有传完整") from None


def _read_zip_book(data: bytes, limits: Limits) -> BookData:
    fmt, macros = _check_zip(data, limits)
    book = _read_with_calamine(data, fmt, limits)
    book.has_macros = macros
    book.raw = data
    return book


def _read_ole_book(data: bytes, name: str, limits: Limits) -> BookData:
    directory = data[: 256 * 1024]
    if "EncryptionInfo".encode("utf-16-le") in directory:
        raise UnreadableFile("file-encrypted")
    if "WordDocument".encode("utf-16-le") in directory:
        raise UnreadableFile("file-not-spreadsheet", "Word 文档（.doc）")
    try:
        return _read_with_calamine(data, "xls", limits)
    except UnreadableFile:
        if PurePath(name).suffix.lower() == ".et":
            raise UnreadableFile("file-wps-et") from None
        raise


def _read_with_calamine(data: bytes, fmt: str, limits: Limits) -> BookData:
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [_read_sheet(workbook, meta, limits) for meta in workbook.sheets_metadata]
    except calamine.PasswordError:
        raise UnreadableFile("file-encrypted") from None
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError) as exc:
        detail = f"表格内容无法解析（技术信息：{_short(exc)}）"
        raise UnreadableFile("file-unreadable", detail) from None
    from pairtable.hidden import hidden_rows

    for name, rows in hidden_rows(data, fmt, limits.max_rows).items():
        for sheet in sheets:
            if sheet.name == name:
                sheet.hidden_rows = rows
    metadata: dict[str, str] = {}
    for sheet in sheets:
        if sheet.name == META_SHEET:
            metadata = {
                to_text(row[0]): to_text(row[1]) for row in sheet.rows if len(row) >= 2 and row[0]
            }
    return BookData(fmt, sheets, metadata)


def _read_sheet(workbook: object, meta: object, limits: Limits) -> SheetData:
    import python_calamine as calamine

    assert isinstance(workbook, calamine.CalamineWorkbook)
    assert isinstance(meta, calamine.SheetMetadata)
    sheet = workbook.get_sheet_by_name(meta.name)
    if sheet.height > limits.max_rows:
        raise UnreadableFile("file-too-large", f"工作表“{meta.name}”有 {sheet.height} 行")
    rows: list[list[object]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]
    data = SheetData(meta.name, rows, meta.visible == calamine.SheetVisibleEnum.Visible)
    try:
        merged = sheet.merged_cell_ranges or []
    except (calamine.CalamineError, ValueError):
        merged = []
    _fill_merged(data, merged)
    return data


def _fill_merged(sheet: SheetData, ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    rows = sheet.rows
    width = max((len(r) for r in rows), default=0)
    for (top, left), (bottom, right) in ranges:
        right = min(right, width - 1)
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, right + 1):
                if (r, c) == (top, left):
                    continue
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                row[c] = value
                sheet.merged_copies.add((r, c))


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
