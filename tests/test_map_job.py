"""The map drawn in a forked child: the same bytes as drawn here, and no child left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pairtable import map_job
from pairtable.map_job import MAP_PIXEL_SCALE, MapJob, draw_png
from pairtable.merge import MergeResult, merge_inbox
from pairtable.province import ProvinceWriter
from pairtable.roster import Roster
from tests.test_entry_points import KEEP_ALIVE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "inbox"
FIXED = datetime(2021, 8, 24, tzinfo=UTC)
needs_fork = pytest.mark.skipif(not map_job.can_fork(), reason="no os.fork here")


@pytest.fixture(scope="module")
def example(roster: Roster) -> MergeResult:
    return merge_inbox(EXAMPLES, roster, generated_at=FIXED)


def _inline(result: MergeResult) -> bytes:
    return draw_png(result.roster, result.coverage, result.generated_at, MAP_PIXEL_SCALE)


def _python(code: str) -> str:
    """What `code` prints, run by a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
def test_the_child_draws_the_same_png_as_this_process(example: MergeResult) -> None:
    with MapJob(MAP_PIXEL_SCALE) as job:
        child = job._child
        assert child is not None
        job.request(example)
        drawn = job.png(example)
    assert drawn == _inline(example)
    assert drawn.startswith(b"\x89PNG")
    assert _gone(child)


@needs_fork
def test_a_child_that_died_is_replaced_by_drawing_here(example: MergeResult) -> None:
    job = MapJob(MAP_PIXEL_SCALE)
    child = job._child
    assert child is not None
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    assert job.png(example) == _inline(example)
    job.close()


@needs_fork
def test_a_child_never_asked_for_a_map_is_stopped() -> None:
    job = MapJob(MAP_PIXEL_SCALE)
    child = job._child
    assert child is not None
    job.close()
    assert _gone(child)
    job.close()  # twice is harmless


def test_without_fork_the_map_is_drawn_here(example: MergeResult) -> None:
    job = MapJob(MAP_PIXEL_SCALE, fork=False)
    assert job._child is None
    assert job.png(example) == _inline(example)


@needs_fork
def test_the_workbook_is_the_same_with_and_without_the_child(
    example: MergeResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books = []
    for name, fork in (("forked.xlsx", True), ("inline.xlsx", False)):
        monkeypatch.setattr(map_job, "can_fork", lambda fork=fork: fork)
        with ProvinceWriter(tmp_path / name) as writer:
            writer.finish(example)
        books.append((tmp_path / name).read_bytes())
    assert books[0] == books[1]


def test_a_failed_merge_leaves_no_child(tmp_path: Path) -> None:
    writer = ProvinceWriter(tmp_path / "p.xlsx")
    with pytest.raises(RuntimeError), writer:
        child = writer._map_job._child
        raise RuntimeError("reading failed")
    assert not (tmp_path / "p.xlsx").exists()
    if child is not None:
        assert _gone(child)


@needs_fork
def test_a_merge_leaves_pillow_and_the_progress_bar_out_of_this_process(tmp_path: Path) -> None:
    """The child draws (so Pillow is imported there only), and with stderr not a terminal no
    progress bar is made (so rich.progress is not imported)."""
    argv = ["pairtable", "merge", str(EXAMPLES), "-o", str(tmp_path / "p.xlsx")]
    code = (
        "import sys, runpy\n"
        f"{KEEP_ALIVE}"
        f"sys.argv = {argv!r}\n"
        "try:\n    runpy.run_module('pairtable', run_name='__main__')\n"
        "except SystemExit as exit:\n    code = exit.code\n"
        "loaded = [m for m in ('PIL', 'rich.progress') if m in sys.modules]\n"
        "print('LOADED', loaded, 'EXIT', code)\n"
    )
    assert "LOADED [] EXIT 0" in _python(code)
    assert (tmp_path / "p.xlsx").stat().st_size > 100_000  # the map's picture is in it


@needs_fork
def test_an_output_that_cannot_be_opened_leaves_no_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[MapJob] = []

    class Recorded(MapJob):
        def __init__(self, scale: float) -> None:
            super().__init__(scale)
            started.append(self)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "拒绝访问。")

    monkeypatch.setattr("pairtable.province.MapJob", Recorded)
    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(PermissionError), ProvinceWriter(tmp_path / "p.xlsx"):
        pass
    assert started and started[0]._child is None  # stopped and reaped by close()


def test_the_maps_child_needs_no_pydantic(example: MergeResult) -> None:
    """The child is forked before pydantic is imported and is sent plain tuples: drawing from
    them imports no pydantic, and gives the same picture."""
    from pairtable.statuses import statuses_of

    plain = statuses_of(example.coverage)
    assert draw_png(example.roster, plain, FIXED, MAP_PIXEL_SCALE) == _inline(example)
    code = (
        "import sys\n"
        "from datetime import datetime\n"
        "from pairtable.map_job import MAP_PIXEL_SCALE, MapJob, draw_png, _warm_up\n"
        "from pairtable.roster import load_roster\n"
        "from pairtable.statuses import KeyCountyStatus\n"
        "roster = load_roster()\n"
        "_warm_up(roster, MAP_PIXEL_SCALE)\n"
        "coverage = [KeyCountyStatus(k.city, k.county, 'missing') for k in roster.key_counties]\n"
        "png = draw_png(roster, coverage, datetime(2021, 8, 24), MAP_PIXEL_SCALE)\n"
        "print(png[:4] == b'\\x89PNG', 'pydantic' in sys.modules)\n"
    )
    assert _python(code).split() == ["True", "False"]


@needs_fork
def test_a_child_that_drew_a_first_map_draws_the_same_second_one(
    example: MergeResult, roster: Roster
) -> None:
    with MapJob(MAP_PIXEL_SCALE, roster=roster) as job:
        job.request(example)
        assert job.png(example) == _inline(example)


@needs_fork
def test_a_first_map_that_fails_costs_nothing(
    example: MergeResult, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(roster: Roster, scale: float) -> None:
        raise KeyError("a roster the bundled outlines do not know")

    monkeypatch.setattr(map_job, "_warm_up", broken)  # the child is forked with it
    with MapJob(MAP_PIXEL_SCALE, roster=roster) as job:
        job.request(example)
        reply = map_job._read_message(job._receive)  # from the child, not drawn here
    assert reply == _inline(example)
