"""ProvinceWriter: the target is replaced only when finish() completes, and nothing is left."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from pairtable.merge import MergeResult, merge_inbox
from pairtable.province import SHEETS, ProvinceWriter
from pairtable.roster import Roster
from tests.conftest import good_rows, write_workbook

OLD = b"the workbook from an earlier merge"


@pytest.fixture(scope="module")
def result(roster: Roster, tmp_path_factory: pytest.TempPathFactory) -> MergeResult:
    inbox = tmp_path_factory.mktemp("inbox")
    write_workbook(inbox / "大同市.xlsx", good_rows())
    return merge_inbox(inbox, roster, generated_at=datetime(2021, 8, 24, tzinfo=UTC), jobs=0)


def _old_target(tmp_path: Path) -> Path:
    target = tmp_path / "out" / "province.xlsx"
    target.parent.mkdir()
    target.write_bytes(OLD)
    return target


def test_finish_replaces_the_target(tmp_path: Path, result: MergeResult) -> None:
    target = _old_target(tmp_path)
    with ProvinceWriter(target) as writer:
        assert target.read_bytes() == OLD  # not yet: only when the block completes
        writer.finish(result)
    assert openpyxl.load_workbook(target).sheetnames == list(SHEETS)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_an_error_leaves_the_target_as_it_was(tmp_path: Path, result: MergeResult) -> None:
    target = _old_target(tmp_path)
    with pytest.raises(KeyError, match="broken"), ProvinceWriter(target):
        raise KeyError("broken")
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_an_error_after_finish_leaves_the_target_as_it_was(
    tmp_path: Path, result: MergeResult
) -> None:
    target = _old_target(tmp_path)
    with pytest.raises(KeyError, match="late"), ProvinceWriter(target) as writer:
        writer.finish(result)
        raise KeyError("late")
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_leaving_without_finish_is_an_error(tmp_path: Path) -> None:
    target = _old_target(tmp_path)
    with pytest.raises(RuntimeError, match="without finish"), ProvinceWriter(target):
        pass
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_a_new_target_is_not_created_without_finish(tmp_path: Path) -> None:
    target = tmp_path / "province.xlsx"
    with pytest.raises(RuntimeError), ProvinceWriter(target):
        pass
    assert list(tmp_path.iterdir()) == []


def test_text_like_rich_text_markup_stays_text_in_every_sheet(
    tmp_path: Path, roster: Roster
) -> None:
    """xlsxwriter (constant_memory) would write these remarks as raw markup: the workbook
    would not open. They are what the clerk typed, so they stay text."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = good_rows()
    rows[0][6] = "<r>&</r>"
    rows[1][6] = "<r><t>注入</t></r>"
    rows[2][5] = "<r>x</r>"  # a phone that is no phone: quoted in the 问题清单 too
    write_workbook(inbox / "大同市.xlsx", rows)
    target = tmp_path / "province.xlsx"
    with (
        merge_inbox(inbox, roster, generated_at=datetime(2021, 8, 24), jobs=0) as merged,
        ProvinceWriter(target) as writer,
    ):
        writer.finish(merged)
    book = openpyxl.load_workbook(target)  # parses every sheet's XML
    remarks = {c.value for row in book["汇总表"].iter_rows() for c in row}
    assert {"<r>&</r>", "<r><t>注入</t></r>"} <= remarks
    quoted = [c.value for row in book["问题清单"].iter_rows() for c in row]
    assert any("<r>x</r>" in str(v) for v in quoted)
