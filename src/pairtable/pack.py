"""Write the feedback packs: per city a folder with the notice, the draft mail and its attachment.

`DIR/<市名>/<市名>-问题标注.xlsx` (the annotated return), `<市名>-通知.txt`, `<市名>-通知.eml`;
a city that sent nothing usable gets its blank template instead of an annotated copy. Every
file is written atomically and is the same bytes for the same inputs and clock.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ConfigDict

from pairtable.annotate import annotated_workbook
from pairtable.atomic import atomic_path
from pairtable.draft import MailAttachment, draft_mail, recipients
from pairtable.feedback import Action, CityFeedback, FeedbackPlan, UsedReturn
from pairtable.form import template_filename
from pairtable.layout_copy import Mark
from pairtable.models import Report
from pairtable.notice import NoticeOptions, compose
from pairtable.roster import Roster

OVERVIEW_NAME = "反馈清单.xlsx"


@dataclass
class Pack:
    """What was written for one city (paths relative to the output folder)."""

    city: CityFeedback
    files: list[str] = field(default_factory=list)
    mail_to: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


def pack_names(city: str) -> dict[str, str]:
    return {
        "annotated": f"{city}-问题标注.xlsx",
        "notice": f"{city}-通知.txt",
        "mail": f"{city}-通知.eml",
        "template": template_filename(city),
    }


def write_packs(
    plan: FeedbackPlan,
    out_dir: Path,
    roster: Roster,
    options: NoticeOptions,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Pack]:
    """One pack per city that must act; cities with nothing to act on get an empty Pack."""
    packs = []
    for index, city in enumerate(plan.cities):
        if progress:
            progress(index, len(plan.cities), city.city)
        packs.append(
            write_pack(city, out_dir, roster, options) if city.action != "none" else Pack(city)
        )
    return packs


def write_pack(city: CityFeedback, out_dir: Path, roster: Roster, options: NoticeOptions) -> Pack:
    from pairtable.template import TemplateOptions, write_template

    names = pack_names(city.city)
    folder = out_dir / city.city
    pack = Pack(city)
    attachments: list[MailAttachment] = []
    if city.returns:
        marked = [r for r in city.returns if r.report.issues]
        located: dict[str, UsedReturn] = {}
        for number, used in enumerate(marked, start=1):
            name = names["annotated"]
            if len(marked) > 1:
                name = name.replace(".xlsx", f"-{number:0{len(str(len(marked)))}d}.xlsx")
            data, marks = annotated_bytes(used, options.generated_at)
            _write(folder / name, data)
            attachments.append(MailAttachment(name, data))
            located[used.entry.file] = dataclasses.replace(used, copy_cells=dict(marks))
        # The notice names the cells of the copies the city will open.
        returns = [located.get(r.entry.file, r) for r in city.returns]
        city = dataclasses.replace(city, returns=returns)
    elif city.expected:  # a template lists the city's key counties; without any, none is made
        template = TemplateOptions(
            deadline=options.deadline, send_to=options.send_to, contact=options.contact
        )
        written = write_template(roster, city.city, folder, template).path
        attachments.append(MailAttachment(written.name, written.read_bytes()))
    notice = compose(city, options, [a.name for a in attachments])
    _write(folder / names["notice"], notice.text.replace("\n", "\r\n").encode("utf-8-sig"))
    pack.mail_to = recipients(city.recipients)
    mail = draft_mail(notice, to=pack.mail_to, attachments=attachments, options=options)
    _write(folder / names["mail"], mail)
    pack.attachments = [a.name for a in attachments]
    pack.files = [
        f"{city.city}/{name}" for name in (*pack.attachments, names["notice"], names["mail"])
    ]
    return pack


def stale_files(packs: list[Pack], out_dir: Path) -> list[str]:
    """Pack files from an earlier run that this run did not write: they may be out of date."""
    written = {f for pack in packs for f in pack.files}
    stale = []
    for pack in packs:
        folder = out_dir / pack.city.city
        if not folder.is_dir():
            continue
        names = pack_names(pack.city.city)
        pattern = re.compile(
            "|".join(
                re.escape(n).replace(r"\.xlsx", r"(-\d+)?\.xlsx")
                if key == "annotated"
                else re.escape(n)
                for key, n in names.items()
            )
        )
        for path in sorted(folder.iterdir()):
            relative = f"{pack.city.city}/{path.name}"
            if pattern.fullmatch(path.name) and relative not in written:
                stale.append(relative)
    return stale


def annotated_bytes(used: UsedReturn, when: datetime) -> tuple[bytes, list[Mark]]:
    """`validate --annotate`'s copy of a return, made from its bytes as `validate` does for an
    archive member (a mail attachment or a member has no file of its own; its name may be
    one no file system takes), with fixed timestamps; and each issue with its cell in the copy."""
    return annotated_workbook(Path(used.entry.file), used.report, data=used.data, when=when)


def _write(target: Path, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


class FeedbackCity(Report):
    model_config = ConfigDict(frozen=True)

    city: str
    action: Action
    label: str
    files: list[str]
    counties_to_fix: list[str]
    counties_to_report: list[str]
    mail_to: str | None
    returns: list[str]
    unreadable: list[str]
    ignored: list[str]  # what merge lists as 已忽略 (a note, a PDF), named in the notice
    errors: int
    warnings: int


class FeedbackReport(Report):
    """The `feedback --json` contract: one entry per city of the roster."""

    model_config = ConfigDict(frozen=True)

    output: str
    overview: str
    deadline: str
    cities: list[FeedbackCity]
    unassigned: list[str]


def feedback_report(
    plan: FeedbackPlan, packs: list[Pack], out_dir: Path, options: NoticeOptions
) -> FeedbackReport:
    return FeedbackReport(
        output=str(out_dir),
        overview=OVERVIEW_NAME,
        deadline=options.deadline.isoformat(),
        cities=[
            FeedbackCity(
                city=pack.city.city,
                action=pack.city.action,
                label=pack.city.label,
                files=pack.files,
                counties_to_fix=pack.city.to_fix,
                counties_to_report=pack.city.to_report,
                mail_to=", ".join(pack.mail_to) or None,
                returns=[r.entry.file for r in pack.city.returns],
                unreadable=[u.file for u in pack.city.unreadable if not u.ignored],
                ignored=[u.file for u in pack.city.unreadable if u.ignored],
                errors=pack.city.error_count,
                warnings=pack.city.warning_count,
            )
            for pack in packs
        ],
        unassigned=[u.file for u in plan.unassigned],
    )
