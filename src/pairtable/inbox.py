"""Walk an inbox folder: what to read, what to skip silently, what to list as ignored."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from pairtable.reader import SPREADSHEET_SUFFIXES

if TYPE_CHECKING:
    from pairtable.mail import MailInfo


@dataclass(frozen=True)
class InboxItem:
    """One thing found in the inbox. `data` is None for items that are not read."""

    label: str  # path relative to the inbox; `mail.eml/附件.xlsx` for an attachment
    kind: str  # "sheet", "ignored" or "unreadable"
    data: bytes | None = None
    sha256: str = ""
    modified: datetime | None = None
    mail: MailInfo | None = None
    reason: str = ""


def is_lock_or_temp(name: str) -> bool:
    """Excel/WPS lock files and temporaries: skipped without a word."""
    return name.startswith(("~$", ".~lock")) or name.endswith((".tmp", "#")) or name == ".DS_Store"


@dataclass(frozen=True)
class Pending:
    """A path found in the inbox (or a folder that could not be listed), not yet read."""

    label: str
    path: Path | None
    error: str = ""


def scan(inbox: Path) -> list[Pending]:
    """Every path in label order, so the order of files on disk never matters. Reads nothing."""
    found: list[Pending] = []
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(inbox, onerror=errors.append, followlinks=False):
        dirs.sort()
        for name in files:
            if not is_lock_or_temp(name):
                path = Path(folder) / name
                found.append(Pending(path.relative_to(inbox).as_posix(), path))
    for error in errors:
        where = Path(error.filename).relative_to(inbox).as_posix() if error.filename else "?"
        found.append(Pending(where, None, f"无法打开文件夹（{error.strerror}）"))
    return sorted(found, key=lambda pending: pending.label)


def open_items(pending: Pending, max_bytes: int = 50 * 2**20) -> Iterator[InboxItem]:
    """The items of one path, read now: a file, or each attachment of a saved mail."""
    if pending.path is None:
        yield InboxItem(pending.label, "unreadable", reason=pending.error)
    else:
        yield from _item(pending.path, pending.label, max_bytes)


def _item(path: Path, label: str, max_bytes: int) -> Iterator[InboxItem]:
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES and suffix != ".eml":
        yield InboxItem(label, "ignored", reason="不是表格文件")
        return
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            yield InboxItem(label, "unreadable", reason="不是普通文件（设备、管道等）")
            return
        if stat.st_size > max_bytes:
            reason = f"文件大小 {stat.st_size // 2**20} MB，超出安全限制"
            yield InboxItem(label, "unreadable", reason=reason)
            return
        data = path.read_bytes()
        modified = datetime.fromtimestamp(int(stat.st_mtime), tz=UTC)
    except OSError as exc:
        yield InboxItem(label, "unreadable", reason=f"无法打开（{exc.strerror or exc}）")
        return
    digest = hashlib.sha256(data).hexdigest()
    if suffix != ".eml":
        yield InboxItem(label, "sheet", data, digest, modified)
        return
    from pairtable.mail import read_mail  # the email package is only needed for saved mail

    info, sheets, others = read_mail(data)
    if not sheets:
        yield InboxItem(label, "ignored", sha256=digest, mail=info, reason="邮件中没有表格附件")
    for attachment in sheets:
        yield InboxItem(
            f"{label}/{attachment.name}",
            "sheet",
            attachment.data,
            hashlib.sha256(attachment.data).hexdigest(),
            modified,
            info,
        )
    for name in others:
        yield InboxItem(f"{label}/{name}", "ignored", mail=info, reason="附件不是表格文件")
