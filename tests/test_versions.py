"""merge: which of a city's returns is used, rung by rung, and how a conflict is shown."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.merge import MergeResult, merge_inbox, merge_json
from pairtable.merge_report import FileEntry
from pairtable.roster import Roster
from pairtable.versions import version_key
from tests.conftest import good_rows, write_workbook

runner = CliRunner()
FIXED = datetime(2021, 8, 24, tzinfo=UTC)
EARLY, LATE = 1629400000, 1629500000  # file times, seconds since the epoch


def merged(inbox: Path, roster: Roster) -> MergeResult:
    return merge_inbox(inbox, roster, generated_at=FIXED)


def used(result: MergeResult) -> dict[str, str]:
    """The status of each return (a saved mail itself is listed as unpacked, not a return)."""
    return {f.file: f.status for f in result.files if f.status != "unpacked"}


def workbook(path: Path, filled_on: str, rows: int = 6, mtime: int = EARLY) -> Path:
    write_workbook(path, good_rows()[:rows], filled_on=filled_on)
    os.utime(path, (mtime, mtime))
    return path


def mail(path: Path, sent: datetime, attachment: Path, mtime: int = EARLY) -> Path:
    message = EmailMessage()
    message["From"] = "大同市乡村振兴局 <dt@example.gov.cn>"
    message["Subject"] = "大同市统计表"
    message["Date"] = format_datetime(sent)
    message.set_content("附件请查收。")
    message.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=attachment.name,
    )
    path.write_bytes(bytes(message))
    os.utime(path, (mtime, mtime))
    return path


def inbox_of(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir(parents=True)
    return inbox


def test_latest_filled_on_wins_even_when_an_older_return_arrives_later(
    tmp_path: Path, roster: Roster
) -> None:
    inbox = inbox_of(tmp_path)
    # The correction (8月21日) is saved first; the first return (8月18日) turns up later.
    workbook(inbox / "a-更正.xlsx", "2021-08-21", rows=5, mtime=EARLY)
    workbook(inbox / "b-初报.xlsx", "2021-08-18", rows=6, mtime=LATE)
    assert used(merged(inbox, roster)) == {"a-更正.xlsx": "used", "b-初报.xlsx": "superseded"}
    # The same by mail: the older return is mailed a day after the correction.
    second = inbox_of(tmp_path / "mail")
    parts = tmp_path / "parts"
    parts.mkdir()
    new = workbook(parts / "更正.xlsx", "2021-08-21", rows=5)
    old = workbook(parts / "初报.xlsx", "2021-08-18", rows=6)
    mail(second / "1.eml", datetime(2021, 8, 21, 9, tzinfo=UTC), new, mtime=EARLY)
    mail(second / "2.eml", datetime(2021, 8, 22, 9, tzinfo=UTC), old, mtime=LATE)
    assert used(merged(second, roster)) == {
        "1.eml/更正.xlsx": "used",
        "2.eml/初报.xlsx": "superseded",
    }


def test_on_a_tie_the_latest_mail_date_wins_whatever_the_file_times(
    tmp_path: Path, roster: Roster
) -> None:
    inbox = inbox_of(tmp_path)
    parts = tmp_path / "parts"
    parts.mkdir()
    first = workbook(parts / "一.xlsx", "2021-08-20", rows=6)
    second = workbook(parts / "二.xlsx", "2021-08-20", rows=5)
    # The later mail was saved to the inbox first; the earlier one was sent from Beijing at
    # 17:00 (09:00 UTC), which sorts after "10:00" as text though it is an hour earlier.
    beijing = timezone(timedelta(hours=8))
    mail(inbox / "a.eml", datetime(2021, 8, 20, 10, tzinfo=UTC), second, mtime=EARLY)
    mail(inbox / "b.eml", datetime(2021, 8, 20, 17, tzinfo=beijing), first, mtime=LATE)
    result = merged(inbox, roster)
    assert used(result) == {"a.eml/二.xlsx": "used", "b.eml/一.xlsx": "superseded"}
    assert "大同市云州区" in [
        f"{c.city}{c.county}" for c in result.coverage if c.status == "missing"
    ]


def test_on_a_tie_without_mail_the_latest_file_time_wins(tmp_path: Path, roster: Roster) -> None:
    inbox = inbox_of(tmp_path)
    workbook(inbox / "a.xlsx", "2021-08-20", rows=5, mtime=LATE)
    workbook(inbox / "b.xlsx", "2021-08-20", rows=6, mtime=EARLY)
    assert used(merged(inbox, roster)) == {"a.xlsx": "used", "b.xlsx": "superseded"}


def test_same_mail_date_then_file_time_decides(tmp_path: Path, roster: Roster) -> None:
    sent = datetime(2021, 8, 20, 9, tzinfo=UTC)
    early = FileEntry(file="a", status="used", filled_on="2021-08-20", mail_date=sent.isoformat())
    late = FileEntry(file="b", status="used", filled_on="2021-08-20", mail_date=sent.isoformat())
    early.modified = datetime.fromtimestamp(EARLY, UTC).isoformat()
    late.modified = datetime.fromtimestamp(LATE, UTC).isoformat()
    assert version_key(early) < version_key(late)
    undated = FileEntry(file="c", status="used", filled_on=None, modified=late.modified)
    assert version_key(undated) < version_key(early)  # no 填报时间 is the oldest


def test_a_tie_on_every_rung_with_different_content_is_a_conflict_shown_as_such(
    tmp_path: Path, roster: Roster
) -> None:
    inbox = inbox_of(tmp_path)
    workbook(inbox / "大同-1.xlsx", "2021-08-20", rows=6, mtime=EARLY)
    workbook(inbox / "大同-2.xlsx", "2021-08-20", rows=5, mtime=EARLY)
    result = merged(inbox, roster)
    assert {f.status for f in result.files} == {"conflict"}
    datong = [c for c in result.coverage if c.city == "大同市"]
    assert {(c.status, c.cause, c.label) for c in datong} == {("invalid", "conflict", "冲突")}
    data = json.loads(merge_json(result))
    assert {c["cause"] for c in data["coverage"] if c["city"] == "大同市"} == {"conflict"}
    statuses = [c["status"] for c in data["coverage"]]
    assert (statuses.count("invalid"), statuses.count("missing"), len(statuses)) == (6, 40, 46)
    assert data["summary"]["conflict"] == 6
    city = next(c for c in data["cities"] if c["city"] == "大同市")
    assert (city["invalid"], city["conflict"]) == (6, 6)
    out = tmp_path / "p.xlsx"
    cli = runner.invoke(app, ["merge", str(inbox), "-o", str(out)])
    assert cli.exit_code == 0
    assert "有错误 0 个" in cli.stdout and "冲突 6 个" in cli.stdout
    assert "冲突（两份同日报表内容不同，需人工核实）：大同市" in cli.stdout
    book = openpyxl.load_workbook(out)
    rows = [[c.value for c in r] for r in book["覆盖情况"].iter_rows(min_row=2)]
    shown = {r[3] for r in rows if r[0] == "大同市"}
    assert shown == {"冲突"} and all("冲突" in r[6] for r in rows if r[0] == "大同市")
    cities = [[c.value for c in r] for r in book["各市统计"].iter_rows(min_row=1, max_row=3)]
    header = cities[0]
    row = next(r for r in cities if r[0] == "大同市")
    assert row[header.index("有错误")] == 0 and row[header.index("冲突")] == 6


def test_every_county_not_covered_says_why(tmp_path: Path, roster: Roster) -> None:
    inbox = inbox_of(tmp_path)
    rows = good_rows()[:5]
    rows[0][5] = "12345"  # 广灵县's only row has an error
    write_workbook(inbox / "大同.xlsx", rows)
    result = merged(inbox, roster)
    causes = {(c.city, c.county): c.cause for c in result.coverage if c.status != "covered"}
    assert causes[("大同市", "广灵县")] == "row-errors"
    assert causes[("大同市", "云州区")] == "not-in-return"
    assert causes[("临汾市", "隰县")] == "not-submitted"
    covered = [c for c in result.coverage if c.status == "covered"]
    assert len(covered) == 4 and all(c.cause is None for c in covered)
    payload = json.loads(merge_json(result))
    assert all("cause" in c for c in payload["coverage"])


def test_a_mail_and_a_plain_file_compare_mail_date_with_file_time(
    tmp_path: Path, roster: Roster
) -> None:
    inbox = inbox_of(tmp_path)
    parts = tmp_path / "parts"
    parts.mkdir()
    mailed = workbook(parts / "邮件.xlsx", "2021-08-20", rows=6)
    sent = datetime.fromtimestamp(EARLY, UTC) + timedelta(hours=1)
    mail(inbox / "a.eml", sent, mailed, mtime=LATE)  # saved to the inbox long after it came
    workbook(inbox / "b.xlsx", "2021-08-20", rows=5, mtime=EARLY + 7200)  # arrived after
    assert used(merged(inbox, roster)) == {"a.eml/邮件.xlsx": "superseded", "b.xlsx": "used"}


def test_a_later_return_without_a_date_is_set_aside_loudly(tmp_path: Path, roster: Roster) -> None:
    """A correction sent later but with 填报时间 left blank ranks as the oldest version: the
    merge keeps the dated return, and says so on the file, in the terminal and in the JSON."""
    inbox = inbox_of(tmp_path)
    workbook(inbox / "大同市.xlsx", "2021-08-18", rows=6, mtime=EARLY)
    workbook(inbox / "大同市（修改后）.xlsx", "", rows=5, mtime=LATE)
    result = merged(inbox, roster)
    assert used(result) == {"大同市.xlsx": "used", "大同市（修改后）.xlsx": "superseded"}
    (warning,) = [i for i in result.issues if i.code == "superseded-arrived-later"]
    assert warning.file == "大同市（修改后）.xlsx"
    assert "没有填写填报时间" in warning.message and "大同市.xlsx" in warning.message
    shown = runner.invoke(app, ["merge", str(inbox), "-o", str(tmp_path / "p.xlsx")])
    assert "请核实“大同市（修改后）.xlsx”" in shown.stdout.replace("\n", "")


def test_an_older_return_that_arrives_later_is_named(tmp_path: Path, roster: Roster) -> None:
    inbox = inbox_of(tmp_path)
    workbook(inbox / "a-更正.xlsx", "2021-08-21", rows=5, mtime=EARLY)
    workbook(inbox / "b-初报.xlsx", "2021-08-18", rows=6, mtime=LATE)
    (warning,) = [i for i in merged(inbox, roster).issues if i.code == "superseded-arrived-later"]
    assert warning.file == "b-初报.xlsx" and "2021-08-18" in warning.message


def test_a_return_arriving_in_order_gets_no_warning(tmp_path: Path, roster: Roster) -> None:
    inbox = inbox_of(tmp_path)
    workbook(inbox / "a-初报.xlsx", "2021-08-18", rows=6, mtime=EARLY)
    workbook(inbox / "b-更正.xlsx", "2021-08-21", rows=5, mtime=LATE)
    result = merged(inbox, roster)
    assert used(result) == {"a-初报.xlsx": "superseded", "b-更正.xlsx": "used"}
    assert not [i for i in result.issues if i.code == "superseded-arrived-later"]
