"""The one catalogue of finding codes: severity, Chinese message and hint templates.

The README's table of codes is generated from `CATALOGUE` (see `markdown_table`), and a test
fails when the two drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Kind:
    severity: Severity
    message: str
    hint: str


# How each severity is named wherever people read it: terminal, workbooks, comments, README.
SEVERITY_LABELS: dict[Severity, str] = {"error": "错误", "warning": "提醒"}
# Where a finding is, for people: its cell, else its row, else the whole file.
WHOLE_FILE = "整个文件"


def place_label(cell: str | None, row: int | None = None) -> str:
    """`统计表!C7`, `第 7 行` or `整个文件`."""
    return cell or (f"第 {row} 行" if row else WHOLE_FILE)


_E: Severity = "error"
_W: Severity = "warning"

CATALOGUE: dict[str, Kind] = {
    # The file as a whole.
    "file-empty": Kind(_E, "文件是空的（0 字节）", "请检查邮件附件，重新导出后报送"),
    "file-unreadable": Kind(
        _E,
        "文件已损坏，无法读取：{detail}",
        "请用 Excel 或 WPS 打开确认能正常显示，另存为 .xlsx 后重新报送",
    ),
    "file-not-spreadsheet": Kind(
        _E, "文件不是电子表格，而是{detail}", "请报送 Excel 表格（.xlsx 或 .xls），不要改扩展名"
    ),
    "file-encrypted": Kind(
        _E,
        "文件设置了打开密码，无法读取",
        "请在 Excel/WPS 中取消“用密码进行加密”后另存，再重新报送",
    ),
    "file-too-large": Kind(
        _E, "文件超出安全限制：{detail}", "这不像一份统计表；请核对附件，只报送统计表本身"
    ),
    "file-wps-et": Kind(
        _E,
        "WPS 的 .et 文件已损坏，无法读取",
        "请在 WPS 中打开确认能正常显示，选择“另存为 → Excel 文件（*.xlsx）”后报送",
    ),
    "file-lock-name": Kind(
        _W,
        "文件名以“{prefix}”开头，Excel/WPS 会把这样的文件当作锁文件（打开表格时产生的临时文件），"
        "可能将其隐藏或删除；本表内容已照常读取",
        "请把文件改名，去掉开头的“{prefix}”，以后报送时也不要用这样的文件名",
    ),
    "macro-ignored": Kind(
        _W, "文件含有宏，宏没有运行，只读取了数据", "请另存为不含宏的 .xlsx 后报送"
    ),
    "formula-no-value": Kind(
        _W,
        "单元格是公式，但文件中没有保存计算结果，已按空白读取（公式不会被执行）",
        "请在 Excel/WPS 中打开并保存一次，或把公式“复制 → 选择性粘贴 → 数值”后重新报送",
    ),
    "no-table": Kind(
        _E,
        "没有找到统计表：各工作表中都没有“重点帮扶县”“结对帮扶县”等表头",
        "请使用省里下发的模板；表头应为：市名、重点帮扶县、结对帮扶县、具体负责人、单位及职务、联系方式、备注",
    ),
    "missing-column": Kind(_E, "表头中缺少“{column}”列", "请在表头中加上“{column}”列并逐行填写"),
    "unknown-column": Kind(
        _W,
        "无法识别的列“{value}”，其内容未汇总",
        "如该列不需要可以删除；如是规定的列，请把表头改为标准名称",
    ),
    "duplicate-column": Kind(
        _W,
        "“{first}”（{first_col} 列）和“{value}”（{col} 列）都是“{column}”列，"
        "只读取了“{first}”（{first_col} 列）",
        "请把 {col} 列的内容并入 {first_col} 列（几项内容用“、”分隔）后删除 {col} 列",
    ),
    "city-unknown": Kind(
        _E,
        "无法确定本表属于哪个市",
        "请在“市名”列填写市名（如“大同市”），并在“填报单位”中写明本市乡村振兴局",
    ),
    "city-conflict": Kind(
        _W, "本表所属的市不一致：{detail}，已按{city}处理", "请核对市名、填报单位和文件名"
    ),
    "unit-missing": Kind(_W, "没有填写“填报单位”", "请在表头处填写填报单位，如“{city}乡村振兴局”"),
    "filled-on-missing": Kind(_W, "没有填写“填报时间”", "请填写填报时间，如 2021年8月20日"),
    "filled-on-invalid": Kind(
        _W, "填报时间“{value}”无法识别为日期", "请写成 2021年8月20日 或 2021-08-20"
    ),
    "filler-missing": Kind(_W, "表尾没有填写“填表人”", "请在表格下方填写填表人姓名"),
    "filler-phone-missing": Kind(
        _W, "表尾没有填写填表人的“联系方式”", "请在表格下方填写填表人联系方式"
    ),
    "filler-phone-invalid": Kind(
        _W,
        "填表人联系方式“{value}”不是有效的电话号码",
        "手机号 11 位；座机请写区号，如 {area}-1234567",
    ),
    "key-county-missing": Kind(
        _W,
        "{city}的重点帮扶县“{county}”没有填写结对帮扶情况",
        "每个重点帮扶县至少填写一行结对帮扶信息",
    ),
    # One row.
    "city-empty": Kind(_W, "{count} 行的“市名”为空，已按{city}处理", "请在每一行填写市名“{city}”"),
    "city-wrong": Kind(
        _E,
        "市名“{value}”与本表所属的{city}不符",
        "本表只填{city}的结对情况；其他市的情况由该市报送",
    ),
    "assisted-empty": Kind(
        _E, "没有填写“重点帮扶县”", "请从下拉列表中选择本市的重点帮扶县：{options}"
    ),
    "assisted-unknown": Kind(
        _E, "“{value}”不是山西省的县（市、区）名称", "请核对名称；{city}的重点帮扶县为：{options}"
    ),
    "assisted-ambiguous": Kind(_E, "“{value}”可能指{detail}", "请写出完整的现行名称"),
    "assisted-other-city": Kind(
        _E, "“{value}”属于{other}，不是{city}的县", "本表只填{city}的重点帮扶县：{options}"
    ),
    "assisted-not-key": Kind(
        _E,
        "“{value}”不在{city}的重点帮扶县名单中",
        "{city}的重点帮扶县为：{options}；如名单有误，请与省乡村振兴局联系",
    ),
    "assisting-empty": Kind(
        _E, "没有填写“结对帮扶县”", "请填写负责帮扶的本市县（市、区），多个用“、”分隔"
    ),
    "assisting-unknown": Kind(
        _E,
        "结对帮扶县“{value}”不是山西省的县（市、区）名称",
        "请核对名称，填写{city}的县（市、区），多个用“、”分隔",
    ),
    "assisting-ambiguous": Kind(_E, "结对帮扶县“{value}”可能指{detail}", "请写出完整的现行名称"),
    "assisting-other-city": Kind(
        _E,
        "结对帮扶县“{value}”属于{other}，不在{city}市域内",
        "县际结对帮扶限于市域内，请填写{city}的县（市、区）",
    ),
    "assisting-self": Kind(
        _E, "结对帮扶县与重点帮扶县相同（{value}）", "请填写负责帮扶的另一个县（市、区）"
    ),
    "assisting-zone": Kind(
        _W,
        "“{value}”是功能区，不是县级行政区划，已按功能区接收",
        "如实际由某个县（市、区）帮扶，请改填该县",
    ),
    "assisting-key-county": Kind(
        _W, "结对帮扶县“{value}”本身也是重点帮扶县", "请确认安排无误；一般应由综合实力较强的县帮扶"
    ),
    "name-normalised": Kind(
        _W, "“{value}”已按“{name}”处理（{detail}）", "下次请直接填写现行规范名称“{name}”"
    ),
    "person-empty": Kind(_E, "没有填写“具体负责人”", "请填写负责人姓名"),
    "person-invalid": Kind(
        _E,
        "具体负责人“{value}”不像是姓名",
        "请只填写姓名（如“张三”）；电话写在“联系方式”列，职务写在“单位及职务”列",
    ),
    "unit-empty": Kind(_E, "没有填写“单位及职务”", "请填写负责人的单位及职务，如“{unit_example}”"),
    "phone-empty": Kind(_E, "没有填写“联系方式”", "请填写手机号（11 位）或带区号的座机号"),
    "phone-invalid": Kind(
        _E,
        "联系方式“{value}”不是有效的电话号码",
        "手机号为 11 位（如 13912345678）；座机写区号，如 {area}-1234567，"
        "分机写“转8001”；多个号码用“、”分隔",
    ),
    "phone-scientific": Kind(
        _E,
        "联系方式“{value}”显示为科学计数法，号码的后几位已经丢失",
        "请把“联系方式”列设置为“文本”格式，再重新输入完整号码",
    ),
    "phone-leading-zero": Kind(
        _W,
        "号码“{value}”开头的 0 丢失，已补为“{phone}”",
        "请把“联系方式”列设置为“文本”格式后再填写",
    ),
    "phone-area-added": Kind(
        _W,
        "座机号“{value}”没有区号，已按{city}区号补为“{phone}”",
        "请填写带区号的座机号，如 {area}-1234567",
    ),
    "text-too-long": Kind(
        _E,
        "单元格内容过长（{count} 个字符），未读取",
        "请只填写规定内容；说明性文字请写在“备注”列或另附说明",
    ),
    "duplicate-pair": Kind(
        _W, "与{first}重复（{assisted}—{assisting}），内容相同，只计一次", "请删除重复的行"
    ),
    "duplicate-pair-differs": Kind(
        _E,
        "与{first}是同一结对关系（{assisted}—{assisting}），但内容不同：{detail}；本行未汇总",
        "请核实后合并为一行、删除另一行：两人都负责的，“具体负责人”写“{names}”，“联系方式”按同样顺序"
        "写两人的电话，用“、”分隔；其中一行有误的，删除有误的一行",
    ),
    "row-after-footer": Kind(
        _E, "“填表人”一行下面还有数据，未汇总", "请把这一行移到表格中“填表人”一行的上方"
    ),
    "row-schema": Kind(
        _E,
        "内部错误：本行通过了各项检查，却不符合数据模型（{detail}），未汇总",
        "这是 pairtable 的缺陷，不是填报的问题：请把本文件发给省里的维护人员",
    ),
    # The shapes offices send: several sheets, hidden rows, ditto marks, totals, archives.
    "sheet-hidden": Kind(
        _W,
        "工作表“{value}”是隐藏的，其中的统计表没有读取",
        "如其中的内容应当汇总，请取消隐藏该工作表后重新报送；如已作废，请删除该工作表",
    ),
    "sheet-not-read": Kind(
        _E,
        "工作表“{value}”像是统计表（{detail}），但找不到规定的表头，其内容没有读取",
        "请在该工作表的表格上方加上与统计表相同的表头，或把这些行移到统计表中",
    ),
    "row-hidden": Kind(
        _W,
        "这一行是隐藏行（或被筛选隐藏），未汇总：{value}",
        "如这一行应当计入，请取消隐藏后重新报送；如已作废，请删除这一行",
    ),
    "ditto-resolved": Kind(
        _W,
        "“{mark}”已按上一行的“{value}”处理",
        "下次请直接填写完整内容，不要用“同上”、〃 等符号",
    ),
    "ditto-no-value": Kind(
        _E,
        "本格写了“{value}”，但上方没有可沿用的内容（第一行，或上一行这一列是空的）",
        "请填写完整内容，不要用“同上”、〃 等符号",
    ),
    "rows-skipped": Kind(
        _W,
        "{detail}是合计、说明等行，不是结对关系，未汇总",
        "如其中有结对关系，请改写成与其他行相同的格式",
    ),
    "archive-unsupported": Kind(
        _E,
        "收到的是 {detail} 压缩包，无法读取",
        "请解压后报送其中的表格（.xlsx 或 .xls），或改用 .zip 压缩",
    ),
    "archive-nested": Kind(
        _E, "压缩包中又有压缩包，没有读取", "请解压后报送其中的表格（.xlsx 或 .xls）"
    ),
    "archive-empty": Kind(
        _E, "压缩包中没有表格文件", "请核对附件，报送统计表本身（.xlsx 或 .xls）"
    ),
    "mail-no-table": Kind(
        _E, "邮件中没有表格附件", "请把统计表（.xlsx 或 .xls）作为附件重新发送，或另存附件后检查"
    ),
    "city-file-unreadable": Kind(
        _E,
        "{city}没有可读取的报表，但收到了无法读取的文件“{other}”",
        "请打开该文件核实，并按其问题说明请{city}重新报送",
    ),
    # What clerks type: placeholders, names, empty returns, dates.
    "value-placeholder": Kind(
        _E,
        "“{value}”只是占位符号，不是实际内容，按未填写处理",
        "“{column}”必须填写实际内容；尚未确定的，请确定后再报送",
    ),
    "person-title-only": Kind(
        _E,
        "具体负责人“{value}”只写了职务或单位，没有写姓名",
        "请填写负责人的姓名（如“张三”）；单位和职务写在“单位及职务”列",
    ),
    "person-title": Kind(
        _W,
        "具体负责人“{value}”中含有职务或说明，已按姓名“{name}”接收",
        "“具体负责人”只填姓名；“{extra}”请移到“单位及职务”或“备注”列",
    ),
    "table-empty": Kind(
        _E,
        "表格中没有填写任何结对帮扶情况，只有表头",
        "请逐行填写本市每个重点帮扶县的结对帮扶县、具体负责人、单位及职务和联系方式后重新报送",
    ),
    "filled-on-no-year": Kind(
        _W,
        "填报时间“{value}”没有写年份，已按 {year} 年处理（{detail}）",
        "请写完整日期，如 {year}年8月20日",
    ),
    "filled-on-impossible": Kind(
        _E,
        "填报时间“{value}”不是真实存在的日期",
        "请核对月份和日期，写成 2021年8月20日 或 2021-08-20",
    ),
    # Across files (merge).
    "file-conflict": Kind(
        _E,
        "与“{other}”同为{city}的报表，填报时间和送达时间都相同但内容不同，无法判断以哪份为准",
        "请与{city}核实，只保留正确的一份，或让其重新报送并写明填报时间",
    ),
    "superseded-arrived-later": Kind(
        _W,
        "本文件比采用的“{other}”送达得晚，但{detail}，已按较早的版本处理、未汇总",
        "请与{city}核实哪一份是最新的；如本文件是更正后的版本，请其写明填报时间后重新报送",
    ),
    "pair-duplicate-across-files": Kind(
        _W, "{assisted}—{assisting} 在“{other}”中也有，内容相同，只计一次", "请核实是否重复报送"
    ),
    "pair-differs-across-files": Kind(
        _E,
        "{assisted}—{assisting} 在{other}中也有，但内容不同：{detail}；本行未汇总",
        "请与{city}核实哪一份正确；两人都负责的，请在一份报表中合并为一行：“具体负责人”写“{names}”，"
        "“联系方式”按同样顺序写两人的电话，用“、”分隔",
    ),
}


def markdown_table() -> str:
    """The README's table of codes, generated from the catalogue."""
    lines = ["| code | 级别 | 含义 | 怎么改 |", "| --- | --- | --- | --- |"]
    for code, kind in CATALOGUE.items():
        level = SEVERITY_LABELS[kind.severity]
        message = kind.message.replace("|", "\\|")
        hint = kind.hint.replace("|", "\\|")
        lines.append(f"| `{code}` | {level} | {message} | {hint} |")
    return "\n".join(lines)


