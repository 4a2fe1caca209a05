"""Formula cells saved without a computed value (e.g. written by a script, never opened in Excel).

calamine gives such a cell as empty; this scan finds them in the sheet's XML so the clerk is told
why a cell that looks filled in Excel was read as blank. Formulas are never evaluated.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_SHEET_ALT = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?<!/)>(.*?)</c>", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    for entity, char in (
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&apos;", "'"),
        ("&amp;", "&"),
    ):
        text = text.replace(entity, char)
    return text


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _REL.findall(rels)}
    targets.update({rid: target for target, rid in _REL_ALT.findall(rels)})
    sheets = {name: rid for name, rid in _SHEET.findall(workbook)}
    sheets.update({name: rid for rid, name in _SHEET_ALT.findall(workbook)})
    parts = {}
    for name, rid in sheets.items():
        target = targets.get(rid, b"").decode()
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[_unescape(name)] = posixpath.normpath(path)
    return parts


def formulas_without_value(data: bytes, sheet: str) -> list[str]:
    """A1 references of formula cells in `sheet` that carry no cached value."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = sheet_parts(archive).get(sheet)
            if part is None:
                return []
            xml = archive.read(part)
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    if b"<f" not in xml:
        return []
    found = []
    for attrs, inner in _CELL.findall(xml):
        if b"<f" in inner and not _VALUE.search(inner):
            ref = _REF.search(attrs)
            if ref:
                found.append(ref.group(1).decode())
    return found
