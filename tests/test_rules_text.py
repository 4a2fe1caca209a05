"""text: blanks, widths, punctuation and placeholders in what clerks type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pairtable.text import (
    clean_free_text,
    drop_parenthesised,
    header_key,
    is_placeholder,
    keep_text,
    name_key,
    remove_blanks,
    squash,
    to_text,
    trim_blanks,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("文本", "文本"),
        ("", ""),
        (None, ""),
        (True, "是"),
        (False, "否"),
        (3.0, "3"),
        (-3.0, "-3"),
        (13994996777.0, "13994996777"),
        (2.5, "2.5"),
        (1e16, "1e+16"),
        (9999999999999998.0, "9999999999999998"),
        (42, "42"),
    ],
)
def test_a_cell_value_as_the_clerk_sees_it(value: object, shown: str) -> None:
    assert to_text(value) == shown


BLANKS = " \t\n\r\u00a0\u1680\u2000\u200b\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"


def test_every_kind_of_blank_is_a_blank() -> None:
    for blank in BLANKS:
        assert trim_blanks(f"{blank}张 三{blank}{blank}") == "张 三", repr(blank)
        assert remove_blanks(f"{blank}张{blank}{blank}三{blank}") == "张三", repr(blank)
        assert clean_free_text(f"{blank}张{blank}{blank}三{blank}") == "张 三", repr(blank)
        assert keep_text(f"{blank}张{blank}三{blank}") == f"张{blank}三", repr(blank)
    assert trim_blanks("a\u00adb") == "a\u00adb"


def test_squash_applies_nfkc_twice_and_drops_every_blank() -> None:
    assert squash("ＡＢ　１２（县）") == "AB12(县)"
    assert squash(" 灵 丘\u200b县 ") == "灵丘县"
    assert squash("¨") == "\u0308"
    assert squash("a¨") == "\u00e4"


def test_free_text_drops_control_characters_and_collapses_blanks() -> None:
    assert clean_free_text("张\x00三\x07\x1f\x7f") == "张三"
    assert clean_free_text("张\t\n三") == "张 三"
    assert clean_free_text("  平城区　 副区长 ") == "平城区 副区长"
    assert clean_free_text("ＡＢ") == "AB"
    assert clean_free_text("a\nb") == "a b"


def test_keep_text_keeps_the_inside_and_drops_only_edges_and_controls() -> None:
    assert (
        keep_text("\u00ad\u202a 平城区，副区长（兼）\n备注\u2064\u180e ")
        == "平城区，副区长（兼）\n备注"
    )
    assert keep_text("a\x00b\x0bc\x0c\x1bd\x7f") == "abcd"
    assert keep_text("a\u00adb\u202ec") == "a\u00adb\u202ec"
    assert keep_text("ＡＢ") == "ＡＢ"
    assert keep_text("\u2061\u2062\u2063") == ""


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("灵丘县", "灵丘县"),
        ("“灵丘县”。", "灵丘县"),
        ("*灵丘县*", "灵丘县"),
        ("《灵丘县》", "灵丘县"),
        ("「灵丘县」", "灵丘县"),
        ("『灵丘县』", "灵丘县"),
        ("<灵丘县>", "灵丘县"),
        ("'灵丘县'", "灵丘县"),
        ("`灵丘县`", "灵丘县"),
        ("‘灵丘县’", "灵丘县"),
        ("灵丘县.", "灵丘县"),
        ("灵丘县,", "灵丘县"),
        ("灵丘县，", "灵丘县"),
        ("灵丘县、", "灵丘县"),
        ("灵丘县;", "灵丘县"),
        ("灵丘县；", "灵丘县"),
        ("灵丘县:", "灵丘县"),
        ("灵丘县：", "灵丘县"),
        ("灵丘县!", "灵丘县"),
        ("灵丘县！", "灵丘县"),
        ("灵丘县?", "灵丘县"),
        ("灵丘县？", "灵丘县"),
        ("-灵丘县-", "灵丘县"),
        ("—灵丘县—", "灵丘县"),
        ("_灵丘县_", "灵丘县"),
        ("~灵丘县～", "灵丘县"),
        ("#灵丘县＃", "灵丘县"),
        ("·灵丘县•", "灵丘县"),
        ('"灵丘县"', "灵丘县"),
        ("(灵丘县)", "灵丘县"),
        ("（灵丘县）", "灵丘县"),
        ("[灵丘县]", "灵丘县"),
        ("【灵丘县】", "灵丘县"),
        ("(“灵丘县”)", "灵丘县"),
        ("((灵丘县))", "灵丘县"),
        ("(县)", "县"),
        ("(县", "(县"),
        ("X灵丘县)", "X灵丘县)"),
        ("(灵丘县X", "(灵丘县X"),
        ("()", "()"),
        ("灵丘县(部分)", "灵丘县(部分)"),
        ("(部分)灵丘县", "(部分)灵丘县"),
        ("灵 丘 县", "灵丘县"),
        ("", ""),
    ],
)
def test_name_key_trims_punctuation_and_enclosing_brackets(typed: str, key: str) -> None:
    assert name_key(typed) == key


def test_drop_parenthesised_and_header_key() -> None:
    assert drop_parenthesised("大同市南郊区(部分)") == "大同市南郊区"
    assert drop_parenthesised("南郊区（部分）乡镇【注】[1]") == "南郊区乡镇"
    assert drop_parenthesised("南郊区(部分") == "南郊区(部分"
    assert header_key(" 联系方式（手机） ") == "联系方式"
    assert header_key("“具体负责人”（姓名）：") == "具体负责人"
    assert header_key("序 号") == "序号"


@pytest.mark.parametrize(
    "typed",
    [
        "/",
        "-",
        "——",
        "？",
        "…",
        "*",
        "无",
        " 无 ",
        "（无）",
        "(无)",
        "【无】",
        "[无]",
        "{无}",
        "<无>",
        "《无》",
        "「无」",
        "『无』",
        "((无))",
        "(无",
        "无)",
        "无。",
        "暂无",
        "没有",
        "待定",
        "未定",
        "暂定",
        "待确定",
        "未确定",
        "暂未确定",
        "待明确",
        "待补充",
        "待补",
        "待填",
        "待填写",
        "未填",
        "未填写",
        "略",
        "空",
        "空白",
        "暂缺",
        "缺",
        "不详",
        "未知",
        "不清楚",
        "不适用",
        "待核实",
        "待报",
        "待上报",
        "暂未",
        "暂空",
        "缺失",
        "无此项",
        "某某",
        "N/A",
        "n/a",
        "NA",
        "None",
        "NULL",
        "nil",
        "TBD",
        "XXX",
        "xx",
        "×××",
        "ＸＸＸ",
    ],
)
def test_placeholders(typed: str) -> None:
    assert is_placeholder(typed)


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "无锡", "待定人员", "张三", "x张", "Nan", "某", "平城区", "0"],
)
def test_not_placeholders(typed: str) -> None:
    assert not is_placeholder(typed)


@given(st.text(max_size=20))
def test_squash_and_name_key_are_idempotent(text: str) -> None:
    assert squash(squash(text)) == squash(text)
    assert name_key(name_key(text)) == name_key(text)
    assert header_key(header_key(text)) == header_key(text)
