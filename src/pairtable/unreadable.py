"""Files that arrived but could not be read: whose they are, so no city is 未报 in silence.

A city that sent only a .rar, a broken workbook or an archive with nothing readable in it has
no return in the merge; its counties are 未报. The file name (and the archive or mail it came
in) usually names the city, so the file is put down to that city and, when the city has no
readable return, an error says that a file did arrive from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pairtable.models import Issue, make_issue
from pairtable.text import squash

if TYPE_CHECKING:
    from pairtable.intake import FileEntry
    from pairtable.roster import Roster


def city_in_name(label: str, roster: Roster) -> str | None:
    """The one city a file's path names (全称 first, then 简称); None when none or several."""
    compact = squash(label)
    for names in ([c.name for c in roster.cities], [c.short_name for c in roster.cities]):
        found = {
            city.name
            for city, name in zip(roster.cities, names, strict=True)
            if name and name in compact
        }
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


def unreadable_only(entries: list[FileEntry], roster: Roster) -> list[Issue]:
    """Name the city of each unreadable file; an error for each city with nothing else."""
    read = {e.city for e in entries if e.status in ("used", "superseded", "conflict")}
    issues: list[Issue] = []
    for entry in entries:
        if entry.status != "unreadable" or entry.city is not None:
            continue
        entry.city = city_in_name(entry.file, roster)
        if entry.city and entry.city not in read:
            issues.append(
                make_issue(
                    "city-file-unreadable", file=entry.file, city=entry.city, other=entry.file
                )
            )
    return issues
