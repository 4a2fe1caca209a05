"""Terminal rendering with rich, used only by the CLI: data to stdout, diagnostics to stderr."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pairtable.catalogue import SEVERITY_LABELS, place_label
from pairtable.roster import EVIDENCE_LABELS, Roster

if TYPE_CHECKING:
    from pairtable.feedback import FeedbackPlan
    from pairtable.merge import MergeResult
    from pairtable.models import FileReport, Issue
    from pairtable.pack import Pack
    from pairtable.template import TemplateInfo

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

_LISTED_FILES = 10  # per status in the merge summary; the workbook lists them all
_LISTED_ISSUES = 200  # per file on the terminal; --json and --annotate carry them all
_EVIDENCE_STYLE = {"confirmed": "green", "likely": "cyan", "guess": "yellow"}
_SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def _table(title: str, **options: object) -> Table:
    """A table that fits an 80-column terminal: no outer padding; long text columns fold
    (wrap between characters) while names never break (their columns are no_wrap)."""
    return Table(title=title, pad_edge=False, **options)  # type: ignore[arg-type]


def roster(loaded: Roster) -> None:
    table = _table(f"重点帮扶县名单（{loaded.origin}）")
    table.add_column("市名", no_wrap=True)
    table.add_column("重点帮扶县", no_wrap=True)
    table.add_column("区划代码", no_wrap=True)
    table.add_column("可信程度", no_wrap=True)
    table.add_column("依据", overflow="fold", ratio=1)
    for city in loaded.cities_with_key_counties:
        for i, key in enumerate(loaded.key_counties_of(city)):
            label = EVIDENCE_LABELS[key.evidence]
            table.add_row(
                city if i == 0 else "",
                key.county,
                key.code,
                f"[{_EVIDENCE_STYLE[key.evidence]}]{label}[/]",
                key.source,
            )
    stdout.print(table, soft_wrap=False)
    stdout.print(
        f"共 {len(loaded.key_counties)} 个重点帮扶县（规定总数 {loaded.declared_total}），"
        f"分布在 {len(loaded.cities_with_key_counties)} 个市。"
    )
    unconfirmed_warning(loaded)


def unconfirmed_warning(loaded: Roster) -> None:
    if loaded.unconfirmed:
        guessed = "、".join(k.county for k in loaded.key_counties if k.evidence == "guess")
        stderr.print(
            f"[yellow]注意：名单中有 {loaded.unconfirmed} 个推测条目（{guessed}），"
            "尚未经官方确认；请用正式名单替换（见 README“替换名单”）。[/]"
        )


def validation(reports: list[FileReport]) -> None:
    for report in reports:
        city = report.city or "市别不明"
        if report.issues:
            table = _table(f"{report.file}（{city}）", show_lines=True, expand=True)
            table.add_column("单元格", no_wrap=True)
            table.add_column("级别", no_wrap=True)
            table.add_column("问题 → 怎么改", overflow="fold", ratio=1)
            ordered = sorted(report.issues, key=_issue_order)
            for issue in ordered[:_LISTED_ISSUES]:
                colour = _SEVERITY_COLOURS[issue.severity]
                level = f"[{colour}]{SEVERITY_LABELS[issue.severity]}[/]"
                where = place_label(issue.cell, issue.row)
                table.add_row(
                    where, level, f"{escape(issue.message)}\n[dim]→ {escape(issue.hint)}[/]"
                )
            stdout.print(table, soft_wrap=False)
            if len(ordered) > _LISTED_ISSUES:
                stdout.print(
                    f"…… 另有 {len(ordered) - _LISTED_ISSUES} 条问题未在此列出；"
                    "加 --annotate 生成标注副本（含全部问题），或加 --json 查看。"
                )
        stdout.print(verdict(report))
    if len(reports) > 1:
        bad = sum(1 for r in reports if not r.valid)
        stdout.print(
            f"共检查 {len(reports)} 个文件：{len(reports) - bad} 个通过，{bad} 个需要修改。"
        )


def _marks() -> tuple[str, str]:
    """✓ and ✗ where the console can show them; √ and × (both in GBK) on a cp936 console."""
    encoding = (stdout.encoding or "").lower().replace("-", "")
    return ("✓", "✗") if encoding.startswith("utf") else ("√", "×")


def verdict(report: FileReport) -> str:
    errors = sum(1 for i in report.issues if i.severity == "error")
    warnings = len(report.issues) - errors
    tail = f"，{warnings} 条提醒" if warnings else ""
    if report.valid:
        return (
            f"[green]{_marks()[0]} 通过[/]：{report.file}（{report.city}），"
            f"接收 {len(report.pairs)} 对结对关系{tail}。"
        )
    return (
        f"[red]{_marks()[1]} 需要修改[/]：{report.file}（{report.city or '市别不明'}），"
        f"{errors} 处错误{tail}；接收 {len(report.pairs)} 对结对关系，"
        f"{report.rows_rejected} 行未接收。"
    )


def _issue_order(issue: Issue) -> tuple[int, int]:
    return (issue.row or 0, 0 if issue.severity == "error" else 1)


def templates(written: list[TemplateInfo]) -> None:
    table = _table("已生成的模板")
    table.add_column("市名", no_wrap=True)
    table.add_column("文件", overflow="fold", ratio=1)
    table.add_column("重点帮扶县", justify="right", no_wrap=True)
    table.add_column("填写行数", justify="right", no_wrap=True)
    table.add_column("预填行数", justify="right", no_wrap=True)
    for info in written:
        table.add_row(
            info.city, str(info.path), str(info.key_counties), str(info.rows), str(info.prefilled)
        )
    stdout.print(table, soft_wrap=False)
    stdout.print(f"共生成 {len(written)} 份模板。")


@contextlib.contextmanager
def progress(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr (silent when stderr is not a terminal)."""
    if not stderr.is_terminal:  # nothing to show: spare importing rich.progress
        yield _no_progress
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[name]}"),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    )
    with bar:
        task = bar.add_task(label, total=None, name="")

        def advance(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done + 1, total=total, name=name)

        yield advance


