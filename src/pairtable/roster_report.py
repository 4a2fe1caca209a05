"""The roster as a report: what `roster --json` prints (`RosterReport.model_dump_json`)."""

from __future__ import annotations

from pydantic import ConfigDict

from pairtable.models import Report
from pairtable.roster import EVIDENCE_LABELS, Evidence, Roster


class _Report(Report):
    model_config = ConfigDict(frozen=True)


class RosterKeyCounty(_Report):
    city: str
    county: str
    code: str
    evidence: Evidence
    evidence_label: str
    source: str


class RosterDivision(_Report):
    county: str
    code: str
    former_names: list[str]


class RosterZone(_Report):
    zone: str
    code: str
    aliases: list[str]


class RosterCity(_Report):
    city: str
    code: str
    area_code: str
    key_counties: list[str]
    divisions: list[RosterDivision]
    zones: list[RosterZone]


class RosterInfo(_Report):
    """Which list of key counties a report was judged against."""

    declared_total: int
    unconfirmed: int
    origin: str
    fingerprint: str

    @classmethod
    def of(cls, roster: Roster) -> RosterInfo:
        return cls(
            declared_total=roster.declared_total,
            unconfirmed=roster.unconfirmed,
            origin=roster.origin,
            fingerprint=roster.fingerprint,
        )


class RosterReport(RosterInfo):
    key_counties: list[RosterKeyCounty]
    cities: list[RosterCity]


def roster_report(roster: Roster) -> RosterReport:
    info = RosterInfo.of(roster)
    return RosterReport(
        **info.model_dump(),
        key_counties=[
            RosterKeyCounty(
                city=k.city,
                county=k.county,
                code=k.code,
                evidence=k.evidence,
                evidence_label=EVIDENCE_LABELS[k.evidence],
                source=k.source,
            )
            for k in roster.key_counties
        ],
        cities=[
            RosterCity(
                city=city.name,
                code=city.code,
                area_code=city.area_code,
                key_counties=[k.county for k in roster.key_counties_of(city.name)],
                divisions=[
                    RosterDivision(county=d.name, code=d.code, former_names=list(d.former_names))
                    for d in roster.divisions_of(city.name, zones=False)
                ],
                zones=[
                    RosterZone(zone=d.name, code=d.code, aliases=list(d.former_names))
                    for d in roster.divisions_of(city.name)
                    if d.is_zone
                ],
            )
            for city in roster.cities
        ],
    )
