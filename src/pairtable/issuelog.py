"""The issues of a whole merge, spilled to a temporary file so a year of returns fits in memory."""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import IO

from pairtable.models import Issue


class IssueLog:
    """An append-only sequence of Issues that can be read back any number of times.

    A context manager: leaving it (or `close()`) deletes its temporary file. Each issue is
    stored as its fields by name (marshal of a dict), never by position.
    """

    def __init__(self) -> None:
        self._store: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
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
        self._store.seek(0, 2)
        for issue in issues:
            marshal.dump(dict(issue), self._store)
            self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Issue]:
        position = 0
        for _ in range(self._count):
            # Seek each time: an extend() between two items moves the shared file position.
            self._store.seek(position)
            fields = marshal.load(self._store)
            position = self._store.tell()
            # Validated when made (make_issue); read back as written.
            yield Issue.model_construct(**fields)

    def close(self) -> None:
        self._store.close()

    @property
    def closed(self) -> bool:
        return self._store.closed
