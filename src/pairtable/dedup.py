"""The accepted pairs of every return used, each (city, assisted, assisting) counted once.

A pair already accepted from an earlier file (in inbox order) is a finding in the later one;
the pairs come out in roster order (city, key county), then file, row and helper.
"""

from __future__ import annotations

from pairtable.merge_report import FileEntry
from pairtable.models import Issue, Pair, make_issue
from pairtable.roster import Roster


def merged_pairs(entries: list[FileEntry], roster: Roster) -> tuple[list[Pair], list[Issue]]:
    """The pairs kept, sorted, and a `pair-duplicate-across-files` issue for each one not."""
    order = {(d.city, d.name): i for i, d in enumerate(roster.divisions)}
    seen: dict[tuple[str, str, str], str] = {}
    pairs: list[Pair] = []
    duplicates: list[Issue] = []
    for entry in entries:
        if entry.status != "used":
            continue
        for pair in entry.accepted:
            key = (pair.city, pair.assisted, pair.assisting)
            if key in seen:
                duplicates.append(
                    make_issue(
                        "pair-duplicate-across-files",
                        file=entry.file,
                        sheet=pair.source.sheet,
                        row=pair.source.row,
                        assisted=pair.assisted,
                        assisting=pair.assisting,
                        other=seen[key],
                    )
                )
                continue
            seen[key] = entry.file
            pairs.append(pair)
    city_order = {c: i for i, c in enumerate(roster.city_names)}
    pairs.sort(
        key=lambda p: (
            city_order.get(p.city, 99),
            order.get((p.city, p.assisted), 0),
            p.source.file or "",
            p.source.row,
            order.get((p.city, p.assisting), 0),
        )
    )
    return pairs, duplicates
