"""A corpus of returns in the shapes offices really send, each read by the one shared reader.

Every case states the exact pairs accepted (assisted, assisting, sheet, row), every finding
(code, cell) and the coverage `merge` gives the city's key counties.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.archive import validate_paths
from pairtable.cli import app
from pairtable.merge import merge_inbox
from pairtable.models import FileReport
from pairtable.reader import Limits
from pairtable.roster import Roster
from tests.conftest import OFFICIAL_HEADER, convert_with_soffice, good_rows
from tests.shapes import Sheet, workbook_bytes, write_sheets, write_zip

runner = CliRunner()
TITLE_TEXT = "全省市域内县际结对帮扶情况统计表"
DATONG = ["云州区", "阳高县", "天镇县", "广灵县", "灵丘县", "浑源县"]
# good_rows(): (assisted, assisting) in order, one row each.
GOOD = [(r[1], r[2]) for r in good_rows()]


def rows_by_county() -> dict[str, list[object]]:
    return {row[1]: row for row in good_rows()}


Pairs = list[tuple[str, str, str, int]]
Issues = Sequence[tuple[str, str | None]]


@dataclass
class Case:
    build: Callable[[Path], Path]
    pairs: Pairs
    issues: Issues
    # Key counties of 大同市 that are not covered: county -> "invalid" or "missing".
    not_covered: dict[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)


def in_order(sheet: str, first: int, pairs: list[tuple[str, str]] = GOOD) -> Pairs:
    return [(a, h, sheet, first + i) for i, (a, h) in enumerate(pairs)]


def one_book(*sheets: Sheet, name: str = "大同市.xlsx") -> Callable[[Path], Path]:
    return lambda folder: write_sheets(folder / name, sheets)


def row(county: str, **changes: object) -> list[object]:
    """The good row of `county`, with some of its fields changed by column index name."""
    values = list(rows_by_county()[county])
    columns = ["city", "assisted", "assisting", "person", "unit", "phone", "remark"]
    for key, value in changes.items():
        values[columns.index(key)] = value
    return values


# --- several sheets -------------------------------------------------------------------------


def per_county_sheets() -> Case:
    sheets = [Sheet(name=county, rows=[rows_by_county()[county]]) for county in DATONG]
    pairs = [(c, str(rows_by_county()[c][2]), c, 4) for c in DATONG]
    return Case(one_book(*sheets), pairs, [])


def split_over_sheets_with_leftovers() -> Case:
    first, second = good_rows()[:4], good_rows()[4:]
    return Case(
        one_book(
            Sheet(name="第1页", rows=first, footer=False),
            Sheet(name="第2页", rows=second, title=False, fields=False),
            Sheet(name="Sheet2", raw=[]),
            Sheet(name="Sheet3", raw=[]),
        ),
        in_order("第1页", 4, GOOD[:4]) + in_order("第2页", 2, GOOD[4:]),
        [],
    )


def notes_and_cover_before_the_table() -> Case:
    """The table on the third sheet, under a two-row header."""
    return Case(
        one_book(
            Sheet(name="封面", raw=[["大同市县际结对帮扶情况"], ["大同市乡村振兴局"]]),
            Sheet(name="填报说明", raw=[["重点帮扶县", "结对帮扶县"], ["云州区", "平城区"]]),
            Sheet(name="结对情况", rows=good_rows(), header="two"),
        ),
        in_order("结对情况", 5),
        [],
    )


def hidden_sheet_with_an_old_table() -> Case:
    old = [row("广灵县", person="旧人", phone="13900000000")]
    return Case(
        one_book(
            Sheet(name="旧表", rows=old, state="hidden"),
            Sheet(rows=good_rows()),
        ),
        in_order("统计表", 4),
        [("sheet-hidden", None)],
    )


def sheet_with_header_words_but_no_table() -> Case:
    lost = [["重点帮扶县", "结对帮扶县"], ["广灵县", "平城区"], ["天镇县", "云冈区"]]
    return Case(
        one_book(Sheet(rows=good_rows()[2:]), Sheet(name="补充", raw=lost)),
        in_order("统计表", 4, GOOD[2:]),
        [
            ("sheet-not-read", None),
            ("key-county-missing", "统计表!A3"),
            ("key-county-missing", "统计表!A3"),
        ],
        {"广灵县": "missing", "天镇县": "missing"},
    )


def continuation_sheet_without_header() -> Case:
    return Case(
        one_book(
            Sheet(name="第1页", rows=good_rows()[:4]),
            Sheet(name="第2页", raw=good_rows()[4:]),
        ),
        in_order("第1页", 4, GOOD[:4]),
        [
            ("sheet-not-read", None),
            ("key-county-missing", "第1页!A3"),
            ("key-county-missing", "第1页!A3"),
        ],
        {"浑源县": "missing", "云州区": "missing"},
    )


def hidden_sheet_only() -> Case:
    return Case(
        one_book(Sheet(rows=good_rows(), state="hidden"), Sheet(name="Sheet2", raw=[["备用"]])),
        [],
        [("sheet-hidden", None), ("no-table", None)],
        dict.fromkeys(DATONG, "missing"),
    )


# --- headers over several rows ----------------------------------------------------------------


def two_row_header_merged() -> Case:
    return Case(one_book(Sheet(rows=good_rows(), header="two")), in_order("统计表", 5), [])


def two_row_header_typed() -> Case:
    return Case(one_book(Sheet(rows=good_rows(), header="two-typed")), in_order("统计表", 5), [])


def three_row_header() -> Case:
    return Case(one_book(Sheet(rows=good_rows(), header="three")), in_order("统计表", 6), [])


def column_numbers_under_the_header() -> Case:
    return Case(
        one_book(Sheet(rows=good_rows(), header="two", numbered=True)), in_order("统计表", 6), []
    )


def header_without_title_rows() -> Case:
    return Case(
        one_book(Sheet(rows=good_rows(), header="two", title=False, fields=False)),
        in_order("统计表", 3),
        [("unit-missing", "统计表!A1"), ("filled-on-missing", "统计表!F1")],
    )


def header_repeated_over_blocks() -> Case:
    """One block per pair of counties, each under its own copy of the header."""
    raw: list[list[object]] = [
        [TITLE_TEXT],
        ["填报单位：", "大同市乡村振兴局", None, None, "填报时间：", "2021-08-20"],
    ]
    for start in (0, 2, 4):
        raw += [list(OFFICIAL_HEADER), *good_rows()[start : start + 2], []]
    raw.append(["填表人：", "刘九", None, None, "联系方式：", "13511112222"])
    return Case(
        one_book(Sheet(raw=raw)),
        in_order("统计表", 4, GOOD[:2])
        + in_order("统计表", 8, GOOD[2:4])
        + in_order("统计表", 12, GOOD[4:]),
        [],
    )


# --- ditto marks ------------------------------------------------------------------------------


def ditto_marks_in_every_column() -> Case:
    rows = [
        row("广灵县"),
        row("天镇县", city="同上", assisting="〃", unit="″", phone="同上"),
        row("阳高县", city="〃", person="同上", assisting="新荣区"),
    ]
    return Case(
        one_book(Sheet(rows=rows)),
        [
            ("广灵县", "平城区", "统计表", 4),
            ("天镇县", "平城区", "统计表", 5),
            ("阳高县", "新荣区", "统计表", 6),
        ],
        [
            ("ditto-resolved", "统计表!A5"),
            ("ditto-resolved", "统计表!C5"),
            ("ditto-resolved", "统计表!E5"),
            ("ditto-resolved", "统计表!F5"),
            ("ditto-resolved", "统计表!A6"),
            ("ditto-resolved", "统计表!D6"),
            ("key-county-missing", "统计表!A3"),
            ("key-county-missing", "统计表!A3"),
            ("key-county-missing", "统计表!A3"),
        ],
        {"灵丘县": "missing", "浑源县": "missing", "云州区": "missing"},
    )


def one_to_many_with_ditto_for_the_county() -> Case:
    """Helpers listed one per row under a county written once, then 同上 / 〃 / a quote mark."""
    rows = [
        row("广灵县"),
        row("广灵县", assisted="同上", assisting="云冈区"),
        row("广灵县", assisted='"', assisting="新荣区"),
        *good_rows()[1:],
    ]
    return Case(
        one_book(Sheet(rows=rows)),
        [
            ("广灵县", "平城区", "统计表", 4),
            ("广灵县", "云冈区", "统计表", 5),
            ("广灵县", "新荣区", "统计表", 6),
            *in_order("统计表", 7, GOOD[1:]),
        ],
        [("ditto-resolved", "统计表!B5"), ("ditto-resolved", "统计表!B6")],
    )


def ditto_on_the_first_row() -> Case:
    rows = [row("广灵县", person="同上"), *good_rows()[1:]]
    return Case(
        one_book(Sheet(rows=rows)),
        in_order("统计表", 5, GOOD[1:]),
        [("ditto-no-value", "统计表!D4")],
        {"广灵县": "invalid"},
    )


def ditto_under_an_empty_cell() -> Case:
    rows = [row("广灵县", remark=""), row("天镇县", remark="〃"), *good_rows()[2:]]
    return Case(
        one_book(Sheet(rows=rows)),
        in_order("统计表", 4, GOOD[:1]) + in_order("统计表", 6, GOOD[2:]),
        [("ditto-no-value", "统计表!G5")],
        {"天镇县": "invalid"},
    )


def ditto_under_a_ditto_with_nothing_above() -> Case:
    rows = [row("广灵县", unit="同上"), row("天镇县", unit="〃"), *good_rows()[2:]]
    return Case(
        one_book(Sheet(rows=rows)),
        in_order("统计表", 6, GOOD[2:]),
        [("ditto-no-value", "统计表!E4"), ("ditto-no-value", "统计表!E5")],
        {"广灵县": "invalid", "天镇县": "invalid"},
    )


# --- total and note rows ----------------------------------------------------------------------


def total_and_notes_under_the_table() -> Case:
    tail = [
        ["合计", "6个", "6个", None, None, None, None],
        ["注：1.结对关系以市委文件为准；", None, None, None, None, None, None],
        [None, "2.联系方式请填写手机。", None, None, None, None, None],
    ]
    return Case(
        one_book(Sheet(rows=good_rows(), tail=tail)),
        in_order("统计表", 4),
        [("rows-skipped", "统计表!A10")],
    )


def count_row_inside_the_table() -> Case:
    rows = [*good_rows()[:3], [None, "共3对", None, None, None, None, None], *good_rows()[3:]]
    return Case(
        one_book(Sheet(rows=rows)),
        in_order("统计表", 4, GOOD[:3]) + in_order("统计表", 8, GOOD[3:]),
        [("rows-skipped", "统计表!B7")],
    )


def subtotal_rows_in_a_numbered_column() -> Case:
    raw: list[list[object]] = [
        ["全省市域内县际结对帮扶情况统计表"],
        ["序号", *OFFICIAL_HEADER],
    ]
    for i, values in enumerate(good_rows()[:3], start=1):
        raw.append([i, *values])
    raw.append(["小计", None, "3", "3", None, None, None, None])
    for i, values in enumerate(good_rows()[3:], start=4):
        raw.append([i, *values])
    raw.append(["总计", None, "6", "6", None, None, None, None])
    raw += [[], ["填表人：", "刘九", None, None, "联系方式：", "13511112222"]]
    return Case(
        one_book(Sheet(raw=raw, merges=("B3:B10",))),
        in_order("统计表", 3, GOOD[:3]) + in_order("统计表", 7, GOOD[3:]),
        [
            ("unit-missing", "统计表!A1"),
            ("filled-on-missing", "统计表!G1"),
            ("rows-skipped", "统计表!C6"),
        ],
    )


def remark_starting_with_note_keeps_the_row() -> Case:
    rows = [row("广灵县", remark="注：原帮扶县调整"), *good_rows()[1:]]
    return Case(one_book(Sheet(rows=rows)), in_order("统计表", 4), [])


# --- helpers joined by words ------------------------------------------------------------------


def helpers_joined_by_words() -> Case:
    rows = [
        row("广灵县", assisting="平城区及云冈区"),
        row("天镇县", assisting="新荣区和左云县"),
        row("阳高县", assisting="平城区与新荣区"),
        *good_rows()[3:],
    ]
    joined = [
        ("广灵县", "平城区", "统计表", 4),
        ("广灵县", "云冈区", "统计表", 4),
        ("天镇县", "新荣区", "统计表", 5),
        ("天镇县", "左云县", "统计表", 5),
        ("阳高县", "平城区", "统计表", 6),
        ("阳高县", "新荣区", "统计表", 6),
    ]
    return Case(one_book(Sheet(rows=rows)), joined + in_order("统计表", 7, GOOD[3:]), [])


def joined_with_an_unknown_piece() -> Case:
    rows = [row("广灵县", assisting="平城区及某某县"), *good_rows()[1:]]
    return Case(
        one_book(Sheet(rows=rows)),
        in_order("统计表", 5, GOOD[1:]),
        [("assisting-unknown", "统计表!C4")],
        {"广灵县": "invalid"},
    )


# --- hidden rows ------------------------------------------------------------------------------


def stale_hidden_row_above_the_current_one() -> Case:
    rows = [row("广灵县", person="旧负责人", phone="13900000000"), *good_rows()]
    return Case(
        one_book(Sheet(rows=rows, hidden=[0])),
        in_order("统计表", 5),
        [("row-hidden", "统计表!A4")],
    )


def only_row_of_a_county_hidden() -> Case:
    return Case(
        one_book(Sheet(rows=good_rows(), hidden=[1])),
        in_order("统计表", 4, GOOD[:1]) + in_order("统计表", 6, GOOD[2:]),
        [("row-hidden", "统计表!A5"), ("key-county-missing", "统计表!A3")],
        {"天镇县": "missing"},
    )


def filtered_to_one_county() -> Case:
    """An autofilter left on: every other row is hidden."""
    return Case(
        one_book(Sheet(rows=good_rows(), hidden=[1, 2, 3, 4, 5])),
        in_order("统计表", 4, GOOD[:1]),
        [("row-hidden", f"统计表!A{r}") for r in range(5, 10)]
        + [("key-county-missing", "统计表!A3")] * 5,
        {c: "missing" for c in DATONG if c != "广灵县"},
    )


# --- several shapes in one file ---------------------------------------------------------------


def two_row_header_ditto_total_hidden() -> Case:
    rows = [
        row("广灵县"),
        row("广灵县", assisting="云冈区", person="旧人", phone="13900000000"),
        row("广灵县", city="同上", assisting="云冈区", person="〃", unit="〃", phone="〃"),
        *good_rows()[1:],
    ]
    tail = [["合计", "共7对", None, None, None, None, None]]
    return Case(
        one_book(Sheet(rows=rows, header="two", tail=tail, hidden=[1])),
        [
            ("广灵县", "平城区", "统计表", 5),
            ("广灵县", "云冈区", "统计表", 7),
            *in_order("统计表", 8, GOOD[1:]),
        ],
        [
            ("row-hidden", "统计表!A6"),
            ("ditto-resolved", "统计表!A7"),
            ("ditto-resolved", "统计表!D7"),
            ("ditto-resolved", "统计表!E7"),
            ("ditto-resolved", "统计表!F7"),
            ("rows-skipped", "统计表!A13"),
        ],
    )


def per_county_sheets_with_two_row_headers_and_totals() -> Case:
    sheets = [
        Sheet(
            name=county,
            rows=[rows_by_county()[county]],
            header="two",
            tail=[["合计", "1对", None, None, None, None, None]],
            state="hidden" if county == "浑源县" else "visible",
        )
        for county in DATONG
    ]
    visible = [c for c in DATONG if c != "浑源县"]
    return Case(
        one_book(*sheets),
        [(c, rows_by_county()[c][2], c, 5) for c in visible],  # type: ignore[misc]
        [
            ("sheet-hidden", None),
            ("rows-skipped", "云州区!A6"),
            ("key-county-missing", "云州区!A4"),
        ],
        {"浑源县": "missing"},
    )


def third_sheet_two_row_header_ditto_joined() -> Case:
    rows = [
        row("广灵县", assisting="平城区及云冈区"),
        row("天镇县", assisting="同上"),
        *good_rows()[2:],
    ]
    return Case(
        one_book(
            Sheet(name="说明", raw=[["注：本表请于8月23日前报送。"]]),
            Sheet(name="Sheet2", raw=[]),
            Sheet(name="汇总", rows=rows, header="two"),
        ),
        [
            ("广灵县", "平城区", "汇总", 5),
            ("广灵县", "云冈区", "汇总", 5),
            ("天镇县", "平城区", "汇总", 6),
            ("天镇县", "云冈区", "汇总", 6),
            *in_order("汇总", 7, GOOD[2:]),
        ],
        [("ditto-resolved", "汇总!C6")],
    )


# --- archives ---------------------------------------------------------------------------------


def zip_with_folder_docx_and_gbk_names() -> Case:
    def build(folder: Path) -> Path:
        table = workbook_bytes([Sheet(rows=good_rows(), header="two")])
        members = {"大同市/大同市统计表.xlsx": table, "大同市/实施方案.docx": b"PK\x03\x04 doc"}
        return write_zip(folder / "报送材料.zip", members)

    return Case(build, in_order("统计表", 5), [])


def zip_with_nested_archive() -> Case:
    def build(folder: Path) -> Path:
        table = workbook_bytes([Sheet(rows=good_rows()[:3])])
        members = {"大同市统计表.xlsx": table, "附件.zip": b"PK\x05\x06" + b"\0" * 18}
        return write_zip(folder / "大同市报送材料.zip", members)

    return Case(
        build,
        in_order("统计表", 4, GOOD[:3]),
        [("archive-nested", None)] + [("key-county-missing", "统计表!A3")] * 3,
        {"灵丘县": "missing", "浑源县": "missing", "云州区": "missing"},
    )


def rar_from_the_city() -> Case:
    def build(folder: Path) -> Path:
        path = folder / "大同市结对帮扶.rar"
        path.write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\0" * 64)
        return path

    return Case(build, [], [("archive-unsupported", None)], dict.fromkeys(DATONG, "missing"))


def zip_beyond_the_limits() -> Case:
    def build(folder: Path) -> Path:
        members = {f"空白{i}.xlsx": b"" for i in range(12)}
        return write_zip(folder / "大同市.zip", members)

    return Case(
        build,
        [],
        [("file-too-large", None)],
        dict.fromkeys(DATONG, "missing"),
        Limits(max_zip_entries=10),
    )


def zip_without_a_table() -> Case:
    def build(folder: Path) -> Path:
        return write_zip(folder / "大同市.zip", {"实施方案.docx": b"PK\x03\x04 doc"})

    return Case(build, [], [("archive-empty", None)], dict.fromkeys(DATONG, "missing"))


CASES: dict[str, Callable[[], Case]] = {
    f.__name__: f
    for f in (
        per_county_sheets,
        split_over_sheets_with_leftovers,
        notes_and_cover_before_the_table,
        hidden_sheet_with_an_old_table,
        sheet_with_header_words_but_no_table,
        continuation_sheet_without_header,
        hidden_sheet_only,
        two_row_header_merged,
        two_row_header_typed,
        three_row_header,
        column_numbers_under_the_header,
        header_repeated_over_blocks,
        header_without_title_rows,
        ditto_marks_in_every_column,
        one_to_many_with_ditto_for_the_county,
        ditto_on_the_first_row,
        ditto_under_an_empty_cell,
        ditto_under_a_ditto_with_nothing_above,
        total_and_notes_under_the_table,
        count_row_inside_the_table,
        subtotal_rows_in_a_numbered_column,
        remark_starting_with_note_keeps_the_row,
        helpers_joined_by_words,
        joined_with_an_unknown_piece,
        stale_hidden_row_above_the_current_one,
        only_row_of_a_county_hidden,
        filtered_to_one_county,
        two_row_header_ditto_total_hidden,
        per_county_sheets_with_two_row_headers_and_totals,
        third_sheet_two_row_header_ditto_joined,
        zip_with_folder_docx_and_gbk_names,
        zip_with_nested_archive,
        rar_from_the_city,
        zip_beyond_the_limits,
        zip_without_a_table,
    )
}


def found_pairs(reports: list[FileReport]) -> Pairs:
    return [
        (p.assisted, p.assisting, p.source.sheet, p.source.row) for r in reports for p in r.pairs
    ]


def found_issues(reports: list[FileReport]) -> Issues:
    return sorted(((i.code, i.cell) for r in reports for i in r.issues), key=str)


@pytest.mark.parametrize("name", list(CASES))
def test_return_shape(name: str, roster: Roster, tmp_path: Path) -> None:
    case = CASES[name]()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = case.build(inbox)
    reports = [c.report for c in validate_paths([path], roster, case.limits)]
    assert found_pairs(reports) == case.pairs
    assert found_issues(reports) == sorted(case.issues, key=str)
    result = merge_inbox(
        inbox, roster, generated_at=datetime(2021, 8, 24, tzinfo=UTC), limits=case.limits
    )
    coverage = {c.county: c.status for c in result.coverage if c.city == "大同市"}
    expected = {county: case.not_covered.get(county, "covered") for county in DATONG}
    assert coverage == expected
    merged = sorted((p.assisted, p.assisting, p.source.sheet, p.source.row) for p in result.pairs)
    assert merged == sorted(set(case.pairs))


def test_helpers_split_on_words_only_when_every_piece_is_a_division_of_the_city(
    roster: Roster, make_workbook: Callable[..., Path]
) -> None:
    person = ["张三", "局长", "13994996777", ""]
    rows = [
        ["晋中市", "和顺县", "榆次区和太谷区", *person],
        ["晋中市", "左权县", "和顺县", *person],  # 和 inside a name: never split
        ["晋中市", "榆社县", "孝义市及离石区", *person],  # 吕梁市's counties: not split
        ["晋中市", "昔阳县", "寿阳县以及祁县", *person],
    ]
    report = validate_paths([make_workbook(rows, unit="晋中市乡村振兴局")], roster, Limits())[0]
    assert [(p.assisted, p.assisting) for p in report.report.pairs] == [
        ("和顺县", "榆次区"),
        ("和顺县", "太谷区"),
        ("左权县", "和顺县"),
        ("昔阳县", "寿阳县"),
        ("昔阳县", "祁县"),
    ]
    assert [(i.code, i.cell, i.value) for i in report.report.issues] == [
        ("assisting-key-county", "统计表!C5", "和顺县"),
        ("assisting-unknown", "统计表!C6", "孝义市及离石区"),
    ]


def test_second_sheet_with_its_own_column_order(roster: Roster, tmp_path: Path) -> None:
    order = [0, 2, 1, 6, 5, 4, 3]  # 市名 结对帮扶县 重点帮扶县 备注 联系方式 单位及职务 具体负责人
    raw = [[OFFICIAL_HEADER[i] for i in order]] + [[r[i] for i in order] for r in good_rows()[3:]]
    path = write_sheets(
        tmp_path / "大同市.xlsx",
        [Sheet(name="一", rows=good_rows()[:3]), Sheet(name="二", raw=raw)],
    )
    report = validate_paths([path], roster, Limits())[0].report
    assert found_pairs([report]) == in_order("一", 4, GOOD[:3]) + in_order("二", 2, GOOD[3:])
    assert report.issues == [] and report.rows_read == 6


@pytest.mark.slow
@pytest.mark.parametrize("target", ["xls", "ods", "et"])
def test_hidden_rows_in_xls_ods_and_wps_et(target: str, roster: Roster, tmp_path: Path) -> None:
    """Saved by the real program: hidden rows are kept in .xls (and WPS .et) and .ods too."""
    rows = [row("广灵县", person="旧负责人", phone="13900000000"), *good_rows()]
    source = write_sheets(
        tmp_path / "大同市.xlsx",
        [Sheet(name="说明", raw=[["见统计表"]]), Sheet(rows=rows, header="two", hidden=[0])],
    )
    converted = convert_with_soffice(source, "xls" if target == "et" else target, tmp_path / "o")
    if target == "et":  # WPS 表格 writes .et in the .xls format
        converted = converted.rename(converted.with_suffix(".et"))
    report = validate_paths([converted], roster, Limits())[0].report
    assert report.format == ("ods" if target == "ods" else "xls")
    assert found_pairs([report]) == in_order("统计表", 6)
    assert found_issues([report]) == [("row-hidden", "统计表!A5")]


def fills(path: Path) -> dict[str, dict[str, str]]:
    """Sheet -> cell -> colour of every cell the annotated copy marked."""
    book = openpyxl.load_workbook(path)
    marked: dict[str, dict[str, str]] = {}
    for sheet in book.worksheets:
        if sheet.title == "问题清单":
            continue
        for line in sheet.iter_rows():
            for cell in line:
                if cell.fill.fill_type == "solid":
                    marked.setdefault(sheet.title, {})[cell.coordinate] = cell.fill.start_color.rgb[
                        -6:
                    ]
    return marked


RED, YELLOW = "FFC7CE", "FFEB9C"


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_annotate_marks_the_right_cells_on_the_right_sheet(
    suffix: str, roster: Roster, tmp_path: Path
) -> None:
    """The table on the third sheet under a two-row header, with a ditto mark, a hidden row,
    a ditto mark with nothing above it and a total row; as .xlsx (copied) and .ods (rebuilt)."""
    rows = [
        row("广灵县", person="〃"),
        row("天镇县", unit="同上"),
        row("阳高县", phone="12345"),
        *good_rows()[3:],
    ]
    source = write_sheets(
        tmp_path / "大同市.xlsx",
        [
            Sheet(name="说明", raw=[["注：本表请于8月23日前报送。"]]),
            Sheet(name="Sheet2", raw=[]),
            Sheet(name="汇总", rows=rows, header="two", hidden=[3], tail=[["合计", "6对"]]),
        ],
    )
    if suffix == "ods":
        source = convert_with_soffice(source, "ods", tmp_path / "ods")
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["validate", str(source), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    marks = {
        sheet: {ref: fill for ref, fill in cells.items() if fill in (RED, YELLOW)}
        for sheet, cells in fills(out).items()
    }
    if suffix == "xlsx":  # the city's own layout, marks where the clerk typed
        assert marks == {
            "汇总": {
                "A3": YELLOW,  # key county missing: the table's header row
                "D5": RED,  # 〃 with nothing above
                "E6": YELLOW,  # 同上 resolved
                "F7": RED,  # phone
                "A8": YELLOW,  # hidden row
                "A11": YELLOW,  # total row skipped
            }
        }
    else:  # rebuilt in the form's layout: the same findings, moved with their rows
        assert marks == {
            "统计表": {
                "A3": YELLOW,
                "D4": RED,
                "E5": YELLOW,
                "F6": RED,
                "A7": YELLOW,
                "A10": YELLOW,
            }
        }
    issues = openpyxl.load_workbook(out)["问题清单"]
    lines = list(issues.iter_rows(values_only=True))
    at = lines[0].index("代码")
    codes = sorted(str(line[at]) for line in lines[1:])
    assert codes == sorted(
        [
            "ditto-no-value",
            "ditto-resolved",
            "phone-invalid",
            "row-hidden",
            "rows-skipped",
            "key-county-missing",
        ]
    )


def test_annotate_marks_each_county_sheet_of_a_table_in_a_zip(tmp_path: Path) -> None:
    """One sheet per county inside an archive: each finding lands on its own sheet."""
    sheets = [Sheet(name=county, rows=[rows_by_county()[county]]) for county in DATONG]
    sheets[DATONG.index("天镇县")].rows = [row("天镇县", phone="12345")]
    sheets[DATONG.index("浑源县")].rows = [row("浑源县", assisting="同上")]  # nothing above it
    archive = write_zip(
        tmp_path / "大同市报送材料.zip", {"大同市/统计表.xlsx": workbook_bytes(sheets)}
    )
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["validate", str(archive), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    assert fills(out) == {"天镇县": {"F4": RED}, "浑源县": {"C4": RED}}
