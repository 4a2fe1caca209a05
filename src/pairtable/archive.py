"""Returns sent inside a .zip: the tables in it, each read like any other return.

Cities zip a folder holding the table and a 实施方案.docx; Windows and WinRAR write the entry
names in GBK without saying so. Each member is named `报送材料.zip!/太原市.xlsx`. The archive is
held to the same limits as a workbook (size, unpacked size, ratio, number of entries), is read
member by member with each read capped, and an archive inside it is refused rather than
opened. .rar and .7z cannot be read without extra software: they get a clear message instead.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pairtable.lockfiles import LOCK_REASON, has_lock_name, is_workbook_bytes
from pairtable.reader import SPREADSHEET_SUFFIXES, Limits, UnreadableFile

if TYPE_CHECKING:
    from pairtable.models import FileReport
    from pairtable.roster import Roster

ARCHIVE_SUFFIXES = frozenset({".zip", ".rar", ".7z"})
UNSUPPORTED = {".rar": "RAR", ".7z": "7z"}
MEMBER_SEPARATOR = "!/"
_UTF8_NAMES = 0x800
_ENCRYPTED = 0x1
# Left behind by the program that packed the folder; passed over without a word.
_NOISE = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class Member:
    """One file in an archive: its bytes when it is a table to read, else why it is not."""

    name: str
    data: bytes | None = None
    code: str = ""  # a catalogue code when the member could not be read; "" when ignored
    detail: str = ""
    sha256: str = ""


def is_archive(name: str, data: bytes) -> bool:
    """An archive to unpack (or refuse), rather than a workbook: by extension, and for a .zip
    by content too, since an .xlsx renamed to .zip is still a workbook."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in UNSUPPORTED:
        return True
    if suffix != ".zip":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return True
    return not ({"xl/workbook.xml", "xl/workbook.bin", "content.xml"} & names)