def _no_progress(done: int, total: int, name: str) -> None:
    pass


def merge_summary(result: MergeResult, output: Path, *, redact: bool = False) -> None:
    from pairtable.merge import coverage_sentence
    from pairtable.merge_report import STATUS_LABELS
    from pairtable.redact import redact_text

    def shown(text: str) -> str:
        return escape(redact_text(text) if redact else text)

    total = len(result.coverage)
    conflicts = any(c.conflict for c in result.cities)
    numeric = ("重点帮扶县", "已覆盖", "有错误", "冲突", "未报")
    table = _table("各市报送情况")
    # Whether a city sent anything shows in the 填报时间 column: the table then fits 80
    # columns even with the 冲突 column.
    for name in ("市名", "填报时间", *numeric, "结对方式"):
        if name != "冲突" or conflicts:
            table.add_column(name, justify="right" if name in numeric else "left", no_wrap=True)
    unreadable = {c.city for c in result.coverage if c.cause == "unreadable-return"}
    for c in result.cities:
        if not c.expected and not c.submitted:
            continue
        if c.submitted:
            sent = c.filled_on or "已报送"
        else:
            sent = "[red]文件无法读取[/]" if c.city in unreadable else "[red]未报送[/]"
        invalid = c.invalid - c.conflict
        cells = [
            c.city,
            sent,
            str(c.expected),
            str(c.covered),
            f"[yellow]{invalid}[/]" if invalid else "0",
            *([f"[dark_orange]{c.conflict}[/]" if c.conflict else "0"] if conflicts else []),
            f"[red]{c.missing}[/]" if c.missing else "0",
            c.mode,
        ]
        table.add_row(*cells)
    stdout.print(table, soft_wrap=False)
    stdout.print(f"[bold]{total} 个重点帮扶县中：{coverage_sentence(result)}。[/]")
    for label, words in (
        ("有错误", "有错误（只出现在有错误的行中）"),
        ("冲突", "冲突（两份同日报表内容不同，需人工核实）"),
        ("未报", "未报"),
    ):
        by_city: dict[str, list[str]] = {}
        for entry in result.coverage:
            if entry.label == label:
                by_city.setdefault(entry.city, []).append(entry.county)
        if by_city:
            listed = "；".join(f"{city}：{'、'.join(names)}" for city, names in by_city.items())
            stdout.print(f"{words}：{listed}")
    not_submitted = [
        f"{c.city}（报来的文件无法读取）" if c.city in unreadable else c.city
        for c in result.cities
        if c.expected and not c.submitted
    ]
    if not_submitted:
        stdout.print(f"[red]未报送的市：{'、'.join(not_submitted)}[/]")
    counts = {
        s: sum(1 for f in result.files if f.status == s)
        for s in ("used", "superseded", "ignored", "unreadable", "conflict", "unpacked")
    }
    if not counts["unpacked"]:
        del counts["unpacked"]
    stdout.print("文件：" + "，".join(f"{STATUS_LABELS[s]} {n} 个" for s, n in counts.items()))
    for status in ("conflict", "unreadable", "superseded", "ignored"):
        of_status = [f for f in result.files if f.status == status]
        for f in of_status[:_LISTED_FILES]:
            stdout.print(f"  {STATUS_LABELS[status]}：{shown(f.file)}（{shown(f.reason)}）")
        if len(of_status) > _LISTED_FILES:
            stdout.print(
                f"  …… 另有 {len(of_status) - _LISTED_FILES} 个{STATUS_LABELS[status]}的文件，"
                "见汇总表的“说明”工作表"
            )
    superseded = {f.file for f in result.files if f.status == "superseded"}
    counts = {"error": 0, "warning": 0, "superseded": 0}
    # A version set aside although it arrived later may be a correction: said out loud.
    arrived_later: list[Issue] = []
    for issue in result.issues:  # streamed back from disk: counted, never collected
        counts["superseded" if issue.file in superseded else issue.severity] += 1
        if issue.code == "superseded-arrived-later":
            arrived_later.append(issue)
    for issue in arrived_later:
        stdout.print(f"[yellow]请核实“{shown(issue.file or '')}”：{shown(issue.message)}。[/]")
    if any(counts.values()):
        older = (
            f"；另有 {counts['superseded']} 条属于已被替代的文件，列在清单最后"
            if counts["superseded"]
            else ""
        )
        stdout.print(
            f"问题：{counts['error']} 处错误，{counts['warning']} 条提醒{older}。"
            "详见汇总表的“问题清单”工作表，或用 pairtable validate 逐个文件查看。"
        )
    from pairtable.clock import beijing_time

    stdout.print(f"已写出全省汇总表：{output}（生成于 {beijing_time(result.generated_at)}）")


