"""Coverage of the key counties and the per-city summaries, from the returns a merge used.

Each key county is covered (an accepted pair), invalid (named only in rows with errors, or only
in conflicting returns) or missing; `cause` says why it is not covered.
"""

from __future__ import annotations

from collections import defaultdict

from pairtable.merge_report import (
    Cause,
    CitySummary,
    CoverageEntry,
    CoverageStatus,
    FileEntry,
    PairingMode,
)
from pairtable.models import Pair
from pairtable.roster import Roster


def key_county_coverage(
    entries: list[FileEntry], pairs: list[Pair], roster: Roster
) -> list[CoverageEntry]:
    """One entry per key county, in roster order."""
    helpers: dict[tuple[str, str], list[str]] = defaultdict(list)
    sources: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pair in pairs:
        key = (pair.city, pair.assisted)
        if pair.assisting not in helpers[key]:
            helpers[key].append(pair.assisting)
        if pair.source.file and pair.source.file not in sources[key]:
            sources[key].append(pair.source.file)
    invalid: dict[tuple[str, str], list[str]] = defaultdict(list)
    in_error_rows: set[tuple[str, str]] = set()
    submitted: set[str] = set()
    # Cities whose files all failed to read: something arrived, so they are not 未报送 in silence.
    unreadable = {e.city for e in entries if e.status == "unreadable" and e.city}
    for entry in entries:
        if entry.status in ("used", "conflict") and entry.city:
            submitted.add(entry.city)
            named = list(entry.rejected_counties)
            if entry.status == "used":
                in_error_rows.update((entry.city, county) for county in named)
            else:
                named = sorted({pair.assisted for pair in entry.accepted} | set(named))
            for county in named:
                invalid[(entry.city, county)].append(entry.file)
    coverage = []
    for key_county in roster.key_counties:
        key = (key_county.city, key_county.county)
        status: CoverageStatus
        cause: Cause | None = None
        if key in helpers:
            status = "covered"
        elif key in invalid:
            status = "invalid"
            # Rows with errors in a return that is used are the city's to fix first.
            cause = "row-errors" if key in in_error_rows else "conflict"
        else:
            status = "missing"
            if key_county.city in submitted:
                cause = "not-in-return"
            elif key_county.city in unreadable:
                cause = "unreadable-return"
            else:
                cause = "not-submitted"
        coverage.append(
            CoverageEntry(
                city=key_county.city,
                county=key_county.county,
                status=status,
                assisting=helpers.get(key, []),
                evidence=key_county.evidence,
                sources=sources.get(key) or invalid.get(key) or [],
                cause=cause,
            )
        )
    return coverage


def pairing_mode(pairs: list[Pair]) -> PairingMode:
    """一对一 / 一对多 / 多对一 / 混合, from how many helpers each county has and vice versa."""
    if not pairs:
        return "—"
    helpers_of: dict[str, set[str]] = defaultdict(set)
    helped_by: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        helpers_of[pair.assisted].add(pair.assisting)
        helped_by[pair.assisting].add(pair.assisted)
    one_to_many = any(len(h) > 1 for h in helpers_of.values())
    many_to_one = any(len(a) > 1 for a in helped_by.values())
    if one_to_many and many_to_one:
        return "混合"
    return "一对多" if one_to_many else "多对一" if many_to_one else "一对一"


def city_summaries(
    entries: list[FileEntry], coverage: list[CoverageEntry], pairs: list[Pair], roster: Roster
) -> list[CitySummary]:
    """One summary per city of the roster, in roster order."""
    summaries = []
    for city in roster.city_names:
        used = [e for e in entries if e.city == city and e.status in ("used", "conflict")]
        mine = [c for c in coverage if c.city == city]
        summaries.append(
            CitySummary(
                city=city,
                submitted=bool(used),
                file="、".join(e.file for e in used) or None,
                filled_on=max((e.filled_on for e in used if e.filled_on), default=None),
                expected=len(mine),
                covered=sum(1 for c in mine if c.status == "covered"),
                invalid=sum(1 for c in mine if c.status == "invalid"),
                missing=sum(1 for c in mine if c.status == "missing"),
                mode=pairing_mode([p for p in pairs if p.city == city]),
                conflict=sum(1 for c in mine if c.cause == "conflict"),
            )
        )
    return summaries
