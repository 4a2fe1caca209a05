"""Rewrite the codes table in README.md from the catalogue (tests/test_docs.py checks it)."""

from __future__ import annotations

import re
from pathlib import Path

from pairtable.catalogue import markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"
text = README.read_text(encoding="utf-8")
updated = re.sub(
    r"(<!-- codes:start -->\n).*?(\n<!-- codes:end -->)",
    lambda m: m.group(1) + markdown_table() + m.group(2),
    text,
    flags=re.S,
)
README.write_text(updated, encoding="utf-8")
print("README codes table updated" if updated != text else "README codes table already current")
