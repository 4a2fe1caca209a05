"""Subset Noto Sans CJK SC to the characters the coverage map draws (src/pairtable/fonts/).

    apt-get install fonts-noto-cjk && .venv/bin/pip install fonttools
    .venv/bin/python scripts/build-map-font.py [--regular PATH.ttc] [--bold PATH.ttc]

Characters: the map's fixed texts (pairtable.coverage_map.FIXED_TEXTS), every city and division
name of the bundled roster, digits and printable ASCII. The font is under the SIL Open Font
Licence 1.1 (OFL.txt beside the output); the subset is renamed (the OFL asks modified versions
not to carry the original's name). Same inputs, same bytes: the head table's dates are fixed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

from pairtable.coverage_map import FIXED_TEXTS, FONT_DIR, FONT_FAMILY, FONT_FILES
from pairtable.roster import load_roster

DEBIAN = Path("/usr/share/fonts/opentype/noto")
SOURCES = {False: DEBIAN / "NotoSansCJK-Regular.ttc", True: DEBIAN / "NotoSansCJK-Bold.ttc"}
LICENCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")


def characters() -> str:
    roster = load_roster()
    names = [c.name for c in roster.cities] + [d.name for d in roster.divisions]
    ascii_printable = "".join(chr(c) for c in range(0x20, 0x7F))
    text = "".join(FIXED_TEXTS) + "".join(names) + ascii_printable + "　、，。：；（）"
    return "".join(sorted(set(text)))


def sc_font(path: Path) -> TTFont:
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == "Noto Sans CJK SC":
                return font
        raise SystemExit(f"no Noto Sans CJK SC in {path}")
    return TTFont(str(path))


def build(source: Path, bold: bool, text: str, folder: Path) -> Path:
    font = sc_font(source)
    options = subset.Options()
    options.layout_features = ["kern", "palt", "vert"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    style = "Bold" if bold else "Regular"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(FONT_FAMILY, 1, 3, 1, 0x409)
    names.setName(f"{FONT_FAMILY} {style}", 4, 3, 1, 0x409)
    names.setName(f"{FONT_FAMILY}-{style}", 6, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [f"{FONT_FAMILY}-{style}"]
    font["head"].created = font["head"].modified = 0
    font.recalcTimestamp = False  # else fontTools stamps the time of saving
    target = folder / FONT_FILES[bold]
    font.save(str(target))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regular", type=Path, default=SOURCES[False])
    parser.add_argument("--bold", type=Path, default=SOURCES[True])
    parser.add_argument("-o", "--output-dir", type=Path, default=FONT_DIR)
    args = parser.parse_args()
    folder = args.output_dir
    folder.mkdir(exist_ok=True)
    text = characters()
    for bold, source in ((False, args.regular), (True, args.bold)):
        target = build(source, bold, text, folder)
        print(f"wrote {target} ({target.stat().st_size // 1024} KB, {len(text)} characters)")
    licence = LICENCE.read_text(encoding="utf-8")
    start = licence.index(" SIL OPEN FONT LICENSE Version 1.1")
    body = "\n".join(
        line[1:] if line.startswith(" ") else line for line in licence[start:].splitlines()
    )
    body = body.replace("\n.\n", "\n\n")
    (folder / "OFL.txt").write_text(
        f"{FONT_FILES[False]} and {FONT_FILES[True]} are subsets of Noto Sans CJK SC\n"
        "(Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'),\n"
        "renamed to PairtableMapSans, made by scripts/build-map-font.py from Debian's\n"
        "fonts-noto-cjk. They are licensed under the SIL Open Font License, Version 1.1:\n\n"
        + body.split("\nLicense:")[0].strip()
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