def entry_name(info: zipfile.ZipInfo) -> str:
    """The member's path as the clerk saw it: names not flagged UTF-8 are GBK (Windows)."""
    name = info.filename
    if not info.flag_bits & _UTF8_NAMES:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            return name
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def unpack(name: str, data: bytes, limits: Limits) -> list[Member]:
    """The members of an archive; raises UnreadableFile when the archive itself can't be read."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in UNSUPPORTED:
        raise UnreadableFile("archive-unsupported", UNSUPPORTED[suffix])
    if data[:4] in (b"Rar!", b"7z\xbc\xaf"):
        raise UnreadableFile("archive-unsupported", "RAR" if data[:4] == b"Rar!" else "7z")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            _check_limits(infos, limits)
            members = [_member(archive, info, limits) for info in infos]
    except zipfile.BadZipFile:
        raise UnreadableFile("file-unreadable", "压缩包已损坏，文件可能没有传完整") from None
    return sorted((m for m in members if m is not None), key=lambda m: m.name)


def _check_limits(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_zip_entries:
        raise UnreadableFile("file-too-large", f"压缩包内有 {len(infos)} 个文件")
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes:
        raise UnreadableFile("file-too-large", f"压缩包解压后共 {total // 2**20} MB")


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Member | None:
    name = entry_name(info)
    base = PurePosixPath(name).name
    if name.startswith(_NOISE[0]) or base in _NOISE:
        return None
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        return Member(name, code="archive-nested", sha256=_digest(archive, info, limits))
    if suffix not in SPREADSHEET_SUFFIXES:
        return Member(name, sha256=_digest(archive, info, limits))
    if info.flag_bits & _ENCRYPTED:
        return Member(name, code="file-encrypted")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.max_file_bytes or (
        info.file_size > 2**20 and ratio > limits.max_ratio
    ):
        detail = f"压缩包中的 {base} 解压后 {info.file_size // 2**20} MB"
        return Member(name, code="file-too-large", detail=detail)
    try:
        with archive.open(info) as stream:
            data = stream.read(limits.max_file_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as exc:
        return Member(name, code="file-unreadable", detail=f"压缩包中的文件无法解压（{exc}）")
    if len(data) > limits.max_file_bytes:
        return Member(name, code="file-too-large", detail=f"压缩包中的 {base} 超出大小限制")
    digest = hashlib.sha256(data).hexdigest()
    if has_lock_name(base) and not is_workbook_bytes(data[:8]):
        return Member(name, detail=LOCK_REASON, sha256=digest)  # listed as ignored, not read
    return Member(name, data, sha256=digest)


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> str:
    """The SHA-256 of a member not read as a table, unpacked in chunks within the limits."""
    ratio = info.file_size / max(info.compress_size, 1)
    if info.flag_bits & _ENCRYPTED or info.file_size > limits.max_file_bytes:
        return ""
    if info.file_size > 2**20 and ratio > limits.max_ratio:
        return ""
    digest = hashlib.sha256()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(2**20):
                digest.update(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError):
        return ""
    return digest.hexdigest()


@dataclass(frozen=True)
class Checked:
    """One return checked by `validate`: a file, or a table inside an archive (`data`)."""

    source: Path
    member: str | None
    data: bytes | None
    report: FileReport


def validate_paths(paths: Iterable[Path], roster: Roster, limits: Limits) -> list[Checked]:
    """`validate` of each path; an archive gives one report per member (or one for itself)."""
    from pairtable.models import FileReport, make_issue
    from pairtable.validate import validate_bytes, validate_file

    checked: list[Checked] = []
    for path in paths:
        label = str(path)
        suffix = path.suffix.lower()
        if suffix == ".eml" and path.is_file():
            checked += _validate_mail(path, roster, limits)
            continue
        small = path.is_file() and path.stat().st_size <= limits.max_file_bytes
        data = path.read_bytes() if suffix in ARCHIVE_SUFFIXES and small else b""
        if not data or not is_archive(path.name, data):
            checked.append(Checked(path, None, None, validate_file(path, roster, limits=limits)))
            continue
        try:
            members = unpack(path.name, data, limits)
        except UnreadableFile as exc:
            issue = make_issue(exc.code, file=label, detail=exc.detail)
            failed = FileReport.failed(label, [issue], readable=False)
            checked.append(Checked(path, None, None, failed))
            continue
        tables = [m for m in members if m.data is not None or m.code]
        if not tables:
            issue = make_issue("archive-empty", file=label)
            checked.append(Checked(path, None, None, FileReport.failed(label, [issue])))
        for member in tables:
            shown = f"{label}{MEMBER_SEPARATOR}{member.name}"
            if member.data is None:
                issue = make_issue(member.code, file=shown, detail=member.detail)
                report = FileReport.failed(shown, [issue], readable=False)
            else:
                report = validate_bytes(member.data, shown, roster, limits=limits)
            checked.append(Checked(path, member.name, member.data, report))
    return checked


def _validate_mail(path: Path, roster: Roster, limits: Limits) -> list[Checked]:
    """A saved mail: each table attachment (and each table in an attached archive), read as
    `merge` reads it, named `邮件.eml/附件.xlsx`."""
    from pairtable.inbox import Pending, open_items
    from pairtable.models import FileReport, make_issue
    from pairtable.validate import validate_bytes

    label = str(path)
    checked: list[Checked] = []
    for item in open_items(Pending(label, path), limits=limits):
        member = item.label.removeprefix(label + "/")
        if item.kind == "sheet" and item.data is not None:
            report = validate_bytes(item.data, item.label, roster, limits=limits)
            checked.append(Checked(path, member, item.data, report))
        elif item.kind == "unreadable":
            issue = make_issue(item.code or "file-unreadable", file=item.label, detail=item.reason)
            report = FileReport.failed(item.label, [issue], readable=False)
            checked.append(Checked(path, member, None, report))
    if not checked:
        issue = make_issue("mail-no-table", file=label)
        checked.append(Checked(path, None, None, FileReport.failed(label, [issue])))
    return checked
