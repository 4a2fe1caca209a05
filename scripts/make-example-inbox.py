"""Regenerate examples/inbox/: a realistic set of returns for the default roster.

Needs openpyxl and LibreOffice (for the .xls). Run: .venv/bin/python scripts/make-example-inbox.py
The expected coverage is pinned in tests/test_merge.py and described in examples/README.md.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from pairtable.roster import load_roster
from pairtable.template import TemplateOptions, write_template

ROOT = Path(__file__).resolve().parents[1]
INBOX = ROOT / "examples" / "inbox"
PEOPLE = [
    "常青",
    "任杰",
    "霍英",
    "阎明",
    "邢涛",
    "牛丽",
    "聂军",
    "景华",
    "苗壮",
    "康宁",
    "贺军",
    "毛琳",
    "史进",
    "郝平",
    "裴雯",
    "卢刚",
    "庞博",
]
HEADER = ["市名", "重点帮扶县", "结对帮扶县", "具体负责人", "单位及职务", "联系方式", "备注"]


def own_workbook(
    path: Path,
    title: str,
    unit: str,
    filled_on: Any,
    header: list[str],
    rows: list[list[Any]],
    filler: tuple[str, Any],
    *,
    merges: tuple[str, ...] = (),
    notes_first: bool = False,
) -> Path:
    """A return retyped by a clerk in a workbook of their own."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if notes_first:
        sheet.title = "填报说明"
        sheet["A1"] = "注：本表由各县乡村振兴局填报，市局汇总。"
        sheet = book.create_sheet("结对帮扶情况")
    else:
        sheet.title = "Sheet1"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([f"填报单位：{unit}", None, None, None, f"填报时间：{filled_on}"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["填表人：", filler[0], None, None, "联系方式：", filler[1]])
    for merge in merges:
        sheet.merge_cells(merge)
    for col in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    book.save(path)
    return path


def filled_template(
    city: str, rows: list[list[str]], filled_on: datetime, filler: tuple[str, str], target: Path
) -> Path:
    roster = load_roster()
    with tempfile.TemporaryDirectory() as tmp:
        info = write_template(roster, city, Path(tmp), TemplateOptions())
        book = openpyxl.load_workbook(info.path)
        sheet = book["统计表"]
        sheet["F2"] = filled_on
        for r, values in enumerate(rows, start=4):
            for c, value in enumerate(values, start=2):
                sheet.cell(row=r, column=c).value = value
        footer = 4 + info.rows + 1
        sheet.cell(row=footer, column=2).value = filler[0]
        sheet.cell(row=footer, column=6).value = filler[1]
        book.save(target)
    return target


class _GbkName(zipfile.ZipInfo):
    """Entry names in GBK without the UTF-8 flag, as Windows and WinRAR write them."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits


def linfen_archive(path: Path) -> Path:
    """Several shapes in one return: a two-row header (具体负责人 over 姓名/单位及职务/联系方式),
    the table split over two sheets beside an empty Sheet3, ditto marks, helpers joined by
    及/与, a hidden stale row, 小计/合计/注 rows; zipped with a .docx, names in GBK."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "第一页"
    second = book.create_sheet("第二页")
    book.create_sheet("Sheet3")
    for sheet, title in ((first, True), (second, False)):
        if title:
            sheet.append(["临汾市县际结对帮扶情况统计表"])
            sheet.append(
                ["填报单位：", "临汾市乡村振兴局", None, None, "填报时间：", "2021年8月20日"]
            )
        top = sheet.max_row + 1 if title else 1
        sheet.append(["市名", "重点帮扶县", "结对帮扶县", "具体负责人", None, None, "备注"])
        sheet.append([None, None, None, "姓名", "单位及职务", "联系方式", None])
        for col in (1, 2, 3, 7):
            sheet.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        sheet.merge_cells(start_row=top, start_column=4, end_row=top, end_column=6)
    for row in (
        [
            "临汾市",
            "古县",
            "尧都区及侯马市",
            "薛刚",
            "尧都区乡村振兴局局长",
            "13903570001",
            "一对多",
        ],
        ["同上", "浮山县", "襄汾县", "柴静", "襄汾县副县长", "13903570002", None],
        ["〃", "吉县", "乡宁县", "吴海", "乡宁县原副县长", "13903570099", "已调整"],
        ["〃", "吉县", "乡宁县", "韩冰", "乡宁县副县长", "13903570003", None],
        ["〃", "大宁县", "同上", "〃", "〃", "〃", "多对一"],
        ["小计", "4个县"],
    ):
        first.append(row)
    first.row_dimensions[7].hidden = True  # the stale row for 吉县, hidden instead of deleted
    for row in (
        ["临汾市", "隰县", "洪洞县", "段鹏", "洪洞县副县长", "0357-6220001", None],
        ["临汾市", "永和县", "曲沃县与翼城县", "武晓", "曲沃县乡村振兴局局长", "13903570005", None],
        ["临汾市", "蒲县", "霍州市", "温岚", "霍州市副市长", "13903570006", None],
        ["临汾市", "汾西县", "安泽县", "姚远", "安泽县副县长", "13903570007", None],
        ["合计", "共10对"],
        ["注：结对关系以市委、市政府文件为准。"],
        [],
        ["填表人：", "贾楠", None, None, "联系方式：", "0357-2020099"],
    ):
        second.append(row)
    for sheet in (first, second):
        for letter, width in zip("ABCDEFG", (10, 12, 18, 10, 24, 16, 10), strict=True):
            sheet.column_dimensions[letter].width = width
    table = io.BytesIO()
    book.save(table)
    stamp = (2021, 8, 20, 17, 30, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("临汾市/临汾市县际结对帮扶情况统计表.xlsx", table.getvalue()),
            ("临汾市/实施方案.docx", b"PK\x03\x04 (a Word document in real life)"),
        ):
            info = _GbkName(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def main() -> None:
    if INBOX.exists():
        shutil.rmtree(INBOX)
    INBOX.mkdir(parents=True)
    work = Path(tempfile.mkdtemp())

    # 太原市: the province's template, filled in correctly.
    filled_template(
        "太原市",
        [
            ["娄烦县", "古交市", "刘建国", "古交市乡村振兴局局长", "13903510001"],
            ["娄烦县", "小店区", "陈晓东", "小店区副区长", "0351-7020001"],
        ],
        datetime(2021, 8, 19),
        ("赵丽", "0351-4040001"),
        INBOX / "太原市-县际结对帮扶情况统计表.xlsx",
    )

    # 大同市: retyped with a 序号 column, 市名 merged down, phones typed as numbers, an old
    # county name, two helpers in one cell, and one helper for two counties (多对一).
    own_workbook(
        INBOX / "大同市县际结对帮扶统计表（市乡村振兴局）.xlsx",
        "大同市市域内县际结对帮扶情况统计表",
        "大同市乡村振兴局",
        "2021年8月20日",
        [
            "序号",
            "市名",
            "重点帮扶县",
            "结对帮扶县（市、区）",
            "具体负责人",
            "单位及职务",
            "联系电话",
            "备注",
        ],
        [
            [1, "大同市", "广灵县", "平城区", "王志强", "平城区乡村振兴局局长", 13903520001, None],
            [2, None, "天镇县", "云冈区、新荣区", "李红梅", "云冈区副区长", 13903520002, "一对多"],
            [3, None, "阳高县", "左云县", "张海", "左云县副县长", 13903520003, None],
            [4, None, "灵丘县", "平城区", "王志强", "平城区乡村振兴局局长", 13903520001, "多对一"],
            [5, None, "浑源县", "云冈区", "孙立军", "云冈区乡村振兴局局长", "0352-5020005", None],
            [6, None, "大同县", "平城区", "周建华", "平城区副区长", "0352-2020006转8001", None],
        ],
        ("马晓燕", 13903520099),
        merges=("B4:B9",),
    )

    # 长治市: an Excel 97-2003 (.xls) file; one helper written with its old name.
    xlsx = own_workbook(
        work / "长治市结对帮扶统计.xlsx",
        "全省市域内县际结对帮扶情况统计表",
        "长治市乡村振兴局",
        "2021/8/20",
        HEADER,
        [
            ["长治市", "平顺县", "潞州区", "郭伟", "潞州区副区长", "13903550001", None],
            ["长治市", "壶关县", "长治县", "杨静", "上党区乡村振兴局局长", "13903550002", None],
            ["长治市", "武乡县", "襄垣县", "冯刚", "襄垣县副县长", "13903550003", None],
            ["长治市", "沁县", "屯留区", "何丽", "屯留区副区长", "13903550004", None],
        ],
        ("韩梅", "0355-2020099"),
    )
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{work}/lo",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(INBOX),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
    )

    # 朔州市: sent by mail; the saved .eml carries the workbook as an attachment.
    attachment = own_workbook(
        work / "朔州市县际结对帮扶情况统计表.xlsx",
        "全省市域内县际结对帮扶情况统计表",
        "朔州市乡村振兴局",
        "2021-08-21",
        HEADER,
        [
            ["朔州市", "右玉县", "朔城区", "高峰", "朔城区副区长", "13903490001", None],
            ["朔州市", "右玉县", "怀仁县", "吕娜", "怀仁市乡村振兴局局长", "13903490002", None],
        ],
        ("田野", "13903490099"),
    )
    mail = EmailMessage()
    mail["From"] = "朔州市乡村振兴局 <szxczx@example.gov.cn>"
    mail["To"] = "sxczxshz@163.com"
    mail["Subject"] = "朔州市县际结对帮扶情况统计表"
    mail["Date"] = format_datetime(datetime(2021, 8, 21, 16, 30).astimezone())
    mail.set_content("附件为朔州市县际结对帮扶情况统计表，请查收。")
    mail.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=attachment.name,
    )
    (INBOX / "朔州市报送邮件.eml").write_bytes(bytes(mail))

    # 晋中市: a first return with a lost phone number, then a corrected resubmission.
    jinzhong = [
        ["晋中市", "榆社县", "介休市", "武斌", "介休市副市长", "13903540001", None],
        ["晋中市", "榆社县", "晋中开发区", "郑洁", "晋中开发区管委会副主任", "13903540002", None],
        ["晋中市", "左权县", "灵石县", "白杨", "灵石县副县长", "13903540003", None],
        ["晋中市", "和顺县", "寿阳县", "秦川", "寿阳县副县长", "1.39035E+10", None],
        ["晋中市", "昔阳县", "榆次区", "曹阳", "榆次区副区长", "13903540005", None],
    ]
    folder = INBOX / "晋中市"
    folder.mkdir()
    own_workbook(
        folder / "晋中市统计表（8月18日）.xlsx",
        "全省市域内县际结对帮扶情况统计表",
        "晋中市乡村振兴局",
        "2021.8.18",
        HEADER,
        jinzhong,
        ("段敏", "13903540099"),
    )
    jinzhong[3][5] = "13903540004"
    own_workbook(
        folder / "晋中市统计表（更正）.xlsx",
        "全省市域内县际结对帮扶情况统计表",
        "晋中市乡村振兴局",
        "2021.8.21",
        HEADER,
        jinzhong,
        ("段敏", "13903540099"),
    )

    # 运城市: a CSV saved by Excel on Chinese Windows (GB18030); one helper from another city.
    lines = [
        "填报单位：运城市乡村振兴局,,,,填报时间：2021年8月20日",
        ",".join(HEADER),
        "运城市,万荣县,河津市,贾平,河津市副市长,13903590001,",
        "运城市,垣曲县,尧都区,卫东,尧都区副区长,13903590002,",
        "运城市,平陆县,盐湖区,薛峰,盐湖区副区长,0359-2020003,",
        "填表人：,柴静,,,联系方式：,13903590099",
    ]
    (INBOX / "运城市.csv").write_bytes("\r\n".join(lines).encode("gb18030"))

    # 忻州市: a notes sheet first, renamed headers; two key counties not reported yet; a title
    # typed with the name (accepted with a warning) and a "/" for 单位及职务 (an error).
    xinzhou = [
        ("五台县", "忻府区"),
        ("代县", "原平市"),
        ("繁峙县", "原平市"),
        ("宁武县", "忻府区"),
        ("静乐县", "定襄县"),
        ("神池县", "原平市"),
        ("五寨县", "忻府区"),
        ("岢岚县", "定襄县"),
        ("河曲县", "忻府区"),
    ]
    xinzhou_rows: list[list[Any]] = [
        [a, h, name, f"{h}副{h[-1]}长", f"1390350{i:04d}", None]
        for i, ((a, h), name) in enumerate(zip(xinzhou, PEOPLE, strict=False), start=1)
    ]
    xinzhou_rows[0][2] = "常青副县长"
    xinzhou_rows[8][3] = "/"
    xinzhou_rows[8][5] = "无"
    own_workbook(
        INBOX / "忻州市上报表.xlsx",
        "全省市域内县际结对帮扶情况统计表",
        "忻州市乡村振兴局",
        "2021年8月22日",
        ["重点帮扶县名称", "结对帮扶县（市、区）", "负责人", "单位职务", "电话", "备注"],
        xinzhou_rows,
        ("温晓", "0350-3030099"),
        notes_first=True,
    )

    # 吕梁市: one row whose responsible person is still "待定"; a remark that is just "-".
    lvliang = [
        ("交城县", "文水县"),
        ("兴县", "孝义市"),
        ("临县", "汾阳市"),
        ("石楼县", "离石区"),
        ("岚县", "孝义市"),
        ("方山县", "汾阳市"),
        ("中阳县", "柳林县"),
        ("交口县", "离石区"),
    ]
    rows: list[list[Any]] = [
        ["吕梁市", a, h, name, f"{h}副{h[-1]}长", f"1390358{i:04d}", None]
        for i, ((a, h), name) in enumerate(zip(lvliang, PEOPLE[9:], strict=False), start=1)
    ]
    rows[7][3] = "待定"
    rows[2][6] = "-"
    own_workbook(
        INBOX / "吕梁市.xlsx",
        "全省市域内县际结对帮扶情况统计表",
        "吕梁市乡村振兴局",
        "2021-08-20",
        HEADER,
        rows,
        ("乔亮", "13903580099"),
    )

    # 阳泉市 has no key county in the default roster and sends an empty form: that is fine.
    own_workbook(
        INBOX / "阳泉市（无重点帮扶县）.xlsx",
        "全省市域内县际结对帮扶情况统计表",
        "阳泉市乡村振兴局",
        "2021-08-20",
        HEADER,
        [],
        ("石磊", "13903530099"),
    )

    # 临汾市 zips a folder: its table over two sheets, a 实施方案.docx beside it.
    linfen_archive(INBOX / "临汾市报送材料.zip")

    # Noise every real inbox has: an Excel lock file and a covering letter.
    (INBOX / "~$吕梁市.xlsx").write_bytes(b"lock")
    (INBOX / "报送说明.docx").write_bytes(b"PK\x03\x04 not a spreadsheet")
    shutil.rmtree(work)
    print(f"wrote {sum(1 for _ in INBOX.rglob('*') if _.is_file())} files to {INBOX}")


if __name__ == "__main__":
    sys.exit(main())
