"""Hostile and broken input: a clear message for every bad file, nothing lost, nothing run."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.roster import Roster
from pairtable.validate import validate_file
from tests.conftest import OFFICIAL_HEADER, good_rows, write_workbook
from tests.hostile import deflated, lying_bomb, write_zip, zip_bomb

runner = CliRunner()
SHEET1 = "xl/worksheets/sheet1.xml"
Builder = Callable[[Path], Path]


def good(path: Path) -> Path:
    return write_workbook(path, good_rows())


def with_members(
    path: Path, extra: dict[str, bytes], replace: dict[str, bytes] | None = None
) -> Path:
    base = good(path.with_name("base-" + path.stem + ".xlsx"))
    members = [deflated(m, (replace or {}).get(m, data)) for m, data in _read_all(base).items()]
    members += [deflated(name, data) for name, data in extra.items()]
    base.unlink()
    return write_zip(path, members)


def _read_all(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx(path: Path) -> Path:
    return write_zip(
        path,
        [
            deflated("[Content_Types].xml", b"<Types/>"),
            deflated("word/document.xml", b"<w:document/>"),
        ],
    )


def plain_zip(path: Path) -> Path:
    return write_zip(path, [deflated("说明.txt", "你好".encode())])


def truncated(path: Path) -> Path:
    data = good(path.with_name("whole.xlsx")).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def encrypted(path: Path) -> Path:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00")
    path.write_bytes(header + directory + b"\x00" * 1024)
    return path


def macro(path: Path) -> Path:
    return with_members(path, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 Sub AutoOpen() Shell"})


def billion_laughs(path: Path) -> Path:
    base = good(path.with_name("laughs-base.xlsx"))
    sheet = _read_all(base)[SHEET1]
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">{entities}]>'.encode()
        + body.replace("张三".encode(), b"&l9;", 1)
    )
    return with_members(path, {}, {SHEET1: bomb})


def huge_dimension(path: Path) -> Path:
    base = good(path.with_name("dim-base.xlsx"))
    sheet = _read_all(base)[SHEET1]
    patched = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:G1048576"', sheet)
    if patched == sheet:
        patched = sheet.replace(b"<sheetData>", b'<dimension ref="A1:G1048576"/><sheetData>', 1)
    return with_members(path, {}, {SHEET1: patched})


def junk_rows(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("统计表")
    sheet.write_row(0, 0, OFFICIAL_HEADER)
    for r in range(1, 100_001):
        sheet.write_row(r, 0, ["大同市", f"垃圾{r}", "?", "x", "y", "z"])
    book.close()
    return path


def long_string(path: Path) -> Path:
    rows = good_rows()
    rows[0][4] = "长" * 1_000_000
    return write_workbook(path, rows)


def formulas(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("统计表")
    sheet.write_row(0, 0, OFFICIAL_HEADER)
    for r, row in enumerate(good_rows(), start=1):
        sheet.write_row(r, 0, row)
    sheet.write_formula(1, 5, '="139"&"94996777"', None, "13994996777")  # cached value
    sheet.write_formula(2, 4, '=D3&"副区长"', None, "")  # no cached value
    book.close()
    return path


def dangerous_text(path: Path) -> Path:
    rows = good_rows()
    for row, text in zip(rows, ["=1+1", "+SUM(A1)", "-2", "@A1", "\t制表", "\r回车"], strict=True):
        row[6] = text
    rows[0][3] = "张\x01三\x07"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(OFFICIAL_HEADER)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value.replace("\x01", "").replace("\x07", "") if c == 4 else value
            cell.data_type = "s"
    book.save(path)
    sheet_xml = _read_all(path)[SHEET1].replace("张三".encode(), "张_x0001_三_x0007_".encode())
    return with_members(path.with_name("ctl-" + path.name), {}, {SHEET1: sheet_xml})


CORPUS: dict[str, tuple[Builder, str]] = {
    "empty.csv": (lambda p: (p.write_bytes(b""), p)[1], "file-empty"),
    "zero.xlsx": (lambda p: (p.write_bytes(b""), p)[1], "file-empty"),
    "word.xlsx": (docx, "file-not-spreadsheet"),
    "report.xlsx": (
        lambda p: (p.write_bytes(b"%PDF-1.4\n%\xe2\xe3"), p)[1],
        "file-not-spreadsheet",
    ),
    "archive.xlsx": (plain_zip, "file-not-spreadsheet"),
    "truncated.xlsx": (truncated, "file-unreadable"),
    "encrypted.xlsx": (encrypted, "file-encrypted"),
    "laughs.xlsx": (billion_laughs, "file-unreadable"),  # calamine refuses the unknown entity
    "bomb.xlsx": (lambda p: zip_bomb(good(p.with_name("bomb-base.xlsx")), p), "file-too-large"),
    "liar.xlsx": (lambda p: lying_bomb(good(p.with_name("liar-base.xlsx")), p), "file-unreadable"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    built = {name: builder(folder / name) for name, (builder, _) in CORPUS.items()}
    for leftover in folder.glob("*-base.xlsx"):
        leftover.unlink()
    (folder / "whole.xlsx").unlink(missing_ok=True)
    return built


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_bad_file_has_its_code_and_exit_1(corpus: dict[str, Path], name: str) -> None:
    expected = CORPUS[name][1]
    result = runner.invoke(app, ["validate", str(corpus[name]), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [i["code"] for i in report["issues"]] == [expected]
    assert report["issues"][0]["message"] and report["issues"][0]["hint"]
    assert not isinstance(result.exception, Exception)


def test_entity_bomb_is_not_expanded(
    corpus: dict[str, Path], roster: Roster, tmp_path: Path
) -> None:
    report = validate_file(corpus["laughs.xlsx"], roster)
    # calamine does not expand entities either: the unknown `&l9;` makes the sheet unreadable.
    assert [(i.code, i.severity) for i in report.issues] == [("file-unreadable", "error")]
    assert report.pairs == [] and not report.readable
    out = tmp_path / "annotated.xlsx"
    result = runner.invoke(app, ["validate", str(corpus["laughs.xlsx"]), "--annotate", str(out)])
    assert result.exit_code == 1 and not isinstance(result.exception, Exception) and out.exists()
    # openpyxl, used for --annotate, parses through defusedxml and refuses the DTD outright.
    from defusedxml.common import DTDForbidden, EntitiesForbidden

    with pytest.raises(ValueError) as refused:
        openpyxl.load_workbook(corpus["laughs.xlsx"])
    cause = refused.value.__cause__ or refused.value.__context__
    assert isinstance(cause, DTDForbidden | EntitiesForbidden)


def validated_in_child(path: Path) -> tuple[list[str], int, int]:
    """Validate `path` in a fresh process: its issue codes, pairs, and peak memory in MB.
    The peak is the child's own VmHWM (ru_maxrss would include the forked test process).
    How long hostile files take is measured by benchmarks/hostile.py, not asserted here."""
    code = (
        "import json, re, sys; from pathlib import Path; from pairtable.roster import load_roster;"
        "from pairtable.validate import validate_file;"
        "rep = validate_file(Path(sys.argv[1]), load_roster());"
        "status = Path('/proc/self/status').read_text();"
        "peak = int(re.search(r'VmHWM:\\s*(\\d+) kB', status).group(1));"
        "print(json.dumps([[i.code for i in rep.issues], len(rep.pairs), peak // 1024]))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    codes, pairs, peak_mb = json.loads(completed.stdout)
    return codes, pairs, peak_mb


def test_zip_bomb_refused_with_bounded_memory(corpus: dict[str, Path]) -> None:
    assert corpus["bomb.xlsx"].stat().st_size < 2 * 2**20  # 1 GiB once inflated
    codes, pairs, peak_mb = validated_in_child(corpus["bomb.xlsx"])
    assert (codes, pairs) == (["file-too-large"], 0)
    assert peak_mb < 100  # refused without inflating it in memory (about 20 MB measured)


def test_macro_is_not_run_but_data_is_read(tmp_path: Path, roster: Roster) -> None:
    report = validate_file(macro(tmp_path / "宏.xlsm"), roster)
    assert report.valid and len(report.pairs) == 6
    assert [i.code for i in report.issues] == ["macro-ignored"]


def test_huge_claimed_dimension(tmp_path: Path) -> None:
    codes, pairs, peak_mb = validated_in_child(huge_dimension(tmp_path / "dim.xlsx"))
    assert (codes, pairs) == ([], 6)
    assert peak_mb < 100  # nothing allocated for the 1,048,576 rows it claims (22 MB measured)


def test_hundred_thousand_junk_rows_are_all_reported(tmp_path: Path, roster: Roster) -> None:
    path = junk_rows(tmp_path / "junk.xlsx")
    report = validate_file(path, roster)
    assert report.rows_read == 100_000 and report.rows_rejected == 100_000
    header_and_footer = {1, 100_003}  # the header row; where 填表人 belongs below the table
    assert {i.row for i in report.issues} == set(range(2, 100_002)) | header_and_footer


def test_megabyte_string_is_refused_at_its_cell(tmp_path: Path, roster: Roster) -> None:
    report = validate_file(long_string(tmp_path / "long.xlsx"), roster)
    assert [(i.code, i.cell) for i in report.issues] == [("text-too-long", "统计表!E4")]
    assert len(report.issues[0].value or "") < 200 and len(report.pairs) == 5


def test_formula_cells(tmp_path: Path, roster: Roster) -> None:
    report = validate_file(formulas(tmp_path / "f.xlsx"), roster)
    assert report.pairs[0].phone == "13994996777"  # the cached value
    assert [(i.code, i.cell) for i in report.issues if i.row == 3] == [
        ("formula-no-value", "统计表!E3"),
        ("unit-empty", "统计表!E3"),
    ]


def test_dangerous_text_stays_text_everywhere(tmp_path: Path, roster: Roster) -> None:
    source = dangerous_text(tmp_path / "d.xlsx")
    report = validate_file(source, roster)
    assert report.valid
    assert report.pairs[0].person == "张三"
    assert [p.remark for p in report.pairs] == ["=1+1", "+SUM(A1)", "-2", "@A1", "制表", "回车"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / source.name).write_bytes(source.read_bytes())
    out, annotated = tmp_path / "p.xlsx", tmp_path / "a.xlsx"
    assert runner.invoke(app, ["merge", str(inbox), "-o", str(out)]).exit_code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "市名,重点帮扶县,结对帮扶县,具体负责人,单位及职务,联系方式,备注\n"
        "大同市,=cmd|' /C calc'!A0,+1,-1,@x,=2,\n",
        encoding="utf-8",
    )
    checked = runner.invoke(app, ["validate", str(bad), "--annotate", str(annotated)])
    assert checked.exit_code == 1 and not isinstance(checked.exception, Exception)
    for path in (out, annotated):
        for sheet in openpyxl.load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{path.name} {sheet.title}!{cell.coordinate}"


def test_merge_survives_the_whole_corpus(
    corpus: dict[str, Path], tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "收件 箱"
    inbox.mkdir()
    for name, path in corpus.items():
        (inbox / name).write_bytes(path.read_bytes())
    good(inbox / "大同市 回报 🎉.xlsx")
    (inbox / "大同市 副本.xlsx").write_bytes((inbox / "大同市 回报 🎉.xlsx").read_bytes())
    os.utime(inbox / "大同市 副本.xlsx", (1629763200, 1629763200))
    os.utime(inbox / "大同市 回报 🎉.xlsx", (1629763200, 1629763200))
    (inbox / "loop.xlsx").symlink_to(inbox / "loop.xlsx")
    (inbox / "sub").mkdir()
    (inbox / "sub" / "back").symlink_to(inbox, target_is_directory=True)
    os.mkfifo(inbox / "pipe.xlsx")
    locked = inbox / "locked"
    locked.mkdir()
    (locked / "secret.xlsx").write_bytes(b"x")
    (inbox / "no-access.xlsx").write_bytes(b"x")
    real_scandir, real_read = os.scandir, Path.read_bytes

    def scandir(path: str | os.PathLike[str] = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def read_bytes(self: Path) -> bytes:
        if self.name == "no-access.xlsx":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    before = {p: hashlib.sha256(real_read(p)).hexdigest() for p in corpus.values()}
    out = tmp_path / "province.xlsx"
    result = runner.invoke(app, ["merge", str(inbox), "-o", str(out), "--json"])
    assert result.exit_code == 0 and not isinstance(result.exception, Exception)
    data = json.loads(result.stdout)
    status = {f["file"]: f["status"] for f in data["files"]}
    assert status["大同市 回报 🎉.xlsx"] == "used" and status["大同市 副本.xlsx"] == "superseded"
    for name in ("loop.xlsx", "pipe.xlsx", "locked", "no-access.xlsx", "bomb.xlsx", "zero.xlsx"):
        assert status[name] == "unreadable", name
    assert "sub/back" not in " ".join(status)
    assert data["pairs"] and {p["source"]["file"] for p in data["pairs"]} == {"大同市 回报 🎉.xlsx"}
    assert sum(c["status"] == "covered" for c in data["coverage"]) == 6
    assert {p: hashlib.sha256(real_read(p)).hexdigest() for p in corpus.values()} == before
    assert openpyxl.load_workbook(out)["汇总表"].max_row == 3 + 6
