"""Reading an inbox's returns, in worker processes when there are many.

Results come back in inbox order whatever the pool does, so the output never depends on it.
A bounded window of files in flight keeps memory flat however large the inbox.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pairtable.inbox import Pending, open_items
from pairtable.intake import Validated, read_item
from pairtable.reader import Limits
from pairtable.roster import Roster

if TYPE_CHECKING:
    from concurrent.futures import Future

# Below this many files a process pool costs more than it saves.
PARALLEL_FROM = 24


def default_jobs() -> int:
    """Worker processes: one per CPU, at most 4. This process only gathers their results
    while they read (the 问题清单 is written once every file's status is known), so it
    needs no CPU of its own."""
    return max(1, min(4, os.cpu_count() or 1))


def read_all(
    pending: list[Pending], roster: Roster, limits: Limits, workers: int
) -> Iterator[Validated]:
    """(entry, issues) for every item, in inbox order; in `workers` processes unless 0."""
    if workers == 0:
        for one in pending:
            for item in open_items(one, limits.max_file_bytes, limits):
                yield read_item(item, roster, limits)
        return
    # Imported here: it brings in multiprocessing, which small merges never need.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(roster, limits)) as pool:
        window: deque[Future[list[Validated]]] = deque()
        for one in pending:
            window.append(pool.submit(_read_pending, one))
            if len(window) >= 4 * workers:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


_worker: tuple[Roster, Limits] | None = None


def _start_worker(roster: Roster, limits: Limits) -> None:
    global _worker
    _worker = (roster, limits)


def _read_pending(pending: Pending) -> list[Validated]:
    assert _worker is not None
    roster, limits = _worker
    return [
        read_item(item, roster, limits)
        for item in open_items(pending, limits.max_file_bytes, limits)
    ]
