"""The issues of a whole merge, spilled to a temporary file so a year of returns fits in memory."""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from pairtable.models import Issue

_FIELDS = ("severity", "code", "message", "hint", "sheet", "cell", "row", "column", "value", "file")


class IssueLog:
    """An append-only sequence of Issues that can be read back any number of times."""

    def __init__(self) -> None:
        # Lives as long as the log; closed by close() or when the log is collected.
        self._store: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._count = 0
        self.errors = 0

    def extend(self, issues: Iterable[Issue]) -> None:
        self._store.seek(0, 2)
        for issue in issues:
            marshal.dump(tuple(getattr(issue, name) for name in _FIELDS), self._store)
            self._count += 1
            self.errors += issue.severity == "error"

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Issue]:
        position = 0
        for _ in range(self._count):
            # Seek each time: an extend() between two items moves the shared file position.
            self._store.seek(position)
            fields = marshal.load(self._store)
            position = self._store.tell()
            yield Issue(*fields)

    def close(self) -> None:
        self._store.close()
