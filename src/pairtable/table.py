"""Find the table in a sheet: header row, columns, data rows, header and footer fields."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pairtable.form import CONTENT
from pairtable.header import find_header
from pairtable.reader import SheetData
from pairtable.text import clean_free_text, header_key, squash, to_text

_HEADER_SCAN_ROWS = 40
_FIELD_WORDS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    # field, exact header keys, words contained in the header key
    ("seq", ("序号", "编号", "序", "No", "NO", "no", "No.", "行号"), ()),
    (
        "assisted",
        ("重点县", "帮扶对象", "受援县"),
        ("重点帮扶县", "被帮扶县", "受帮扶县", "被帮扶"),
    ),
    (
        "assisting",
        ("帮扶县", "结对县", "帮扶方", "帮扶单位", "结对帮扶单位", "帮扶县区"),
        ("结对帮扶县", "结对帮扶", "帮扶县"),
    ),
    (
        "city",
        ("市名", "市", "地市", "设区市", "所属市", "市别", "城市", "地区", "市州", "所在市"),
        (),
    ),
    ("person", ("联系人", "姓名", "责任人", "负责人姓名"), ("负责人",)),
    ("unit_title", ("单位", "工作单位", "所在单位", "职务"), ("职务",)),
    ("phone", ("联系号码", "号码"), ("电话", "联系方式", "手机", "座机")),
    ("remark", ("说明", "其他"), ("备注",)),
]
_LABEL_WORDS = (
    "填报单位|报送单位|填报时间|填报日期|报送时间|填表人|填报人|制表人|联系方式|联系电话|电话"
)
# A label may carry the form's instruction in brackets before its colon: 填报单位（盖章）：,
# 填报时间（年月日）：, 填表人（签字）：, 联系方式（手机）：.
_LABEL_NOTE = r"(?:\s*[(（][^()（）:：]{1,12}[)）])?"
_LABEL_PATTERN = re.compile(rf"({_LABEL_WORDS}){_LABEL_NOTE}\s*[:：]")
# A cell holding only a label (no colon), its value in a cell to the right: 填报单位（盖章） | X.
_BARE_LABEL = re.compile(rf"({_LABEL_WORDS}){_LABEL_NOTE}")
# The same instructions written after the value: 大同市乡村振兴局（盖章）, 刘九（签字）.
VALUE_NOTE = re.compile(
    r"[(（]\s*(?:签\s*[字名]|(?:签\s*[字名]\s*)?(?:加\s*)?(?:盖|签)?\s*(?:公|印)?\s*章)\s*[)）]"
)
_LABEL_FIELD = {
    "填报单位": "unit",
    "报送单位": "unit",
    "填报时间": "filled_on",
    "填报日期": "filled_on",
    "报送时间": "filled_on",
    "填表人": "filler",
    "填报人": "filler",
    "制表人": "filler",
    "联系方式": "filler_phone",
    "联系电话": "filler_phone",
    "电话": "filler_phone",
}
_FOOTER_STARTS = ("填表人", "填报人", "制表人", "审核人")
# Rows inside or under the table that are not pairs: totals, counts, notes.
_SUMMARY = re.compile(
    r"(合计|总计|小计|共计|累计|总数|汇总)"
    r"|共[0-9一二两三四五六七八九十百]+(对|个|县|行|条|项|家|组)"
    r"|(注|备注|说明|附注)[0-9一二三四五六七八九十]*[:：.、]"
    r"|注$"
)
# A line continuing a note: 1. / 1、 / （1） / 一、
_NOTE_LINE = re.compile(
    r"([0-9]+[.、)）]|[(（][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)"
)
# Marks meaning "the same as the cell above", compared after squash().
DITTO_MARKS = frozenset(
    {"同上", "同上行", "仝上", "同前", "〃", "〃〃", "″", "′′", '"', '""', "”", "“", "''", "々"}
)
_DITTO_FIRST = frozenset("同仝〃″′\"”“'‘’々")  # a cheap test before squashing the text
# First characters of a total or note row (a cheap test before squashing the text).
_SUMMARY_FIRST = frozenset("合总小共累汇注备说附")
_FOOTER_FIRST_CHARS = frozenset(s[0] for s in _FOOTER_STARTS)
_FOOTER_ONLY = frozenset({"filler", "filler_phone"})


@functools.lru_cache(maxsize=4096)
def match_header(text: str) -> str | None:
    """The field a header cell names, or None. 结对帮扶县（市、区） and 联系电话 are understood."""
    key = header_key(text)
    if not key:
        return None
    for name, exact, contains in _FIELD_WORDS:
        if key in exact or any(word in key for word in contains):
            if name == "assisting" and any(w in key for w in ("重点", "被帮扶", "受帮扶")):
                continue
            return name
    return None


class Cell:
    """One cell of the table: its value, where it is, and whether a merge copied it there."""

    __slots__ = ("_clean", "col", "merged", "row", "text", "value")

    def __init__(self, value: object, row: int, col: int, merged: bool = False) -> None:
        self.value, self.row, self.col, self.merged = value, row, col, merged
        self.text = to_text(value)  # the value as the clerk sees it
        self._clean: str | None = None

    @property
    def clean(self) -> str:
        """The text with full-width forms, control characters and stray blanks normalised."""
        if self._clean is None:
            self._clean = clean_free_text(self.text)
        return self._clean

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row + 1}"


class MarkedCell(Cell):
    """A cell holding a ditto mark (同上, 〃): the value of `above`, the cell it stands for, or
    the mark itself when there is nothing above to stand for (`above` is None)."""

    __slots__ = ("above", "mark")

    def __init__(self, cell: Cell, mark: str, above: Cell | None) -> None:
        value = above.value if above is not None else cell.value
        super().__init__(value, cell.row, cell.col, cell.merged)
        self.mark, self.above = mark, above


@dataclass
class DataRow:
    number: int  # as Excel shows it (1-based)
    cells: dict[str, Cell]
    columns: dict[str, int]
    # Fields already reported (e.g. text too long) and not to be checked again.
    skip: set[str] = field(default_factory=set)
    # Fields whose cell holds a ditto mark (a MarkedCell).
    marked: list[str] = field(default_factory=list)

    def text(self, field_name: str) -> str:
        cell = self.cells.get(field_name)
        return cell.clean if cell else ""

    def cell(self, field_name: str) -> Cell | None:
        """The cell of `field_name`, empty if nothing was typed; None when the column is missing."""
        if field_name in self.cells:
            return self.cells[field_name]
        col = self.columns.get(field_name)
        return None if col is None else Cell("", self.number - 1, col)


@dataclass
class Located:
    sheet: SheetData
    header_row: int
    columns: dict[str, int]
    unknown_columns: dict[int, str] = field(default_factory=dict)
    duplicate_columns: dict[int, str] = field(default_factory=dict)
    rows: list[DataRow] = field(default_factory=list)
    after_footer: list[DataRow] = field(default_factory=list)
    labels: dict[str, Cell] = field(default_factory=dict)
    # Where a labelled field's value belongs when the label is there but the value is not.
    slots: dict[str, Cell] = field(default_factory=dict)
    title: str = ""
    # The row (0-based) each column's heading was read from (a header may span rows).
    heading_rows: dict[int, int] = field(default_factory=dict)
    # Rows the clerk hid, and total/note rows (合计, 共 N 对, 注：…): read but never pairs.
    hidden: list[DataRow] = field(default_factory=list)
    skipped: list[DataRow] = field(default_factory=list)

    @property
    def read_columns(self) -> list[tuple[str, int, bool]]:
        """(field, column, whether it counts as typed content) for the fields read per row."""
        if self._read_columns is None:
            self._read_columns = [
                (name, col, name.partition("#")[0] in CONTENT)
                for name, col in self.columns.items()
                if name != "seq"
            ]
        return self._read_columns

    _read_columns: list[tuple[str, int, bool]] | None = field(default=None, repr=False)


def cell_at(ref: str, value: object = "") -> Cell:
    """A Cell from an A1 reference such as `F7`."""
    match = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    if match is None:
        raise ValueError(f"not an A1 reference: {ref}")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return Cell(value, int(match.group(2)) - 1, col - 1)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def locate(sheet: SheetData) -> Located | None:
    """The table in `sheet`, or None when no row looks like the form's header.

    The header is the first row (among the first 40) naming 重点帮扶县 and 结对帮扶县 plus one
    more column, or any four columns of the form, possibly completed by up to two rows beneath
    it (see header.py); title and 填报单位 rows come before it.
    """
    block = find_header(sheet.rows[:_HEADER_SCAN_ROWS], sheet.merged_copies, match_header)
    if block is None:
        return None
    located = Located(sheet, block.last_row, block.columns, block.unknown, block.duplicate)
    located.heading_rows = block.heading_rows
    first = block.first_row
    located.title = " ".join(
        clean_free_text(to_text(v)) for row in sheet.rows[:first] for v in row[:1] if v
    )
    _collect_labels(located, sheet.rows[:first], 0, footer=False)
    _collect_rows(located)
    return located


def _collect_rows(located: Located) -> None:
    sheet = located.sheet
    in_footer = in_note = False
    above: DataRow | None = None  # the last visible data row, for ditto marks
    content = frozenset(col for _, col, is_content in located.read_columns if is_content)
    for index in range(located.header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if not in_footer and _is_footer(row):
            in_footer = True
        if in_footer:
            _collect_labels(located, [row], index, footer=True)
        data = _data_row(located, row, index)
        if data is None:
            # A note typed only in a column that holds no content of a pair (注：… under 市名)
            # is not a data row, but is listed with the total and note rows all the same.
            if not in_footer and index not in sheet.hidden_rows and any(row):
                first, summary = _summary_text(located, row, index, content)
                more = _NOTE_LINE.match(squash(first)) is not None
                in_note = summary or (in_note and more)
                note = _data_row(located, row, index, typed_only=False) if in_note else None
                if note is not None:
                    located.skipped.append(note)
            continue
        if index in sheet.hidden_rows:
            located.hidden.append(data)
            continue
        if _repeats_header(data):
            continue  # the header again (a block per county, or printed pages pasted together)
        first, summary = _summary_text(located, row, index, content)
        in_note = summary or (in_note and _continues_note(first, data))
        if in_note:
            located.skipped.append(data)
            continue
        if in_footer:
            if not _is_label_row(row):
                located.after_footer.append(data)
            continue
        _resolve_marks(data, above)
        located.rows.append(data)
        above = data


def _is_label_row(row: list[object]) -> bool:
    """A footer row of labels (填表人：…, or 填表人（签字） | 刘九 without colons)."""
    if _LABEL_PATTERN.search(squash(" ".join(to_text(v) for v in row))):
        return True
    return any(_BARE_LABEL.fullmatch(squash(to_text(v))) for v in row if v)


def _repeats_header(row: DataRow) -> bool:
    """Every cell of the row names a column of the form, and at least two do."""
    if len(row.cells) < 2 or row.cells.get("assisted") is None:
        return False
    return all(match_header(cell.text) is not None for cell in row.cells.values())


def _summary_text(
    located: Located, row: list[object], index: int, content: frozenset[int]
) -> tuple[str, bool]:
    """The first text typed in the row, and whether the row is a total or note row: its first
    typed cell says so (合计, 共6对, 注：…), looking past 序号/市名 cells but never past a cell
    of the table's content, so a 备注 reading 注：… on a real row keeps that row."""
    copies = located.sheet.merged_copies
    first = ""
    for col, value in enumerate(row):
        if value is None or value == "" or (index, col) in copies:
            continue
        raw = to_text(value).strip()
        if not raw:
            continue
        first = first or raw
        if raw[0] in _SUMMARY_FIRST and _SUMMARY.match(squash(raw)):
            return first, True
        if col in content:
            break
    return first, False


