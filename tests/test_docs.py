"""The README stays true: the codes table is the catalogue's, and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from pairtable.catalogue import CATALOGUE, markdown_table
from pairtable.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_codes_table_is_generated_from_the_catalogue() -> None:
    section = re.search(r"<!-- codes:start -->\n(.*?)\n<!-- codes:end -->", README, re.S)
    assert section is not None
    assert section.group(1) == markdown_table(), (
        "README codes table is stale: run `python -m pairtable.catalogue` and paste it in"
    )


def test_every_catalogue_message_is_chinese_and_has_a_hint() -> None:
    for code, kind in CATALOGUE.items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", code), code
        assert re.search(r"[\u4e00-\u9fff]", kind.message) and kind.hint, code


def test_every_command_is_documented() -> None:
    for command in app.registered_commands:
        name = command.name or (
            command.callback.__name__.replace("_", "-") if command.callback else ""
        )
        assert f"pairtable {name}" in README, name
