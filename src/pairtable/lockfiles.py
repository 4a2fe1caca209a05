"""Excel/WPS lock files and temporaries, told apart from real workbooks by their bytes.

Excel writes `~$name.xlsx` (about 160 bytes: the user's name) beside a file it has open, and
LibreOffice/WPS write `.~lock.name.xlsx#`. A clerk may still save a real return under such a
name; its bytes then start like any workbook (a zip for .xlsx/.ods, OLE for .xls/.et), so it
is read like any return, with a warning to rename it, instead of being skipped.
"""

from __future__ import annotations

from pathlib import Path

LOCK_PREFIXES = ("~$", ".~lock")
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
LOCK_REASON = "Excel/WPS 打开文件时产生的锁文件，不是回收表"
TEMP_REASON = "临时文件或系统文件，不是回收表"


def has_lock_name(name: str) -> bool:
    """A name Excel, WPS or LibreOffice give their lock files (`~$…`, `.~lock.…#`)."""
    return name.startswith(LOCK_PREFIXES)


def is_temp_name(name: str) -> bool:
    """A temporary or system file: `*.tmp`, a trailing `#`, `.DS_Store`."""
    return name.endswith((".tmp", "#")) or name == ".DS_Store"


def is_workbook_bytes(head: bytes) -> bool:
    """Do these first bytes start a zip (xlsx, xlsm, ods) or OLE (xls, et) file?"""
    return head.startswith(_WORKBOOK_MAGIC)


def real_workbook_under_lock_name(path: Path) -> bool:
    """A `~$`/`.~lock` name whose file is a real spreadsheet (to be read, with a warning)."""
    if not has_lock_name(path.name) or path.name.endswith("#"):
        return False
    try:
        with path.open("rb") as stream:
            return is_workbook_bytes(stream.read(8))
    except OSError:
        return False


def skip_reason(path: Path) -> str | None:
    """Why `path` is not read as a return (a lock or temporary file), or None to read it."""
    if has_lock_name(path.name):
        return None if real_workbook_under_lock_name(path) else LOCK_REASON
    if is_temp_name(path.name):
        return TEMP_REASON
    return None
