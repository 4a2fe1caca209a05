"""The accepted pairs of every return used, each (city, assisted, assisting) counted once.

A pair already accepted from an earlier file (in inbox order) is a finding in the later one:
a warning when the later file says the same about it, an error when it names another person,
phone, unit or remark (the row is then not merged; see samepair.py). The pairs come out in
roster order (city, key county), then file, row and helper.
"""

from __future__ import annotations

from pairtable.merge_report import FileEntry
from pairtable.models import Issue, Pair, make_issue
from pairtable.roster import Roster
from pairtable.samepair import difference_params, differing


def _said(pair: Pair) -> dict[str, str]:
    return {
        "person": pair.person,
        "unit_title": pair.unit_title,
        "phone": pair.phone,
        "remark": pair.remark,
    }


def merged_pairs(entries: list[FileEntry], roster: Roster) -> tuple[list[Pair], list[Issue]]:
    """The pairs kept, sorted, and a finding for each one not kept."""
    order = {(d.city, d.name): i for i, d in enumerate(roster.divisions)}
    seen: dict[tuple[str, str, str], tuple[str, Pair]] = {}
    pairs: list[Pair] = []
    duplicates: list[Issue] = []
    for entry in entries:
        if entry.status != "used":
            continue
        # A row naming a pair another file names differently is not merged at all.
        rejected: set[tuple[str, int]] = set()
        for pair in entry.accepted:
            key = (pair.city, pair.assisted, pair.assisting)
            if key not in seen:
                continue
            other, first = seen[key]
            fields = differing(_said(first), _said(pair))
            if not fields:
                continue
            label = f"“{other}”（{first.source.sheet}）第 {first.source.row} 行"
            params = difference_params(_said(first), _said(pair), fields, label)
            duplicates.append(
                make_issue(
                    "pair-differs-across-files",
                    file=entry.file,
                    sheet=pair.source.sheet,
                    row=pair.source.row,
                    assisted=pair.assisted,
                    assisting=pair.assisting,
                    other=label,
                    city=pair.city,
                    detail=params["detail"],
                    names=params["names"],
                )
            )
            entry.errors += 1
            rejected.add((pair.source.sheet, pair.source.row))
        for pair in entry.accepted:
            key = (pair.city, pair.assisted, pair.assisting)
            if (pair.source.sheet, pair.source.row) in rejected:
                continue
            if key in seen:
                duplicates.append(
                    make_issue(
                        "pair-duplicate-across-files",
                        file=entry.file,
                        sheet=pair.source.sheet,
                        row=pair.source.row,
                        assisted=pair.assisted,
                        assisting=pair.assisting,
                        other=seen[key][0],
                    )
                )
                continue
            seen[key] = (entry.file, pair)
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