# Short names of the problems, for headings that group findings of one code (the feedback
# notice). Every code has one; tests/test_feedback.py checks.
TITLES: dict[str, str] = {
    "file-empty": "文件是空的",
    "file-unreadable": "文件无法读取",
    "mail-no-table": "邮件中没有表格附件",
    "file-not-spreadsheet": "文件不是电子表格",
    "file-encrypted": "文件设置了打开密码",
    "file-too-large": "文件超出安全限制",
    "file-wps-et": "WPS 的 .et 文件无法直接读取",
    "file-lock-name": "文件名像锁文件",
    "macro-ignored": "文件含有宏",
    "formula-no-value": "公式没有保存计算结果",
    "no-table": "没有找到统计表",
    "missing-column": "表头缺少规定的列",
    "unknown-column": "有无法识别的列",
    "duplicate-column": "有重复的列",
    "city-unknown": "无法确定本表所属的市",
    "city-conflict": "本表所属的市不一致",
    "unit-missing": "没有填写填报单位",
    "filled-on-missing": "没有填写填报时间",
    "filled-on-invalid": "填报时间无法识别",
    "filler-missing": "没有填写填表人",
    "filler-phone-missing": "没有填写填表人的联系方式",
    "filler-phone-invalid": "填表人的联系方式有误",
    "key-county-missing": "重点帮扶县没有填写",
    "city-empty": "“市名”为空",
    "city-wrong": "市名与本表所属的市不符",
    "assisted-empty": "没有填写重点帮扶县",
    "assisted-unknown": "重点帮扶县名称无法识别",
    "assisted-ambiguous": "重点帮扶县名称不明确",
    "assisted-other-city": "重点帮扶县属于其他市",
    "assisted-not-key": "所填的县不在重点帮扶县名单中",
    "assisting-empty": "没有填写结对帮扶县",
    "assisting-unknown": "结对帮扶县名称无法识别",
    "assisting-ambiguous": "结对帮扶县名称不明确",
    "assisting-other-city": "结对帮扶县不在本市市域内",
    "assisting-self": "结对帮扶县与重点帮扶县相同",
    "assisting-zone": "结对帮扶县是功能区",
    "assisting-key-county": "结对帮扶县本身也是重点帮扶县",
    "name-normalised": "县名已按现行规范名称处理",
    "person-empty": "没有填写具体负责人",
    "person-invalid": "具体负责人不像是姓名",
    "unit-empty": "没有填写单位及职务",
    "phone-empty": "没有填写联系方式",
    "phone-invalid": "联系方式不是有效的电话号码",
    "phone-scientific": "联系方式显示为科学计数法",
    "phone-leading-zero": "号码开头的 0 丢失",
    "phone-area-added": "座机号没有区号",
    "text-too-long": "单元格内容过长",
    "duplicate-pair": "有重复的行",
    "duplicate-pair-differs": "同一结对关系填了两行，内容不同",
    "row-after-footer": "“填表人”一行下面还有数据",
    "row-schema": "内部错误：行不符合数据模型",
    "file-conflict": "两份报表填报时间相同但内容不同",
    "superseded-arrived-later": "后送达的报表被较早的版本替代",
    "pair-duplicate-across-files": "结对关系在另一份报表中也有",
    "pair-differs-across-files": "结对关系在另一份报表中也有，内容不同",
    "sheet-hidden": "有隐藏的工作表没有读取",
    "sheet-not-read": "有像统计表的工作表没有读取",
    "row-hidden": "有隐藏行没有汇总",
    "ditto-resolved": "“同上”已按上一行的内容处理",
    "ditto-no-value": "“同上”上方没有可沿用的内容",
    "rows-skipped": "合计、说明等行没有汇总",
    "archive-unsupported": "压缩包格式无法读取",
    "archive-nested": "压缩包中又有压缩包",
    "archive-empty": "压缩包中没有表格文件",
    "city-file-unreadable": "本市没有可读取的报表",
    "value-placeholder": "只填了占位符号",
    "person-title-only": "具体负责人只写了职务，没有姓名",
    "person-title": "具体负责人中含有职务或说明",
    "table-empty": "表格中没有填写任何内容",
    "filled-on-no-year": "填报时间没有写年份",
    "filled-on-impossible": "填报时间不是真实存在的日期",
}


if __name__ == "__main__":
    print(markdown_table())
