"""Properties: nothing read is ever lost, and what goes in comes back out."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairtable.phones import PhoneResult, parse_phone
from pairtable.roster import Roster, load_roster
from pairtable.samepair import SAID, differing
from pairtable.text import is_placeholder
from pairtable.validate import validate_file
from tests.conftest import write_workbook
from tests.shapes import Sheet, write_sheets

ROSTER = load_roster()
KEYS = [k.county for k in ROSTER.key_counties_of("大同市")]
HELPERS = [d.name for d in ROSTER.divisions_of("大同市") if d.name not in KEYS]
CONTENT_COLUMNS = range(1, 7)  # 重点帮扶县 … 备注 (0-based, 市名 is column 0)

cities = st.sampled_from(["大同市", "大同", None, "忻州市", "", "  "])
assisted = st.sampled_from(
    [*KEYS, "大同县", "灵丘", "五寨县", "不存在县", None, "", "平城区", "广灵县、天镇县", "Ｘ"]
)
assisting = st.sampled_from(
    [
        *HELPERS,
        "平城区、云冈区",
        "忻府区",
        "大同开发区",
        None,
        "广灵县",
        "东城区",
        "平城区 新荣区",
        "——",
    ]
)
people = st.sampled_from(
    [
        "张三",
        "李四",
        None,
        "13800000000",
        "王 五",
        "\u3000",
        "待定",
        "局长",
        "刘洋局长",
        "张三、李四",
    ]
)
units = st.sampled_from(["平城区副区长", None, "局长", " ", "/", "（空）"])
phones = st.sampled_from(
    [
        "13994996777",
        13994996777.0,
        "1.35135E+10",
        "0352-1234567转8001",
        "1234567",
        "abc",
        None,
        3521234567.0,
        "3521234567",
        "13994996777、0352-1234567",
        "无",
    ]
)
remarks = st.sampled_from([None, "", "一对多", "=1+1", "-", "备注"])
data_row = st.tuples(cities, assisted, assisting, people, units, phones, remarks).map(list)
valid_row = st.tuples(
    st.sampled_from(["大同市", None]),
    st.sampled_from(KEYS),
    st.sampled_from(HELPERS),
    st.just("张三"),
    st.just("局长"),
    st.just("13994996777"),
    st.just(None),
).map(list)
blank_row = st.just([None] * 7)
rows = st.lists(st.one_of(valid_row, data_row, data_row, blank_row), max_size=10)


def typed(value: Any) -> bool:
    """Content a clerk typed: not blank, and not a placeholder such as "/" or "待定"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    return not (isinstance(value, str) and is_placeholder(value))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=rows,
    repeats=st.lists(st.integers(0, 13), max_size=4),
    title=st.booleans(),
    header_fields=st.booleans(),
    footer=st.booleans(),
    merge=st.tuples(st.integers(0, 13), st.integers(0, 4), st.sampled_from([0, 1])),
)
def test_every_row_read_is_accepted_or_cited(
    base: list[list[Any]],
    repeats: list[int],
    title: bool,
    header_fields: bool,
    footer: bool,
    merge: tuple[int, int, int],
) -> None:
    # Rows typed twice (resubmitted lines, copy-paste) are the usual way rows go missing.
    table = base + [list(base[i]) for i in repeats if i < len(base)]
    first_data = 1 + int(title) + int(header_fields) + 1  # Excel row of the first data row
    merges: list[str] = []
    start, length, column = merge
    merged_away: set[tuple[int, int]] = set()
    if table and length and start + length < len(table):
        letter = "AB"[column]
        top = first_data + start
        merges.append(f"{letter}{top}:{letter}{top + length}")
        merged_away = {(top + i, column) for i in range(1, length + 1)}
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(
            Path(folder) / "大同.xlsx",
            table,
            title="全省市域内县际结对帮扶情况统计表" if title else None,
            unit="大同市乡村振兴局" if header_fields else None,
            filled_on="2021-08-20" if header_fields else None,
            filler="刘九" if footer else None,
            filler_phone="13511112222" if footer else None,
            merges=merges,
        )
        report = validate_file(path, ROSTER)
    content_rows = {
        first_data + i
        for i, row in enumerate(table)
        if any(typed(row[c]) and (first_data + i, c) not in merged_away for c in CONTENT_COLUMNS)
    }
    # A formula saved without its value ("=1+1" from openpyxl) reads as an empty cell: its row
    # is not read as a row but is still cited, by formula-no-value.
    formula_only = {
        first_data + i
        for i, row in enumerate(table)
        if not any(
            typed(row[c])
            and not str(row[c]).startswith("=")
            and (first_data + i, c) not in merged_away
            for c in CONTENT_COLUMNS
        )
    }
    accepted = {p.source.row for p in report.pairs}
    cited = {i.row for i in report.issues if i.row is not None}
    with_errors = {i.row for i in report.issues if i.severity == "error"}
    read_rows = content_rows - formula_only
    assert report.rows_read == len(read_rows)
    # The counts people read ("N 行未接收") are the rows an error is cited at, and the others.
    assert report.rows_rejected == len(read_rows & with_errors)
    assert report.rows_accepted == len(read_rows - with_errors)
    for row in content_rows:
        assert row in accepted or row in cited, f"row {row} neither accepted nor reported"
    assert accepted <= content_rows - with_errors
    assert report.valid == (not any(i.severity == "error" for i in report.issues))


