"""Benchmark `pairtable merge` against a naive pandas script and against the I/O floor.

    .venv/bin/pip install -e ".[bench]" && .venv/bin/python benchmarks/run.py

Each measurement runs in a fresh subprocess started by this script (so imports are counted and
peak memory is that process's own, from wait4), several times, the commands of a set taking
turns; medians are reported. Inputs are
generated under benchmarks/data/ (not committed). Figures are ratios measured in the same run,
never absolute timings asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
SMALL_RUNS = 15  # runs of the 11-return set (at least)
HEADER = ["市名", "重点帮扶县", "结对帮扶县", "具体负责人", "单位及职务", "联系方式", "备注"]

PANDAS_BASELINE = """
import sys, glob, pandas as pd
files = sorted(glob.glob(sys.argv[1] + "/**/*.xlsx", recursive=True))
frames = [pd.read_excel(f, header=1) for f in files]
pd.concat(frames, ignore_index=True).to_excel(sys.argv[2], index=False)
"""

IO_FLOOR = """
import sys, glob, python_calamine, xlsxwriter
rows = []
for f in sorted(glob.glob(sys.argv[1] + "/**/*.xlsx", recursive=True)):
    sheet = python_calamine.CalamineWorkbook.from_path(f).get_sheet_by_index(0)
    rows.extend(sheet.to_python()[2:])
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
out = book.add_worksheet()
for r, row in enumerate(rows):
    out.write_row(r, 0, row)
book.close()
"""

# What the coverage map adds to a merge: importing Pillow, laying out and drawing the PNG, and
# storing it in a workbook (the merge itself is done before the clock starts). Prints wall and
# CPU seconds.
MAP_COST = """
import io, sys, time
from datetime import datetime
from pathlib import Path
import xlsxwriter
from pairtable.merge import merge_inbox
from pairtable.roster import load_roster
result = merge_inbox(Path(sys.argv[1]), load_roster(), generated_at=datetime(2021, 8, 24))
book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
sheet = book.add_worksheet()
started, cpu = time.perf_counter(), time.process_time()
from pairtable.coverage_map import merge_scene
from pairtable.map_png import map_png
from pairtable.map_job import MAP_PIXEL_SCALE
png = map_png(merge_scene(result), scale=MAP_PIXEL_SCALE)
sheet.insert_image(0, 0, "map.png", {"image_data": io.BytesIO(png)})
book.close()
print(time.perf_counter() - started, time.process_time() - cpu)
"""

# What the map adds to a merge's time where it is drawn in a forked child (map_job.py): how long
# this process waits for the picture after the other sheets are written, as the CLI runs it.
MAP_WAIT = """
import sys, time
from datetime import datetime
from pathlib import Path
from pairtable import map_job
from pairtable.roster import load_roster
roster = load_roster()
waited = []
drawn = map_job.MapJob.png
def timed(self, result):
    started = time.perf_counter()
    data = drawn(self, result)
    waited.append(time.perf_counter() - started)
    return data
map_job.MapJob.png = timed
# As the CLI does: the child is started before pydantic and the merge are imported.
job = map_job.MapJob(map_job.MAP_PIXEL_SCALE, roster=roster)
from pairtable.merge import merge_inbox
from pairtable.province import ProvinceWriter
with ProvinceWriter(Path(sys.argv[2]), map_job=job) as writer:
    result = merge_inbox(Path(sys.argv[1]), roster, generated_at=datetime(2021, 8, 24))
    writer.draw_map(result)
    import pairtable.render
    writer.finish(result)
print(waited[0], map_job.can_fork())
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds: steadier than wall time on a shared machine


