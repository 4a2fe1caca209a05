"""Hidden rows read from the file itself, including sheet parts larger than one read chunk."""

from __future__ import annotations

import io
import zipfile

from pairtable.hidden import hidden_rows

WORKBOOK = (
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="\xe7\xbb\x9f\xe8\xae\xa1\xe8\xa1\xa8" sheetId="1" r:id="rId1"/>'
    b"</sheets></workbook>"
)
RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="/xl/worksheets/sheet1.xml" Type="worksheet"/>'
    b"</Relationships>"
)


def package(sheet_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def rows_xml(count: int, hidden: set[int], *, numbered: bool = True) -> bytes:
    cell = b'<c t="inlineStr"><is><t>' + b"x" * 60 + b"</t></is></c>"
    parts = [b"<worksheet><sheetData>"]
    for index in range(count):
        number = f' r="{index + 1}"'.encode() if numbered else b""
        flag = b' hidden="1"' if index in hidden else b""
        parts.append(b"<row" + number + b' spans="1:7"' + flag + b">" + cell * 3 + b"</row>")
    parts.append(b"</sheetData></worksheet>")
    return b"".join(parts)


def test_hidden_rows_across_read_chunks() -> None:
    hidden = {0, 4_000, 8_191, 8_192, 11_999}
    xml = rows_xml(12_000, hidden)
    assert len(xml) > 2 * 2**20  # streamed in several chunks
    assert hidden_rows(package(xml), "xlsx", 200_000) == {"统计表": hidden}


def test_rows_without_numbers_are_counted() -> None:
    xml = rows_xml(50, {3, 7}, numbered=False)
    assert hidden_rows(package(xml), "xlsx", 200_000) == {"统计表": {3, 7}}


def test_no_hidden_rows_and_broken_files_give_nothing() -> None:
    assert hidden_rows(package(rows_xml(20, set())), "xlsx", 200_000) == {}
    assert hidden_rows(b"PK\x03\x04 broken", "xlsx", 200_000) == {}
    assert hidden_rows(b"\xd0\xcf\x11\xe0 broken", "xls", 200_000) == {}
    assert hidden_rows(package(rows_xml(20, {5})), "xlsx", 5) == {}  # beyond the row limit
