"""Every command that writes a file: a folder where a file should go, a file where a folder
should go, a folder without permission. A Chinese message naming what the user typed, the
documented exit code (2 for a path that cannot be one, 1 for a refused write), no traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pairtable.cli import app
from tests.conftest import good_rows, write_workbook

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_workbook(folder / "大同市.xlsx", good_rows())
    return folder


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert not isinstance(result.exception, OSError), result.exception
    return result.exit_code, result.stderr.replace("\n", "")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["merge", "{inbox}", "-o", "{dir}"], "汇总表应写成一个文件，而“{dir}”是一个已有的文件夹"),
        (["merge", "{inbox}", "-o", "{file}/p.xlsx"], "“{file}”是一个文件，不是文件夹"),
        (
            ["merge", "{inbox}", "-o", "{tmp}/p.xlsx", "--map", "{dir_png}"],
            "“{dir_png}”是一个已有的文件夹",
        ),
        (["validate", "{file}", "--annotate", "{file}/x.xlsx"], "“{file}”是一个文件，不是文件夹"),
        (["validate", "{file}", "--annotate", "{file}/标注"], "“{file}”是一个文件，不是文件夹"),
        (["feedback", "{inbox}", "-o", "{file}"], "反馈包应写到一个文件夹，而“{file}”是一个文件"),
        (["feedback", "{inbox}", "-o", "{file}/反馈"], "“{file}”是一个文件，不是文件夹"),
        (["make-templates", "-o", "{file}"], "模板应写到一个文件夹，而“{file}”是一个文件"),
        (["make-templates", "-o", "{file}/模板"], "“{file}”是一个文件，不是文件夹"),
    ],
)
def test_a_path_that_cannot_be_written_is_a_usage_error(
    tmp_path: Path, inbox: Path, command: list[str], expected: str
) -> None:
    places = {
        "{inbox}": str(inbox),
        "{dir}": str(tmp_path / "adir.xlsx"),
        "{dir_png}": str(tmp_path / "地图.png"),
        "{file}": str(inbox / "大同市.xlsx"),
        "{tmp}": str(tmp_path),
    }
    (tmp_path / "adir.xlsx").mkdir()
    (tmp_path / "地图.png").mkdir()
    copy = tmp_path / "大同市.xlsx"
    copy.write_bytes((inbox / "大同市.xlsx").read_bytes())
    places["{file}"] = str(copy)  # outside the inbox: not refused for being inside it

    def fill(text: str) -> str:
        for key, value in places.items():
            text = text.replace(key, value)
        return text

    code, stderr = invoke(*(fill(a) for a in command))
    assert code == 2 and fill(expected) in stderr, stderr
    assert "Traceback" not in stderr
    assert copy.read_bytes() == (inbox / "大同市.xlsx").read_bytes()


def test_annotate_into_an_existing_folder_named_like_a_file_writes_inside_it(
    tmp_path: Path, make_workbook: Callable[..., Path]
) -> None:
    """Documented: an existing folder is a folder, whatever its name."""
    source = make_workbook(name="大同.xlsx")
    folder = tmp_path / "x.xlsx"
    folder.mkdir()
    result = runner.invoke(app, ["validate", str(source), "--annotate", str(folder)])
    assert result.exit_code == 0
    assert [p.name for p in folder.iterdir()] == ["大同-问题标注.xlsx"]


def refuse_like_a_read_only_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """mkstemp in `folder` (or below it) fails as it does there: naming the temporary file it
    tried."""
    import tempfile

    real = tempfile.mkstemp

    def mkstemp(
        suffix: str = "", prefix: str = "", dir: str | Path | None = None
    ) -> tuple[int, str]:
        if dir is not None and Path(dir).is_relative_to(folder):
            tried = os.path.join(dir, f"{prefix}z3k4_f8q{suffix}")
            raise PermissionError(13, "Permission denied", tried)
        return real(suffix=suffix, prefix=prefix, dir=dir)

    monkeypatch.setattr("pairtable.atomic.tempfile.mkstemp", mkstemp)


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["merge", "{inbox}", "-o", "{ro}/new.xlsx"], "{ro}/new.xlsx"),
        (["merge", "{inbox}", "-o", "{tmp}/p.xlsx", "--map", "{ro}/地图.png"], "{ro}/地图.png"),
        (["validate", "{file}", "--annotate", "{ro}/标注.xlsx"], "{ro}/标注.xlsx"),
        (["validate", "{file}", "--annotate", "{ro}"], "{ro}/大同市-问题标注.xlsx"),
        (
            ["make-templates", "-o", "{ro}", "--city", "大同"],
            "{ro}/大同市-县际结对帮扶情况统计表.xlsx",
        ),
        (["feedback", "{inbox}", "-o", "{ro}"], "{ro}/太原市/太原市-县际结对帮扶情况统计表.xlsx"),
    ],
)
def test_a_folder_without_permission_names_the_target_not_the_temporary_file(
    tmp_path: Path,
    inbox: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    target: str,
) -> None:
    read_only = tmp_path / "imm"
    read_only.mkdir()
    copy = tmp_path / "大同市.xlsx"
    copy.write_bytes((inbox / "大同市.xlsx").read_bytes())
    places = {
        "{inbox}": str(inbox),
        "{ro}": str(read_only),
        "{tmp}": str(tmp_path),
        "{file}": str(copy),
    }

    def fill(text: str) -> str:
        for key, value in places.items():
            text = text.replace(key, value)
        return text

    refuse_like_a_read_only_folder(monkeypatch, read_only)
    code, stderr = invoke(*(fill(a) for a in command))
    assert code == 1, stderr
    assert fill(target) in stderr and ".tmp" not in stderr and "z3k4" not in stderr, stderr
    assert "Traceback" not in stderr
