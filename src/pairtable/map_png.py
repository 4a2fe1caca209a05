"""Draw a coverage-map scene as PNG with Pillow (imported here only, when a PNG is wanted).

Shapes are drawn at SUPERSAMPLE times the size and reduced, for smooth edges; text is drawn at
the final size from the bundled font subset (basic layout, no libraqm), so labels look the same
on every machine. Same scene, same bytes.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache
from typing import TYPE_CHECKING, Any

from pairtable.coverage_map import (
    BORDER_STYLE,
    FILL,
    FONT_DIR,
    FONT_FILES,
    HALO_WIDTH,
    HATCH,
    HATCH_COLOUR,
    HATCH_SPACING,
    HATCH_WIDTH,
    PAGE_DPI,
    TEXT_STYLES,
    Scene,
)

if TYPE_CHECKING:
    from PIL import Image as PILImage

SUPERSAMPLE = 2
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def map_png(scene: Scene, *, scale: float = 1.0) -> bytes:
    """The PNG file's bytes; `scale` 1 gives scene.width x scene.height pixels, A4 at 150 dpi."""
    return png_bytes(map_image(scene, scale=scale), dpi=PAGE_DPI * scale)


def png_bytes(image: PILImage.Image, *, dpi: float) -> bytes:
    """An RGB image as PNG, written here rather than by Pillow's encoder: rows unfiltered and
    zlib at level 3 take half the time of Pillow's adaptive filtering (and spare loading its
    other image plugins) for a file a quarter smaller on these flat colours. Every merge
    draws a map, so this counts. `dpi` goes in the pHYs chunk (the print size)."""
    width, height = image.size
    raw = (image if image.mode == "RGB" else image.convert("RGB")).tobytes()
    stride = 3 * width
    rows = b"".join(b"\x00" + raw[i : i + stride] for i in range(0, len(raw), stride))
    per_metre = round(dpi / 0.0254)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _chunk(b"IDAT", zlib.compress(rows, 3)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def map_image(scene: Scene, *, scale: float = 1.0) -> PILImage.Image:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (round(scene.width * scale), round(scene.height * scale)), "#FFFFFF")
    # Shapes are drawn SUPERSAMPLE times larger, only over the region they cover, and reduced;
    # text is drawn afterwards at the final size (FreeType smooths it itself, and faster).
    left, top, right, bottom = _region(scene, scale, page.size)
    k = scale * SUPERSAMPLE
    size = ((right - left) * SUPERSAMPLE, (bottom - top) * SUPERSAMPLE)
    canvas = Image.new("RGB", size, "#FFFFFF")
    draw = ImageDraw.Draw(canvas)
    dx, dy = left * SUPERSAMPLE, top * SUPERSAMPLE

    def scaled(points: Any) -> list[tuple[float, float]]:
        return [(x * k - dx, y * k - dy) for x, y in points]

    swatches = [
        (s.status, scaled([(s.x, s.y), (s.x + s.width, s.y), (s.x + s.width, s.y + s.height)]))
        for s in scene.swatches
    ]
    for area in scene.areas:
        for polygon in area.polygons:
            # Holes are other divisions, drawn later over this one.
            draw.polygon(scaled(polygon[0]), fill=FILL[area.status])
    for status, (corner, _, far) in swatches:
        draw.rectangle((corner, far), fill=FILL[status])
    # Hatching, area by area within its own bounds (full-canvas masks cost more than drawing).
    for area in scene.areas:
        if area.status in HATCH:
            for polygon in area.polygons:
                _hatch_polygon(canvas, [scaled(ring) for ring in polygon], HATCH[area.status], k)
    for status, (corner, right_top, far) in swatches:
        if status in HATCH:
            square = [corner, right_top, far, (corner[0], far[1])]
            _hatch_polygon(canvas, [square], HATCH[status], k)
    for kind, (colour, width) in BORDER_STYLE.items():
        line_width = max(1, round(width * k))
        joint = "curve" if line_width > 2 else None
        for arc_kind, arc in scene.borders:
            if arc_kind == kind:
                draw.line(scaled(arc), fill=colour, width=line_width, joint=joint)
    for _, (corner, _, far) in swatches:
        draw.rectangle((corner, far), outline="#3C3C3C", width=max(1, round(k)))
    page.paste(canvas.reduce(SUPERSAMPLE), (left, top))
    text_draw = ImageDraw.Draw(page)
    for text in scene.texts:
        text_draw.text(
            (text.x * scale, text.y * scale),
            text.text,
            fill=text.colour,
            font=_font(text.bold, round(text.size * scale)),
            anchor=_ANCHORS[text.anchor],
            stroke_width=round(HALO_WIDTH * scale) if text.halo else 0,
            stroke_fill="#FFFFFF",
        )
    return page


def _region(scene: Scene, scale: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The part of the page (in final pixels) that shapes cover, with room for border widths."""
    xs = [x for a in scene.areas for p in a.polygons for x, _ in p[0]]
    ys = [y for a in scene.areas for p in a.polygons for _, y in p[0]]
    xs += [v for s in scene.swatches for v in (s.x, s.x + s.width)]
    ys += [v for s in scene.swatches for v in (s.y, s.y + s.height)]
    pad = 4
    return (
        max(0, int(min(xs) * scale) - pad),
        max(0, int(min(ys) * scale) - pad),
        min(size[0], int(max(xs) * scale) + pad),
        min(size[1], int(max(ys) * scale) + pad),
    )


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


def prepare(scale: float) -> None:
    """Import Pillow's parts and load the fonts a map at `scale` uses, ahead of drawing."""
    from PIL import Image, ImageChops, ImageDraw  # noqa: F401

    for bold, size in TEXT_STYLES:
        _font(bold, round(size * scale))


@cache
def _font(bold: bool, size: int) -> Any:
    from PIL import ImageFont

    # Chinese needs no shaping: the basic layout is the same picture as Raqm's, and faster.
    engine = ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONT_DIR / FONT_FILES[bold]), size, layout_engine=engine)
