"""Command line: parse, call the library, render, pick the exit code. Heavy imports stay lazy."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from pairtable import cli_zh
from pairtable.form import NOTICE_DEADLINE, NOTICE_MAILBOX

T = TypeVar("T")

if TYPE_CHECKING:
    from pairtable.archive import Checked
    from pairtable.merge import MergeResult
    from pairtable.pack import Pack
    from pairtable.roster import Roster
    from pairtable.template import PrefillRow

app = typer.Typer(
    name="pairtable",
    help="全省市域内县际结对帮扶情况统计表：生成模板、检查回收表、汇总全省。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
cli_zh.install()

RosterOption = Annotated[
    Path | None,
    typer.Option(
        "--roster",
        help="重点帮扶县名单：文件夹、roster.toml 或名单 CSV/XLSX"
        "（默认内置名单，或环境变量 PAIRTABLE_ROSTER）。",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出（供其他程序使用）。")]
MaxMbOption = Annotated[
    int, typer.Option("--max-mb", min=1, help="单个文件大小上限（MB）；解压后上限随之放大。")
]
MaxRowsOption = Annotated[int, typer.Option("--max-rows", min=1, help="单个工作表行数上限。")]
KeepAllOption = Annotated[
    bool, typer.Option("--keep-all", help="同一市的多份报表全部汇总（默认只用最新一份）。")
]
SendToOption = Annotated[str, typer.Option("--send-to", help="报送邮箱或地址。")]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        min=0,
        help="读取文件的子进程数（默认等于 CPU 数，最多 4；0 表示不用子进程）。",
        show_default=False,
    ),
]


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def _load_roster(path: Path | None) -> Roster:
    from pairtable.roster import RosterError, load_roster

    try:
        return load_roster(path)
    except RosterError as exc:
        fail(str(exc))


def _print_json(text: str) -> None:
    """JSON (a model's `model_dump_json`) to a pipe or file is UTF-8 whatever the console's code
    page (GBK on Chinese Windows); on a terminal it is shown as text, which the console encodes."""
    if sys.stdout is None:  # closed by whoever started us (`>&-`)
        return
    text += "\n"
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None or sys.stdout.isatty():
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()


def _safe_console() -> None:
    """A console that cannot show a character (cp936 has no ✓) shows "?" instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(errors="replace")


def _written_or_fail(action: Callable[[], T], target: Path | None = None, note: str = "") -> T:
    """Run a write. A target that is a folder, or a path through a file, is a usage error
    (exit 2); a target open in Excel/WPS, a folder without permission or a full disk is a known
    operational error (exit 1). Each names the file the user asked for (never a temporary one)
    and says what to do, without a traceback; `note` is added to each message."""
    from pairtable.atomic import OutputLocked

    try:
        return action()
    except OutputLocked as error:
        name = error.target.name
        fail(
            f"无法写入“{error.target}”：这个文件正在 Excel/WPS 中打开。"
            f"请先在 Excel/WPS 中关闭“{name}”，再重试（原文件没有改动）。{note}"
        )
    except IsADirectoryError as error:
        where = error.filename or target or "输出位置"
        fail(
            f"“{where}”是一个已有的文件夹，不能写成文件：请换一个文件名，或写到这个文件夹里面。"
            + note,
            2,
        )
    except (NotADirectoryError, FileExistsError) as error:
        where = error.filename or target or "输出位置"
        fail(f"“{where}”是一个文件，不是文件夹：输出无法写在它下面，请换一个位置。{note}", 2)
    except PermissionError as error:
        where = error.filename or target or "输出位置"
        fail(
            f"没有权限写入“{where}”。请换一个文件夹（如“文档”或桌面），"
            f"或请管理员开放写入权限。{note}"
        )
    except OSError as error:  # a full disk, a read-only drive
        where = error.filename or target or "输出位置"
        fail(
            f"无法写入“{where}”（{error.strerror or error}）。"
            f"请换一个位置，或腾出磁盘空间后重试。{note}"
        )


def _output_file(path: Path, what: str, example: str) -> None:
    """An output file's path is not a folder and does not run through a file (exit 2)."""
    if path.is_dir():
        fail(
            f"{what}应写成一个文件，而“{path}”是一个已有的文件夹：请写成“{path / example}”"
            "之类的文件名。",
            2,
        )
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        fail(f"“{blocking}”是一个文件，不是文件夹：{what}无法写在它下面，请换一个位置。", 2)


def _output_folder(path: Path, what: str) -> None:
    """An output folder's path is not a file and does not run through one (exit 2)."""
    blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if blocking == path:
        fail(f"{what}应写到一个文件夹，而“{path}”是一个文件：请换一个文件夹名。", 2)
    if blocking is not None:
        fail(f"“{blocking}”是一个文件，不是文件夹：{what}无法写在它下面，请换一个位置。", 2)


def _show_version(value: bool) -> None:
    if value:
        from pairtable import __version__

        typer.echo(f"pairtable {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="显示版本号。"),
    ] = False,
) -> None:
    """全省市域内县际结对帮扶情况统计表：生成模板、检查回收表、汇总全省。"""
    _safe_console()