@settings(max_examples=40, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(
            st.sampled_from(KEYS),
            st.sampled_from(HELPERS),
            st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
            st.sampled_from(["张三", "李四", "欧阳娜娜"]),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda p: (p[0], p[1]),
    ),
    as_number=st.booleans(),
)
def test_pairs_round_trip_through_a_workbook(
    pairs: list[tuple[str, str, str, str]], as_number: bool
) -> None:
    table = [
        ["大同市", a, h, person, f"{h}副区长", float(phone) if as_number else phone, ""]
        for a, h, phone, person in pairs
    ]
    with tempfile.TemporaryDirectory() as folder:
        report = validate_file(write_workbook(Path(folder) / "r.xlsx", table), ROSTER)
    assert [(p.assisted, p.assisting, p.phone, p.person) for p in report.pairs] == pairs
    assert report.rows_rejected == 0


@given(
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    area=st.sampled_from(["0351", "0352", "0349", "010"]),
    local=st.from_regex(r"[2-8][0-9]{6,7}", fullmatch=True),
    extension=st.one_of(st.none(), st.from_regex(r"[0-9]{1,5}", fullmatch=True)),
    separator=st.sampled_from(["-", "－", "—", " ", ""]),
    ext_word=st.sampled_from(["转", "分机", "-", "ext"]),
)
def test_phone_canonical_form_is_a_fixed_point(
    mobile: str, area: str, local: str, extension: str | None, separator: str, ext_word: str
) -> None:
    typed_landline = f"{area}{separator}{local}" + (f"{ext_word}{extension}" if extension else "")
    canonical = f"{area}-{local}" + (f"转{extension}" if extension else "")
    for typed_value, expected in (
        (mobile, mobile),
        (typed_landline, canonical),
        (f"{mobile}、{typed_landline}", f"{mobile}、{canonical}"),
    ):
        result = parse_phone(typed_value)
        assert result.canonical == expected, typed_value
        assert parse_phone(result.canonical).canonical == result.canonical


_ONE_CANONICAL = st.one_of(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.from_regex(r"0[0-9]{2,3}-[1-9][0-9]{6,7}(转[0-9]{1,6})?", fullmatch=True),
)
_FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)} | {"-": "－"}


@given(
    canonical=st.lists(_ONE_CANONICAL, min_size=1, max_size=3, unique=True).map("、".join),
    data=st.data(),
)
def test_full_width_digits_and_dashes_give_the_same_canonical_number(
    canonical: str, data: st.DataObject
) -> None:
    """Each digit and dash of a canonical value typed full-width, or not (an IME switched
    half-way), still parses to that value; so does the value typed all full-width."""
    widths = data.draw(st.lists(st.booleans(), min_size=len(canonical), max_size=len(canonical)))
    mixed = "".join(
        _FULL_WIDTH.get(ch, ch) if wide else ch for ch, wide in zip(canonical, widths, strict=True)
    )
    full = "".join(_FULL_WIDTH.get(ch, ch) for ch in canonical)
    for typed in (mixed, full):
        assert parse_phone(typed) == PhoneResult(canonical), typed


def test_roster_fixture_is_the_default(roster: Roster) -> None:
    assert roster.fingerprint == ROSTER.fingerprint


