"""Returns inside archives and saved mail: what merge reads, refuses and fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.archive import entry_name
from pairtable.cli import app
from pairtable.merge import merge_inbox
from pairtable.roster import Roster
from tests.shapes import Sheet, workbook_bytes, write_zip

TAIYUAN = [["太原市", "娄烦县", "小店区", "张三", "小店区副区长", "13994996777", ""]]
SHUOZHOU = [["朔州市", "右玉县", "朔城区", "李四", "朔城区副区长", "13994996778", ""]]
runner = CliRunner()


def build_inbox(inbox: Path) -> None:
    inbox.mkdir()
    taiyuan = workbook_bytes([Sheet(rows=TAIYUAN, header="two", unit="太原市乡村振兴局")])
    write_zip(
        inbox / "太原市报送材料.zip",
        {
            "太原市/太原市统计表.xlsx": taiyuan,
            "太原市/实施方案.docx": b"PK\x03\x04 not really a docx",
            "太原市/旧表.zip": b"PK\x05\x06" + b"\0" * 18,
            "__MACOSX/._太原市统计表.xlsx": b"\0",
        },
    )
    (inbox / "大同市结对帮扶.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\0" * 40)
    (inbox / "说明.txt").write_text("各市报送材料", encoding="utf-8")
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "朔州市乡村振兴局 <sz@example.cn>", "朔州市报表"
    mail["Date"] = "Fri, 20 Aug 2021 10:00:00 +0800"
    mail.set_content("见附件")
    zipped = inbox / "tmp.zip"
    write_zip(
        zipped,
        {"朔州市.xlsx": workbook_bytes([Sheet(rows=SHUOZHOU, unit="朔州市乡村振兴局")])},
        gbk_names=False,
    )
    mail.add_attachment(
        zipped.read_bytes(), maintype="application", subtype="zip", filename="朔州市.zip"
    )
    zipped.unlink()
    (inbox / "朔州市.eml").write_bytes(bytes(mail))


def test_merge_reads_archives_and_names_what_it_cannot(roster: Roster, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    build_inbox(inbox)
    result = merge_inbox(inbox, roster, generated_at=datetime(2021, 8, 24, tzinfo=UTC))
    files = {f.file: (f.status, f.city) for f in result.files}
    assert files == {
        "大同市结对帮扶.rar": ("unreadable", "大同市"),
        "太原市报送材料.zip": ("unpacked", None),
        "太原市报送材料.zip!/太原市/太原市统计表.xlsx": ("used", "太原市"),
        "太原市报送材料.zip!/太原市/实施方案.docx": ("ignored", None),
        "太原市报送材料.zip!/太原市/旧表.zip": ("unreadable", "太原市"),
        "朔州市.eml": ("unpacked", None),
        "朔州市.eml/朔州市.zip": ("unpacked", None),
        "朔州市.eml/朔州市.zip!/朔州市.xlsx": ("used", "朔州市"),
        "说明.txt": ("ignored", None),
    }
    for entry in result.files:
        assert len(entry.sha256) == 64, entry.file
        if "!/" not in entry.file and ".eml/" not in entry.file:
            assert entry.sha256 == hashlib.sha256((inbox / entry.file).read_bytes()).hexdigest()
    issues = [(i.code, i.file) for i in result.issues]
    assert issues == [
        ("archive-unsupported", "大同市结对帮扶.rar"),
        ("archive-nested", "太原市报送材料.zip!/太原市/旧表.zip"),
        ("city-file-unreadable", "大同市结对帮扶.rar"),
    ]
    rar = next(i for i in result.issues if i.code == "archive-unsupported")
    assert "RAR" in rar.message and "请解压后报送其中的表格" in rar.hint
    status = {(c.city, c.county): c.status for c in result.coverage}
    assert status[("太原市", "娄烦县")] == "covered" and status[("朔州市", "右玉县")] == "covered"
    assert status[("大同市", "广灵县")] == "missing"
    cause = {(c.city, c.county): c.cause for c in result.coverage}
    # Something did arrive from 大同市: not 未报送 in silence.
    assert cause[("大同市", "广灵县")] == "unreadable-return"
    pair = next(p for p in result.pairs if p.city == "太原市")
    assert (pair.source.file, pair.source.sheet, pair.source.row) == (
        "太原市报送材料.zip!/太原市/太原市统计表.xlsx",
        "统计表",
        5,
    )


def test_json_and_about_sheet_carry_every_input_fingerprint(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    build_inbox(inbox)
    out = tmp_path / "province.xlsx"
    completed = subprocess.run(
        [sys.executable, "-m", "pairtable", "merge", str(inbox), "-o", str(out), "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1629763200"},
        check=False,
        timeout=120,
    )
    data = json.loads(completed.stdout)
    about = {r[0].value: r[4].value for r in openpyxl.load_workbook(out)["说明"].iter_rows()}
    assert len(data["files"]) == 9  # the saved mail itself among them
    on_disk = {p.name for p in inbox.iterdir()}
    assert on_disk <= {f["file"] for f in data["files"]}
    for f in data["files"]:
        assert len(f["sha256"]) == 64 and about[f["file"]] == f["sha256"], f["file"]


def test_validate_reads_the_tables_in_a_zip_and_annotates_them(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    build_inbox(inbox)
    archive = inbox / "太原市报送材料.zip"
    out = tmp_path / "标注"
    result = runner.invoke(app, ["validate", str(archive), "--json", "--annotate", str(out)])
    assert result.exit_code == 1  # the nested archive is an error
    reports = json.loads(result.stdout)
    assert [(r["file"], r["valid"], len(r["pairs"])) for r in reports] == [
        (f"{archive}!/太原市/太原市统计表.xlsx", True, 1),
        (f"{archive}!/太原市/旧表.zip", False, 0),
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "太原市统计表-问题标注.xlsx",
        "旧表-问题标注.xlsx",
    ]
    rar = runner.invoke(app, ["validate", str(inbox / "大同市结对帮扶.rar"), "--json"])
    assert rar.exit_code == 1
    (report,) = json.loads(rar.stdout)  # an archive always gives a list, even unread
    assert [i["code"] for i in report["issues"]] == ["archive-unsupported"]


def test_gbk_entry_names_are_decoded(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "a.zip", {"临汾市/统计表（更正）.xlsx": b"x", "readme.txt": b"y"})
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        assert not infos[0].flag_bits & 0x800  # written the Windows way: GBK, unflagged
        assert [entry_name(i) for i in infos] == ["临汾市/统计表（更正）.xlsx", "readme.txt"]


class _Encrypted(zipfile.ZipInfo):
    """An entry flagged as password-protected (zipfile cannot write real encryption)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("utf-8"), self.flag_bits | 0x800 | 0x1


