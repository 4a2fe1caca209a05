"""`make-templates --prefill`: the accepted pairs of a provincial workbook, city by city."""

from __future__ import annotations

from pathlib import Path

from pairtable.reader import UnreadableFile, read_book
from pairtable.roster import Roster
from pairtable.table import locate
from pairtable.template import PrefillRow


class PrefillError(Exception):
    """The provincial workbook given to --prefill cannot be used."""


def read_prefill(path: Path, roster: Roster) -> dict[str, list[PrefillRow]]:
    if not path.is_file():
        raise PrefillError(f"找不到全省汇总表：{path}")
    try:
        book = read_book(path)
    except UnreadableFile as exc:
        raise PrefillError(f"无法读取全省汇总表 {path}：{exc.detail or exc.code}") from None
    located = next((found for s in book.table_sheets if (found := locate(s))), None)
    if located is None or "city" not in located.columns:
        raise PrefillError(f"{path} 中没有找到汇总表（应为 pairtable merge 生成的文件）")
    by_city: dict[str, list[PrefillRow]] = {}
    for row in located.rows:
        city = roster.resolver.resolve_city(row.text("city"))
        if city is None or not row.text("assisted"):
            continue
        by_city.setdefault(city, []).append(
            PrefillRow(
                assisted=row.text("assisted"),
                assisting=row.text("assisting"),
                person=row.text("person"),
                unit_title=row.text("unit_title"),
                # A copy made with --redact holds masked numbers: never prefill those.
                phone="" if "*" in row.text("phone") else row.text("phone"),
                remark=row.text("remark"),
            )
        )
    return by_city
