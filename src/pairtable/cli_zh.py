"""Chinese for the command line's built-in texts, and help wrapped by display width.

typer vendors Click as `typer._click` with its texts hard-coded in English (no gettext), and
typer's own texts go through `gettext.gettext` with no catalogue. `install()` replaces them
at the few places they are produced: typer's `_`, the help option, the usage line, the two
`show` methods of Click's errors (whose messages are translated by pattern), the metavars of
parameter types, and the help formatter's width measure and wrapping, which count a Chinese
character as one column where a terminal shows two. Only this module and cli.py know typer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

import typer
import typer.core
from typer import _click
from typer._click import _compat, decorators, exceptions, formatting

from pairtable.form import display_width as form_width

_TYPER_TEXTS = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有这个命令：“{name}”。",
}
_TYPE_NAMES = {
    "int range": "整数",
    "integer": "整数",
    "int": "整数",
    "float range": "数字",
    "float": "数字",
    "boolean": "是或否",
    "text": "文字",
    "str": "文字",
    "path": "路径",
    "file": "文件",
    "directory": "文件夹",
    "filename": "文件名",
    "datetime": "日期时间",
}
# Click's messages, most specific first: (pattern, Chinese). Applied one after another.
_MESSAGES: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Missing (argument|option|parameter) '?(.+?)'?\.(.*)$", re.S), ""),
    (re.compile(r"^No such option: (\S+) \(Possible options: (.+)\)$"), ""),
    (re.compile(r"^No such option: (\S+)$"), r"没有这个选项：\1。"),
    (re.compile(r"^Invalid value for (.+?): (.+)$", re.S), ""),
    (
        re.compile(r"(.+?) is not a valid (.+?)\.$"),
        lambda m: f"{m.group(1)} 不是有效的{_TYPE_NAMES.get(m.group(2), m.group(2))}。",
    ),
    (
        re.compile(r"(.+?) is not in the range (.+?)\.$"),
        lambda m: f"{m.group(1)} 不在允许的范围内（应{_bounds(m.group(2))}）。",
    ),
    (re.compile(r"(.+?) is not one of (.+?)\.$"), r"\1 不是可选的值之一：\2。"),
    (re.compile(r"^Option '(.+?)' requires an argument\.$"), r"选项 \1 后面要写一个值。"),
    (re.compile(r"^Option '(.+?)' does not take a value\.$"), r"选项 \1 后面不能写值。"),
    (re.compile(r"^Got unexpected extra argument\(s\) \((.+)\)$"), r"多出了参数：\1。"),
    (
        re.compile(r"^(.+?)\.? Did you mean (.+)\?$"),
        lambda m: m.group(1).rstrip("。") + f"。您是不是要输入 {_alternatives(m.group(2))}？",
    ),
]
HELP_TEXT = "显示本帮助并退出。"


def translate(message: str) -> str:
    """A Click message in Chinese (unknown messages are returned as they are)."""
    for pattern, replacement in _MESSAGES:
        match = pattern.search(message)
        if match is None:
            continue
        if replacement == "":
            return _structured(pattern, match)
        message = pattern.sub(replacement, message)
    return message


def _structured(pattern: re.Pattern[str], match: re.Match[str]) -> str:
    text = pattern.pattern
    if text.startswith("^Missing"):
        kind = {"argument": "参数", "option": "选项", "parameter": "参数"}[match.group(1)]
        extra = match.group(3).strip(" .")
        return f"缺少{kind}“{match.group(2)}”。" + (translate(extra) if extra else "")
    if text.startswith("^No such option"):
        return f"没有这个选项：{match.group(1)}。您是不是要输入 {_alternatives(match.group(2))}？"
    # Invalid value for '--jobs': <reason>
    name = match.group(1).strip("'")
    return f"“{name}”的值无效：{translate(match.group(2))}"


def _alternatives(listed: str) -> str:
    names = [f"“{name.strip(chr(39))}”" for name in listed.split(", ")]
    return names[0] if len(names) == 1 else "、".join(names) + " 之一"


def _bounds(text: str) -> str:
    """Click's range notation in words: x>=0 -> 不小于 0; 1<=x<=4 -> 在 1 到 4 之间."""
    text = re.sub(r"^(\S+?)<=x<=(\S+)$", r"在 \1 到 \2 之间", text)
    text = re.sub(r"\bx>=(\S+)", r"不小于 \1", text)
    text = re.sub(r"\bx<=(\S+)", r"不大于 \1", text)
    text = re.sub(r"\bx>(\S+)", r"大于 \1", text)
    return re.sub(r"\bx<(\S+)", r"小于 \1", text)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return form_width(re.sub(r"\x1b\[[0-9;]*m", "", text))


_NO_LINE_START = set("，。、；：？！）》」』”’%,.;:?!)]")
# A bracketed extra ([默认：50；不小于 1]) stays whole; ASCII words too; else one character.
_TOKENS = re.compile(r"\s+|\[[^\[\]\n]{1,30}\]|[\x21-\x7e]+|.", re.S)


