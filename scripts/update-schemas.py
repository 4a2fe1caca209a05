"""Rewrite docs/schema/*.schema.json from the report models (tests/test_schema.py checks them)."""

from __future__ import annotations

from pathlib import Path

from pairtable.schemas import COMMANDS, schema_text

FOLDER = Path(__file__).resolve().parents[1] / "docs" / "schema"
FOLDER.mkdir(parents=True, exist_ok=True)
for command in COMMANDS:
    target = FOLDER / f"{command}.schema.json"
    text = schema_text(command)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
        print(f"updated {target.relative_to(FOLDER.parents[1])}")
