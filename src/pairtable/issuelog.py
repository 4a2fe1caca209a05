"""The issues of a whole merge, spilled to a temporary file so a year of returns fits in memory."""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby, islice
from types import TracebackType
from typing import IO, Any

from pairtable.models import Issue

# Issues of one file are stored together, at most this many to a record, so reading back
# holds one record in memory, never a whole 100,000-row return's issues.
CHUNK = 1000


@dataclass(frozen=True)
class IssueRecord:
    """Issues of one file (at most CHUNK) as the log stores them: marshal of a list of their
    fields by name. Worker processes send issues in this form, so the merge's own process
    stores them without decoding them."""

    file: str | None
    count: int
    data: bytes


def issue_records(issues: Iterable[Issue]) -> list[IssueRecord]:
    """`issues` as records, consecutive issues of one file together."""
    records = []
    for file, same_file in groupby(issues, key=_file_of):
        while fields := [dict(issue) for issue in islice(same_file, CHUNK)]:
            records.append(IssueRecord(file, len(fields), marshal.dumps(fields)))
    return records


class IssueLog:
    """An append-only sequence of Issues that can be read back any number of times.

    A context manager: leaving it (or `close()`) deletes its temporary file. Issues are
    stored as their fields by name (marshal of dicts), never by position, in records of one
    file each, indexed in memory: `fields(keep)` reads back only the files it is asked for,
    seeking past the others without decoding them.
    """

    def __init__(self) -> None:
        self._store: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._records: list[tuple[int, int, str | None]] = []  # (offset, size, file) of each
        self._count = 0

    def __enter__(self) -> IssueLog:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def extend(self, issues: Iterable[Issue]) -> None:
        self.add(issue_records(issues))

    def add(self, records: Iterable[IssueRecord]) -> None:
        store = self._store
        store.seek(0, 2)
        for record in records:
            self._records.append((store.tell(), len(record.data), record.file))
            store.write(record.data)
            self._count += record.count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Issue]:
        # Validated when made (make_issue); read back as written.
        return (Issue.model_construct(**fields) for fields in self.fields())

    def fields(
        self, keep: Callable[[str | None], bool] = lambda file: True
    ) -> Iterator[dict[str, Any]]:
        """Each stored issue's fields, in the order stored, of the files `keep` accepts."""
        store = self._store
        for offset, size, file in list(self._records):
            if keep(file):
                # Seek each time: an extend() between two records moves the file position.
                store.seek(offset)
                # loads of bytes read at once: load() from a file reads it a field at a time.
                yield from marshal.loads(store.read(size))

    def close(self) -> None:
        self._store.close()

    @property
    def closed(self) -> bool:
        return self._store.closed


def _file_of(issue: Issue) -> str | None:
    return issue.file
