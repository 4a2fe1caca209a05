"""What reading hidden rows costs: merge (in this process, no worker pool) with and without it.

    .venv/bin/python benchmarks/hidden_rows.py [--returns 200] [--rows 50] [--runs 5]

python-calamine does not report hidden rows, so pairtable.hidden scans each sheet part once
more. The scan is replaced here by one that finds nothing, on the same inputs as run.py, and
the best of several runs of each is printed (the machine's noise only ever adds time).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.run import DATA, generate

from pairtable import hidden
from pairtable.merge import merge_inbox
from pairtable.roster import load_roster


def once(folder: Path) -> float:
    started = time.perf_counter()
    merge_inbox(folder, load_roster(), generated_at=datetime(2021, 8, 24, tzinfo=UTC), jobs=0)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--returns", type=int, default=200)
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = generate(DATA / f"hidden-{args.returns}x{args.rows}", args.returns, args.rows)
    real = hidden.hidden_rows
    with_scan, without = float("inf"), float("inf")
    once(folder)  # warm the caches once
    for _ in range(args.runs):  # interleaved, so a busy moment hurts both alike
        hidden.hidden_rows = real
        with_scan = min(with_scan, once(folder))
        hidden.hidden_rows = lambda data, fmt, max_rows: {}
        without = min(without, once(folder))
    hidden.hidden_rows = real
    print(
        f"{args.returns} returns x {args.rows} rows: with hidden-row scan {with_scan:.3f} s, "
        f"without {without:.3f} s ({with_scan / without - 1:+.1%})"
    )


if __name__ == "__main__":
    main()
