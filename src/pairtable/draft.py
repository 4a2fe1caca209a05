"""The notice as a draft mail (.eml with `X-Unsent: 1`) that mail programs open ready to send."""

from __future__ import annotations

import email.policy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses

from pairtable.clock import BEIJING
from pairtable.notice import Notice, NoticeOptions

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# CRLF as saved mail has; long lines kept whole, so an attachment's name is one RFC 2231
# parameter (`filename*=utf-8''…`), which more mail programs read than split ones.
_MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class MailAttachment:
    name: str
    data: bytes


def recipients(senders: Sequence[str]) -> list[str]:
    """Each sender header reduced to its address, with its display name decoded for people."""
    found: list[str] = []
    for encoded, address in getaddresses(list(senders)):
        if "@" not in address:
            continue
        try:
            name = str(make_header(decode_header(encoded))) if encoded else ""
            found.append(str(Address(display_name=name, addr_spec=address)))
        except (ValueError, LookupError, HeaderParseError):  # odd names or addresses
            found.append(address)
    return list(dict.fromkeys(found))


def draft_mail(
    notice: Notice,
    *,
    to: Sequence[str],
    attachments: Sequence[MailAttachment],
    options: NoticeOptions,
) -> bytes:
    """The notice as a draft (`X-Unsent: 1`): mail programs open it ready to edit and send.

    Same inputs, same bytes: the date is the run's fixed time, and the Message-ID and the
    MIME boundary are derived from the content.
    """
    digest = hashlib.sha256()
    for text in (notice.subject, notice.body, *to, *(a.name for a in attachments)):
        digest.update(text.encode() + b"\0")
    for attachment in attachments:
        digest.update(attachment.data)
    token = digest.hexdigest()
    message = EmailMessage(policy=_MAIL_POLICY)
    message["X-Unsent"] = "1"
    if "@" in options.send_to:
        message["From"] = formataddr((options.issuer, options.send_to))
    message["To"] = ", ".join(to)
    message["Subject"] = notice.subject
    message["Date"] = format_datetime(options.generated_at.astimezone(BEIJING))
    message["Message-ID"] = f"<{token[:32]}@pairtable.invalid>"
    message.set_content(notice.body, charset="utf-8")
    for attachment in attachments:
        message.add_attachment(
            attachment.data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=attachment.name
        )
        part = list(message.iter_attachments())[-1]
        part.set_param("name", attachment.name, header="Content-Type")  # older clients read this
    if attachments:
        message.set_boundary(f"pairtable-{token[32:56]}")
    return message.as_bytes()
