"""`TextRowSheet.write_text_row` writes exactly what xlsxwriter's own `write_string` writes.

The fast path uses xlsxwriter internals; these tests are what catches an xlsxwriter release
that changes them (byte comparison of the sheet XML against the public API's output).
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from pairtable.textrows import TextRowSheet

# Text as clerks and messages hold it, and what xlsxwriter must escape: XML specials, control
# characters, literal _xHHHH_ sequences, non-characters, blanks at either end, astral emoji.
_PIECES = st.sampled_from(
    ["张三", "统计表!C7", "&", "<", ">", '"', "_x0041_", "_x00zz_", "\x01", "\x1f", "\t", "\n",
     "\r", " ", "\u3000", "\ufffe", "\uffff", "😀", "=1+1", "@", "-", "+"]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=40), st.lists(_PIECES, max_size=8).map("".join))
ROWS = st.lists(
    st.tuples(st.lists(TEXT, min_size=1, max_size=7), st.sampled_from([None, 15.0, 31.5, 47.0])),
    max_size=6,
)


def _sheet_xml(rows: list[tuple[list[str], float | None]], fast: bool) -> bytes:
    """A constant_memory book: a header by write_string, then `rows` (fast or one by one),
    then a last row by write_string; its worksheet XML."""
    with tempfile.TemporaryDirectory() as folder:
        return _written(Path(folder) / "t.xlsx", rows, fast)


def _written(target: Path, rows: list[tuple[list[str], float | None]], fast: bool) -> bytes:
    book = _book(target)
    sheet = book.add_worksheet("问题清单", TextRowSheet)
    formats = [book.add_format({"text_wrap": True}), book.add_format({"bold": True})]
    sheet.write_string(0, 0, "文件", formats[1])
    sheet.write_string(0, 1, "问题", formats[1])
    for r, (texts, height) in enumerate(rows, start=1):
        cells = [(text, formats[c % 2]) for c, text in enumerate(texts)]
        if fast:
            sheet.write_text_row(r, cells, height)
        else:
            sheet._one_by_one(r, cells, height)
    sheet.write_string(len(rows) + 1, 0, "完", formats[0])
    sheet.autofilter(0, 0, len(rows) + 1, 6)
    book.close()
    with zipfile.ZipFile(target) as written:
        return written.read("xl/worksheets/sheet1.xml")


def _book(target: Path) -> xlsxwriter.Workbook:
    """As the provincial workbook is written (in_memory would turn constant_memory off)."""
    return xlsxwriter.Workbook(str(target), {"constant_memory": True, "in_memory": False})


@settings(max_examples=150, deadline=None)
@given(ROWS.filter(lambda rows: not any(_rich_looking(t) for texts, _ in rows for t in texts)))
def test_rows_are_byte_identical_to_write_string(
    rows: list[tuple[list[str], float | None]],
) -> None:
    assert _sheet_xml(rows, fast=True) == _sheet_xml(rows, fast=False)


def _rich_looking(text: str) -> bool:
    return text.startswith("<r>") and text.endswith("</r>")


def test_text_that_looks_like_rich_text_markup_is_escaped_not_injected() -> None:
    """xlsxwriter writes an inline string that starts with <r> and ends with </r> as raw
    markup; text a city typed must stay text (and the sheet well-formed)."""
    texts = ["<r>&</r>", "<r><t>注入</t></r>"]
    for fast in (True, False):  # by rows (问题清单) and by cells (the other sheets)
        xml = _sheet_xml([(texts, None)], fast=fast)
        ElementTree.fromstring(xml)  # well-formed
        assert b"&lt;r&gt;&amp;&lt;/r&gt;" in xml
        assert b"&lt;r&gt;&lt;t&gt;" in xml


def test_rows_out_of_order_or_too_long_go_through_write_string(tmp_path: Path) -> None:
    long = "长" * 20_000  # over 32,767 UTF-16 units only when doubled: still written whole
    rows = [([long, "短"], None), (["次"], 15.0)]
    assert _sheet_xml(rows, fast=True) == _sheet_xml(rows, fast=False)
    book = _book(tmp_path / "t.xlsx")
    sheet = book.add_worksheet("表", TextRowSheet)
    plain = book.add_format()
    sheet.write_text_row(3, [("三", plain)], None)
    sheet.write_text_row(2, [("二", plain)], None)  # already passed: xlsxwriter ignores it
    sheet.write_text_row(4, [("四", plain)], None)
    book.close()
    with zipfile.ZipFile(tmp_path / "t.xlsx") as written:
        xml = written.read("xl/worksheets/sheet1.xml").decode()
    assert xml.count("<row ") == 2 and "三" in xml and "四" in xml and "二" not in xml
