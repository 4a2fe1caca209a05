"""The roster as plain data (the `roster --json` contract)."""

from __future__ import annotations

from typing import Any

from pairtable.roster import EVIDENCE_LABELS, Roster


def roster_payload(roster: Roster) -> dict[str, Any]:
    return {
        "declared_total": roster.declared_total,
        "unconfirmed": roster.unconfirmed,
        "origin": roster.origin,
        "fingerprint": roster.fingerprint,
        "key_counties": [
            {
                "city": k.city,
                "county": k.county,
                "code": k.code,
                "evidence": k.evidence,
                "evidence_label": EVIDENCE_LABELS[k.evidence],
                "source": k.source,
            }
            for k in roster.key_counties
        ],
        "cities": [
            {
                "city": city.name,
                "code": city.code,
                "area_code": city.area_code,
                "key_counties": [k.county for k in roster.key_counties_of(city.name)],
                "divisions": [
                    {"county": d.name, "code": d.code, "former_names": list(d.former_names)}
                    for d in roster.divisions_of(city.name, zones=False)
                ],
                "zones": [
                    {"zone": d.name, "code": d.code, "aliases": list(d.former_names)}
                    for d in roster.divisions_of(city.name)
                    if d.is_zone
                ],
            }
            for city in roster.cities
        ],
    }
