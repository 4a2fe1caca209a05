"""Factory fixtures: build the workbooks cities really send, instead of committing binaries."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pairtable.roster import Roster, load_roster

# The attachment's column headers, written out here independently of the code under test.
OFFICIAL_HEADER = [
    "市名",
    "重点帮扶县",
    "结对帮扶县",
    "具体负责人",
    "单位及职务",
    "联系方式",
    "备注",
]


@pytest.fixture(scope="session")
def roster() -> Roster:
    return load_roster()


def good_rows(city: str = "大同市") -> list[list[Any]]:
    """A complete, correct return for 大同市 under the default roster."""
    return [
        [city, "广灵县", "平城区", "张三", "平城区乡村振兴局局长", "13994996777", ""],
        [city, "天镇县", "云冈区", "李四", "云冈区副区长", "0352-1234567", ""],
        [city, "阳高县", "新荣区", "王五", "新荣区区长", "13811112222", ""],
        [city, "灵丘县", "左云县", "赵六", "左云县乡村振兴局局长", "13811113333", ""],
        [city, "浑源县", "平城区", "钱七", "平城区副区长", "13811114444", "一对多"],
        [city, "云州区", "云冈区", "孙八", "云冈区乡村振兴局局长", "13811115555", ""],
    ]


def write_workbook(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = OFFICIAL_HEADER,
    title: str | None = "全省市域内县际结对帮扶情况统计表",
    unit: str | None = "大同市乡村振兴局",
    filled_on: Any = "2021年8月20日",
    filler: str | None = "刘九",
    filler_phone: Any = "13511112222",
    sheet_name: str = "统计表",
    notes_sheet_first: bool = False,
    merges: Sequence[str] = (),
    tail: Sequence[Sequence[Any]] = (),
    formatted_blank_rows: int = 0,
) -> Path:
    """Write a return the way a clerk might: title, header fields, table, footer."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if notes_sheet_first:
        sheet.title = "说明"
        sheet["A1"] = "注：本表请于8月23日前报送。"
        sheet = book.create_sheet(sheet_name)
    else:
        sheet.title = sheet_name
    if title is not None:
        sheet.append([title])
    if unit is not None or filled_on is not None:
        sheet.append(["填报单位：", unit, None, None, "填报时间：", filled_on])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for _ in range(formatted_blank_rows):
        sheet.append([None] * len(header))
        sheet.cell(row=sheet.max_row, column=1).border = openpyxl.styles.Border(
            left=openpyxl.styles.Side(style="thin")
        )
    for row in tail:
        sheet.append(list(row))
    if filler is not None or filler_phone is not None:
        sheet.append([])
        sheet.append(["填表人：", filler, None, None, "联系方式：", filler_phone])
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1_000_000))

    def make(
        rows: Sequence[Sequence[Any]] | None = None, name: str | None = None, **kw: Any
    ) -> Path:
        path = tmp_path / (name or f"return-{next(counter)}.xlsx")
        return write_workbook(path, good_rows() if rows is None else rows, **kw)

    return make


def soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("PAIRTABLE_REQUIRE_SOFFICE"):
        pytest.fail("LibreOffice is required in CI but was not found")
    return found


def convert_with_soffice(source: Path, target_format: str, out_dir: Path) -> Path:
    """Let the real spreadsheet program convert (or re-save) a file; returns the new path."""
    program = soffice()
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / ".lo-profile"
    subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    produced = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert produced.exists(), f"LibreOffice did not produce {produced}"
    return produced
