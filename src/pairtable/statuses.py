"""What `merge` says of files and key counties, as codes and in words.

Kept apart from the models (merge_report.py), without pydantic: the coverage map's child
process draws with these alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from pairtable.merge_report import CoverageEntry

FileStatus = Literal["used", "superseded", "ignored", "unreadable", "conflict", "unpacked"]
CoverageStatus = Literal["covered", "invalid", "missing"]
# How a city's key counties and helpers pair up (— when it has no accepted pair).
PairingMode = Literal["一对一", "一对多", "多对一", "混合", "—"]
# Why a key county is not covered (None when it is).
Cause = Literal["row-errors", "conflict", "not-in-return", "unreadable-return", "not-submitted"]
CAUSE_LABELS: dict[str, str] = {
    "row-errors": "只出现在有错误的行中",
    "conflict": "冲突：两份同日报表内容不同，需人工核实",
    "not-in-return": "市里的报表中没有填写",
    "unreadable-return": "该市报来的文件无法读取",
    "not-submitted": "该市未报送",
}
STATUS_LABELS: dict[str, str] = {
    "used": "已采用",
    "superseded": "已被替代",
    "ignored": "已忽略",
    "unreadable": "无法读取",
    "conflict": "冲突",
    "unpacked": "已解压",
    "covered": "已覆盖",
    "invalid": "有错误",
    "missing": "未报",
}


class KeyCountyStatus(NamedTuple):
    city: str
    county: str
    status: CoverageStatus


def statuses_of(coverage: Iterable[CoverageEntry]) -> list[KeyCountyStatus]:
    """The key counties' statuses alone, as plain tuples: what crosses to the map's child,
    which never imports pydantic."""
    return [KeyCountyStatus(c.city, c.county, c.status) for c in coverage]
