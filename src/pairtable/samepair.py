"""One rule for a pair named twice (two rows of a return, or two returns kept with
`--keep-all`): said again in the same words it is counted once; said with another person,
unit, phone or remark it is a finding the city must settle, never a silent drop."""

from __future__ import annotations

from collections.abc import Mapping

from pairtable.form import COLUMNS
from pairtable.text import split_list, squash

# What a row says about its pair, compared between two rows naming the same pair.
SAID = ("person", "unit_title", "phone", "remark")


def _key(name: str, value: str) -> str:
    """A value as compared: blanks, width and how a list is separated do not matter."""
    if name in ("person", "phone"):
        return "、".join(squash(part) for part in split_list(value))
    return squash(value)


def differing(first: Mapping[str, str], again: Mapping[str, str]) -> list[str]:
    """The fields (of SAID) in which `again` says something other than `first`."""
    return [name for name in SAID if _key(name, again[name]) != _key(name, first[name])]


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