MARKS = ["同上", "〃", "″"]
SUMMARIES: list[list[Any]] = [
    ["合计", "6对", None, None, None, None, None],
    [None, "共3对", None, None, None, None, None],
    ["注：以市委文件为准", None, None, None, None, None, None],
    [None, "小计", "2", None, None, None, None],
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=rows,
    header=st.sampled_from(["one", "two", "two-typed", "three"]),
    numbered=st.booleans(),
    dittos=st.lists(
        st.tuples(st.integers(0, 13), st.integers(0, 6), st.sampled_from(MARKS)), max_size=4
    ),
    summaries=st.lists(
        st.tuples(st.integers(0, 14), st.sampled_from(range(len(SUMMARIES)))), max_size=2
    ),
    hidden=st.sets(st.integers(0, 6), max_size=3),
    split=st.integers(0, 12),
)
def test_every_row_in_any_shape_is_accepted_cited_or_skipped(
    base: list[list[Any]],
    header: str,
    numbered: bool,
    dittos: list[tuple[int, int, str]],
    summaries: list[tuple[int, int]],
    hidden: set[int],
    split: int,
) -> None:
    """Headers over several rows, ditto marks, total and note rows, hidden rows and a table
    split over two sheets: every row with content is accepted, cited by an issue, or recorded
    as a skipped total/note row; a hidden row or a ditto mark is never accepted as such."""
    table = [list(r) for r in base]
    marked: set[tuple[int, int]] = set()
    for index, col, mark in dittos:
        if index < len(table):
            table[index][col] = mark
            marked.add((index, col))
    is_summary = [False] * len(table)
    for position, which in summaries:
        at = min(position, len(table))
        table.insert(at, list(SUMMARIES[which]))
        is_summary.insert(at, True)
        marked = {(r + (r >= at), c) for r, c in marked}
    cut = split if 0 < split < len(table) else len(table)
    first = Sheet(rows=table[:cut], header=header, numbered=numbered, footer=cut == len(table))
    first.hidden = sorted(i for i in hidden if i < cut)
    sheets = [first]
    if cut < len(table):
        sheets.append(Sheet(name="续表", rows=table[cut:], header=header, title=False))
    with tempfile.TemporaryDirectory() as folder:
        report = validate_file(write_sheets(Path(folder) / "大同.xlsx", sheets), ROSTER)
    content = {
        (sheet.name, sheet.first_data_row + i)
        for sheet in sheets
        for i, r in enumerate(sheet.rows)
        if any(typed(r[c]) for c in CONTENT_COLUMNS)
    }
    hidden_rows = {("统计表", first.first_data_row + i) for i in first.hidden}
    where_of = [
        (sheet.name, sheet.first_data_row + i) for sheet in sheets for i in range(len(sheet.rows))
    ]
    # A note typed under 市名 alone has no content but is listed all the same.
    summary_rows = {where_of[i] for i, flag in enumerate(is_summary) if flag}
    accepted = {(p.source.sheet, p.source.row) for p in report.pairs}
    cited = {(i.sheet, i.row) for i in report.issues if i.row is not None}
    skipped = {(s.sheet, s.row) for s in report.skipped_rows}
    for where in content:
        assert where in accepted | cited | skipped, f"{where} neither accepted nor reported"
    assert accepted <= content and skipped <= content | summary_rows
    assert not accepted & hidden_rows and not skipped & accepted
    by_code = {(i.code, i.sheet, i.row) for i in report.issues}
    for where in hidden_rows & content:
        assert ("row-hidden", *where) in by_code, f"hidden row {where} not named"
    assert summary_rows - hidden_rows <= skipped, "a total or note row was not skipped"
    for r, c in marked:
        where = where_of[r]
        if c in CONTENT_COLUMNS and where in accepted:
            assert ("ditto-resolved", *where) in by_code, f"ditto at {where} not warned"
    # A row holding only a ditto mark is read (and rejected) though it has no typed content.
    with_errors = {(i.sheet, i.row) for i in report.issues if i.severity == "error"}
    assert report.rows_rejected == len(set(where_of) & with_errors - skipped)
    assert report.rows_accepted >= len(accepted) and not accepted & with_errors
    for pair in report.pairs:
        values = (pair.city, pair.assisted, pair.assisting, pair.person, pair.unit_title)
        assert not set(values) & set(MARKS), pair
    assert report.valid == (not any(i.severity == "error" for i in report.issues))


# A pair named twice: blanks and full-width forms never make two rows differ; a changed
# character always does.
_said_text = st.text(alphabet="张三李四王五局长区县平城（）()、0123-", min_size=1, max_size=12)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(values=st.fixed_dictionaries({name: _said_text for name in SAID}), data=st.data())
def test_the_same_words_retyped_never_differ(values: dict[str, str], data: st.DataObject) -> None:
    retyped = {
        name: data.draw(st.sampled_from([" ", "\u3000", ""])).join(_full_width(value))
        for name, value in values.items()
    }
    assert differing(values, retyped) == []
    name = data.draw(st.sampled_from(SAID))
    changed = {**values, name: values[name] + "甲"}
    assert differing(values, changed) == [name]
