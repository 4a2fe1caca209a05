"""One rule for a pair named twice (two rows of a return, or two returns kept with
`--keep-all`): said again in the same words it is counted once; said with another person,
unit, phone or remark it is a finding the city must settle, never a silent drop."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from pairtable.form import COLUMNS
from pairtable.text import split_list, squash

# What a row says about its pair, compared between two rows naming the same pair.
SAID = ("person", "unit_title", "phone", "remark")


def _compared(name: str, value: str) -> str:
    """A value as compared: blanks, width and how a list is separated do not matter."""
    if name in ("person", "phone"):
        return "、".join(squash(part) for part in split_list(value))
    return squash(value)


# Names, units and remarks repeat row after row.
_key = functools.lru_cache(maxsize=16_384)(_compared)


def comparable(said: Mapping[str, str]) -> tuple[str, ...]:
    """What a row says (SAID), as compared: computed once a row, not once a comparison."""
    return tuple(_key(name, said[name]) for name in SAID)


def differing(first: Mapping[str, str], again: Mapping[str, str]) -> list[str]:
    """The fields (of SAID) in which `again` says something other than `first`."""
    return differing_keys(comparable(first), comparable(again))


def differing_keys(first: tuple[str, ...], again: tuple[str, ...]) -> list[str]:
    """`differing` on `comparable` values."""
    return [name for name, one, other in zip(SAID, first, again, strict=True) if one != other]


def difference_params(
    first: Mapping[str, str], again: Mapping[str, str], fields: list[str], first_label: str
) -> dict[str, str]:
    """`detail` (what differs, both values quoted: messages are masked by `--redact`, hints are
    not, so numbers stay out of hints) and `names` joined as one row would hold both people."""
    detail = "，".join(
        f"“{COLUMNS[name]}”{first_label}为“{first[name] or '（空）'}”、"
        f"本行为“{again[name] or '（空）'}”"
        for name in fields
    )
    return {
        "detail": detail,
        "names": _joined(first["person"], again["person"]),
    }


def _joined(first: str, second: str) -> str:
    """Two lists as one: `张三、李四` (each item once, in order)."""
    items = [*split_list(first), *split_list(second)]
    return "、".join(dict.fromkeys(item for item in items if item))
