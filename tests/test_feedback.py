"""feedback: the packs written for the example inbox, the draft mails, the notices' content."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pairtable.catalogue import CATALOGUE, TITLES
from pairtable.cli import app
from pairtable.feedback import default_deadline
from pairtable.roster import Roster
from pairtable.template import TemplateOptions, write_template
from tests.conftest import OFFICIAL_HEADER, good_rows, write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
EPOCH = "1629763200"  # 2021-08-24
runner = CliRunner()

EXPECTED_ACTIONS = {
    "太原市": "none",
    "大同市": "remind",
    "阳泉市": "none",
    "长治市": "remind",
    "晋城市": "none",
    "朔州市": "remind",
    "晋中市": "remind",
    "运城市": "fix",
    "忻州市": "fix",
    "临汾市": "remind",
    "吕梁市": "fix",
}


def run_feedback(inbox: Path, out: Path, *extra: str) -> tuple[dict[str, Any], str]:
    result = runner.invoke(
        app,
        ["feedback", str(inbox), "-o", str(out), "--json", *extra],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def by_city(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["city"]: entry for entry in data["cities"]}


def read_mail(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def notice_text(out: Path, city: str) -> str:
    return (out / city / f"{city}-通知.txt").read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def example_packs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("feedback") / "packs"
    data, _ = run_feedback(EXAMPLES, out, "--contact", "李子豪 13994996777")
    return out, data


def test_example_inbox_gives_the_expected_packs(example_packs: tuple[Path, dict[str, Any]]) -> None:
    out, data = example_packs
    cities = by_city(data)
    assert {city: entry["action"] for city, entry in cities.items()} == EXPECTED_ACTIONS
    assert cities["运城市"]["counties_to_fix"] == ["垣曲县"]
    assert cities["吕梁市"]["counties_to_fix"] == ["交口县"]
    assert cities["忻州市"]["counties_to_fix"] == ["河曲县"]
    assert cities["忻州市"]["counties_to_report"] == ["保德县", "偏关县"]
    assert (cities["忻州市"]["errors"], cities["忻州市"]["warnings"]) == (1, 3)
    # 临汾 sent everything inside a zip: its member is re-read and gets its warnings, not a 催报
    linfen = cities["临汾市"]
    assert linfen["returns"] == ["临汾市报送材料.zip!/临汾市/临汾市县际结对帮扶情况统计表.xlsx"]
    assert linfen["counties_to_fix"] == linfen["counties_to_report"] == []
    assert (linfen["errors"], linfen["warnings"]) == (0, 9)
    assert cities["朔州市"]["mail_to"] == "朔州市乡村振兴局 <szxczx@example.gov.cn>"
    assert all(cities[c]["mail_to"] is None for c in EXPECTED_ACTIONS if c != "朔州市")
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    expected = ["反馈清单.xlsx"]
    for city, action in EXPECTED_ACTIONS.items():
        if action == "none":
            assert cities[city]["files"] == [] and not (out / city).exists()
            continue
        names = (f"{city}-问题标注.xlsx", f"{city}-通知.txt", f"{city}-通知.eml")
        files = [f"{city}/{name}" for name in names]
        assert cities[city]["files"] == files
        expected += files
    assert written == sorted(expected)
    assert not [p for p in out.rglob("*.tmp")]


def test_overview_has_one_row_per_city(example_packs: tuple[Path, dict[str, Any]]) -> None:
    out, data = example_packs
    sheet = openpyxl.load_workbook(out / "反馈清单.xlsx")["反馈清单"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4) if row[0].value]
    labels = {"fix": "需修改", "report": "需补报", "remind": "仅提醒", "none": "无需反馈"}
    assert [(r[0], r[1]) for r in rows] == [(c, labels[a]) for c, a in EXPECTED_ACTIONS.items()]
    yuncheng = next(r for r in rows if r[0] == "运城市")
    assert yuncheng[2:8] == [3, 2, 1, 0, 1, 0]
    assert "修改：垣曲县" in yuncheng[8] and yuncheng[9] == "运城市.csv"
    assert yuncheng[11].split("\n") == [Path(f).name for f in by_city(data)["运城市"]["files"]]
    assert "szxczx@example.gov.cn" in next(r for r in rows if r[0] == "朔州市")[10]
    xinzhou = next(r for r in rows if r[0] == "忻州市")
    assert xinzhou[2:9] == [11, 8, 1, 2, 1, 3, "修改：河曲县\n补报：保德县、偏关县"]
    linfen = next(r for r in rows if r[0] == "临汾市")
    assert linfen[2:10] == [8, 8, 0, 0, 0, 9, "", by_city(data)["临汾市"]["returns"][0]]


def test_mails_are_drafts_with_the_right_attachment(
    example_packs: tuple[Path, dict[str, Any]],
) -> None:
    out, data = example_packs
    for city, entry in by_city(data).items():
        if entry["action"] == "none":
            continue
        mail = read_mail(out / city / f"{city}-通知.eml")
        assert mail["X-Unsent"] == "1"
        assert mail["Date"] and mail["Message-ID"] and "sxczxshz@163.com" in str(mail["From"])
        assert str(mail["To"] or "") == (entry["mail_to"] or "")
        body = mail.get_body(preferencelist=("plain",))
        assert body is not None
        notice = notice_text(out, city).replace("\r\n", "\n")
        content = body.get_content().replace("\r\n", "\n")
        assert notice == f"{mail['Subject']}\n\n{content}"
        attachments = list(mail.iter_attachments())
        assert len(attachments) == 1
        name = attachments[0].get_filename()
        assert name is not None and f"{city}/{name}" == entry["files"][0]
        assert attachments[0].get_content() == (out / city / name).read_bytes()


def test_city_that_sent_nothing_gets_its_blank_template(
    tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every city reports in the example inbox: without 临汾's zip, 临汾 has sent nothing.
    inbox = tmp_path / "inbox"
    shutil.copytree(EXAMPLES, inbox, ignore=shutil.ignore_patterns("临汾市*.zip"))
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out, "--contact", "李子豪 13994996777")
    linfen = by_city(data)["临汾市"]
    assert linfen["action"] == "report" and linfen["returns"] == []
    assert linfen["counties_to_report"] == [
        "古县",
        "浮山县",
        "吉县",
        "大宁县",
        "隰县",
        "永和县",
        "蒲县",
        "汾西县",
    ]
    template = "临汾市-县际结对帮扶情况统计表.xlsx"
    assert linfen["files"] == [
        f"临汾市/{template}",
        "临汾市/临汾市-通知.txt",
        "临汾市/临汾市-通知.eml",
    ]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    options = TemplateOptions(deadline=date(2021, 8, 27), contact="李子豪 13994996777")
    blank = write_template(roster, "临汾市", tmp_path / "blank", options).path
    attached = read_mail(out / "临汾市" / "临汾市-通知.eml")
    (part,) = attached.iter_attachments()
    assert part.get_filename() == template and part.get_content() == blank.read_bytes()
    notice = notice_text(out, "临汾市")
    assert "尚未收到贵局报送的统计表" in notice and "2021年8月27日前" in notice
    assert template in notice and "古县、浮山县" in notice


def test_return_inside_a_zip_gets_the_annotated_copy_of_its_member(
    example_packs: tuple[Path, dict[str, Any]],
) -> None:
    out, _ = example_packs
    (part,) = read_mail(out / "临汾市" / "临汾市-通知.eml").iter_attachments()
    assert part.get_filename() == "临汾市-问题标注.xlsx"
    book = openpyxl.load_workbook(out / "临汾市" / "临汾市-问题标注.xlsx")
    assert book.sheetnames[:2] == ["问题清单", "第一页"]
    assert book["第一页"]["A6"].value == "同上"
    assert book["第一页"]["A6"].fill.start_color.rgb.endswith("FFEB9C")
    notice = notice_text(out, "临汾市")
    assert "文件“临汾市报送材料.zip”中的“临汾市县际结对帮扶情况统计表.xlsx”）已收悉" in notice
    assert "8个重点帮扶县的结对帮扶情况已全部汇总，无需重新报送" in notice
    assert "A6单元格（浮山县一行）：“同上”已按上一行的“临汾市”处理" in notice
    assert "尚未收到" not in notice and "统计表模板" not in notice


def test_notices_name_every_county_and_every_error_cell(
    example_packs: tuple[Path, dict[str, Any]],
) -> None:
    out, data = example_packs
    for city, entry in by_city(data).items():
        if entry["action"] == "none":
            continue
        notice = notice_text(out, city)
        assert notice.splitlines()[2] == f"{city}乡村振兴局："
        for county in entry["counties_to_fix"] + entry["counties_to_report"]:
            assert county in notice, (city, county)
        assert "李子豪 13994996777" in notice and notice.rstrip().endswith("2021年8月24日")
    # 运城 sent a CSV: its annotated copy is rebuilt in the form's layout, where C4 became C5
    yuncheng = notice_text(out, "运城市")
    assert "单元格均在附件的“统计表”工作表中，括号内为原表中的位置" in yuncheng
    assert "C5单元格（原表C4，垣曲县一行）：结对帮扶县“尧都区”属于临汾市" in yuncheng
    assert "由于原表是 .csv 格式，标注副本已按统一表样重新排列在“统计表”工作表中" in yuncheng
    copy = openpyxl.load_workbook(out / "运城市" / "运城市-问题标注.xlsx")["统计表"]
    assert copy["C5"].value == "尧都区" and copy["C5"].fill.start_color.rgb.endswith("FFC7CE")
    assert "D12单元格（河曲县一行）：“/”只是占位符号" in notice_text(out, "忻州市")
    assert "C4单元格（五台县一行）：具体负责人“常青副县长”中含有职务" in notice_text(out, "忻州市")
    assert "D11单元格（交口县一行）：“待定”只是占位符号" in notice_text(out, "吕梁市")
    assert "无需重新报送" in notice_text(out, "大同市")


def messy_inbox(tmp_path: Path) -> Path:
    """大同 with errors in several rows and columns, a missing key county, and a warning."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = good_rows()[:5]  # 云州区 missing
    rows[0][5] = "1399499677"  # phone-invalid, F4
    rows[1][5] = "0352-12"  # phone-invalid, F5
    rows[2][3] = ""  # person-empty, D6
    rows[3][2] = "尧都区"  # assisting-other-city, C7
    rows[4][2] = "大同县"  # name-normalised (warning), C8
    write_workbook(inbox / "大同市.xlsx", rows)
    return inbox