@app.command()
def roster(roster: RosterOption = None, as_json: JsonOption = False) -> None:
    """列出重点帮扶县名单（按市），标出未经确认的条目。"""
    from pairtable import render

    loaded = _load_roster(roster)
    if as_json:
        from pairtable.roster_report import roster_report

        _print_json(roster_report(loaded).model_dump_json(indent=2))
        return
    render.roster(loaded)


@app.command()
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="要检查的回收表（.xlsx/.xls/.csv/.ods），可以多个。",
            show_default=False,
            metavar="文件…",
        ),
    ],
    roster: RosterOption = None,
    as_json: JsonOption = False,
    annotate: Annotated[
        str | None,
        typer.Option(
            "--annotate",
            help=(
                "把标注了问题的副本写到这里：以 .xlsx 结尾为文件；已有的文件夹、"
                "以 / 结尾或没有扩展名为文件夹（多个文件时总是文件夹）。"
            ),
            show_default=False,
        ),
    ] = None,
    max_mb: MaxMbOption = 50,
    max_rows: MaxRowsOption = 200_000,
) -> None:
    """逐个单元格检查回收的统计表，用中文指出哪个单元格有什么问题、怎么改。"""
    from pairtable import render
    from pairtable.archive import validate_paths
    from pairtable.lockfiles import has_lock_name, is_temp_name, skip_reason

    # A real workbook saved under a lock file's name is read (with a warning to rename it).
    skipped = [path for path in files if path.is_file() and skip_reason(path)]
    files = [path for path in files if path not in skipped]
    for path in skipped:
        render.stderr.print(
            f"已跳过 {path}：这是 Excel/WPS 打开文件时产生的锁文件或临时文件，不是回收表。",
            markup=False,
        )
    for path in files:
        if path.is_dir():
            fail(
                f"{path} 是一个文件夹，不是回收表：检查其中的表格请用 "
                f"pairtable validate {path}/*.xlsx，汇总整个文件夹请用 pairtable merge {path}",
                2,
            )
        if not path.is_file():
            fail(f"找不到文件：{path}", 2)
    target_name = Path(annotate).name if annotate is not None else ""
    if has_lock_name(target_name) or is_temp_name(target_name):
        fail(f"标注副本的文件名不能以 ~$ 开头或以 .tmp 结尾（会被当作锁文件）：{annotate}", 2)
    loaded = _load_roster(roster)
    from pairtable.reader import Limits

    limits = Limits.scaled(max_mb, max_rows)
    checked = validate_paths(files, loaded, limits)
    reports = [c.report for c in checked]
    if annotate is not None and files:
        _annotate(files, checked, annotate)
    if as_json:
        # One object for one plain file; a list for several files, an archive or a mail.
        from pairtable.archive import ARCHIVE_SUFFIXES

        bundle = {*ARCHIVE_SUFFIXES, ".eml"}
        if len(files) == 1 and len(checked) == 1 and files[0].suffix.lower() not in bundle:
            _print_json(reports[0].model_dump_json(indent=2))
        else:
            from pydantic import TypeAdapter

            from pairtable.models import FileReport

            several = TypeAdapter(list[FileReport])
            _print_json(several.dump_json(reports, indent=2).decode())
    else:
        render.validation(reports)
    raise typer.Exit(0 if all(r.valid for r in reports) else 1)


