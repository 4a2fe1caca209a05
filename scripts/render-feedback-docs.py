"""Regenerate the `feedback` pictures in docs/ from the example inbox (needs LibreOffice, pdftoppm).

Run: .venv/bin/python scripts/render-feedback-docs.py
Writes docs/feedback-annotated-issues.png and -sheet.png (吕梁市's annotated copy: the 问题清单
and the city's sheet with the cell marked),
docs/feedback-overview.png (反馈清单.xlsx) and prints 吕梁市's notice for the README.
For the picture only, the annotated copy is printed landscape, one page wide: the copy keeps
the city's own page setup, which for this example is none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.worksheet.properties import PageSetupProperties

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# The README's example: the same arguments tests/test_feedback.py uses to check the notice.
ARGS = ["--contact", "李子豪 13994996777", "--deadline", "2021-08-27"]
EPOCH = "1629763200"


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def to_pdf(source: Path, work: Path) -> Path:
    run(
        "soffice",
        f"-env:UserInstallation=file://{work}/profile",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(source),
    )
    return work / f"{source.stem}.pdf"


def page_png(
    pdf: Path, page: int, target: Path, crop: tuple[int, int, int, int], dpi: int = 100
) -> None:
    prefix = pdf.with_suffix("")
    options = ["-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
    x, y, w, h = crop
    options += ["-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h)]
    run("pdftoppm", "-png", *options, str(pdf), str(prefix))
    shutil.copy(f"{prefix}.png", target)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        out = work / "packs"
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
        command = [sys.executable, "-m", "pairtable", "feedback", "examples/inbox", "-o", str(out)]
        subprocess.run([*command, *ARGS], check=True, env=env, cwd=ROOT, capture_output=True)
        book = openpyxl.load_workbook(out / "吕梁市" / "吕梁市-问题标注.xlsx")
        for sheet in book.worksheets:
            sheet.page_setup.orientation = "landscape"
            sheet.page_setup.paperSize = 9
            sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
            sheet.print_options.gridLines = True
        copy = work / "annotated.xlsx"
        book.save(copy)
        pdf = to_pdf(copy, work)
        page_png(pdf, 1, DOCS / "feedback-annotated-issues.png", (60, 155, 1700, 92), dpi=160)
        page_png(pdf, 2, DOCS / "feedback-annotated-sheet.png", (40, 90, 1080, 290))
        overview = to_pdf(out / "反馈清单.xlsx", work)
        page_png(overview, 1, DOCS / "feedback-overview.png", (0, 40, 1169, 495))
        notice = (out / "吕梁市" / "吕梁市-通知.txt").read_text(encoding="utf-8-sig")
    print(notice.replace("\r\n", "\n"))


if __name__ == "__main__":
    main()