def wrap_text(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """Click's `wrap_text`, measuring display width and breaking between Chinese characters."""
    text = text.expandtabs()
    paragraphs = [text]
    if preserve_paragraphs:
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()] or [""]
    wrapped = []
    for number, paragraph in enumerate(paragraphs):
        first = initial_indent if number == 0 else subsequent_indent
        if paragraph.startswith("\b"):
            wrapped.append("\n".join(first + line for line in paragraph.splitlines()[1:]))
            continue
        joined = " ".join(line.strip() for line in paragraph.splitlines())
        wrapped.append("\n".join(_fill(joined, width, first, subsequent_indent)))
    return "\n\n".join(wrapped)


def _fill(text: str, width: int, first: str, rest: str) -> list[str]:
    lines: list[list[str]] = [[]]
    indents = [first]
    used = display_width(first)
    for token in _TOKENS.findall(text):
        size = display_width(token)
        if token.isspace():
            if lines[-1]:
                lines[-1].append(" ")
                used += 1
            continue
        if lines[-1] and used + size > width:
            carried: list[str] = []
            if token[0] in _NO_LINE_START and len(lines[-1]) > 1:
                carried.append(lines[-1].pop())  # keep punctuation off the line start
            while lines[-1] and lines[-1][-1] == " ":
                lines[-1].pop()
            lines.append(carried)
            indents.append(rest)
            used = display_width(rest) + sum(display_width(t) for t in carried)
        lines[-1].append(token)
        used += size
    return [indent + "".join(parts).rstrip() for indent, parts in zip(indents, lines, strict=True)]


def _help_option(param_decls: list[str]) -> Callable[[Any], Any]:
    decorate: Callable[[Any], Any] = _ORIGINAL_HELP_OPTION(param_decls)

    def apply(command: Any) -> Any:
        command = decorate(command)
        command.params[-1].help = HELP_TEXT
        return command

    return apply


_ORIGINAL_HELP_OPTION = decorators.help_option
_ORIGINAL_WRITE_USAGE = formatting.HelpFormatter.write_usage


def _write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
    args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]…")
    args = re.sub(r"\{([^{}]+)\}", r"\1", args)  # typer's braces around required arguments
    _ORIGINAL_WRITE_USAGE(self, prog, args, "用法：" if prefix is None else prefix)


def _write_dl(self: Any, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
    """Options' extras in Chinese punctuation: [默认：50；不小于 1]."""

    def extras(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            return "[" + _bounds(match.group(1)).replace("; ", "；") + "]"

        return re.sub(r"\[([^\[\]]*)\]\s*$", one, text)

    def metavar(text: str) -> str:
        return re.sub(r"<([a-z ]+)>", lambda m: f"<{_TYPE_NAMES.get(m[1], m[1])}>", text)

    _ORIGINAL_WRITE_DL(self, [(metavar(a), extras(b)) for a, b in rows], col_max, col_spacing)


_ORIGINAL_WRITE_DL = formatting.HelpFormatter.write_dl


def _write_heading(self: Any, heading: str) -> None:
    self.write(f"{'':>{self.current_indent}}{heading}：\n")


def _error_show(self: Any, file: IO[Any] | None = None) -> None:
    stream = file or _compat.get_text_stderr()
    _click.echo(f"错误：{translate(self.format_message())}", file=stream)


def _usage_error_show(self: Any, file: IO[Any] | None = None) -> None:
    stream = file or _compat.get_text_stderr()
    ctx = self.ctx
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"运行“{ctx.command_path} {ctx.help_option_names[-1]}”查看帮助。\n"
        _click.echo(f"{ctx.get_usage()}\n{hint}", file=stream)
    _click.echo(f"错误：{translate(self.format_message())}", file=stream)


def _typer_text(message: str) -> str:
    return _TYPER_TEXTS.get(message, message)


def _term_len(x: str) -> int:
    return display_width(x)


_installed = False


def install() -> None:
    """Put the Chinese texts in place (idempotent; costs no imports beyond typer)."""
    global _installed
    if _installed:
        return
    _installed = True
    typer.core._ = _typer_text  # type: ignore[attr-defined]
    decorators.help_option = _help_option
    formatter = formatting.HelpFormatter
    formatter.write_usage = _write_usage  # type: ignore[method-assign]
    formatter.write_dl = _write_dl  # type: ignore[method-assign]
    formatter.write_heading = _write_heading  # type: ignore[method-assign]
    formatting.wrap_text = wrap_text
    formatting.term_len = _term_len  # type: ignore[attr-defined]
    exceptions.ClickException.show = _error_show  # type: ignore[method-assign]
    exceptions.UsageError.show = _usage_error_show  # type: ignore[method-assign]