def _annotate(files: list[Path], checked: list[Checked], written: str) -> None:
    from pairtable import render
    from pairtable.annotate import annotate_copy, annotated_name

    target = Path(written)
    # A folder: one that exists, a name ending in a separator ("标注/") or without a suffix
    # ("标注"); else a .xlsx file. Never a file without an extension.
    as_folder = (
        target.is_dir()
        or written.endswith(("/", "\\", os.sep))
        or not target.suffix
        or len(checked) > 1
    )
    if as_folder:
        _output_folder(target, "标注副本")
        _written_or_fail(lambda: target.mkdir(parents=True, exist_ok=True), target)
        outputs: list[Path] = []
        for one in checked:
            output = target / annotated_name(Path(one.member) if one.member else one.source)
            while output in outputs:  # two tables of the same name in one archive
                output = output.with_stem(output.stem + "-2")
            outputs.append(output)
    else:
        if target.suffix and target.suffix.lower() != ".xlsx":
            fail(
                f"标注副本总是 .xlsx 文件，不能写成 {target.suffix}：请改为“{target.stem}.xlsx”。",
                2,
            )
        _output_file(target, "标注副本", "问题标注.xlsx")
        outputs = [target]
    inputs = {path.resolve() for path in files}
    for output in outputs:
        if output.resolve() in inputs:
            fail(f"标注副本不能覆盖原文件：{output}", 2)
    for one, output in zip(checked, outputs, strict=True):
        _written_or_fail(
            lambda: annotate_copy(one.source, one.report, output, data=one.data),  # noqa: B023
            output,
        )
        render.stderr.print(f"已写出标注副本：{output}")


@app.command("make-templates")
def make_templates(
    output: Annotated[Path, typer.Option("-o", "--output", help="模板写到这个文件夹。")] = Path(
        "out/templates"
    ),
    cities: Annotated[
        list[str] | None,
        typer.Option(
            "--city",
            help="只生成这些市的模板（可重复），默认所有有重点帮扶县的市。",
            show_default=False,
        ),
    ] = None,
    prefill: Annotated[
        Path | None,
        typer.Option(
            "--prefill",
            help="用 merge 生成的全省汇总表预填各市已接收的结对关系。",
            show_default=False,
        ),
    ] = None,
    deadline: Annotated[
        str, typer.Option("--deadline", help="报送截止日期，如 2021-08-23。")
    ] = NOTICE_DEADLINE.isoformat(),
    send_to: SendToOption = NOTICE_MAILBOX,
    contact: Annotated[
        str | None,
        typer.Option("--contact", help="填表说明中的联系人及电话。", show_default=False),
    ] = None,
    password: Annotated[
        str | None,
        typer.Option("--password", help="工作表保护密码（默认不设密码）。", show_default=False),
    ] = None,
    roster: RosterOption = None,
) -> None:
    """为每个市生成一份与通知附件版式一致的 Excel 模板（下拉框只列本市的县）。"""
    from pairtable import render
    from pairtable.dates import parse_date
    from pairtable.template import TemplateOptions, write_template

    loaded = _load_roster(roster)
    chosen = _chosen_cities(loaded, cities or [])
    due = parse_date(deadline)
    if due is None:
        fail(f"--deadline 不是日期：{deadline}（应写成 2021-08-23）", 2)
    _output_folder(output, "模板")
    options = TemplateOptions(deadline=due, send_to=send_to, contact=contact, password=password)
    prefilled = _prefill_rows(prefill, loaded) if prefill else {}
    written = [
        _written_or_fail(
            lambda: write_template(loaded, city, output, options, prefilled.get(city, [])),  # noqa: B023
            output,
        )
        for city in chosen
    ]
    render.templates(written)
    render.unconfirmed_warning(loaded)