def _continues_note(first: str, row: DataRow) -> bool:
    """A numbered line under a 注： row, alone in its row, is more of the note."""
    return len(row.cells) == 1 and _NOTE_LINE.match(squash(first)) is not None


def _resolve_marks(row: DataRow, above: DataRow | None) -> None:
    """Ditto marks take the value of the same column in the data row above."""
    for name, cell in row.cells.items():
        start = cell.text.lstrip()[:1]
        if start not in _DITTO_FIRST or squash(cell.text) not in DITTO_MARKS:
            continue
        source = above.cells.get(name) if above is not None else None
        if isinstance(source, MarkedCell) and source.above is None:
            source = None  # a mark under a mark that stands for nothing stands for nothing
        row.cells[name] = MarkedCell(cell, cell.text, source)
        row.marked.append(name)


def _data_row(
    located: Located, row: list[object], index: int, *, typed_only: bool = True
) -> DataRow | None:
    """The row's cells in the table's columns; None when no content cell is typed, unless
    `typed_only` is False (a note row, kept whatever it holds)."""
    cells: dict[str, Cell] = {}
    typed = not typed_only
    width = len(row)
    merged_copies = located.sheet.merged_copies
    for name, col, content in located.read_columns:
        if col >= width:
            continue
        value = row[col]
        if value is None or value == "" or (type(value) is str and value.isspace()):
            continue
        merged = bool(merged_copies) and (index, col) in merged_copies
        cells[name] = Cell(value, index, col, merged)
        if content and not merged:
            typed = True
    return DataRow(index + 1, cells, located.columns) if typed else None


