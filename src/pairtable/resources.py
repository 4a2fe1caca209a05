"""Where bundled data lives: inside the installed wheel, or in the source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def bundled_roster_dir() -> Path:
    installed = _PACKAGE_DIR / "_bundled" / "roster"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parents[1] / "templates" / "roster"
