"""具体负责人: which part of what the clerk typed is a person's name.

A cell holds one name or several ("张三、李四", "张三 李四"). Titles, honorifics and notes
around a name ("刘洋局长", "李四（局长）", "县长：王五", "王五同志") are taken off with a warning
that shows the name kept; a cell with only a title ("副县长", "王局长") has no name at all.

Conservative by design: only whole title words are recognised (never one character such as
司 or 关, which are surnames), a title is taken off the front of a name only when at least two
characters remain, and anything not recognised is accepted as the name it looks like.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from pairtable.text import LIST_SEPARATORS, clean_free_text, is_placeholder, remove_blanks

MAX_PERSON_CHARS = 30
# Digits, Latin letters, symbols and question marks never occur in a Chinese name (the · of
# minority names does).
_NOT_A_NAME = re.compile(r"[0-9A-Za-z@#%&*+=$\\?!]")
# Names are also separated by a colon (`负责人：张三`). Full-width forms are gone (NFKC).
_SEPARATORS = re.compile(f"[{LIST_SEPARATORS}:：]+")
_BRACKETED = re.compile(r"[(\[【]([^)\]】]*)[)\]】]")
_STRAY_BRACKETS = re.compile(r"[()\[\]【】]")

# Whole title words; longer forms first so 副县长 is taken before 县长.
_RANKED = (
    "局长",
    "县长",
    "区长",
    "市长",
    "镇长",
    "乡长",
    "科长",
    "股长",
    "站长",
    "所长",
    "处长",
    "部长",
    "厅长",
    "主任",
    "书记",
    "主席",
    "组长",
    "队长",
    "院长",
    "校长",
    "会长",
    "调研员",
    "主任科员",
    "经理",
    "秘书长",
)
_OTHER_TITLES = (
    "党组书记",
    "党委书记",
    "总经理",
    "董事长",
    "秘书",
    "科员",
    "干部",
    "干事",
    "专干",
    "专员",
    "委员",
    "助理",
    "主管",
    "联络员",
    "信息员",
    "统计员",
    "工作人员",
    "负责人",
    "联系人",
    "责任人",
    "姓名",
    "领导",
    "分管领导",
    "同志",
    "先生",
    "女士",
    "老师",
)
# Whole title words, longest first so 副县长 is taken before 县长.
TITLES = tuple(
    sorted(
        {*_RANKED, *(f"副{t}" for t in _RANKED), *_OTHER_TITLES},
        key=lambda word: (-len(word), word),
    )
)
# A remainder ending like this is a unit ("乡村振兴局局长"), not a name; checked on 3+ chars.
_UNIT_ENDINGS = (
    "局",
    "政府",
    "委员会",
    "委",
    "办公室",
    "办",
    "县",
    "区",
    "市",
    "乡",
    "镇",
    "中心",
    "公司",
)

# A unit written instead of a person, with no title: 4+ characters ending like this. Endings
# a given name may have (乡 as in 思乡, 镇, 委, 办) are left out.
_UNIT_ONLY_ENDINGS = ("局", "政府", "委员会", "办公室", "管委会", "中心", "公司", "县", "区", "市")

Problem = Literal["invalid", "title-only"]


@dataclass(frozen=True)
class PersonReading:
    """The names found, what was taken off them, and the error (if any) for the cell."""

    names: tuple[str, ...]
    extras: tuple[str, ...] = ()
    problem: Problem | None = None

    @property
    def kept(self) -> str:
        return "、".join(self.names)


@functools.lru_cache(maxsize=8192)  # the same people are named row after row
def read_person(text: str) -> PersonReading:
    """Read a 具体负责人 cell (not empty, not a placeholder: the caller checks those)."""
    return _read_person(text)


def _read_person(text: str) -> PersonReading:
    # Undecorated, so that mutation testing (which skips decorated functions) reaches it.
    clean = clean_free_text(text)
    if _NOT_A_NAME.search(clean) or len(clean) > MAX_PERSON_CHARS:
        return PersonReading((), problem="invalid")
    bracketed = [inner for inner in _BRACKETED.findall(clean)]
    outside = _STRAY_BRACKETS.sub(" ", _BRACKETED.sub(" ", clean))
    names, extras = _read_parts(outside)
    if any(_surname_and_title(part) for part in _pieces(outside)):
        # "王五、李局长": each person is judged on their own, and 李局长 has no name.
        return PersonReading((), tuple(extras), "title-only")
    inner_names: list[str] = []
    for inner in bracketed:
        found, dropped = _read_parts(inner)
        inner_names += found
        extras += dropped
    if not names:
        names, inner_names = inner_names, []
    extras += inner_names
    if not names:
        return PersonReading((), tuple(extras), "title-only")
    return PersonReading(tuple(dict.fromkeys(names)), tuple(e for e in extras if e))


def _read_parts(text: str) -> tuple[list[str], list[str]]:
    names: list[str] = []
    extras: list[str] = []
    for part in _pieces(text):
        if is_placeholder(part):
            extras.append(part)
            continue
        name, dropped = _strip_titles(part)
        extras += dropped
        if name:
            names.append(name)
    return names, extras


def _pieces(text: str) -> list[str]:
    """Split on separators; blanks separate names only when no piece is a single character.

    "张三 李四" is two names; "王  五" is one name padded to line up with three-character names.
    """
    pieces: list[str] = []
    for part in _SEPARATORS.split(text):
        words = part.split()
        if len(words) > 1 and all(len(w) >= 2 for w in words):
            pieces += words
        elif words:
            pieces.append(remove_blanks(part))
    return pieces


def _surname_and_title(part: str) -> bool:
    """ "李局长", "王副县长": one character (a surname) before title words, no given name."""
    rest = part
    while title := next((t for t in TITLES if rest.endswith(t)), None):
        rest = rest[: -len(title)]
    return len(rest) == 1 and rest != part


def _strip_titles(part: str) -> tuple[str, list[str]]:
    """(name, titles taken off); the name is "" when the part holds no name."""
    dropped: list[str] = []
    rest = part
    stripped_suffix = False
    while title := next((t for t in TITLES if rest.endswith(t)), None):
        dropped.insert(0, title)
        rest = rest[: -len(title)]
        stripped_suffix = True
    if not rest:
        return "", dropped
    if head := _title_prefix(rest):
        dropped.insert(0, head)
        rest = rest[len(head) :]
    if len(rest) == 1 and stripped_suffix:
        return "", [part]  # "王局长": a surname and a title
    if len(rest) >= 3 and rest.endswith(_UNIT_ENDINGS) and stripped_suffix:
        return "", [part]  # "乡村振兴局局长": a unit and a title
    if len(rest) >= 4 and rest.endswith(_UNIT_ONLY_ENDINGS):
        return "", [part]  # "平城区乡村振兴局": a unit alone
    return rest, dropped


def _title_prefix(text: str) -> str:
    """A title (with its unit) before a name: "副县长王五", "乡村振兴局局长王五", "秘书长王丽".

    At the start the longest title word is taken ("秘书长", not "秘书"); else the shortest unit
    ending in one; titles straight after join it. At least two characters must remain for the
    name, and "干部长孙丽" keeps 长孙丽 (长孙 is a surname) because 干部 is the title there.
    """
    head = next((t for t in TITLES if text.startswith(t)), None) or next(
        (text[:i] for i in range(1, len(text) - 1) if text[:i].endswith(TITLES)), ""
    )
    while more := next((t for t in TITLES if text.startswith(t, len(head))), None):
        head += more
    return head if head and len(text) - len(head) >= 2 else ""
