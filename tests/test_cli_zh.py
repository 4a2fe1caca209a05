"""A Chinese command line: built-in texts, -h, --strict's reason, 80-column terminals (13.6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.cli_zh import display_width, translate, wrap_text
from pairtable.roster import Roster
from tests.conftest import good_rows, write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
runner = CliRunner()
ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "No such option",
    "No such command",
    "Missing argument",
    "is not a valid",
    "is not in the range",
    "Try ",
    "Did you mean",
    "Error",
    "required",
    "default:",
    "int range",
    "<path>",
)
_BOX = set("┏┃┡│└┗╇┳┩┓┛┴┬━─")


def pairtable(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "pairtable", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


# The root and every registered command: a command added later is checked too.
COMMANDS: list[list[str]] = [[]] + [
    [c.name or (c.callback.__name__.replace("_", "-") if c.callback else "")]
    for c in app.registered_commands
]


def test_the_commands_checked_include_every_documented_one() -> None:
    names = {name for command in COMMANDS for name in command}
    assert names >= {"roster", "validate", "make-templates", "merge", "feedback"}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_chinese_and_h_works_like_help(command: list[str]) -> None:
    long = runner.invoke(app, [*command, "--help"])
    short = runner.invoke(app, [*command, "-h"])
    assert long.exit_code == short.exit_code == 0
    assert short.stdout == long.stdout
    assert long.stdout.startswith("用法：pairtable")
    assert "选项：" in long.stdout and "显示本帮助并退出。" in long.stdout
    for word in ENGLISH:
        assert word not in long.stdout, word


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["merge", "--bogus", "x"], "没有这个选项：--bogus"),
        (["merge"], "缺少参数“收件箱文件夹”"),
        (["merge", "x", "--jobs", "a"], "'a' 不是有效的整数"),
        (["merge", "x", "--jobs", "-1"], "-1 不在允许的范围内（应不小于 0）"),
        (["mrege"], "没有这个命令：“mrege”。您是不是要输入 “merge”？"),
        (["merge", "x", "--stirct"], "您是不是要输入 “--redact”、“--roster”、“--strict” 之一？"),
        (["merge", "x", "y"], "多出了参数：y"),
        (["merge", "x", "-o"], "选项 -o 后面要写一个值"),
        (["validate", "-x"], "没有这个选项：-x"),
    ],
)
def test_usage_errors_are_chinese(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.lstrip().startswith(("用法：", "错误：")) and "错误：" in result.stderr
    for word in ENGLISH:
        assert word not in result.stderr, word


def test_unknown_messages_pass_through() -> None:
    assert translate("找不到文件：x") == "找不到文件：x"


def test_strict_says_why_it_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["merge", str(EXAMPLES), "-o", str(tmp_path / "p.xlsx"), "--strict"]
    )
    assert result.exit_code == 1
    reason = result.stderr.replace("\n", "")
    assert "因使用了 --strict，退出码为 1" in reason
    assert "46 个重点帮扶县中有 5 个未覆盖（有错误 3 个，未报 2 个）" in reason
    assert "吕梁市.xlsx（已采用）" in reason


def lines_fit(text: str, columns: int = 80) -> None:
    for line in text.splitlines():
        assert display_width(line) <= columns, line


def test_help_fits_80_columns() -> None:
    for command in COMMANDS:
        result = pairtable(*command, "--help")
        assert result.returncode == 0, command
        lines_fit(result.stdout)


def test_tables_fit_80_columns_without_cutting_names(tmp_path: Path, roster: Roster) -> None:
    outputs = [
        pairtable("roster").stdout,
        pairtable("merge", str(EXAMPLES), "-o", str(tmp_path / "p.xlsx")).stdout,
        pairtable("make-templates", "-o", str(tmp_path / "模板 文件夹")).stdout,
        pairtable("validate", str(EXAMPLES / "吕梁市.xlsx")).stdout,
    ]
    for output in outputs:
        table_lines = [line for line in output.splitlines() if line[:1] in _BOX]
        assert table_lines
        lines_fit("\n".join(table_lines))
        assert "…" not in "\n".join(table_lines)
    for key in roster.key_counties:
        assert key.county in outputs[0]
    for city in roster.cities_with_key_counties:
        assert city in outputs[0] and city in outputs[1]


_TEXT = st.lists(
    st.sampled_from([*"结对帮扶县重点，。、（）ab1 -", "roster.toml", "--help", " "]),
    max_size=80,
).map("".join)


@given(_TEXT, st.integers(min_value=12, max_value=100))
def test_wrapping_keeps_every_character_and_the_width(text: str, width: int) -> None:
    wrapped = wrap_text(text, width, initial_indent="  ", subsequent_indent="    ")
    for line in wrapped.splitlines():
        # Only a single ASCII word longer than the width may overflow (it is never split).
        assert display_width(line) <= width or (line.strip().isascii() and len(line.split()) == 1)
    assert "".join(wrapped.split()) == "".join(text.split())


def test_merge_table_with_a_conflict_fits_80_columns(tmp_path: Path) -> None:
    """Two same-day returns of 大同市 that differ add a 冲突 column: still 80 columns."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, rows in (("大同市-甲.xlsx", good_rows()), ("大同市-乙.xlsx", good_rows()[:5])):
        write_workbook(inbox / name, rows)
        os.utime(inbox / name, (1629400000, 1629400000))
    output = pairtable("merge", str(inbox), "-o", str(tmp_path / "p.xlsx")).stdout
    table_lines = [line for line in output.splitlines() if line[:1] in _BOX]
    assert any("冲突" in line for line in table_lines)
    lines_fit("\n".join(table_lines))
    assert "…" not in "\n".join(table_lines)
    assert "大同市" in output and "太原市" in output