def test_one_zip_of_several_cities_with_a_resubmission_and_a_locked_table(
    roster: Roster, tmp_path: Path
) -> None:
    """A clerk zips every attachment of the week together: each table is its own return."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    old = [["太原市", "娄烦县", "古交市", "王五", "古交市副市长", "13994996770", ""]]
    members = {
        "本周/太原市（初报）.xlsx": workbook_bytes(
            [Sheet(rows=old, unit="太原市乡村振兴局", fields=False)]
        ),
        "本周/太原市（更正）.xlsx": workbook_bytes([Sheet(rows=TAIYUAN, unit="太原市乡村振兴局")]),
        "本周/朔州市.xlsx": workbook_bytes([Sheet(rows=SHUOZHOU, unit="朔州市乡村振兴局")]),
        "本周/~$朔州市.xlsx": b"lock",
    }
    path = write_zip(inbox / "本周报表.zip", members, gbk_names=False)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(_Encrypted("本周/忻州市.xlsx", (2021, 8, 20, 0, 0, 0)), b"secret")
    result = merge_inbox(inbox, roster, generated_at=datetime(2021, 8, 24, tzinfo=UTC))
    assert {f.file: f.status for f in result.files} == {
        "本周报表.zip": "unpacked",
        "本周报表.zip!/本周/太原市（初报）.xlsx": "superseded",
        "本周报表.zip!/本周/太原市（更正）.xlsx": "used",
        "本周报表.zip!/本周/忻州市.xlsx": "unreadable",
        "本周报表.zip!/本周/朔州市.xlsx": "used",
        "本周报表.zip!/本周/~$朔州市.xlsx": "ignored",  # a lock file packed with the folder
    }
    lock = next(f for f in result.files if f.file.endswith("~$朔州市.xlsx"))
    assert "锁文件" in lock.reason
    assert [(i.code, i.file) for i in result.issues if i.severity == "error"] == [
        ("file-encrypted", "本周报表.zip!/本周/忻州市.xlsx"),
        ("city-file-unreadable", "本周报表.zip!/本周/忻州市.xlsx"),
    ]
    taiyuan = [p.person for p in result.pairs if p.city == "太原市"]
    assert taiyuan == ["张三"]  # the correction, dated, wins over the undated first return


def test_a_city_with_only_an_unreadable_file_is_named_as_such(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    build_inbox(inbox)
    out = tmp_path / "p.xlsx"
    shown = runner.invoke(app, ["merge", str(inbox), "-o", str(out)])
    assert "大同市（报来的文件无法读取）" in shown.stdout.replace("\n", "")
    cities = openpyxl.load_workbook(out)["各市统计"]
    sent = {row[0]: row[1] for row in cities.iter_rows(min_row=2, values_only=True)}
    assert sent["大同市"] == "文件无法读取" and sent["忻州市"] == "未报送"


@pytest.mark.parametrize(
    ("written", "folder"),
    [("标注/", "标注"), ("标注", "标注"), ("已有", "已有")],
)
def test_annotate_target_without_xlsx_is_a_folder(
    tmp_path: Path, written: str, folder: str
) -> None:
    """A one-table zip with `--annotate 标注/` or `--annotate 标注`: a folder holding the
    copy, never a file without an extension."""
    archive = write_zip(
        tmp_path / "太原市报送材料.zip",
        {"太原市统计表.xlsx": workbook_bytes([Sheet(rows=TAIYUAN, unit="太原市乡村振兴局")])},
    )
    (tmp_path / "已有").mkdir()
    target = str(tmp_path / written) + ("/" if written.endswith("/") else "")
    result = runner.invoke(app, ["validate", str(archive), "--annotate", target])
    assert result.exit_code == 0, result.output
    assert (tmp_path / folder).is_dir()
    assert [p.name for p in (tmp_path / folder).iterdir()] == ["太原市统计表-问题标注.xlsx"]


def test_annotate_target_with_another_suffix_is_refused(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "太原市报送材料.zip",
        {"太原市统计表.xlsx": workbook_bytes([Sheet(rows=TAIYUAN, unit="太原市乡村振兴局")])},
    )
    result = runner.invoke(app, ["validate", str(archive), "--annotate", str(tmp_path / "x.xls")])
    assert result.exit_code == 2 and "x.xlsx" in result.output
    assert not (tmp_path / "x.xls").exists()


def test_validate_reads_the_tables_attached_to_a_saved_mail(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    build_inbox(inbox)
    mail = inbox / "朔州市.eml"
    out = tmp_path / "标注"
    result = runner.invoke(app, ["validate", str(mail), "--json", "--annotate", str(out)])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)  # a mail gives a list, one report per table
    assert (report["file"], report["city"], len(report["pairs"])) == (
        f"{mail}/朔州市.zip!/朔州市.xlsx",
        "朔州市",
        1,
    )
    assert [p.name for p in out.iterdir()] == ["朔州市-问题标注.xlsx"]
    bare = EmailMessage()
    bare.set_content("报表稍后发送")
    (tmp_path / "空.eml").write_bytes(bytes(bare))
    empty = runner.invoke(app, ["validate", str(tmp_path / "空.eml"), "--json"])
    assert empty.exit_code == 1
    (nothing,) = json.loads(empty.stdout)
    assert [i["code"] for i in nothing["issues"]] == ["mail-no-table"]


def test_validate_on_a_folder_suggests_a_pattern_or_merge(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "文件夹" in result.output and "merge" in result.output and "*.xlsx" in result.output
