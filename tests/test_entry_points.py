"""The real entry points work: `python -m pairtable`, and the wheel carries the roster."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import good_rows, write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"


# The entry point ends its process with os._exit once its output is flushed (cli.run): code
# that looks at the process afterwards turns that into SystemExit first.
KEEP_ALIVE = "import os\ndef _exit(code):\n    raise SystemExit(code)\nos._exit = _exit\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pairtable", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the `pairtable` console script installed beside this interpreter."""
    script = shutil.which("pairtable", path=str(Path(sys.executable).parent))
    assert script is not None, "the pairtable console script is not installed in this venv"
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1629763200"}
    return subprocess.run(
        [script, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False
    )


def listed_commands(help_text: str) -> list[str]:
    """The command names of the 命令： section of `pairtable --help`."""
    section = help_text.split("命令：", 1)[1]
    return re.findall(r"^ {2}([a-z][a-z-]*) ", section, flags=re.MULTILINE)


def check_roster(tmp_path: Path) -> None:
    result = installed("roster", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["declared_total"] == 46


def check_validate(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "大同市.xlsx", good_rows())
    result = installed("validate", str(path), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["city"], report["valid"], len(report["pairs"])) == ("大同市", True, 6)


def check_make_templates(tmp_path: Path) -> None:
    out = tmp_path / "templates"
    result = installed("make-templates", "-o", str(out), "--city", "大同市", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.glob("*.xlsx")] == ["大同市-县际结对帮扶情况统计表.xlsx"]


def check_merge(tmp_path: Path) -> None:
    out = tmp_path / "province.xlsx"
    result = installed("merge", str(EXAMPLES), "-o", str(out), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert sum(c["status"] == "covered" for c in data["coverage"]) == 41
    assert out.read_bytes()[:2] == b"PK"


def check_feedback(tmp_path: Path) -> None:
    out = tmp_path / "feedback"
    result = installed("feedback", str(EXAMPLES), "-o", str(out), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (out / data["overview"]).is_file()
    assert {c["city"] for c in data["cities"] if c["files"]} >= {"忻州市", "运城市", "吕梁市"}


def check_schema(tmp_path: Path) -> None:
    result = installed("schema", "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["anyOf"][0] == {"$ref": "#/$defs/FileReport"}


# One real run of every command `pairtable --help` lists; a new command needs its own check.
COMMANDS: dict[str, Callable[[Path], None]] = {
    "roster": check_roster,
    "validate": check_validate,
    "make-templates": check_make_templates,
    "merge": check_merge,
    "feedback": check_feedback,
    "schema": check_schema,
}


def test_help_lists_exactly_the_commands_checked_here(tmp_path: Path) -> None:
    result = installed("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = sorted(listed_commands(result.stdout))
    assert listed == sorted(COMMANDS), "each command needs a real run in COMMANDS"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_of_the_console_script_runs(command: str, tmp_path: Path) -> None:
    COMMANDS[command](tmp_path)


def test_help_imports_no_domain_or_heavy_module() -> None:
    code = (
        "import sys, runpy; sys.argv=['pairtable','--help']\n"
        f"{KEEP_ALIVE}"
        "try:\n    runpy.run_module('pairtable', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "heavy = [m for m in ('openpyxl','pandas','numpy','pydantic','python_calamine',"
        "'xlsxwriter','PIL','pairtable.roster','pairtable.validate') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stdout


def test_usage_error_exits_2() -> None:
    result = run("roster", "--no-such-option")
    assert result.returncode == 2


def test_roster_via_module() -> None:
    result = run("roster", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["declared_total"] == 46


@pytest.mark.slow
def test_installed_wheel_carries_the_roster(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(dist.glob("pairtable-*.whl"))
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    result = subprocess.run(
        [str(env_dir / "bin" / "pairtable"), "roster", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["declared_total"] == 46 and len(data["key_counties"]) == 46
    assert data["origin"] == "内置名单"
    # The map's outlines (beside the roster) and font subset (in the package) are in the wheel.
    drawn = subprocess.run(
        [
            str(env_dir / "bin" / "pairtable"),
            "merge",
            str(ROOT / "examples" / "inbox"),
            "-o",
            str(tmp_path / "out" / "province.xlsx"),
            "--map",
            str(tmp_path / "out" / "map.svg"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert drawn.returncode == 0, drawn.stderr
    assert "data:font/otf;base64," in (tmp_path / "out" / "map.svg").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("code", "status", "printed"),
    [(None, 0, ""), (0, 0, ""), (2, 2, ""), (-1, 255, ""), ("坏了", 1, "坏了\n")],
)
def test_exit_status_is_what_python_would_give(
    code: object, status: int, printed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from pairtable.cli import _exit_status

    assert _exit_status(code) == status
    assert capsys.readouterr().err == printed


def test_the_entry_point_delivers_all_its_output_and_its_exit_code(tmp_path: Path) -> None:
    """run() ends with os._exit: everything written must have been flushed first, through a
    pipe too, and the command's exit code kept."""
    shutil.copytree(EXAMPLES, tmp_path / "inbox")
    merged = run("merge", str(tmp_path / "inbox"), "-o", str(tmp_path / "p.xlsx"), "--json")
    assert merged.returncode == 0, merged.stderr
    assert len(merged.stdout.encode()) > 8192  # more than the stream buffers at once
    assert json.loads(merged.stdout)["summary"]["covered"] == 41
    assert "推测条目" in merged.stderr  # stderr is flushed as well
    bad = write_workbook(tmp_path / "大同市.xlsx", [["大同市", "不存在县", *good_rows()[0][2:]]])
    checked = run("validate", str(bad), "--json")
    assert checked.returncode == 1
    assert json.loads(checked.stdout)["valid"] is False
    assert run("merge").returncode == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    ("redirect", "status"),
    [(">&-", 0), ("2>&-", 0), ("> /dev/full", 1)],
)
def test_a_closed_or_full_output_stream_ends_cleanly(redirect: str, status: int) -> None:
    """Streams closed by whoever starts the command are nothing to deliver; a full disk is an
    operational error said in Chinese, never a traceback."""
    command = f"{shlex.quote(sys.executable)} -m pairtable roster --json {redirect}"
    result = subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    if status:
        assert "磁盘已满" in result.stderr
