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

# What each object is, for whoever reads the schema (the models' own docstrings are dropped).
_DESCRIPTIONS = {
    "FileReport": "一个文件（或压缩包、邮件中的一个表格）的检查结果",
    "Header": "表头和表尾：填报单位、填报时间（YYYY-MM-DD）、填表人及其联系方式",
    "Issue": (
        "一条问题：code 见 README“问题代码”；cell 含工作表名，如 统计表!C7；value 是填写的原文"
    ),
    "Pair": (
        "一对结对关系（通过全部检查的一行）：市名、重点帮扶县、结对帮扶县为名单中的规范名称；"
        "phone 为规范写法，多个号码用“、”连接（--redact 时中间几位为 *）"
    ),
    "Source": "这一行来自哪里：文件（压缩包内为 材料.zip!/表.xlsx）、工作表、行号（从 1 起）",
    "FileEntry": "收件箱中的一个文件及其结果：status 为 used 已采用、superseded 已被替代、"
    "ignored 已忽略、unreadable 无法读取、conflict 冲突、unpacked 已解压",
    "CoverageEntry": "一个重点帮扶县的覆盖情况：status 为 covered 已覆盖、invalid 有错误、"
    "missing 未报；cause 说明未覆盖的原因（已覆盖时为 null）",
    "CitySummary": "一个市的汇总：应报、已覆盖、有错误（其中冲突）、未报的县数，结对方式",
    "MergedIssue": "一条问题，另有 file_status：所在文件的状态（同 files 的 status；"
    "不属于某个文件时为空字符串）",
    "MergeSummary": "全省汇总：重点帮扶县总数及各状态的县数，未报送的市",
    "RosterInfo": "所用的重点帮扶县名单：规定总数、推测条目数、来源、指纹",
    "RosterKeyCounty": "名单中的一个重点帮扶县及其依据",
    "RosterCity": "一个市：代码、区号、重点帮扶县、县级行政区划及功能区",
    "RosterDivision": "一个县级行政区划（含曾用名）",
    "RosterZone": "一个功能区（含别名）",
    "FeedbackCity": (
        "给一个市的反馈：action 为 fix 需修改、report 需补报、remind 提醒、none 无需反馈"
    ),
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
    body = _described(adapter.json_schema(mode="serialization"))
    for name, text in _DESCRIPTIONS.items():
        if name in body.get("$defs", {}):
            body["$defs"][name]["description"] = text
    head = {"$schema": DRAFT, "$id": f"{ID_BASE}{command}.schema.json", "title": _TITLES[command]}
    if "description" in body:
        head["description"] = body.pop("description")
    return {**head, **{k: v for k, v in body.items() if k != "title"}}


def _described(node: Any) -> Any:
    """The schema without the models' docstrings (notes for developers, in English); the
    readers' descriptions are set from `_DESCRIPTIONS`."""
    if isinstance(node, dict):
        return {k: _described(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [_described(v) for v in node]
    return node


def schema_text(command: str) -> str:
    """The schema as committed: two-space indents, Chinese kept, a final newline."""
    return json.dumps(json_schema(command), ensure_ascii=False, indent=2) + "\n"
