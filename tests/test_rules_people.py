"""people: the names kept from a 具体负责人 cell, what was taken off them, and the problem."""

from __future__ import annotations

import pytest

from pairtable.people import MAX_PERSON_CHARS, read_person


def reading(typed: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    found = read_person(typed)
    return found.names, found.extras, found.problem


@pytest.mark.parametrize(
    ("typed", "names", "extras"),
    [
        ("张三", ("张三",), ()),
        ("王", ("王",), ()),
        ("王思乡", ("王思乡",), ()),
        ("阿不都热依木", ("阿不都热依木",), ()),
        ("阿依古丽·买买提", ("阿依古丽·买买提",), ()),
        ("王  五", ("王五",), ()),
        ("  张三\u3000", ("张三",), ()),
        ("局长王", ("局长王",), ()),
        ("刘洋局长", ("刘洋",), ("局长",)),
        ("欧阳娜娜局长", ("欧阳娜娜",), ("局长",)),
        ("李四（局长）", ("李四",), ("局长",)),
        ("李四(局长)", ("李四",), ("局长",)),
        ("李四【局长】", ("李四",), ("局长",)),
        ("李四[局长]", ("李四",), ("局长",)),
        ("县长：王五", ("王五",), ("县长",)),
        ("王五同志", ("王五",), ("同志",)),
        ("张三副县长同志", ("张三",), ("副县长", "同志")),
        ("副县长王五同志", ("王五",), ("副县长", "同志")),
        ("副县长王五", ("王五",), ("副县长",)),
        ("秘书长王丽", ("王丽",), ("秘书长",)),
        ("干部长孙丽", ("长孙丽",), ("干部",)),
        ("局长助理王五", ("王五",), ("局长助理",)),
        ("乡村振兴局局长王五", ("王五",), ("乡村振兴局局长",)),
        ("平城区乡村振兴局局长王五", ("王五",), ("平城区乡村振兴局局长",)),
        ("张三、李四", ("张三", "李四"), ()),
        ("张三 李四", ("张三", "李四"), ()),
        ("张三、张三", ("张三",), ()),
        ("王五、张三 李四", ("王五", "张三", "李四"), ()),
        ("张三局长、李四主任", ("张三", "李四"), ("局长", "主任")),
        ("张三、无", ("张三",), ("无",)),
        ("无、张三", ("张三",), ("无",)),
        ("张三（李局长）", ("张三",), ("李局长",)),
        ("张三（乡村振兴局局长）", ("张三",), ("乡村振兴局局长",)),
        ("张三（平城区乡村振兴局）", ("张三",), ("平城区乡村振兴局",)),
        ("张三（李四）", ("张三",), ("李四",)),
        ("张三（李四）（王五）", ("张三",), ("李四", "王五")),
        ("（李四）", ("李四",), ()),
        ("（李四）局长", ("李四",), ("局长",)),
        ("张三（）", ("张三",), ()),
        ("张三(局长", ("张三",), ("局长",)),
        ("【张三", ("张三",), ()),
    ],
)
def test_names_kept_and_what_was_taken_off(
    typed: str, names: tuple[str, ...], extras: tuple[str, ...]
) -> None:
    assert reading(typed) == (names, extras, None)
    assert read_person(typed).kept == "、".join(names)


@pytest.mark.parametrize(
    ("typed", "extras"),
    [
        ("副县长", ("副县长",)),
        ("局长", ("局长",)),
        ("王局长", ("王局长",)),
        ("王副县长", ("王副县长",)),
        ("王五、李局长", ("李局长",)),
        ("无、李局长", ("无", "李局长")),
        ("乡村振兴局局长", ("乡村振兴局局长",)),
        ("扶贫办主任", ("扶贫办主任",)),
        ("平城区乡村振兴局", ("平城区乡村振兴局",)),
        ("扶贫中心", ("扶贫中心",)),
        ("（局长）", ("局长",)),
        ("（王局长）", ("王局长",)),
        ("无", ("无",)),
    ],
)
def test_no_name_at_all_is_title_only(typed: str, extras: tuple[str, ...]) -> None:
    assert reading(typed) == ((), extras, "title-only")
    assert read_person(typed).kept == ""


@pytest.mark.parametrize(
    "typed",
    ["张三1", "Zhang San", "张三@", "张三#", "张?", "张三!", "张三+", "张三=李四", "$", "王\\五"],
)
def test_what_no_name_holds_is_invalid(typed: str) -> None:
    assert reading(typed) == ((), (), "invalid")


def test_a_cell_longer_than_a_name_can_be_is_invalid() -> None:
    assert reading("张" * MAX_PERSON_CHARS) == (("张" * MAX_PERSON_CHARS,), (), None)
    assert reading("张" * (MAX_PERSON_CHARS + 1)) == ((), (), "invalid")
    assert reading(" " * 5 + "张三" + " " * 30) == (("张三",), (), None)