def strict_failure(result: MergeResult) -> None:
    """Why `merge --strict` exits 1, on stderr."""
    from pairtable.merge_report import STATUS_LABELS

    reasons = []
    uncovered = len(result.coverage) - result.count("covered")
    if uncovered:
        reasons.append(
            f"{len(result.coverage)} 个重点帮扶县中有 {uncovered} 个未覆盖"
            f"（有错误 {result.count('invalid')} 个，未报 {result.count('missing')} 个）"
        )
    counted = ("used", "conflict", "unreadable")
    failed = [f for f in result.files if f.errors and f.status in counted]
    if failed:
        listed = "、".join(f"{escape(f.file)}（{STATUS_LABELS[f.status]}）" for f in failed[:5])
        more = f"等 {len(failed)} 个" if len(failed) > 5 else ""
        reasons.append(f"有错误的文件：{listed}{more}")
    stderr.print("[red]因使用了 --strict，退出码为 1：" + "；".join(reasons) + "。[/]")


def feedback_summary(packs: list[Pack], plan: FeedbackPlan, overview: Path, deadline: str) -> None:
    from pairtable.feedback import ACTION_LABELS

    styles = {"fix": "red", "report": "magenta", "remind": "yellow", "none": "green"}
    table = _table("各市反馈")
    for name in ("市名", "处理", "需修改或补报的县", "收件人", "邮件附件"):
        table.add_column(name, overflow="fold", no_wrap=name in ("市名", "处理", "邮件附件"))
    for pack in packs:
        city = pack.city
        counties = "；".join(
            part
            for part in (
                f"修改：{'、'.join(city.to_fix)}" if city.to_fix else "",
                f"补报：{'、'.join(city.to_report)}" if city.to_report else "",
            )
            if part
        )
        table.add_row(
            city.city,
            f"[{styles[city.action]}]{city.label}[/]",
            escape(counties),
            escape("、".join(pack.mail_to)) or ("（需填写）" if city.action != "none" else ""),
            _attached(pack),
        )
    stdout.print(table)
    counts = "，".join(
        f"{label} {len(plan.of(key))} 个市"  # type: ignore[arg-type]
        for key, label in ACTION_LABELS.items()
    )
    stdout.print(f"[bold]{counts}。[/]修改、补报截止日期：{deadline}。")
    for unassigned in plan.unassigned:
        stdout.print(
            f"[yellow]无法确定是哪个市报送的文件（无法读取）：{escape(unassigned.file)}，"
            "请人工联系报送单位。[/]"
        )
    written = sum(1 for p in packs if p.files)
    folder = escape(str(overview.parent))
    stdout.print(
        f"已写出 {written} 个市的反馈包（{folder}/<市名>/：通知 .txt、邮件草稿 .eml 及其附件）"
        f"和反馈清单：{escape(str(overview))}"
    )
    stdout.print("邮件（.eml）是草稿：双击用邮件程序打开，核对收件人后发送。")


def _attached(pack: Pack) -> str:
    if not pack.attachments:
        return ""
    if not pack.city.returns:
        return "空白模板"
    count = len(pack.attachments)
    return "标注副本" if count == 1 else f"标注副本 {count} 份"


def stale_warning(stale: list[str], out_dir: Path) -> None:
    if stale:
        listed = "、".join(escape(s) for s in stale)
        stderr.print(
            f"[yellow]注意：{out_dir} 中有以前生成、本次没有更新的反馈文件（{listed}），"
            "可能已经过时，请删除以免误发。[/]"
        )
