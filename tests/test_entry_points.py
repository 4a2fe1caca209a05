"""The real entry points work: `python -m pairtable`, and the wheel carries the roster."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pairtable", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        **kw,  # type: ignore[call-overload]
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("roster", "validate"):
        assert command in result.stdout


def test_help_imports_no_domain_or_heavy_module() -> None:
    code = (
        "import sys, runpy; sys.argv=['pairtable','--help']\n"
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
