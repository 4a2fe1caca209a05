"""The notice to one city, as the provincial bureau writes it (`draft.py` makes it a mail).

Plain official Chinese: addressed to the city's bureau, one paragraph on what was received,
then numbered sections (errors grouped by problem with cell references, key counties still to
report, points to note), the deadline, the contact, the issuer and the date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from pairtable.catalogue import TITLES
from pairtable.clock import BEIJING
from pairtable.feedback import (
    CONFLICT_CODE,
    COUNTY_MISSING_CODE,
    CityFeedback,
    UnreadableReturn,
    UsedReturn,
)
from pairtable.form import DATA_SHEET, ISSUER, TITLE, default_unit, display_width
from pairtable.models import Issue

NOTICE_REFERENCE = "《关于进一步深化市域内县际结对帮扶工作的通知》（晋乡振发〔2021〕29号）"
_INDENT = "\u3000\u3000"  # two full-width spaces open a paragraph
_ITEM = _INDENT * 2
_DIGITS = "零一二三四五六七八九"
# A notice lists every cell of a problem up to this many; the attachment's 问题清单 has all.
_SHOWN_PER_GROUP = 50
_COUNTY_SHOWN = 12  # longer text in the 重点帮扶县 cell is not a county name worth repeating
_END = "。；！？"


@dataclass(frozen=True)
class NoticeOptions:
    deadline: date
    send_to: str
    contact: str | None
    generated_at: datetime
    issuer: str = ISSUER


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str  # the letter, from the salutation to the date

    @property
    def text(self) -> str:
        return f"{self.subject}\n\n{self.body}"


def chinese_number(number: int) -> str:
    """一 … 九十九, as headings are numbered; larger numbers in digits."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else "十" if tens == 1 else f"{_DIGITS[tens]}十"
    return head + (_DIGITS[ones] if ones else "")


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def local_date(moment: datetime) -> date:
    return moment.astimezone(BEIJING).date()


def compose(city: CityFeedback, options: NoticeOptions, attachments: Sequence[str]) -> Notice:
    """The notice for `city`; `attachments` are the names of the files the mail carries."""
    deadline = chinese_date(options.deadline)
    paragraphs = [f"{default_unit(city.city)}："]
    sections: list[tuple[str, list[str]]] = []
    if not city.returns:
        again = "重新报送" if city.unreadable else "催报"
        subject = f"关于{again}{city.city}县际结对帮扶情况统计表的通知"
        paragraphs += _not_received(city, options)
        ask = (
            f"请处理后，于{deadline}前将统计表（Excel 文件）重新报送至{_spaced(options.send_to)}。"
            if city.unreadable
            else f"请于{deadline}前将填写好的统计表（Excel 文件）报送至{_spaced(options.send_to)}。"
        )
        if attachments:
            ask += (
                f"附件{_quoted(attachments)}是贵市的统计表模板，“重点帮扶县”可从下拉列表中选择，"
                "填写方法见“填表说明”工作表。"
            )
    else:
        subject = {
            "fix": f"关于修改{city.city}县际结对帮扶情况统计表的通知",
            "report": f"关于补报{city.city}县际结对帮扶情况统计表的通知",
        }.get(city.action, f"{city.city}县际结对帮扶情况统计表审核意见")
        paragraphs.append(_received(city))
        sections = _sections(city)
        ask = _request(city, options, attachments)
    for number, (heading, lines) in enumerate(sections, start=1):
        paragraphs.append(f"{_INDENT}{chinese_number(number)}、{heading}")
        paragraphs += lines
    paragraphs.append(_INDENT + ask)
    if options.contact:
        paragraphs.append(f"{_INDENT}联系人：{_sentence(options.contact)}")
    else:
        paragraphs.append(f"{_INDENT}如有疑问，请与我局联系（{options.send_to}）。")
    paragraphs += [
        "",
        _signature(options.issuer),
        _signature(chinese_date(local_date(options.generated_at))),
    ]
    return Notice(subject, "\n".join(paragraphs) + "\n")


