"""The coverage map's PNG, drawn in a forked child process while the merge goes on.

Drawing the map (importing Pillow, loading outlines and fonts, drawing, encoding) costs about
as much as the rest of a small merge. Where the OS can fork (Linux, macOS) a child is started
before the returns are read: it gets Pillow, the outlines and the fonts ready meanwhile, and
draws as soon as the coverage is known, while this process writes the other sheets. Where it
cannot (Windows), or when the child fails in any way, the map is drawn here: the picture is the
same either way (same scene, same bytes).

Messages both ways are length-prefixed pickles over pipes (pool workers forked later inherit
copies of the pipes, so end-of-file cannot mark the end).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pairtable.coverage_map import CountyStatus
    from pairtable.merge import MergeResult
    from pairtable.roster import Roster
    from pairtable.statuses import CoverageStatus

_LENGTH = struct.Struct(">Q")

# Pixels of the sheet's picture: 0.7 of `--map`'s 1240 x 1754, i.e. 868 x 1228 (105 dpi on A4,
# 119 dpi as printed, sharp enough). Drawing it is most of what the map adds to every merge.
MAP_PIXEL_SCALE = 0.7


def can_fork() -> bool:
    """Whether the map may be drawn in a forked child (never on Windows)."""
    return hasattr(os, "fork") and sys.platform != "win32"


def draw_png(
    roster: Roster, coverage: Sequence[CountyStatus], generated_at: datetime, scale: float
) -> bytes:
    """The map of a merge as PNG bytes, drawn in this process."""
    from pairtable.coverage_map import coverage_scene
    from pairtable.map_png import map_png

    return map_png(coverage_scene(roster, coverage, generated_at), scale=scale)


class MapJob:
    """Started before the merge; `request(result)` once the coverage is known, `png(result)`
    when the picture is needed. Drawn in a child if one could be started, else in `png`.

    Always `close()` (or use as a context manager): a child not asked for a map is stopped.
    """

    def __init__(
        self, scale: float, *, fork: bool | None = None, roster: Roster | None = None
    ) -> None:
        """`roster`, when known, lets the child draw a first, throwaway map while it waits:
        a process's first map costs half again as much as the next (memory the allocator has
        not handed out yet, first calls), and the real one is awaited."""
        self._scale, self._roster = scale, roster
        self._child: int | None = None
        self._send = self._receive = -1
        self._requested = False
        if (can_fork() if fork is None else fork) and hasattr(os, "fork"):
            try:
                self._start()
            except OSError:
                self._child = None

    def __enter__(self) -> MapJob:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns, never runs the parent's clean-up
            code = 1
            try:
                os.close(request_write)
                os.close(reply_read)
                code = _serve(request_read, reply_write, self._scale, self._roster)
            finally:
                os._exit(code)
        os.close(request_read)
        os.close(reply_write)
        self._child, self._send, self._receive = pid, request_write, reply_read

    def request(self, result: MergeResult) -> None:
        """Have the child start drawing the map of `result` (nothing without a child)."""
        if self._child is not None and not self._requested:
            self._requested = True
            try:
                from pairtable.statuses import statuses_of

                coverage = statuses_of(result.coverage)
                data = pickle.dumps((result.roster, coverage, result.generated_at))
                _write_message(self._send, data)
            except OSError:
                self.close()

    def png(self, result: MergeResult) -> bytes:
        """The map of `result`: the child's drawing if it has one, else drawn here."""
        self.request(result)
        if self._child is not None:
            try:
                reply = _read_message(self._receive)
                if reply:
                    return reply
            except OSError:
                pass
            finally:
                self.close()
        return draw_png(result.roster, result.coverage, result.generated_at, self._scale)

    def close(self) -> None:
        if self._child is None:
            return
        child, self._child = self._child, None
        for fd in (self._send, self._receive):
            os.close(fd)
        # A child still waiting for a request (the merge failed) is not needed any more.
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)


def _serve(request_read: int, reply_write: int, scale: float, roster: Roster | None) -> int:
    """In the child: get ready, wait for the coverage, draw, send the PNG back."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    _prepare(scale)
    if roster is not None:
        # Only a head start: whatever stops it must not cost the map that is asked for.
        with contextlib.suppress(Exception):
            _warm_up(roster, scale)
    request = _read_message(request_read)
    if not request:
        return 0
    roster, coverage, generated_at = pickle.loads(request)
    _write_message(reply_write, draw_png(roster, coverage, generated_at, scale))
    return 0


def _prepare(scale: float) -> None:
    """What every map needs, done before the coverage is known: Pillow, outlines, fonts."""
    from pairtable.coverage_map import bundled_layout
    from pairtable.map_png import prepare

    bundled_layout()
    prepare(scale)


def _warm_up(roster: Roster, scale: float) -> None:
    """Draw a map of `roster` with every status (and so every fill and hatching) and drop it."""
    from pairtable.statuses import KeyCountyStatus

    statuses: tuple[CoverageStatus, ...] = ("covered", "invalid", "missing")
    coverage = [
        KeyCountyStatus(k.city, k.county, statuses[n % 3])
        for n, k in enumerate(roster.key_counties)
    ]
    draw_png(roster, coverage, datetime(2021, 1, 1), scale)


def _write_message(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_message(fd: int) -> bytes:
    """One message; b"" when the other side closed first."""
    head = _read_exactly(fd, _LENGTH.size)
    return _read_exactly(fd, _LENGTH.unpack(head)[0]) if head else b""


def _read_exactly(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return b""
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
