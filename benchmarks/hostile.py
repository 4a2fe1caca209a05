"""How long hostile inputs take to be refused or read (the tests assert what happens, not when).

    .venv/bin/python benchmarks/hostile.py [--runs 3]

Builds the corpus of tests/test_hostile.py, validates each file in this process and prints the
best of several runs beside the time it should stay under; exits 1 when one is over.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_hostile import CORPUS, huge_dimension, junk_rows

from pairtable.roster import load_roster
from pairtable.validate import validate_file

# Seconds each input should stay under on one core of the shared 2-core machine.
LIMITS: dict[str, float] = {name: 5.0 for name in CORPUS} | {
    "laughs.xlsx": 2.0,
    "bomb.xlsx": 0.5,
    "dim.xlsx": 2.0,
    "junk.xlsx": 30.0,
}
EXTRA: dict[str, Callable[[Path], Path]] = {"dim.xlsx": huge_dimension, "junk.xlsx": junk_rows}


def best_of(runs: int, path: Path) -> tuple[float, str]:
    """The best time of `runs` validations, and the first finding's code."""
    roster = load_roster()
    best, code = float("inf"), ""
    for _ in range(runs):
        started = time.perf_counter()
        report = validate_file(path, roster)
        best = min(best, time.perf_counter() - started)
        code = report.issues[0].code if report.issues else "valid"
    return best, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    over = []
    with tempfile.TemporaryDirectory() as folder:
        builders = {name: builder for name, (builder, _) in CORPUS.items()} | EXTRA
        for name, builder in builders.items():
            seconds, code = best_of(args.runs, builder(Path(folder) / name))
            limit = LIMITS[name]
            flag = "" if seconds < limit else "  OVER"
            print(f"{name:16} {seconds:8.4f} s  (under {limit:g} s)  {code}{flag}")
            if flag:
                over.append(name)
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
