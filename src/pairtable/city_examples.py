"""Each city's own examples: its area code and counties, for templates and messages alike.

The area codes come from the roster's city table (`cities.csv`, column `area_code`), the same
table the phone rules use when a landline lacks its area code.
"""

from __future__ import annotations

from dataclasses import dataclass

from pairtable.roster import Roster


@dataclass(frozen=True)
class CityExamples:
    area: str  # 0352
    county: str  # a county of the city that is not a key county (a likely helper): 平城区
    other_county: str  # another one, for a second example row
    unit_title: str  # 平城区乡村振兴局局长

    @property
    def landline(self) -> str:
        return f"{self.area}-1234567"


def city_examples(roster: Roster, city: str) -> CityExamples:
    keys = {k.county for k in roster.key_counties_of(city)}
    names = [d.name for d in roster.divisions_of(city, zones=False)]
    helpers = [n for n in names if n not in keys] or names or [city]
    first = helpers[0]
    second = helpers[1] if len(helpers) > 1 else first
    return CityExamples(roster.city(city).area_code, first, second, f"{first}乡村振兴局局长")
