"""Which rows a clerk has hidden, per sheet name (0-based row numbers).

python-calamine reads values and sheet visibility but not row visibility, so this reads it
from the file itself: `<row hidden="1">` in an xlsx sheet part, `table:visibility` on an ods
table row, and the ROW record's fDyZero flag in an .xls/.et workbook stream. Every reader here
streams or scans bytes already held in memory; none expands entities or builds a tree of a
whole sheet. A file whose row visibility cannot be read is treated as having no hidden rows
(its values were read all the same).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from posixpath import join, normpath

HiddenRows = dict[str, set[int]]

_CHUNK = 1 << 20
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_HIDDEN_ATTR = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_R_ATTR = re.compile(rb"""\br\s*=\s*["']([0-9]+)["']""")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def hidden_rows(data: bytes, fmt: str, max_rows: int) -> HiddenRows:
    """Hidden rows of every sheet of a workbook held in memory; {} when none can be read."""
    try:
        if fmt in {"xlsx", "xlsm"}:
            return _xlsx(data, max_rows)
        if fmt == "ods":
            return _ods(data, max_rows)
        if fmt == "xls":
            return _xls(data, max_rows)
    except (zipfile.BadZipFile, KeyError, ValueError, struct.error, SyntaxError):
        return {}
    return {}


# --- xlsx -----------------------------------------------------------------------------------


def _xlsx(data: bytes, max_rows: int) -> HiddenRows:
    """Sheet parts are scanned first; the workbook is parsed for sheet names only when some
    part has hidden rows, so a file without any costs one pass over its sheet parts."""
    from defusedxml import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        by_part = {
            part: rows
            for part in names
            if part.startswith("xl/worksheets/") and part.endswith(".xml")
            if (rows := _xlsx_sheet(archive, part, max_rows))
        }
        if not by_part:
            return {}
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    found: HiddenRows = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        if part in by_part:
            found[sheet.get("name", "")] = by_part[part]
    return found


def _xlsx_sheet(archive: zipfile.ZipFile, part: str, max_rows: int) -> set[int]:
    """Scan the sheet part in chunks; only chunks that mention `hidden` are searched."""
    rows: set[int] = set()
    for tag in _row_tags(archive, part, only_hidden=True):
        if _HIDDEN_ATTR.search(tag):
            number = _R_ATTR.search(tag)
            if number is None:  # rows without r="": count every row instead (rare writers)
                return _xlsx_counted(archive, part, max_rows)
            index = int(number.group(1)) - 1
            if 0 <= index < max_rows:
                rows.add(index)
    return rows


def _xlsx_counted(archive: zipfile.ZipFile, part: str, max_rows: int) -> set[int]:
    rows: set[int] = set()
    index = -1
    for tag in _row_tags(archive, part, only_hidden=False):
        number = _R_ATTR.search(tag)
        index = int(number.group(1)) - 1 if number else index + 1
        if _HIDDEN_ATTR.search(tag) and 0 <= index < max_rows:
            rows.add(index)
    return rows


def _row_tags(archive: zipfile.ZipFile, part: str, *, only_hidden: bool) -> Iterator[bytes]:
    if archive.getinfo(part).file_size <= _CHUNK:  # most returns: one read, one test
        xml = archive.read(part)
        if not only_hidden or b"hidden" in xml:
            for match in _ROW_TAG.finditer(xml):
                yield match.group(1)
        return
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = tail + chunk
            end = buffer.rfind(b">") + 1
            tail = buffer[end:]
            if only_hidden and b"hidden" not in buffer[:end]:
                continue
            for match in _ROW_TAG.finditer(buffer, 0, end):
                yield match.group(1)


# --- ods ------------------------------------------------------------------------------------


def _ods(data: bytes, max_rows: int) -> HiddenRows:
    from defusedxml.ElementTree import iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not _mentions(archive, "content.xml", b"table:visibility"):
            return {}
        found: HiddenRows = {}
        name, index = "", 0
        with archive.open("content.xml") as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                if event == "end":
                    if element.tag != f"{{{_TABLE_NS}}}table-cell":
                        element.clear()
                    continue
                if element.tag == f"{{{_TABLE_NS}}}table":
                    name, index = element.get(f"{{{_TABLE_NS}}}name", ""), 0
                elif element.tag == f"{{{_TABLE_NS}}}table-row":
                    repeated = int(element.get(f"{{{_TABLE_NS}}}number-rows-repeated", "1"))
                    if element.get(f"{{{_TABLE_NS}}}visibility", "visible") != "visible":
                        rows = found.setdefault(name, set())
                        rows.update(range(index, min(index + repeated, max_rows)))
                    index += repeated
        return {sheet: rows for sheet, rows in found.items() if rows}


def _mentions(archive: zipfile.ZipFile, part: str, needle: bytes) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


# --- xls / et (BIFF8 in an OLE compound file) ---------------------------------------------

_ROW = 0x0208
_BOUNDSHEET = 0x0085
_BOF = 0x0809
_ROW_HIDDEN = 0x20  # fDyZero
_END_OF_CHAIN = 0xFFFFFFFE


def _xls(data: bytes, max_rows: int) -> HiddenRows:
    stream = _ole_stream(data, ("Workbook", "Book"))
    if stream is None or not _any_hidden_row(stream):
        return {}
    sheets: dict[int, str] = {}
    found: HiddenRows = {}
    current: str | None = None
    position = 0
    size = len(stream)
    while position + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if kind == _BOF and position in sheets:
            current = sheets[position]
        elif kind == _BOUNDSHEET and length >= 8:
            sheets[struct.unpack_from("<I", stream, body)[0]] = _sheet_name(stream, body + 6)
        elif kind == _ROW and length >= 16 and current is not None:
            row, flags = struct.unpack_from("<H", stream, body)[0], stream[body + 12]
            if flags & _ROW_HIDDEN and row < max_rows:
                found.setdefault(current, set()).add(row)
        position = body + length
    return found


def _any_hidden_row(stream: bytes) -> bool:
    """A quick look for a ROW record with the hidden flag before parsing record by record."""
    start = stream.find(b"\x08\x02\x10\x00")
    while start != -1:
        if start + 16 < len(stream) and stream[start + 16] & _ROW_HIDDEN:
            return True
        start = stream.find(b"\x08\x02\x10\x00", start + 1)
    return False


def _sheet_name(stream: bytes, at: int) -> str:
    count, wide = stream[at], stream[at + 1] & 1
    raw = stream[at + 2 : at + 2 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """One stream of an OLE compound file (the container of .xls and .et)."""
    if len(data) < 512:
        return None
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        return None
    sector = 1 << shift
    sector_count = max(len(data) // sector, 1)
    fat_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_mini_fat = struct.unpack_from("<II", data, 0x38)
    difat_start, difat_count = struct.unpack_from("<II", data, 0x44)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < sector_count]
    next_difat = difat_start
    for _ in range(min(difat_count, sector_count)):
        if next_difat >= sector_count:
            break
        entries = struct.unpack_from(f"<{sector // 4}I", data, (next_difat + 1) * sector)
        fat_sectors.extend(s for s in entries[:-1] if s < sector_count)
        next_difat = entries[-1]
    fat: list[int] = []
    for index in fat_sectors[:fat_count]:
        fat.extend(struct.unpack_from(f"<{sector // 4}I", data, (index + 1) * sector))

    def chain(start: int) -> Iterator[int]:
        seen = 0
        while start < len(fat) and start != _END_OF_CHAIN and seen <= len(fat):
            yield start
            start, seen = fat[start], seen + 1

    def read(start: int, size: int) -> bytes:
        parts = [data[(s + 1) * sector : (s + 2) * sector] for s in chain(start)]
        return b"".join(parts)[:size]

    directory = read(first_dir, len(data))
    root: tuple[int, int] | None = None
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset : offset + 128]
        name_length = min(struct.unpack_from("<H", entry, 64)[0], 64)
        name = entry[: max(name_length - 2, 0)].decode("utf-16-le", "replace")
        kind = entry[66]
        start, size = struct.unpack_from("<II", entry, 116)
        if kind == 5:
            root = (start, size)
        elif kind == 2 and name in names:
            if size >= cutoff or root is None:
                return read(start, size)
            mini_stream = read(*root)
            mini_fat_bytes = read(first_mini_fat, len(data))
            mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
            mini = 1 << mini_shift
            parts, current, seen = [], start, 0
            while current < len(mini_fat) and current != _END_OF_CHAIN and seen <= len(mini_fat):
                parts.append(mini_stream[current * mini : (current + 1) * mini])
                current, seen = mini_fat[current], seen + 1
            return b"".join(parts)[:size]
    return None
