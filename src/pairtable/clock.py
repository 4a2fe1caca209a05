"""One clock for every output: SOURCE_DATE_EPOCH when set, so same inputs give same bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime

# The notice's date: templates carry it when no SOURCE_DATE_EPOCH is given, so they never vary.
NOTICE_DATE = datetime(2021, 8, 11, tzinfo=UTC)


def fixed_time(default: datetime | None = None) -> datetime:
    """SOURCE_DATE_EPOCH if set, else `default`, else now (UTC, whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return default or datetime.now(UTC).replace(microsecond=0)
