"""Walk an inbox folder: what to read, and what to list as ignored (with the reason)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from pairtable.archive import ARCHIVE_SUFFIXES, MEMBER_SEPARATOR, is_archive, unpack
from pairtable.lockfiles import skip_reason
from pairtable.reader import SPREADSHEET_SUFFIXES, Limits, UnreadableFile

if TYPE_CHECKING:
    from pairtable.mail import MailInfo


@dataclass(frozen=True)
class InboxItem:
    """One thing found in the inbox. `data` is None for items that are not read."""

    # Path relative to the inbox; `mail.eml/附件.xlsx` for an attachment, `材料.zip!/表.xlsx`
    # for a file inside an archive.
    label: str
    kind: str  # "sheet", "ignored", "unreadable" or "archive" (unpacked; its members follow)
    data: bytes | None = None
    sha256: str = ""
    modified: datetime | None = None
    mail: MailInfo | None = None
    reason: str = ""
    code: str = ""  # the catalogue code of an unreadable item ("" for file-unreadable)


@dataclass(frozen=True)
class Pending:
    """A path found in the inbox (or a folder that could not be listed), not yet read."""

    label: str
    path: Path | None
    error: str = ""
    # Why a lock or temporary file is not read (listed as ignored with this reason).
    skip: str = ""


def scan(inbox: Path) -> list[Pending]:
    """Every path in label order, so the order of files on disk never matters. Reads nothing."""
    found: list[Pending] = []
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(inbox, onerror=errors.append, followlinks=False):
        dirs.sort()
        for name in files:
            path = Path(folder) / name
            reason = skip_reason(path) or ""
            found.append(Pending(path.relative_to(inbox).as_posix(), path, skip=reason))
    for error in errors:
        where = Path(error.filename).relative_to(inbox).as_posix() if error.filename else "?"
        found.append(Pending(where, None, f"无法打开文件夹（{error.strerror}）"))
    return sorted(found, key=lambda pending: pending.label)


def open_items(
    pending: Pending, max_bytes: int = 50 * 2**20, limits: Limits | None = None
) -> Iterator[InboxItem]:
    """The items of one path, read now: a file, each attachment of a saved mail, or each
    file in an archive."""
    limits = limits or Limits(max_file_bytes=max_bytes)
    if pending.path is None:
        yield InboxItem(pending.label, "unreadable", reason=pending.error)
    elif pending.skip:
        digest = _file_digest(pending.path)
        yield InboxItem(pending.label, "ignored", sha256=digest, reason=pending.skip)
    else:
        yield from _item(pending.path, pending.label, limits)


def _file_digest(path: Path) -> str:
    """The SHA-256 of a file not otherwise read (ignored or too large), read in chunks."""
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return ""


def _item(path: Path, label: str, limits: Limits) -> Iterator[InboxItem]:
    suffix = path.suffix.lower()
    known = SPREADSHEET_SUFFIXES | ARCHIVE_SUFFIXES | {".eml"}
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            yield InboxItem(label, "unreadable", reason="不是普通文件（设备、管道等）")
            return
        if suffix not in known:
            yield InboxItem(label, "ignored", sha256=_file_digest(path), reason="不是表格文件")
            return
        if stat.st_size > limits.max_file_bytes:
            reason = f"文件大小 {stat.st_size // 2**20} MB，超出安全限制"
            yield InboxItem(label, "unreadable", sha256=_file_digest(path), reason=reason)
            return
        data = path.read_bytes()
        modified = datetime.fromtimestamp(int(stat.st_mtime), tz=UTC)
    except OSError as exc:
        yield InboxItem(label, "unreadable", reason=f"无法打开（{exc.strerror or exc}）")
        return
    digest = hashlib.sha256(data).hexdigest()
    if suffix != ".eml":
        yield from _expand(label, data, digest, modified, None, limits)
        return
    from pairtable.mail import read_mail  # the email package is only needed for saved mail

    info, sheets, others = read_mail(data)
    if not sheets:
        yield InboxItem(label, "ignored", sha256=digest, mail=info, reason="邮件中没有表格附件")
    else:  # the mail itself, with its fingerprint, then each attachment
        reason = f"邮件，读取其中 {len(sheets)} 个表格附件"
        yield InboxItem(label, "archive", None, digest, modified, info, reason)
    for attachment in sheets:
        sha = hashlib.sha256(attachment.data).hexdigest()
        name = f"{label}/{attachment.name}"
        yield from _expand(name, attachment.data, sha, modified, info, limits)
    for name in others:
        yield InboxItem(f"{label}/{name}", "ignored", mail=info, reason="附件不是表格文件")


def _expand(
    label: str,
    data: bytes,
    digest: str,
    modified: datetime | None,
    mail: MailInfo | None,
    limits: Limits,
) -> Iterator[InboxItem]:
    """A workbook as one item; an archive as itself followed by each file in it."""
    if not is_archive(label, data):
        yield InboxItem(label, "sheet", data, digest, modified, mail)
        return
    try:
        members = unpack(label, data, limits)
    except UnreadableFile as exc:
        yield InboxItem(label, "unreadable", None, digest, modified, mail, exc.detail, exc.code)
        return
    if not any(m.data is not None or m.code for m in members):
        yield InboxItem(label, "unreadable", None, digest, modified, mail, "", "archive-empty")
        return
    read = sum(1 for m in members if m.data is not None)
    yield InboxItem(
        label, "archive", None, digest, modified, mail, f"压缩包，读取其中 {read} 个表格"
    )
    for member in members:
        name = f"{label}{MEMBER_SEPARATOR}{member.name}"
        sha = member.sha256
        if member.data is not None:
            yield InboxItem(name, "sheet", member.data, sha, modified, mail)
        elif member.code:
            yield InboxItem(
                name, "unreadable", None, sha, modified, mail, member.detail, member.code
            )
        else:
            reason = member.detail or "压缩包中的非表格文件"
            yield InboxItem(name, "ignored", None, sha, modified, mail, reason)