def _is_footer(row: list[object]) -> bool:
    """Does the row's first non-blank cell open the footer (填表人：…, 注：…)?"""
    for value in row:
        if value is None or value == "":
            continue
        if type(value) is not str:
            return False
        text = value.lstrip()
        if not text:
            continue
        return text[0] in _FOOTER_FIRST_CHARS and squash(text).startswith(_FOOTER_STARTS)
    return False


def _collect_labels(
    located: Located, rows: list[list[object]], offset: int, *, footer: bool
) -> None:
    for r, row in enumerate(rows, start=offset):
        for c, value in enumerate(row):
            text = to_text(value)
            if not text or (r, c) in located.sheet.merged_copies:
                continue
            if "：" in text or ":" in text:
                labelled = _labelled_values(text)
            elif (bare := _BARE_LABEL.fullmatch(squash(text))) is not None:
                labelled = [(_LABEL_FIELD[bare.group(1)], "")]
            else:
                continue
            for name, found in labelled:
                if name in located.labels or (name in _FOOTER_ONLY) != footer:
                    continue
                if not found:
                    found_cell = _next_value(row, c, r, located.sheet.merged_copies)
                    if found_cell is None:
                        slot = c + 1  # past the label's own merged cells
                        while (r, slot) in located.sheet.merged_copies:
                            slot += 1
                        located.slots.setdefault(name, Cell("", r, slot))
                        continue
                    located.labels[name] = Cell(found_cell[1], r, found_cell[0])
                else:
                    located.labels[name] = Cell(found, r, c)


def _labelled_values(text: str) -> list[tuple[str, str]]:
    compact = clean_free_text(text)
    matches = list(_LABEL_PATTERN.finditer(compact))
    found = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(compact)
        value = compact[match.end() : end].strip()
        value = VALUE_NOTE.sub("", value).strip()
        found.append((_LABEL_FIELD[match.group(1)], value))
    return found


def _next_value(
    row: list[object], col: int, index: int, copies: set[tuple[int, int]]
) -> tuple[int, object] | None:
    """The value right of a label: past the label's own merged cells, up to the next label."""
    for c in range(col + 1, len(row)):
        if (index, c) in copies:
            continue
        value = row[c]
        text = to_text(value).strip()
        if not text:
            continue
        if _LABEL_PATTERN.match(squash(text)) or _BARE_LABEL.fullmatch(squash(text)):
            return None
        return c, value
    return None
