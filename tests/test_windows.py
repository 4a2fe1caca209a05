"""Windows realities, simulated where they can be here (13.8): a target open in Excel, a GBK
console, Chinese paths with spaces, worker processes started by spawn."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pairtable.cli import app
from tests.conftest import good_rows, write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
runner = CliRunner()


def excel_holds(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """os.replace onto `locked` fails as it does on Windows while Excel has the file open."""
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target) == locked:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(target))
        real_replace(source, target)

    monkeypatch.setattr("pairtable.atomic.os.replace", replace)


def test_province_open_in_excel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "全省 汇总表.xlsx"
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)]).exit_code == 0
    before = out.read_bytes()
    excel_holds(monkeypatch, out)
    result = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 1
    assert "请先在 Excel/WPS 中关闭“全省 汇总表.xlsx”" in result.stderr.replace("\n", "")
    assert not isinstance(result.exception, Exception)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_annotated_copy_and_template_open_in_excel(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_workbook(name="大同.xlsx")
    out_dir = tmp_path / "标注"
    out_dir.mkdir()
    target = out_dir / "大同-标注.xlsx"
    excel_holds(monkeypatch, target)
    result = runner.invoke(app, ["validate", str(source), "--annotate", str(target)])
    assert result.exit_code == 1 and "请先在 Excel/WPS 中关闭“大同-标注.xlsx”" in result.stderr
    assert list(out_dir.iterdir()) == []

    templates = tmp_path / "模板"
    excel_holds(monkeypatch, templates / "大同市-县际结对帮扶情况统计表.xlsx")
    made = runner.invoke(app, ["make-templates", "-o", str(templates), "--city", "大同"])
    assert made.exit_code == 1 and "关闭“大同市-县际结对帮扶情况统计表.xlsx”" in made.stderr
    assert list(templates.iterdir()) == []


def test_folder_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "拒绝访问。", str(tmp_path / "只读"))

    monkeypatch.setattr("pairtable.atomic.tempfile.mkstemp", refuse)
    result = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(tmp_path / "只读" / "p.xlsx")])
    assert result.exit_code == 1 and "没有权限写入" in result.stderr


def run(
    *args: str, encoding: str = "utf-8", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"}
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, env=env, check=False, timeout=300, cwd=cwd
    )


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (["roster"], 0),
        (["--help"], 0),
        (["merge", str(EXAMPLES), "-o", "{tmp}/p.xlsx"], 0),
        (
            [
                "validate",
                str(EXAMPLES / "吕梁市.xlsx"),
                str(EXAMPLES / "太原市-县际结对帮扶情况统计表.xlsx"),
            ],
            1,  # 吕梁市 has errors
        ),
        (["merge", str(EXAMPLES), "-o", "{tmp}/p.xlsx", "--strict"], 1),
    ],
)
def test_gbk_console_never_raises(args: list[str], exit_code: int, tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    completed = run("-m", "pairtable", *args, encoding="cp936")
    assert completed.returncode == exit_code, completed.stderr.decode("gbk", "replace")
    stderr = completed.stderr.decode("gbk")
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr
    out = completed.stdout.decode("gbk")  # what the console shows, in its own code page
    assert out.strip()
    if args[0] == "validate":
        assert "× 需要修改" in out and "√ 通过" in out


def test_json_to_a_pipe_is_utf8_on_a_gbk_console(tmp_path: Path) -> None:
    completed = run(
        "-m",
        "pairtable",
        "merge",
        str(EXAMPLES),
        "-o",
        str(tmp_path / "p.xlsx"),
        "--json",
        encoding="cp936",
    )
    assert completed.returncode == 0
    data = json.loads(completed.stdout.decode("utf-8"))
    assert {f["file"] for f in data["files"]} >= {"太原市-县际结对帮扶情况统计表.xlsx"}


def test_spawned_workers_and_chinese_paths_with_spaces(tmp_path: Path) -> None:
    """Windows starts worker processes by spawn: each imports the main module afresh."""
    inbox = tmp_path / "收件 箱（2021 年）"
    inbox.mkdir()
    city = write_workbook(tmp_path / "大同.xlsx", good_rows())
    for n in range(26):  # enough for the process pool (pool.PARALLEL_FROM)
        shutil.copy(city, inbox / f"大同市 第{n:02d}份.xlsx")
    script = tmp_path / "run pairtable.py"
    script.write_text(
        "import multiprocessing, sys\n"
        "from pairtable.cli import main\n"
        "if __name__ == '__main__':\n"
        "    multiprocessing.set_start_method('spawn', force=True)\n"
        "    main()\n",
        encoding="utf-8",
    )
    out = tmp_path / "输出 文件夹" / "全省 汇总.xlsx"
    pooled = run(str(script), "merge", str(inbox), "-o", str(out), "--json", "--jobs", "2")
    assert pooled.returncode == 0, pooled.stderr.decode()
    single = run(
        "-m",
        "pairtable",
        "merge",
        str(inbox),
        "-o",
        str(tmp_path / "b.xlsx"),
        "--json",
        "--jobs",
        "0",
    )
    assert json.loads(pooled.stdout) == json.loads(single.stdout)
    assert out.exists()