def test_notice_groups_errors_by_problem_with_every_cell(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data, _ = run_feedback(messy_inbox(tmp_path), out)
    datong = by_city(data)["大同市"]
    # warnings: 大同县 renamed, 云州区 is itself a key county, 云州区 has no row
    assert datong["action"] == "fix" and datong["errors"] == 4 and datong["warnings"] == 3
    assert datong["counties_to_fix"] == ["阳高县", "天镇县", "广灵县", "灵丘县"]
    assert datong["counties_to_report"] == ["云州区"]
    notice = notice_text(out, "大同市")
    errors = notice[notice.index("一、需要修改的内容") : notice.index("二、")]
    assert "共4处，单元格均在“统计表”工作表中" in errors
    assert re.findall(r"（[一二三]）(\S+?)（(\d)处）", errors) == [
        ("联系方式不是有效的电话号码", "2"),
        ("没有填写具体负责人", "1"),
        ("结对帮扶县不在本市市域内", "1"),
    ]
    for cell, county in (("F4", "广灵县"), ("F5", "天镇县"), ("D6", "阳高县"), ("C7", "灵丘县")):
        assert f"{cell}单元格（{county}一行）：" in errors
    assert "1399499677" in errors  # phones are not masked: the city wrote them
    assert "三、请注意的内容（共2处" in notice and "C8单元格" in notice
    assert "二、尚未填报的重点帮扶县" in notice and "云州区" in notice
    assert "没有填写结对帮扶情况" not in notice  # the county warning is in section 二 already
    book = openpyxl.load_workbook(out / "大同市" / "大同市-问题标注.xlsx")
    assert book["统计表"]["F4"].fill.start_color.rgb.endswith("FFC7CE")
    assert book["统计表"]["F4"].value == "1399499677"


def mail_with(path: Path, sender: str, attachment: tuple[str, bytes] | None) -> Path:
    message = EmailMessage()
    message["From"], message["Subject"] = sender, "统计表"
    message["Date"] = "Fri, 20 Aug 2021 10:00:00 +0800"
    message.set_content("请查收")
    if attachment:
        name, data = attachment
        message.add_attachment(data, "application", "octet-stream", filename=name)
    path.write_bytes(message.as_bytes())
    return path


def test_unreadable_return_is_explained_and_answered_to_its_sender(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    mail_with(inbox / "来信.eml", "大同市乡村振兴局 <dt@example.cn>", ("大同市.xlsx", b""))
    (inbox / "无名.xlsx").write_bytes(b"")
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    datong = by_city(data)["大同市"]
    assert datong["action"] == "report" and datong["unreadable"] == ["来信.eml/大同市.xlsx"]
    assert datong["mail_to"] == "大同市乡村振兴局 <dt@example.cn>"
    assert data["unassigned"] == ["无名.xlsx"]
    notice = notice_text(out, "大同市")
    assert "“大同市.xlsx”：文件是空的（0 字节）。处理方法：请检查邮件附件" in notice
    # Said once, and never the province's own note to itself ("ask the city again").
    assert notice.count("“大同市.xlsx”：") == 1 and "并按其问题说明" not in notice
    mail = read_mail(out / "大同市" / "大同市-通知.eml")
    assert mail["To"].addresses[0].addr_spec == "dt@example.cn"
    (part,) = mail.iter_attachments()
    assert part.get_filename() == "大同市-县际结对帮扶情况统计表.xlsx"


def test_return_from_mail_is_answered_to_its_sender_with_its_annotated_copy(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = good_rows()
    rows[0][3] = ""
    sheet = write_workbook(tmp_path / "大同.xlsx", rows)
    mail_with(inbox / "大同来信.eml", "dt@example.cn", ("大同.xlsx", sheet.read_bytes()))
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    assert by_city(data)["大同市"]["mail_to"] == "dt@example.cn"
    mail = read_mail(out / "大同市" / "大同市-通知.eml")
    assert str(mail["To"]) == "dt@example.cn"
    (part,) = mail.iter_attachments()
    copy = openpyxl.load_workbook(out / "大同市" / "大同市-问题标注.xlsx")
    assert part.get_filename() == "大同市-问题标注.xlsx" and copy.sheetnames[0] == "问题清单"
    assert "D4单元格（广灵县一行）：没有填写“具体负责人”" in notice_text(out, "大同市")


def test_conflicting_returns_are_both_annotated_and_named(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first = write_workbook(inbox / "大同-1.xlsx", good_rows())
    second = write_workbook(inbox / "大同-2.xlsx", good_rows()[:5])
    for path in (first, second):
        os.utime(path, (1629763200, 1629763200))
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    datong = by_city(data)["大同市"]
    assert datong["action"] == "fix" and datong["returns"] == ["大同-1.xlsx", "大同-2.xlsx"]
    assert datong["files"][:2] == ["大同市/大同市-问题标注-1.xlsx", "大同市/大同市-问题标注-2.xlsx"]
    notice = notice_text(out, "大同市")
    assert "报送的2份" in notice
    assert "“大同-1.xlsx”“大同-2.xlsx”的填报时间相同但内容不同，我局无法确定以哪份为准" in notice
    assert "需要修改的内容" not in notice and "确认无误的一份统计表" in notice
    assert len(list(read_mail(out / "大同市" / "大同市-通知.eml").iter_attachments())) == 2


def test_same_inputs_same_bytes_and_inputs_untouched(tmp_path: Path) -> None:
    def digests(folder: Path) -> dict[str, str]:
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    before = digests(EXAMPLES)
    run_feedback(EXAMPLES, tmp_path / "a")
    run_feedback(EXAMPLES, tmp_path / "b", "--jobs", "0")
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert digests(EXAMPLES) == before


def test_deadline_and_send_to_reach_the_notice(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data, _ = run_feedback(EXAMPLES, out, "--deadline", "2021-09-01", "--send-to", "hz@example.cn")
    assert data["deadline"] == "2021-09-01"
    notice = notice_text(out, "吕梁市")
    assert "2021年9月1日前" in notice and "报送至 hz@example.cn。" in notice
    assert "如有疑问，请与我局联系（hz@example.cn）" in notice


def test_stale_pack_files_are_pointed_out(tmp_path: Path) -> None:
    inbox = messy_inbox(tmp_path)
    out = tmp_path / "out"
    run_feedback(inbox, out)
    write_workbook(inbox / "大同市.xlsx", good_rows(), filled_on="2021年8月22日")
    data, stderr = run_feedback(inbox, out)
    assert by_city(data)["大同市"]["action"] == "none"
    assert "大同市/大同市-通知.eml" in stderr and "可能已经过时" in stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    inside = runner.invoke(app, ["feedback", str(inbox), "-o", str(inbox / "packs")])
    assert inside.exit_code == 2 and "收件箱里面" in inside.stderr
    around = runner.invoke(app, ["feedback", str(inbox), "-o", str(tmp_path.parent)])
    assert around.exit_code == 0  # the inbox is not inside a city folder of the output
    city_inbox = tmp_path / "大同市"
    city_inbox.mkdir()
    assert runner.invoke(app, ["feedback", str(city_inbox), "-o", str(tmp_path)]).exit_code == 2
    (tmp_path / "file").write_text("x")
    assert runner.invoke(app, ["feedback", str(inbox), "-o", str(tmp_path / "file")]).exit_code == 2
    bad_date = runner.invoke(app, ["feedback", str(inbox), "-o", "x", "--deadline", "下周"])
    assert bad_date.exit_code == 2
    assert runner.invoke(app, ["feedback", str(tmp_path / "none"), "-o", "x"]).exit_code == 2
    assert not (inbox / "packs").exists()


def test_real_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "packs"
    completed = subprocess.run(
        [sys.executable, "-m", "pairtable", "feedback", str(EXAMPLES), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "COLUMNS": "160"},
        check=False,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr
    assert "需修改 3 个市，需补报 0 个市，仅提醒 5 个市，无需反馈 3 个市" in completed.stdout
    assert "2021年8月27日" in completed.stdout  # default: three days on, a Friday
    assert (out / "临汾市" / "临汾市-通知.eml").is_file()


def test_every_code_has_a_heading() -> None:
    assert set(TITLES) == set(CATALOGUE)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_default_deadline_is_a_weekday_three_to_five_days_on(today: date) -> None:
    due = default_deadline(today)
    assert due.weekday() < 5 and today + timedelta(days=3) <= due <= today + timedelta(days=5)


def test_readme_shows_the_notice_a_fresh_run_writes(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(
        r"<!-- notice:start -->\n```text\n(.*?)```\n<!-- notice:end -->", readme, re.S
    )
    assert shown is not None
    out = tmp_path / "out"
    run_feedback(EXAMPLES, out, "--contact", "李子豪 13994996777", "--deadline", "2021-08-27")
    assert shown.group(1) == notice_text(out, "吕梁市").replace("\r\n", "\n"), (
        "README notice is stale: run scripts/render-feedback-docs.py and paste its output"
    )


def test_mail_without_a_table_is_answered_by_its_subject(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    mail_with(inbox / "大同来信.eml", "dt@example.cn", None)
    (inbox / "报送说明.docx").write_bytes(b"PK")  # no city named: ignored, not mentioned
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    datong = by_city(data)["大同市"]
    assert datong["action"] == "report" and datong["mail_to"] == "dt@example.cn"
    notice = notice_text(out, "大同市")
    assert "我局收到贵局报送的邮件（主题“统计表”），但未能从中读取统计表" in notice
    assert "邮件中没有表格附件。请将统计表作为邮件附件发送。" in notice
    assert "报送说明.docx" not in notice
    assert data["unassigned"] == []


def test_city_without_key_counties_is_told_only_what_was_wrong(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "阳泉市.xlsx").write_bytes(b"not a workbook at all")
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    assert by_city(data)["阳泉市"]["action"] == "report"
    notice = notice_text(out, "阳泉市")
    assert "文件“阳泉市.xlsx”：" in notice and "请处理后，于2021年8月27日前" in notice
    assert "贵市共有" not in notice and "统计表模板" not in notice
    assert by_city(data)["阳泉市"]["files"] == ["阳泉市/阳泉市-通知.txt", "阳泉市/阳泉市-通知.eml"]
    assert list(read_mail(out / "阳泉市" / "阳泉市-通知.eml").iter_attachments()) == []


def test_note_from_a_city_without_key_counties_is_ignored_as_merge_ignores_it(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_workbook(inbox / "大同市.xlsx", good_rows())
    (inbox / "阳泉市情况说明.txt").write_text("我市没有重点帮扶县，特此说明。", encoding="utf-8")
    (inbox / "阳泉").mkdir()
    (inbox / "阳泉" / "说明.pdf").write_bytes(b"%PDF-1.4\n")
    merged = runner.invoke(app, ["merge", str(inbox), "-o", str(tmp_path / "p.xlsx"), "--json"])
    statuses = {f["file"]: f["status"] for f in json.loads(merged.stdout)["files"]}
    assert statuses["阳泉市情况说明.txt"] == statuses["阳泉/说明.pdf"] == "ignored"
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    yangquan = by_city(data)["阳泉市"]
    assert yangquan["action"] == "none" and yangquan["files"] == []
    assert yangquan["unreadable"] == [] and yangquan["ignored"] == []
    assert not (out / "阳泉市").exists()
    overview = openpyxl.load_workbook(out / "反馈清单.xlsx").active
    assert overview is not None
    row = next(r for r in overview.iter_rows(values_only=True) if r[0] == "阳泉市")
    assert "无需反馈" in row and not any("说明" in str(v) for v in row if v)


def test_note_from_a_city_that_owes_a_table_is_ignored_not_unreadable(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "大同市情况说明.txt").write_text("表格随后报送。", encoding="utf-8")
    (inbox / "阳泉市.xlsx").write_bytes(b"not a workbook at all")
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    datong, yangquan = by_city(data)["大同市"], by_city(data)["阳泉市"]
    assert datong["action"] == "report" and datong["counties_to_report"]
    assert datong["unreadable"] == [] and datong["ignored"] == ["大同市情况说明.txt"]
    assert "文件“大同市情况说明.txt”" in notice_text(out, "大同市")
    # Sent something unreadable: told so, but asked for no key county.
    assert yangquan["unreadable"] == ["阳泉市.xlsx"] and yangquan["counties_to_report"] == []
    assert "贵市共有" not in notice_text(out, "阳泉市")


def test_long_groups_are_cut_with_a_pointer_to_the_issue_sheet(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = [
        ["大同市", "广灵县", "平城区", f"张{i}", "局长", f"1391234{i:03d}", ""] for i in range(55)
    ]
    rows += good_rows()[1:]
    write_workbook(inbox / "大同市.xlsx", rows)
    out = tmp_path / "out"
    run_feedback(inbox, out)
    notice = notice_text(out, "大同市")
    assert "联系方式不是有效的电话号码（55处）" in notice
    assert "F4单元格" in notice and "F53单元格" in notice and "F54单元格" not in notice
    assert "……另有5处，见附件中的“问题清单”工作表。" in notice


def test_headings_are_numbered_in_chinese() -> None:
    from pairtable.notice import chinese_number

    assert [chinese_number(n) for n in (1, 10, 11, 20, 34, 99)] == [
        "一",
        "十",
        "十一",
        "二十",
        "三十四",
        "九十九",
    ]


def test_unwritable_output_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocked = tmp_path / "out"
    blocked.mkdir()
    (blocked / "运城市").write_text("a file where the city's folder should go")
    result = runner.invoke(app, ["feedback", str(EXAMPLES), "-o", str(blocked)])
    stderr = result.stderr.replace("\n", "")
    assert result.exit_code == 2 and f"“{blocked / '运城市'}”是一个文件，不是文件夹" in stderr
    assert "已写出的文件都是完整的" in stderr
    assert not isinstance(result.exception, OSError)


def test_full_disk_while_writing_packs_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    out = tmp_path / "out"
    result = runner.invoke(app, ["feedback", str(EXAMPLES), "-o", str(out)])
    stderr = result.stderr.replace("\n", "")
    written = out / "大同市" / "大同市-问题标注.xlsx"
    assert result.exit_code == 1
    assert f"无法写入“{written}”（No space left on device）" in stderr
    assert not isinstance(result.exception, OSError)
    assert not list(out.rglob("*.tmp"))


ROW_FAULTS = {
    "person": (3, ""),
    "phone": (5, "12345"),
    "assisting": (2, "尧都区"),
    "unit": (4, ""),
}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    faults=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(sorted(ROW_FAULTS))), max_size=8),
    dropped=st.sets(st.integers(0, 5), max_size=3),
)
def test_every_error_cell_and_county_is_in_the_notice(
    tmp_path: Path, roster: Roster, faults: list[tuple[int, str]], dropped: set[int]
) -> None:
    from pairtable.feedback import plan_feedback
    from pairtable.merge import merge_inbox
    from pairtable.notice import NoticeOptions, compose

    rows = good_rows()
    for index, fault in faults:
        column, value = ROW_FAULTS[fault]
        rows[index][column] = value
    # Its own folder per example: Hypothesis may draw the same faults twice.
    inbox = Path(tempfile.mkdtemp(prefix="inbox-", dir=tmp_path))
    write_workbook(inbox / "大同市.xlsx", [r for i, r in enumerate(rows) if i not in dropped])
    result = merge_inbox(inbox, roster, generated_at=datetime(2021, 8, 24, tzinfo=UTC), jobs=0)
    city = next(c for c in plan_feedback(inbox, result).cities if c.city == "大同市")
    options = NoticeOptions(date(2021, 8, 27), "x@example.cn", None, result.generated_at)
    notice = compose(city, options, ["大同市-问题标注.xlsx"]).text
    for used in city.returns:
        for issue in used.errors:
            assert issue.cell is not None
            ref = re.escape(issue.cell.rsplit("!", 1)[1])
            assert re.search(f"{ref}单元格(（[^）]+一行）)?：{re.escape(issue.message)}", notice)
    for county in city.to_fix + city.to_report:
        assert county in notice
    expected = "remind" if city.warning_count else "none"
    if city.error_count:
        expected = "fix"
    elif city.to_report:
        expected = "report"
    assert city.action == expected


def test_annotated_copies_carry_the_fixed_time_not_the_save_time(
    example_packs: tuple[Path, dict[str, Any]],
) -> None:
    import zipfile

    out, _ = example_packs
    with zipfile.ZipFile(out / "吕梁市" / "吕梁市-问题标注.xlsx") as book:
        assert {info.date_time for info in book.infolist()} == {(2021, 8, 24, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    stamps = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
    assert dict(stamps) == {"created": "2021-08-24T00:00:00Z", "modified": "2021-08-24T00:00:00Z"}
    ids = [read_mail(p)["Message-ID"] for p in sorted(out.rglob("*.eml"))]
    assert len(set(ids)) == len(ids) == 8


def test_unreadable_return_is_attributed_by_its_sender(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    mail_with(inbox / "来信.eml", "大同市乡村振兴局 <dt@example.cn>", ("统计表.xlsx", b""))
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    assert by_city(data)["大同市"]["unreadable"] == ["来信.eml/统计表.xlsx"]
    assert data["unassigned"] == []
    sheet = openpyxl.load_workbook(out / "反馈清单.xlsx")["反馈清单"]
    datong = next(row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] == "大同市")
    assert datong[1] == "需补报" and datong[9] == "未能读取：来信.eml/统计表.xlsx"


def csv_return(rows: list[list[Any]]) -> bytes:
    lines = [
        "填报单位：大同市乡村振兴局,,,,填报时间：2021-08-20",
        ",".join(OFFICIAL_HEADER),
    ]
    lines += [",".join(str(v) for v in row) for row in rows]
    return "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize("name", ["大同统计.csv", "大同:统计.csv"])
def test_csv_attachment_gets_its_cells_marked(tmp_path: Path, name: str) -> None:
    rows = good_rows()
    rows[2][3] = ""  # person-empty on the third data row
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    mail_with(inbox / "大同来信.eml", "dt@example.cn", (name, csv_return(rows)))
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    assert by_city(data)["大同市"]["action"] == "fix"
    book = openpyxl.load_workbook(out / "大同市" / "大同市-问题标注.xlsx")
    # rebuilt in the form's layout: title, 填报单位 and header rows put the data a row lower
    assert book.sheetnames == ["问题清单", "统计表"]
    listed = {r[3]: r[:2] for r in book["问题清单"].iter_rows(min_row=2, values_only=True)}
    assert listed["person-empty"] == ("统计表!D6", f"{Path(name).stem}!D5")
    assert book["统计表"]["D6"].fill.start_color.rgb.endswith("FFC7CE")
    assert book["统计表"]["B6"].value == rows[2][1]
    notice = notice_text(out, "大同市")
    assert f"D6单元格（原表D5，{rows[2][1]}一行）：没有填写“具体负责人”" in notice
    assert "单元格均在附件的“统计表”工作表中，括号内为原表中的位置" in notice
    assert "由于原表是 .csv 格式" in notice


def test_table_on_two_sheets_names_the_county_of_each_sheets_row(tmp_path: Path) -> None:
    """Row 5 of 第二页 is not row 5 of 统计表: the notice names the county of the right row."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = good_rows()
    path = write_workbook(inbox / "大同市.xlsx", rows[:3])  # 统计表: data on rows 4-6
    book = openpyxl.load_workbook(path)
    second = book.create_sheet("第二页")
    second.append([])
    second.append([])
    second.append([])
    second.append(OFFICIAL_HEADER)
    for row in rows[3:]:  # 第二页: data on rows 5-7
        second.append(row)
    second["D5"] = None  # person-empty on 第二页's first data row
    book.save(path)
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    datong = by_city(data)["大同市"]
    assert datong["action"] == "fix" and datong["counties_to_fix"] == [rows[3][1]]
    notice = notice_text(out, "大同市")
    assert f"D5单元格（{rows[3][1]}一行）：没有填写“具体负责人”" in notice
    assert f"（{rows[1][1]}一行）" not in notice  # the county on row 5 of 统计表


def zipped(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_csv_inside_a_zip_attached_to_a_mail_gets_its_annotated_copy(tmp_path: Path) -> None:
    rows = good_rows()
    rows[1][2] = "尧都区"  # assisting-other-city on the second data row: C4 in the CSV
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    archive = zipped({"大同/统计表.csv": csv_return(rows), "大同/实施方案.docx": b"PK"})
    mail_with(inbox / "来信.eml", "dt@example.cn", ("报送材料.zip", archive))
    out = tmp_path / "out"
    data, _ = run_feedback(inbox, out)
    datong = by_city(data)["大同市"]
    assert datong["returns"] == ["来信.eml/报送材料.zip!/大同/统计表.csv"]
    assert datong["action"] == "fix" and datong["mail_to"] == "dt@example.cn"
    (part,) = read_mail(out / "大同市" / "大同市-通知.eml").iter_attachments()
    assert part.get_filename() == "大同市-问题标注.xlsx"
    book = openpyxl.load_workbook(out / "大同市" / "大同市-问题标注.xlsx")
    assert book["统计表"]["C5"].value == "尧都区"
    assert book["统计表"]["C5"].fill.start_color.rgb.endswith("FFC7CE")
    notice = notice_text(out, "大同市")
    assert "（文件“报送材料.zip”中的“统计表.csv”）已收悉" in notice
    assert f"C5单元格（原表C4，{rows[1][1]}一行）：结对帮扶县“尧都区”属于临汾市" in notice
