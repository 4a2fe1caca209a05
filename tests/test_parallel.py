"""The process pool (merge's default from PARALLEL_FROM files) gives the same bytes as none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pairtable.inbox import scan
from pairtable.merge import PARALLEL_FROM
from tests.conftest import good_rows, write_workbook
from tests.shapes import Sheet, workbook_bytes, write_zip

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
EPOCH = "1629763200"  # 2021-08-24 00:00 UTC


def with_errors(rows: list[list[object]]) -> list[list[object]]:
    """A 大同市 return with a wrong county, a bad phone and a missing person."""
    broken = [list(r) for r in rows]
    broken[0][1] = "不存在县"
    broken[1][5] = "12345"
    broken[2][3] = None
    return broken


def build_inbox(inbox: Path) -> None:
    """The example inbox plus resubmissions, returns with errors, unreadable files and a zip;
    the first file in inbox order is by far the slowest, so a pool that handed results back
    as they complete would list it later."""
    shutil.copytree(EXAMPLES, inbox)
    many = [
        ["大同市", f"错县{i}", "平城区", "张三", "平城区副区长", "1399499", ""] for i in range(3000)
    ]
    write_workbook(inbox / "0-大同市-草稿.xlsx", many, filled_on="2021-08-01")
    (inbox / "大同市").mkdir()
    for day in range(8, 20):  # twelve resubmissions, every other one with errors
        rows = good_rows() if day % 2 else with_errors(good_rows())
        write_workbook(inbox / "大同市" / f"第{day}日.xlsx", rows, filled_on=f"2021-08-{day:02d}")
    write_workbook(inbox / "大同市" / "最终版.xlsx", good_rows(), filled_on="2021-08-21")
    (inbox / "损坏.xlsx").write_bytes((inbox / "大同市" / "最终版.xlsx").read_bytes()[:900])
    (inbox / "空文件.csv").write_bytes(b"")
    (inbox / "伪装.xlsx").write_bytes(b"%PDF-1.4\n")
    taiyuan = [["太原市", "娄烦县", "小店区", "张三", "小店区副区长", "13994996777", ""]]
    write_zip(
        inbox / "太原市补报.zip",
        {
            "太原市/太原市统计表.xlsx": workbook_bytes(
                [Sheet(rows=taiyuan, unit="太原市乡村振兴局")]
            ),
            "太原市/说明.docx": b"PK\x03\x04 not really a docx",
            "太原市/坏表.xlsx": b"PK\x03\x04 broken",
        },
    )
    for index, path in enumerate(sorted(inbox.rglob("*"))):
        if path.is_file():  # distinct, fixed times: the version choice never depends on the copy
            moment = 1629500000 + index * 60
            os.utime(path, (moment, moment))


def merge(inbox: Path, out: Path, jobs: int | None) -> tuple[bytes, bytes]:
    """The province workbook's and `--json`'s bytes; `jobs` None for the default pool."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "COLUMNS": "120", "NO_COLOR": "1"}
    command = ["merge", str(inbox), "-o", str(out), "--json"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    completed = subprocess.run(
        [sys.executable, "-m", "pairtable", *command],
        capture_output=True,
        env=env,
        check=False,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    return out.read_bytes(), completed.stdout


def test_pool_and_no_pool_give_the_same_bytes(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    build_inbox(inbox)
    assert len(scan(inbox)) >= PARALLEL_FROM + 4  # the pool is used, with files to spare
    serial_book, serial_json = merge(inbox, tmp_path / "serial.xlsx", 0)
    for jobs in (2, None):  # two workers; the default (one fewer than the CPUs, at least 1)
        pooled_book, pooled_json = merge(inbox, tmp_path / f"pooled-{jobs}.xlsx", jobs)
        assert pooled_json == serial_json, jobs
        assert pooled_book == serial_book, jobs
    # What was compared holds every kind of input, so the order of each kind matters.
    text = serial_json.decode()
    for expected in (
        '"status": "superseded"',
        '"status": "unreadable"',
        '"status": "unpacked"',
        '"status": "ignored"',
        "太原市补报.zip!/太原市/太原市统计表.xlsx",
        '"code": "assisted-unknown"',
    ):
        assert expected in text, expected