def _not_received(city: CityFeedback, options: NoticeOptions) -> list[str]:
    today = chinese_date(local_date(options.generated_at))
    keys = _county_list(city.to_report)
    lines = []
    if city.unreadable:
        names = "、".join(_received_as(u) for u in city.unreadable)
        lines.append(f"{_INDENT}我局收到贵局报送的{names}，但未能从中读取统计表：")
        for unreadable in city.unreadable:
            name = _received_as(unreadable)
            if unreadable.ignored:
                fix = (
                    "请将统计表作为邮件附件发送"
                    if unreadable.mail_subject is not None
                    else "请报送 Excel 表格（.xlsx 或 .xls）"
                )
                lines.append(f"{_ITEM}{name}：{_sentence(unreadable.reason)}{fix}。")
            for issue in unreadable.issues:
                lines.append(
                    f"{_ITEM}{name}：{_sentence(issue.message)}处理方法：{_sentence(issue.hint)}"
                )
        if city.expected:
            lines.append(
                f"{_INDENT}贵市共有{city.expected}个重点帮扶县：{keys}。"
                "请逐县填写结对帮扶情况，每个重点帮扶县至少填写一行。"
            )
    else:
        lines.append(
            f"{_INDENT}按照{NOTICE_REFERENCE}要求，各市须报送《{TITLE}》。"
            f"截至{today}，我局尚未收到贵局报送的统计表。"
        )
        lines.append(
            f"{_INDENT}贵市共有{city.expected}个重点帮扶县：{keys}。"
            "请逐县填写结对帮扶情况，每个重点帮扶县至少填写一行。"
        )
    return lines


def _filled_on(text: str | None) -> str:
    try:
        return chinese_date(date.fromisoformat(text or ""))
    except ValueError:
        return text or ""


def _received_as(unreadable: UnreadableReturn) -> str:
    """How the city knows what it sent: a mail by its subject, a file by its name."""
    if unreadable.ignored and unreadable.mail_subject is not None:
        return f"邮件（主题“{unreadable.mail_subject}”）" if unreadable.mail_subject else "邮件"
    return f"文件“{PurePath(unreadable.file).name}”"


def _received(city: CityFeedback) -> str:
    first = city.returns[0]
    if len(city.returns) == 1:
        on = (
            f"于{_filled_on(first.report.header.filled_on)}"
            if first.report.header.filled_on
            else ""
        )
        what = f"贵局{on}报送的《{TITLE}》（文件{first.described}）已收悉。"
    else:
        names = _quoted(r.name for r in city.returns)
        what = f"贵局报送的{len(city.returns)}份《{TITLE}》（文件{names}）已收悉。"
    if city.action == "fix":
        conflicted = [r.name for r in city.returns if r.entry.status == "conflict"]
        errors = len(_errors(city))
        if conflicted:
            found = (
                f"经审核，{_quoted(conflicted)}的填报时间相同但内容不同，我局无法确定以哪份为准，"
                "均未汇总。请确认后只重新报送正确的一份，并写明填报时间"
            )
            if errors:
                found += f"；此外，表中有{errors}处错误需要修改"
        else:
            found = f"经审核，表中有{errors}处错误需要修改"
            if city.to_fix:
                found += f"，{_county_list(city.to_fix)}的结对帮扶情况因此未能汇总"
        if city.to_report:
            found += f"；另有{_county_list(city.to_report)}尚未填报"
        return f"{_INDENT}{what}{found}。" + ("具体如下：" if errors or city.to_report else "")
    if city.action == "report":
        done = f"已汇总{city.covered}个重点帮扶县的结对帮扶情况" if city.covered else "尚未汇总"
        return f"{_INDENT}{what}经审核，{done}；{_county_list(city.to_report)}尚未填报。具体如下："
    if city.expected:
        done = f"贵市{city.expected}个重点帮扶县的结对帮扶情况已全部汇总"
    else:
        done = "表中内容已汇总"
    return f"{_INDENT}{what}经审核，{done}，无需重新报送。以下几处请注意："


