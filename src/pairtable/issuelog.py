"""The issues of a whole merge, spilled to a temporary file so a year of returns fits in memory."""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from pairtable.catalogue import Severity
from pairtable.models import Issue

# An Issue as a plain tuple of its fields: what crosses process boundaries and goes to disk.
Record = tuple[
    Severity, str, str, str, str | None, str | None, int | None, str | None, str | None, str | None
]


def as_record(issue: Issue) -> Record:
    return (
        issue.severity,
        issue.code,
        issue.message,
        issue.hint,
        issue.sheet,
        issue.cell,
        issue.row,
        issue.column,
        issue.value,
        issue.file,
    )


class IssueLog:
    """An append-only sequence of Issues that can be read back any number of times."""

    def __init__(self, listener: Callable[[list[Record]], None] | None = None) -> None:
        self._listener = listener
        # Lives as long as the log; closed by close() or when the log is collected.
        self._store: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._count = 0
        self.errors = 0

    def extend(self, issues: Iterable[Issue]) -> None:
        self.extend_records(as_record(issue) for issue in issues)

    def extend_records(self, records: Iterable[Record]) -> None:
        """Append; the listener (e.g. a workbook being written) sees each batch as it comes."""
        batch = list(records)
        if self._listener is not None:
            self._listener(batch)
        self._store.seek(0, 2)
        for record in batch:
            marshal.dump(record, self._store)
            self._count += 1
            self.errors += record[0] == "error"

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
