"""Saved mail (.eml): the spreadsheet attachments, each traced to sender, subject and date."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import PurePath

from pairtable.archive import ARCHIVE_SUFFIXES
from pairtable.reader import SPREADSHEET_SUFFIXES


@dataclass(frozen=True)
class MailInfo:
    sender: str
    subject: str
    date: datetime | None


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes


def read_mail(data: bytes) -> tuple[MailInfo, list[Attachment], list[str]]:
    """Mail header, spreadsheet attachments, and the names of attachments that are not."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    try:
        date = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    info = MailInfo(str(message.get("From", "") or ""), str(message.get("Subject", "") or ""), date)
    sheets: list[Attachment] = []
    others: list[str] = []
    for part in message.iter_attachments():
        name = PurePath(part.get_filename() or "").name or "未命名附件"
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if PurePath(name).suffix.lower() in SPREADSHEET_SUFFIXES | ARCHIVE_SUFFIXES:
            sheets.append(Attachment(name, payload))
        else:
            others.append(name)
    return info, sheets, others