def _errors(city: CityFeedback) -> list[tuple[UsedReturn, Issue]]:
    """The errors to list; a conflict between returns is said in the opening paragraph."""
    return [(r, i) for r in city.returns for i in r.errors if i.code != CONFLICT_CODE]


def _quoted(names: Iterable[str]) -> str:
    """“甲”“乙”: quoted items in a series take no 顿号 between them."""
    return "".join(f"“{name}”" for name in names)


def _sections(city: CityFeedback) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = []
    errors = _errors(city)
    if errors:
        note, lines = _grouped(city, errors, "修改方法")
        sections.append((f"需要修改的内容（共{len(errors)}处{note}）", lines))
    if city.to_report:
        count = len(city.to_report)
        these = "该县" if count == 1 else f"这{count}个县"
        sections.append(
            (
                "尚未填报的重点帮扶县",
                [
                    f"{_ITEM}{_county_list(city.to_report)}：表中没有{these}的结对帮扶情况，"
                    "请逐县补充填写，每个重点帮扶县至少填写一行。"
                ],
            )
        )
    notes = [(r, i) for r in city.returns for i in r.warnings if i.code != COUNTY_MISSING_CODE]
    if notes:
        note, lines = _grouped(city, notes, "建议")
        sections.append((f"请注意的内容（共{len(notes)}处{note}，不影响汇总）", lines))
    unreadable_files = [u for u in city.unreadable if not u.ignored]
    if unreadable_files:
        lines = []
        for unreadable in unreadable_files:
            reason = "".join(_sentence(i.message) for i in unreadable.issues) or "无法读取。"
            lines.append(
                f"{_ITEM}文件“{PurePath(unreadable.file).name}”：{reason}"
                "如该文件是更正后的统计表，请处理后重新报送。"
            )
        sections.append(("另收到的无法读取的文件", lines))
    return sections


def _grouped(
    city: CityFeedback, found: list[tuple[UsedReturn, Issue]], hint_label: str
) -> tuple[str, list[str]]:
    """Issues grouped by problem (in order of first appearance), each with where it is; and
    a note for the heading when all the cells are on one sheet (then named once, there)."""
    groups: dict[str, list[tuple[UsedReturn, Issue]]] = {}
    for one in found:
        groups.setdefault(one[1].code, []).append(one)
    cells = [used.copy_cell(i) for used, i in found]
    sheets = {cell.rsplit("!", 1)[0] for cell in cells if cell and "!" in cell}
    one_sheet = len(city.returns) == 1 and len(sheets) == 1
    rebuilt = any(used.cells_moved for used, _ in found)
    lines: list[str] = []
    note = ""
    if one_sheet:
        note = f"，单元格均在{'附件的' if rebuilt else ''}“{sheets.pop()}”工作表中"
        if any(_where(used, i, one_sheet)[1] for used, i in found):
            note += "，括号内为原表中的位置"
    for number, (code, members) in enumerate(groups.items(), start=1):
        title = TITLES.get(code) or members[0][1].message
        lines.append(f"{_INDENT}（{chinese_number(number)}）{title}（{len(members)}处）")
        hints = {i.hint for _, i in members}
        ordered = sorted(members, key=lambda m: (m[0].entry.file, m[1].row or 0))
        for used, issue in ordered[:_SHOWN_PER_GROUP]:
            where, original = _where(used, issue, one_sheet)
            county = used.county_of(issue)
            notes = [original] if original else []
            if 0 < len(county) <= _COUNTY_SHOWN and issue.cell and county not in issue.message:
                notes.append(f"{county}一行")
            if notes:
                where += f"（{'，'.join(notes)}）"
            if len(city.returns) > 1:
                where = f"“{used.name}”{where}"
            line = f"{_ITEM}{where}：{_sentence(issue.message)}"
            if len(hints) > 1:
                line += f"{hint_label}：{_sentence(issue.hint)}"
            lines.append(line)
        if len(ordered) > _SHOWN_PER_GROUP:
            rest = len(ordered) - _SHOWN_PER_GROUP
            lines.append(f"{_ITEM}……另有{rest}处，见附件中的“问题清单”工作表。")
        if len(hints) == 1:
            lines.append(f"{_ITEM}{hint_label}：{_sentence(hints.pop())}")
    return note, lines