def _chosen_cities(loaded: Roster, typed: list[str]) -> list[str]:
    with_keys = loaded.cities_with_key_counties
    if not typed:
        return with_keys
    chosen = []
    for name in typed:
        city = loaded.resolver.resolve_city(name)
        if city is None or city not in with_keys:
            reason = "没有重点帮扶县" if city else "不是山西省的设区市"
            fail(f"--city {name}：{reason}。可选：{'、'.join(with_keys)}", 2)
        chosen.append(city)
    return list(dict.fromkeys(chosen))


def _prefill_rows(path: Path, loaded: Roster) -> dict[str, list[PrefillRow]]:
    from pairtable.prefill import PrefillError, read_prefill

    try:
        return read_prefill(path, loaded)
    except PrefillError as exc:
        fail(str(exc))


@app.command()
def merge(
    inbox: Annotated[
        Path,
        typer.Argument(
            help="存放各市回收表的文件夹（含子文件夹、.eml 邮件）。",
            show_default=False,
            metavar="收件箱文件夹",
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="全省汇总表（.xlsx）写到这里。")
    ] = Path("province.xlsx"),
    as_json: JsonOption = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="有县未覆盖或有文件出错时退出码为 1，并说明原因。")
    ] = False,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="隐藏所有电话号码的中间几位，包括问题说明、备注和文件名中的（对外分发用）。",
        ),
    ] = False,
    keep_all: KeepAllOption = False,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="另把覆盖地图单独写成 .svg 或 .png 文件（汇总表中总有“覆盖地图”工作表）。",
            show_default=False,
            metavar="地图.svg|地图.png",
        ),
    ] = None,
    roster: RosterOption = None,
    max_mb: MaxMbOption = 50,
    max_rows: MaxRowsOption = 200_000,
    jobs: JobsOption = None,
) -> None:
    """汇总收件箱中各市报回的表，写出全省汇总表，列出 46 个重点帮扶县的覆盖情况。"""
    from pairtable.clock import fixed_time
    from pairtable.map_job import MAP_PIXEL_SCALE, MapJob
    from pairtable.reader import Limits

    _check_inbox(inbox, output, "汇总表")
    if output.suffix.lower() != ".xlsx":
        fail(f"汇总表应为 .xlsx 文件：{output}", 2)
    _output_file(output, "汇总表", "全省汇总表.xlsx")
    if map_file is not None:
        _check_map_target(map_file, inbox)
    loaded = _load_roster(roster)

    def run() -> MergeResult:
        # The map's child first, before pydantic and the rest are imported here: it gets ready
        # (and draws a first, throwaway map) meanwhile. A fork comes before any thread (the
        # progress bar's).
        job = MapJob(MAP_PIXEL_SCALE, roster=loaded)
        try:
            from pairtable.merge import merge_inbox
            from pairtable.province import ProvinceWriter

            writer = ProvinceWriter(output, redact=redact, map_job=job)
        except BaseException:
            job.close()
            raise
        with writer as book, _progress("读取回收表") as advance:
            merged = merge_inbox(
                inbox,
                loaded,
                generated_at=fixed_time(),
                keep_all=keep_all,
                limits=Limits.scaled(max_mb, max_rows),
                progress=advance,
                jobs=jobs,
            )
            try:
                book.draw_map(merged)
                # rich is imported while the map's child draws (it costs as much as the sheets).
                from pairtable import render  # noqa: F401

                book.finish(merged)
            except BaseException:
                merged.issues.close()
                raise
        return merged

    with _written_or_fail(run, output) as result:  # leaving it deletes the merge's issue log
        from pairtable import render

        if map_file is not None:
            from pairtable.coverage_map import write_map

            try:
                write_map(map_file, result)
            except PermissionError:
                fail(
                    f"无法写出覆盖地图：没有权限写入“{map_file}”。请换一个文件夹，"
                    f"或请管理员开放写入权限（汇总表已写出：{output}）。"
                )
            except OSError as exc:
                problem = exc.strerror or exc
                fail(f"无法写出覆盖地图 {map_file}：{problem}（汇总表已写出：{output}）")
            render.stderr.print(f"已写出覆盖地图：{map_file}")
        if as_json:
            from pairtable.merge import merge_json

            _print_json(merge_json(result, redact=redact))
        else:
            render.merge_summary(result, output, redact=redact)
        render.unconfirmed_warning(loaded)
        incomplete = result.count("covered") < len(result.coverage) or result.has_errors
        if strict and incomplete:
            render.strict_failure(result)
    raise typer.Exit(1 if strict and incomplete else 0)


