"""One clock for every output: SOURCE_DATE_EPOCH when set, so same inputs give same bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

# The notice's date: templates carry it when no SOURCE_DATE_EPOCH is given, so they never vary.
NOTICE_DATE = datetime(2021, 8, 11, tzinfo=UTC)


def fixed_time(default: datetime | None = None) -> datetime:
    """SOURCE_DATE_EPOCH if set, else `default`, else now (UTC, whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return default or datetime.now(UTC).replace(microsecond=0)


# People in Shanxi read Beijing time; files and JSON keep UTC / ISO 8601 with an offset.
BEIJING = timezone(timedelta(hours=8))
BEIJING_LABEL = "北京时间"


def beijing_time(moment: datetime) -> str:
    """2021-08-24 08:00:00（北京时间）; a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") + f"（{BEIJING_LABEL}）"


def beijing_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d")


def beijing_text(iso: str | None) -> str:
    """An ISO 8601 time from a mail or a file, as people read it; text that is not one as is."""
    if not iso:
        return ""
    try:
        return beijing_time(datetime.fromisoformat(iso))
    except ValueError:
        return iso
