"""Draw a coverage-map scene as PNG with Pillow (imported here only, when a PNG is wanted).

Drawn at SUPERSAMPLE times the page size and reduced, for smooth edges and text; the bundled
font subset makes the labels look the same on every machine. Same scene, same bytes.
"""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING, Any

from pairtable.coverage_map import (
    BORDER_STYLE,
    FILL,
    FONT_DIR,
    FONT_FILES,
    HATCH,
    HATCH_COLOUR,
    HATCH_SPACING,
    HATCH_WIDTH,
    Scene,
)

if TYPE_CHECKING:
    from PIL import Image as PILImage

SUPERSAMPLE = 2
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def map_png(scene: Scene, *, scale: float = 1.0) -> bytes:
    """The PNG file's bytes; `scale` 1 gives scene.width x scene.height pixels."""
    image = map_image(scene, scale=scale)
    buffer = io.BytesIO()
    # 150 dpi: the page is A4 when printed. Fast compression: this runs in every merge.
    image.save(buffer, format="PNG", compress_level=1, dpi=(150, 150))
    return buffer.getvalue()


def map_image(scene: Scene, *, scale: float = 1.0) -> PILImage.Image:
    from PIL import Image, ImageDraw

    k = scale * SUPERSAMPLE
    size = (round(scene.width * scale) * SUPERSAMPLE, round(scene.height * scale) * SUPERSAMPLE)
    image = Image.new("RGB", size, "#FFFFFF")
    draw = ImageDraw.Draw(image)

    def scaled(points: Any) -> list[tuple[float, float]]:
        return [(x * k, y * k) for x, y in points]

    for area in scene.areas:
        for polygon in area.polygons:
            # Holes are other divisions, drawn later over this one.
            draw.polygon(scaled(polygon[0]), fill=FILL[area.status])
    for swatch in scene.swatches:
        draw.rectangle(
            _box(swatch.x, swatch.y, swatch.width, swatch.height, k), fill=FILL[swatch.status]
        )
    # Hatching, area by area within its own bounds (full-canvas masks cost more than drawing).
    for area in scene.areas:
        if area.status in HATCH:
            for polygon in area.polygons:
                _hatch_polygon(image, [scaled(ring) for ring in polygon], HATCH[area.status], k)
    for swatch in scene.swatches:
        if swatch.status in HATCH:
            x0, y0, x1, y1 = _box(swatch.x, swatch.y, swatch.width, swatch.height, k)
            corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
            _hatch_polygon(image, [corners], HATCH[swatch.status], k)
    for kind, (colour, width) in BORDER_STYLE.items():
        line_width = max(1, round(width * k))
        joint = "curve" if line_width > 2 else None
        for arc_kind, arc in scene.borders:
            if arc_kind == kind:
                draw.line(scaled(arc), fill=colour, width=line_width, joint=joint)
    for swatch in scene.swatches:
        box = _box(swatch.x, swatch.y, swatch.width, swatch.height, k)
        draw.rectangle(box, outline="#3C3C3C", width=max(1, round(k)))
    for text in scene.texts:
        font = _font(text.bold, round(text.size * k))
        draw.text(
            (text.x * k, text.y * k),
            text.text,
            fill=text.colour,
            font=font,
            anchor=_ANCHORS[text.anchor],
            stroke_width=round(1.75 * k) if text.halo else 0,
            stroke_fill="#FFFFFF",
        )
    return image.reduce(SUPERSAMPLE)


def _hatch_polygon(
    image: PILImage.Image, rings: list[list[tuple[float, float]]], kind: str, k: float
) -> None:
    """Hatch lines over one polygon (outer ring, then holes), in phase with the whole canvas."""
    from PIL import Image, ImageChops, ImageDraw

    xs = [x for x, _ in rings[0]]
    ys = [y for _, y in rings[0]]
    left, top = max(0, int(min(xs))), max(0, int(min(ys)))
    right, bottom = min(image.width, int(max(xs)) + 2), min(image.height, int(max(ys)) + 2)
    if right <= left or bottom <= top:
        return
    size = (right - left, bottom - top)
    inside = Image.new("L", size, 0)
    shape = ImageDraw.Draw(inside)
    for n, ring in enumerate(rings):
        shape.polygon([(x - left, y - top) for x, y in ring], fill=0 if n else 255)
    lines = Image.new("L", size, 0)
    draw = ImageDraw.Draw(lines)
    step = HATCH_SPACING * k * 2**0.5
    width = max(1, round(HATCH_WIDTH * k))
    height = size[1]
    count = int((size[0] + height) // step) + 2
    first = int((left + top) // step)
    for n in range(first, first + count):
        c = n * step - left - top  # the canvas line x + y = n * step
        draw.line([(c, 0), (c - height, height)], fill=255, width=width)
    if kind == "cross":
        first = int((left - bottom) // step)
        for n in range(first, first + count):
            c = n * step - left + top  # the canvas line x - y = n * step
            draw.line([(c, 0), (c + height, height)], fill=255, width=width)
    image.paste(HATCH_COLOUR, (left, top, right, bottom), mask=ImageChops.multiply(inside, lines))


def _box(x: float, y: float, width: float, height: float, k: float) -> list[float]:
    return [x * k, y * k, (x + width) * k, (y + height) * k]


@cache
def _font(bold: bool, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), size)