def _progress(label: str) -> AbstractContextManager[Callable[[int, int, str], None]]:
    """render.progress on a terminal; elsewhere nothing is shown, and rich is not imported."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext(_no_progress)
    from pairtable import render

    return render.progress(label)


def _no_progress(done: int, total: int, name: str) -> None:
    pass


def _check_inbox(inbox: Path, output: Path, what: str) -> None:
    """The inbox exists and `output` is not inside it (it would be read as a return)."""
    if not inbox.is_dir():
        fail(f"收件箱文件夹不存在：{inbox}", 2)
    if output.resolve().is_relative_to(inbox.resolve()):
        fail(f"{what}不能写在收件箱里面（{output}），否则下次会被当作回收表读入；请换一个位置。", 2)


def _check_map_target(map_file: Path, inbox: Path) -> None:
    from pairtable.coverage_map import MAP_SUFFIXES

    if map_file.suffix.lower() not in MAP_SUFFIXES:
        fail(f"--map 应为 .svg 或 .png 文件：{map_file}", 2)
    _output_file(map_file, "覆盖地图", "覆盖地图.png")
    if map_file.resolve().is_relative_to(inbox.resolve()):
        fail(
            f"覆盖地图不能写在收件箱里面（{map_file}），否则下次会被列为“已忽略”；请换一个位置。", 2
        )


@app.command()
def feedback(
    inbox: Annotated[
        Path,
        typer.Argument(
            help="存放各市回收表的文件夹（与 merge 相同）。",
            show_default=False,
            metavar="收件箱文件夹",
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="反馈包写到这个文件夹（每个市一个子文件夹）。")
    ] = Path("out/feedback"),
    as_json: JsonOption = False,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            help="修改、补报的截止日期，如 2021-08-27（默认生成日期后第 3 天，遇周末顺延到周一）。",
            show_default=False,
        ),
    ] = None,
    send_to: SendToOption = NOTICE_MAILBOX,
    contact: Annotated[
        str | None,
        typer.Option("--contact", help="通知中的联系人及电话。", show_default=False),
    ] = None,
    keep_all: KeepAllOption = False,
    roster: RosterOption = None,
    max_mb: MaxMbOption = 50,
    max_rows: MaxRowsOption = 200_000,
    jobs: JobsOption = None,
) -> None:
    """按 merge 的方式读取收件箱，为每个需要修改、补报的市写出通知、邮件草稿和标注副本。"""
    from pairtable import render
    from pairtable.clock import fixed_time
    from pairtable.dates import parse_date
    from pairtable.feedback import default_deadline, plan_feedback
    from pairtable.feedback_book import write_overview
    from pairtable.merge import merge_inbox
    from pairtable.notice import NoticeOptions, chinese_date, local_date
    from pairtable.pack import OVERVIEW_NAME, feedback_report, stale_files, write_packs
    from pairtable.reader import Limits

    _check_inbox(inbox, output, "反馈包")
    _output_folder(output, "反馈包")
    target, source = output.resolve(), inbox.resolve()
    generated_at = fixed_time()
    due = default_deadline(local_date(generated_at))
    if deadline is not None:
        parsed = parse_date(deadline)
        if parsed is None:
            fail(f"--deadline 不是日期：{deadline}（应写成 2021-08-27）", 2)
        due = parsed
    today = local_date(generated_at)
    if due < today:
        render.stderr.print(
            f"[yellow]注意：截止日期 {chinese_date(due)} 早于今天（{chinese_date(today)}），"
            "请用 --deadline 指定新的日期。[/]"
        )
    loaded = _load_roster(roster)
    for city in loaded.city_names:
        if source.is_relative_to(target / city):
            fail(f"收件箱在反馈包的文件夹 {output / city} 里面；请换一个输出位置。", 2)
    limits = Limits.scaled(max_mb, max_rows)
    with (
        render.progress("读取回收表") as advance,
        merge_inbox(
            inbox,
            loaded,
            generated_at=generated_at,
            keep_all=keep_all,
            limits=limits,
            progress=advance,
            jobs=jobs,
        ) as result,
    ):
        plan = plan_feedback(inbox, result, limits=limits)
    options = NoticeOptions(
        deadline=due, send_to=send_to, contact=contact, generated_at=generated_at
    )

    def write_all() -> list[Pack]:
        with render.progress("写出反馈包") as advance:
            written = write_packs(plan, output, loaded, options, advance)
        write_overview(output / OVERVIEW_NAME, plan, written, options)
        return written

    packs = _written_or_fail(write_all, output, "已写出的文件都是完整的。")
    if as_json:
        _print_json(feedback_report(plan, packs, output, options).model_dump_json(indent=2))
    else:
        render.feedback_summary(packs, plan, output / OVERVIEW_NAME, chinese_date(due))
    render.stale_warning(stale_files(packs, output), output)
    render.unconfirmed_warning(loaded)


@app.command()
def schema(
    command: Annotated[
        str,
        typer.Argument(
            help="哪个命令的 --json 输出：validate、merge、roster 或 feedback。",
            show_default=False,
            metavar="命令",
        ),
    ],
) -> None:
    """打印某个命令 --json 输出的 JSON Schema（draft 2020-12），供其他程序校验。"""
    from pairtable.schemas import COMMANDS, schema_text

    if command not in COMMANDS:
        fail(f"没有这个命令的 JSON 输出：{command}（可选：{'、'.join(COMMANDS)}）", 2)
    _print_json(schema_text(command).rstrip("\n"))


def _is_schema_error(error: BaseException) -> bool:
    """A pydantic ValidationError: data our own checks let through that a model refuses."""
    core = sys.modules.get("pydantic_core")
    return core is not None and isinstance(error, core.ValidationError)


def main() -> None:
    _safe_console()
    # No third-party pydantic plugin observes or changes what the models check (and pydantic
    # need not scan every installed package's metadata for one).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        # Writing what the command prints failed (outputs have their own messages).
        typer.echo("错误：磁盘已满，输出没有写完。请清理磁盘空间后重试。", err=True)
        raise SystemExit(1) from None
    except Exception as error:
        if not _is_schema_error(error):
            raise
        # A bug, never the user's input: say so in Chinese, without a traceback.
        typer.echo(
            "错误：内部错误——数据通过了各项检查，却不符合 pairtable 的数据模型"
            f"（{error.__class__.__name__}：{str(error).splitlines()[0]}）。"
            "这是 pairtable 的缺陷，不是填报的问题：请把输入文件和这条消息发给维护人员。",
            err=True,
        )
        raise SystemExit(1) from None


# Collect cycles every 50,000 allocations instead of Python's 700 (see `run`).
GC_FIRST_THRESHOLD = 50_000


def run() -> NoReturn:
    """The `pairtable` command (and `python -m pairtable`): `main`, in a process that lives
    for one command.

    - The collector's first threshold is raised: at Python's default, a return of 100,000
      rows (its rows and issues held while it is validated) has the collector rescan them
      again and again, a tenth of that merge. Cycles are still collected.
    - The process ends with `os._exit` once its output is flushed: Python's own teardown, which
      frees every module's objects one by one, costs ~50 ms, a sixth of that merge. By then
      every file a command wrote is closed (outputs are written inside `with` blocks) and its
      child processes have been waited for.

    An exception other than SystemExit (a bug) leaves the ordinary way, with its traceback.
    """
    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
    try:
        main()
        code = 0
    except SystemExit as exit:
        code = _exit_status(exit.code)
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed by whoever started us (`>&-`): nothing to deliver
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away (`| head`): what it took was enough
            pass
        except OSError:  # not delivered (a full disk): as Python would end, code 1 at least
            code = code or 1
    os._exit(code)


def _exit_status(code: object) -> int:
    """As Python exits for SystemExit(code): None is 0, a number is itself, anything else is
    printed and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