def _where(used: UsedReturn, issue: Issue, one_sheet: bool) -> tuple[str, str]:
    """Where the city finds the issue in the attached copy, and, when the copy was rebuilt in
    the form's layout and the cell moved, where it is in the city's own file."""
    if issue.cell:
        cell = used.copy_cell(issue)
        if cell is None:  # no place in the rebuilt copy: only the city's own file has it
            return f"原表{issue.cell}", ""
        if not one_sheet:
            return cell, "" if cell == issue.cell else f"原表{issue.cell}"
        ref, own = cell.rsplit("!", 1)[-1], issue.cell.rsplit("!", 1)[-1]
        return f"{ref}单元格", "" if ref == own else f"原表{own}"
    if issue.row:
        return f"第{issue.row}行", ""
    return "全表", ""


def _request(city: CityFeedback, options: NoticeOptions, attachments: Sequence[str]) -> str:
    deadline = chinese_date(options.deadline)
    about = _about_attachments(city, attachments)
    if city.action == "remind":
        return (
            f"以上各处已按说明处理，无需修改；如有不符，请于{deadline}前与我局联系。"
            f"今后填报时请按规范填写。{about}"
        )
    errors = bool(_errors(city))
    if not errors and not city.to_report:  # only returns in conflict
        return (
            f"请于{deadline}前将确认无误的一份统计表重新报送至{_spaced(options.send_to)}。"
            f"重新报送的表将替代此前报送的表。{about}"
        )
    todo = "修改、补充" if errors and city.to_report else "修改" if errors else "补充"
    return (
        f"请按上述意见在原表中{todo}（也可直接在附件中{todo}），于{deadline}前将完整的统计表"
        f"重新报送至{_spaced(options.send_to)}。重新报送的表将替代此前报送的表，"
        f"已正确填写的内容请一并保留。{about}"
    )


def _about_attachments(city: CityFeedback, attachments: Sequence[str]) -> str:
    if not attachments:
        return ""
    names = _quoted(attachments)
    issues = [i for r in city.returns for i in r.report.issues if i.cell]
    marks = [
        words
        for severity, words in (
            ("error", "有错误的单元格标为红色"),
            ("warning", "需注意的单元格标为黄色"),
        )
        if any(i.severity == severity for i in issues)
    ]
    marked = "，".join(marks) + "，单元格批注中有具体说明；" if marks else ""
    about = f"附件{names}是贵局所报表格的标注副本：{marked}“问题清单”工作表列出了全部问题。"
    rebuilt = [r for r in city.returns if r.cells_moved]
    if rebuilt:
        kinds = "、".join(
            dict.fromkeys(PurePath(r.name).suffix.lower() or "无扩展名" for r in rebuilt)
        )
        about += (
            f"由于原表是 {kinds} 格式，标注副本已按统一表样重新排列在“{DATA_SHEET}”工作表中，"
            "上文所列单元格均为附件中的位置。"
        )
    return about


def _spaced(text: str) -> str:
    """Latin text such as a mail address, set off from the Chinese around it."""
    return f" {text}" if text.isascii() else text


def _county_list(counties: Sequence[str]) -> str:
    return "、".join(counties)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(tuple(_END)) else f"{text}。"


def _signature(text: str) -> str:
    """Right-aligned the way a letter is signed, on a line of about 40 columns."""
    columns = display_width(text)
    pad = max(0, 40 - columns)
    return "\u3000" * (pad // 2) + " " * (pad % 2) + text
