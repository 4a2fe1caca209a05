"""JSON Schemas (draft 2020-12) of every `--json` output, generated from the report models.

`pairtable schema NAME` prints one; copies are committed under docs/schema/ (NAME.schema.json)
and tests/test_schema.py keeps them in sync and checks real output against them.
"""

from __future__ import annotations

import json
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://pairtable.invalid/schema/"
# The commands with a --json output, in the order `pairtable schema --help` lists them.
COMMANDS = ("validate", "merge", "roster", "feedback")
_TITLES = {
    "validate": "pairtable validate --json：一个文件的检查结果（多个文件时为数组）",
    "merge": "pairtable merge --json：全省汇总结果",
    "roster": "pairtable roster --json：重点帮扶县名单",
    "feedback": "pairtable feedback --json：各市反馈包",
}


def json_schema(command: str) -> dict[str, Any]:
    """The schema of `pairtable COMMAND --json`, as it is printed (serialization mode)."""
    from pydantic import TypeAdapter

    adapter: TypeAdapter[Any]
    if command == "validate":
        from pairtable.models import FileReport

        adapter = TypeAdapter(FileReport | list[FileReport])
    elif command == "merge":
        from pairtable.merge_report import MergeReport

        adapter = TypeAdapter(MergeReport)
    elif command == "roster":
        from pairtable.roster_report import RosterReport

        adapter = TypeAdapter(RosterReport)
    elif command == "feedback":
        from pairtable.pack import FeedbackReport

        adapter = TypeAdapter(FeedbackReport)
    else:
        raise ValueError(f"no --json output: {command}")
    body = adapter.json_schema(mode="serialization")
    head = {"$schema": DRAFT, "$id": f"{ID_BASE}{command}.schema.json", "title": _TITLES[command]}
    return {**head, **{k: v for k, v in body.items() if k != "title"}}


def schema_text(command: str) -> str:
    """The schema as committed: two-space indents, Chinese kept, a final newline."""
    return json.dumps(json_schema(command), ensure_ascii=False, indent=2) + "\n"