def run_once(argv: list[str], extra_env: dict[str, str] | None = None) -> Measure:
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1629763200", **(extra_env or {})},
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    return Measure(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


Command = tuple[list[str], dict[str, str] | None]  # argv and extra environment


def medians_of(commands: dict[str, Command], runs: int) -> dict[str, Measure]:
    """Each command `runs` times, taken in turns (merge, pandas, … , merge, pandas, …) so that
    a change in the machine's load touches every command alike; medians."""
    for argv, extra_env in commands.values():
        run_once(argv, extra_env)  # warm-up: bytecode and the page cache, as for a second run
    results: dict[str, list[Measure]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, extra_env) in commands.items():
            results[name].append(run_once(argv, extra_env))
    return {
        name: Measure(
            statistics.median(r.seconds for r in measured),
            statistics.median(r.peak_mb for r in measured),
            statistics.median(r.cpu for r in measured),
        )
        for name, measured in results.items()
    }


def generate(folder: Path, returns: int, rows: int) -> Path:
    """`returns` returns of `rows` rows each, cycling over the cities with key counties."""
    import xlsxwriter

    from pairtable.roster import load_roster

    marker = folder / f".{returns}x{rows}-v2"  # v2: a repeated pair repeats its phone too
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    roster = load_roster()
    cities = roster.cities_with_key_counties
    for n in range(returns):
        city = cities[n % len(cities)]
        keys = [k.county for k in roster.key_counties_of(city)]
        helpers = [d.name for d in roster.divisions_of(city, zones=False) if d.name not in keys]
        book = xlsxwriter.Workbook(str(folder / f"{n:04d}-{city}.xlsx"), {"constant_memory": True})
        sheet = book.add_worksheet("统计表")
        sheet.write_row(
            0,
            0,
            ["填报单位：", f"{city}乡村振兴局", "", "", "填报时间：", f"2021-08-{1 + n % 28:02d}"],
        )
        sheet.write_row(1, 0, HEADER)
        for r in range(rows):
            key, helper = r % len(keys), (r // len(keys)) % len(helpers)
            # A pair named again (a city has fewer pairs than rows) says the same again: a
            # duplicate-pair warning, as real returns repeat a pair, never a conflict.
            phone = f"139{(n * 10_000 + key * 100 + helper) % 10**8:08d}"
            sheet.write_row(2 + r, 0, [city, keys[key], helpers[helper], "张三", "局长", phone, ""])
        sheet.write_row(3 + rows, 0, ["填表人：", "李四", "", "", "联系方式：", "13800000000"])
        book.close()
    marker.touch()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the 1,000 and 100,000 sets")
    parser.add_argument(
        "--before",
        metavar="REV",
        help="also time the merge of an earlier git revision (its src/, same venv) on each set",
    )
    args = parser.parse_args()
    before = _checkout(args.before) if args.before else None
    python = sys.executable
    pairtable = str(Path(python).with_name("pairtable"))  # the console script users run
    sets = [("11 × 10", generate(DATA / "small", 11, 10))]
    if not args.quick:
        sets += [
            ("1,000 × 50", generate(DATA / "large", 1000, 50)),
            ("1 × 100,000", generate(DATA / "huge", 1, 100_000)),
        ]
    out = Path(tempfile.mkdtemp())
    _print_load("before")
    print(
        f"{'inputs':<12} {'merge s':>8} {'pandas s':>9} {'floor s':>8} {'a/b':>6} {'a/c':>6} "
        f"{'merge MB':>9} {'pandas MB':>10}"
    )
    peaks: dict[str, float] = {}
    for name, folder in sets:
        commands: dict[str, Command] = {
            "merge": ([pairtable, "merge", str(folder), "-o", str(out / "p.xlsx")], None),
            "pandas": ([python, "-c", PANDAS_BASELINE, str(folder), str(out / "b.xlsx")], None),
            "floor": ([python, "-c", IO_FLOOR, str(folder), str(out / "f.xlsx")], None),
        }
        if before is not None:
            commands["before"] = (
                [python, "-m", "pairtable", "merge", str(folder), "-o", str(out / "e.xlsx")],
                {"PYTHONPATH": str(before / "src")},
            )
        # A third of a second a run varies by a tenth between runs here: more runs for that set.
        runs = max(args.runs, SMALL_RUNS) if folder == sets[0][1] else args.runs
        measured = medians_of(commands, runs)
        merge, pandas, floor = measured["merge"], measured["pandas"], measured["floor"]
        peaks[name] = merge.peak_mb
        if before is not None:
            earlier = measured["before"]
            print(
                f"{name:<12} before ({args.before}): {earlier.seconds:.2f} s, now"
                f" {merge.seconds:.2f} s: now / before {merge.seconds / earlier.seconds:.2f}"
                f" (CPU {merge.cpu / earlier.cpu:.2f})"
            )
        print(
            f"{name:<12} {merge.seconds:>8.2f} {pandas.seconds:>9.2f} {floor.seconds:>8.2f} "
            f"{merge.seconds / pandas.seconds:>6.2f} {merge.seconds / floor.seconds:>6.2f} "
            f"{merge.peak_mb:>9.0f} {pandas.peak_mb:>10.0f}"
        )
        print(
            f"{'':<12} CPU s: merge {merge.cpu:.2f}, pandas {pandas.cpu:.2f},"
            f" floor {floor.cpu:.2f};"
            f" merge / pandas {merge.cpu / pandas.cpu:.2f}"
        )
    if "1,000 × 50" in peaks:
        output_mb = (out / "p.xlsx").stat().st_size / 2**20
        print(
            f"peak memory, 1,000 returns / 11 returns: {peaks['1,000 × 50'] / peaks['11 × 10']:.2f}"
            f" (target ≤ 1.5, plus the output's own {output_mb:.1f} MB)"
        )
    small = sets[0][1]
    costs: list[float] = []
    cpu_costs: list[float] = []
    for _ in range(max(args.runs, 5)):
        printed = subprocess.run(
            [python, "-c", MAP_COST, str(small)], capture_output=True, text=True, check=True
        )
        costs.append(float(printed.stdout.split()[0]))
        cpu_costs.append(float(printed.stdout.split()[1]))
    print(
        f"coverage map drawn alone: {statistics.median(costs):.3f} s"
        f" (CPU {statistics.median(cpu_costs):.3f} s; Pillow import, layout, PNG, into the"
        " workbook; target ≤ 0.15)"
    )
    waits: list[float] = []
    forked = False
    for _ in range(max(args.runs, 5)):
        printed = subprocess.run(
            [python, "-c", MAP_WAIT, str(small), str(out / "w.xlsx")],
            capture_output=True,
            text=True,
            check=True,
        )
        waits.append(float(printed.stdout.split()[0]))
        forked = printed.stdout.split()[1] == "True"
    where = "in a forked child" if forked else "in this process (no fork here)"
    print(
        f"coverage map in a merge of 11 returns, drawn {where}: the merge waits"
        f" {statistics.median(waits):.3f} s for it after writing the other sheets"
    )
    help_runs = max(args.runs, 10)
    helped = medians_of(
        {"cli": ([pairtable, "--help"], None), "typer": ([python, "-c", "import typer"], None)},
        help_runs,
    )
    cli, typer = helped["cli"], helped["typer"]
    print(
        f"pairtable --help {cli.seconds * 1000:.0f} ms, import typer {typer.seconds * 1000:.0f} ms:"
        f" ratio {cli.seconds / typer.seconds:.2f} (target ≤ 2.5)"
    )
    _print_load("after")
    shutil.rmtree(out)


def _print_load(when: str) -> None:
    """Other work on the machine takes the cores the merge's processes would use (pandas uses
    one): ratios are comparable only between runs with a similar load."""
    if hasattr(os, "getloadavg"):
        one, five, _ = os.getloadavg()
        print(f"load average {when}: {one:.2f} (1 min), {five:.2f} (5 min); CPUs: {os.cpu_count()}")


def _checkout(revision: str) -> Path:
    """The source tree of `revision`, unpacked from git into a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="pairtable-before-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src", "templates"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


if __name__ == "__main__":
    main()
