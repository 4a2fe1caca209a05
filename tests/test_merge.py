"""merge: the example inbox, resubmissions, conflicts, and what the province workbook holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.merge import MergeResult, merge_inbox
from pairtable.roster import Roster
from tests.conftest import convert_with_soffice, good_rows, write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
FIXED = datetime(2021, 8, 24, tzinfo=UTC)
runner = CliRunner()
Make = Callable[..., Path]
# What merge makes of each input of the example inbox.
EXAMPLE_FILES = {
    "吕梁市.xlsx": "used",
    "大同市县际结对帮扶统计表（市乡村振兴局）.xlsx": "used",
    "太原市-县际结对帮扶情况统计表.xlsx": "used",
    "忻州市上报表.xlsx": "used",
    "报送说明.docx": "ignored",
    "~$吕梁市.xlsx": "ignored",
    "临汾市报送材料.zip": "unpacked",
    "临汾市报送材料.zip!/临汾市/临汾市县际结对帮扶情况统计表.xlsx": "used",
    "临汾市报送材料.zip!/临汾市/实施方案.docx": "ignored",
    "晋中市/晋中市统计表（8月18日）.xlsx": "superseded",
    "晋中市/晋中市统计表（更正）.xlsx": "used",
    "朔州市报送邮件.eml": "unpacked",
    "朔州市报送邮件.eml/朔州市县际结对帮扶情况统计表.xlsx": "used",
    "运城市.csv": "used",
    "长治市结对帮扶统计.xls": "used",
    "阳泉市（无重点帮扶县）.xlsx": "used",
}


def merged(inbox: Path, roster: Roster, **kw: object) -> MergeResult:
    return merge_inbox(inbox, roster, generated_at=FIXED, **kw)  # type: ignore[arg-type]


def statuses(result: MergeResult, status: str) -> list[str]:
    return [f"{c.city}{c.county}" for c in result.coverage if c.status == status]


def test_example_inbox_coverage(roster: Roster) -> None:
    result = merged(EXAMPLES, roster)
    assert (result.count("covered"), result.count("invalid"), result.count("missing")) == (
        41,
        3,
        2,
    )
    assert statuses(result, "invalid") == ["运城市垣曲县", "忻州市河曲县", "吕梁市交口县"]
    causes = {f"{c.city}{c.county}": c.cause for c in result.coverage if c.status != "covered"}
    assert {c: causes[c] for c in ("忻州市河曲县", "忻州市保德县")} == {
        "忻州市河曲县": "row-errors",
        "忻州市保德县": "not-in-return",
    }
    assert statuses(result, "missing") == ["忻州市保德县", "忻州市偏关县"]
    assert {f.file: f.status for f in result.files} == EXAMPLE_FILES
    cities = {c.city: c for c in result.cities}
    assert cities["临汾市"].submitted and cities["晋中市"].filled_on == "2021-08-21"
    linfen = [
        (p.assisted, p.assisting, p.source.sheet, p.source.row)
        for p in result.pairs
        if p.city == "临汾市"
    ]
    assert linfen == [  # two sheets, a two-row header, ditto marks, the hidden row left out
        ("古县", "尧都区", "第一页", 5),
        ("古县", "侯马市", "第一页", 5),
        ("浮山县", "襄汾县", "第一页", 6),
        ("吉县", "乡宁县", "第一页", 8),
        ("大宁县", "乡宁县", "第一页", 9),
        ("隰县", "洪洞县", "第二页", 3),
        ("永和县", "曲沃县", "第二页", 4),
        ("永和县", "翼城县", "第二页", 4),
        ("蒲县", "霍州市", "第二页", 5),
        ("汾西县", "安泽县", "第二页", 6),
    ]
    jixian = next(p for p in result.pairs if p.assisted == "吉县")
    assert (jixian.person, jixian.phone) == ("韩冰", "13903570003")  # not the stale row
    assert cities["大同市"].mode == "混合" and cities["长治市"].mode == "一对一"
    mail = next(
        f for f in result.files if f.file.endswith(".eml/朔州市县际结对帮扶情况统计表.xlsx")
    )
    assert mail.mail_from and "朔州市乡村振兴局" in mail.mail_from
    assert mail.mail_subject == "朔州市县际结对帮扶情况统计表" and mail.mail_date


def test_cli_json_and_workbook_agree(tmp_path: Path) -> None:
    out = tmp_path / "province.xlsx"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1629763200"}
    completed = subprocess.run(
        [sys.executable, "-m", "pairtable", "merge", str(EXAMPLES), "-o", str(out), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["roster"] == data["roster"] | {"declared_total": 46, "unconfirmed": 8}
    assert {f["file"]: f["status"] for f in data["files"]} == EXAMPLE_FILES
    assert len(data["files"]) == len(EXAMPLE_FILES)  # each input listed once
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总表", "覆盖情况", "覆盖地图", "各市统计", "问题清单", "说明"]
    summary = [[c.value for c in row] for row in book["汇总表"].iter_rows(min_row=4)]
    assert [(r[0], r[1], r[2], r[5], r[7], r[8]) for r in summary] == [
        (
            p["city"],
            p["assisted"],
            p["assisting"],
            p["phone"],
            p["source"]["file"],
            p["source"]["row"],
        )
        for p in data["pairs"]
    ]
    coverage = [[c.value for c in row] for row in book["覆盖情况"].iter_rows(min_row=2)]
    labels = {"covered": "已覆盖", "invalid": "有错误", "missing": "未报"}
    assert [(r[0], r[1], r[3]) for r in coverage] == [
        (c["city"], c["county"], labels[c["status"]]) for c in data["coverage"]
    ]
    issues = [[c.value for c in row] for row in book["问题清单"].iter_rows(min_row=2)]
    file_labels = {"used": "已采用", "superseded": "已被替代", "conflict": "冲突"}
    assert [(r[0], r[1], r[2], r[4]) for r in issues] == [
        (
            i["file"] or "",
            file_labels.get(i["file_status"], "无法读取"),
            i["cell"] or (f"第 {i['row']} 行" if i["row"] else "整个文件"),
            i["code"],
        )
        for i in data["issues"]
    ]
    about = {row[0].value: row[4].value for row in book["说明"].iter_rows() if row[4].value}
    for f in data["files"]:  # every input, read or not
        assert len(f["sha256"]) == 64 and about[f["file"]] == f["sha256"], f["file"]
    keys = set(data["pairs"][0]) | set(data["pairs"][0]["source"])
    assert keys >= {
        "city",
        "assisted",
        "assisting",
        "person",
        "unit_title",
        "phone",
        "remark",
        "file",
        "sheet",
        "row",
    }
    assert set(data["issues"][0]) >= {
        "file",
        "severity",
        "code",
        "sheet",
        "cell",
        "row",
        "column",
        "value",
        "message",
        "hint",
    }


def test_same_inputs_same_bytes_whatever_the_order(
    tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1629763200")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(first)]).exit_code == 0
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for path in sorted(EXAMPLES.rglob("*"), reverse=True):  # created in reverse order
        if path.is_file():
            target = shuffled / path.relative_to(EXAMPLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    third = tmp_path / "c.xlsx"
    assert runner.invoke(app, ["merge", str(shuffled), "-o", str(third)]).exit_code == 0
    assert third.read_bytes() == first.read_bytes()


def test_resubmission_conflict_and_keep_all(tmp_path: Path, roster: Roster) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    old = write_workbook(inbox / "大同-1.xlsx", good_rows(), filled_on="2021-08-18")
    new = write_workbook(inbox / "大同-2.xlsx", good_rows()[:5], filled_on="2021-08-20")
    result = merged(inbox, roster)
    assert {f.file: f.status for f in result.files} == {
        "大同-1.xlsx": "superseded",
        "大同-2.xlsx": "used",
    }
    assert "大同市云州区" in statuses(result, "missing")
    assert "大同市浑源县" in statuses(result, "covered")

    kept = merged(inbox, roster, keep_all=True)
    assert {f.status for f in kept.files} == {"used"}
    assert "大同市云州区" in statuses(kept, "covered")
    assert sum(i.code == "pair-duplicate-across-files" for i in kept.issues) == 5

    write_workbook(old, good_rows(), filled_on="2021-08-20")
    os.utime(old, (1629763200, 1629763200))
    os.utime(new, (1629763200, 1629763200))
    conflict = merged(inbox, roster)
    assert {f.status for f in conflict.files} == {"conflict"}
    errors = [i for i in conflict.issues if i.code == "file-conflict"]
    assert {(e.file, "大同-1.xlsx" in e.message, "大同-2.xlsx" in e.message) for e in errors} == {
        ("大同-1.xlsx", False, True),
        ("大同-2.xlsx", True, False),
    }
    assert statuses(conflict, "invalid") == [
        f"大同市{c}" for c in ("云州区", "阳高县", "天镇县", "广灵县", "灵丘县", "浑源县")
    ]


def test_keep_all_with_a_pair_another_file_names_differently(
    tmp_path: Path, roster: Roster
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_workbook(inbox / "大同-1.xlsx", good_rows()[:2], filled_on="2021-08-18")
    other = ["大同市", "广灵县", "平城区、新荣区", "李四", "副区长", "13811112222", ""]
    same = [c if c else None for c in good_rows()[1]]  # 天镇县—云冈区 said again, same words
    write_workbook(inbox / "大同-2.xlsx", [other, same, *good_rows()[2:]], filled_on="2021-08-20")
    result = merged(inbox, roster, keep_all=True)
    [error] = [i for i in result.issues if i.code == "pair-differs-across-files"]
    assert (error.file, error.severity, error.row) == ("大同-2.xlsx", "error", 4)
    assert "“大同-1.xlsx”（统计表）第 4 行" in error.message and "“李四”" in error.message
    assert "“张三、李四”" in error.hint and "13811112222" in error.message
    [warning] = [i for i in result.issues if i.code == "pair-duplicate-across-files"]
    assert warning.row == 5 and warning.severity == "warning"
    kept = {(p.assisted, p.assisting): (p.person, p.source.file) for p in result.pairs}
    assert kept[("广灵县", "平城区")] == ("张三", "大同-1.xlsx")
    assert ("广灵县", "新荣区") not in kept  # the whole row waits for the city's answer
    assert {f.file: f.errors for f in result.files} == {"大同-1.xlsx": 0, "大同-2.xlsx": 1}
    assert result.has_errors


def test_identical_resubmission_is_superseded_not_conflict(tmp_path: Path, roster: Roster) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_workbook(inbox / "a.xlsx", good_rows())
    shutil.copy2(inbox / "a.xlsx", inbox / "a (1).xlsx")
    result = merged(inbox, roster)
    assert sorted(f.status for f in result.files) == ["superseded", "used"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    inside = runner.invoke(app, ["merge", str(inbox), "-o", str(inbox / "p.xlsx")])
    assert inside.exit_code == 2 and "收件箱里面" in inside.stderr
    assert runner.invoke(app, ["merge", str(tmp_path / "none"), "-o", "x.xlsx"]).exit_code == 2
    assert runner.invoke(app, ["merge", str(inbox), "-o", str(tmp_path / "p.csv")]).exit_code == 2
    assert not (inbox / "p.xlsx").exists()


def test_strict_exit_code(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)]).exit_code == 0
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out), "--strict"]).exit_code == 1


def test_redact_masks_phones_in_workbook_and_json(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    result = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out), "--json", "--redact"])
    data = json.loads(result.stdout)
    phones = [p["phone"] for p in data["pairs"]]
    assert "139****0001" in phones and not any("13903520001" in p for p in phones)
    cells = [r[5].value for r in openpyxl.load_workbook(out)["汇总表"].iter_rows(min_row=4)]
    assert cells == phones and all("****" in v or "-***" in v for v in cells)


def test_city_text_is_never_a_formula(tmp_path: Path, roster: Roster) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = good_rows()
    rows[0][6] = '=HYPERLINK(""http://x"")'
    rows[1][6] = "+1"
    rows[2][6] = "@SUM(A1)"
    rows[3][4] = "-局长"
    lines = [
        "填报单位：大同市乡村振兴局,,,,填报时间：2021-08-20",
        "市名,重点帮扶县,结对帮扶县,具体负责人,单位及职务,联系方式,备注",
    ]
    lines += [",".join(f'"{v}"' for v in row) for row in rows]
    (inbox / "大同.csv").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "p.xlsx"
    assert runner.invoke(app, ["merge", str(inbox), "-o", str(out)]).exit_code == 0
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
    remarks = [r[6].value for r in book["汇总表"].iter_rows(min_row=4)]
    assert '=HYPERLINK("http://x")' in remarks and "+1" in remarks and "@SUM(A1)" in remarks


def test_failed_write_leaves_previous_workbook_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "p.xlsx"
    assert runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)]).exit_code == 0
    before = out.read_bytes()

    def broken_close(self: object) -> None:
        raise OSError("disk full")

    import xlsxwriter

    monkeypatch.setattr(xlsxwriter.Workbook, "close", broken_close)
    result = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"无法写入“{out}”（disk full）" in result.stderr.replace("\n", "")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.xlsx"]


def test_lock_files_are_listed_as_ignored_with_the_reason(tmp_path: Path, roster: Roster) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_workbook(inbox / "大同.xlsx", good_rows())
    # What Excel writes: the user's name padded to 165 bytes, no spreadsheet at all.
    (inbox / "~$大同.xlsx").write_bytes(b"\x05liuji" + b" " * 50 + b"\x00" * 108)
    (inbox / ".~lock.大同.xlsx#").write_bytes(b"1,liuji,PC,29.11.2026 10:00,file:///C:/;")
    (inbox / "a.tmp").write_bytes(b"x")
    (inbox / "照片.jpg").write_bytes(b"\xff\xd8")
    result = merged(inbox, roster)
    files = {f.file: f for f in result.files}
    assert {name: f.status for name, f in files.items()} == {
        "大同.xlsx": "used",
        "~$大同.xlsx": "ignored",
        ".~lock.大同.xlsx#": "ignored",
        "a.tmp": "ignored",
        "照片.jpg": "ignored",
    }
    assert "锁文件" in files["~$大同.xlsx"].reason and "锁文件" in files[".~lock.大同.xlsx#"].reason
    assert "临时文件" in files["a.tmp"].reason and files["~$大同.xlsx"].sha256


@pytest.mark.parametrize("name", ["~$大同市.xlsx", "~$大同市.xls", ".~lock.大同市.xlsx"])
def test_a_real_return_saved_under_a_lock_file_name_is_merged_with_a_warning(
    name: str, tmp_path: Path, roster: Roster
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = write_workbook(tmp_path / "大同市.xlsx", good_rows())
    if name.endswith(".xls"):
        source = convert_with_soffice(source, "xls", tmp_path / "xls")
    (inbox / name).write_bytes(source.read_bytes())
    result = merged(inbox, roster)
    [entry] = result.files
    assert (entry.file, entry.status, entry.city) == (name, "used", "大同市")
    assert next(c for c in result.cities if c.city == "大同市").submitted
    codes = [i.code for i in result.issues if i.file == name]
    assert "file-lock-name" in codes


def test_issues_of_superseded_returns_are_marked_and_listed_last(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    env = {"COLUMNS": "200", "NO_COLOR": "1"}
    result = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)], env=env)
    assert result.exit_code == 0
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out)["问题清单"].iter_rows()]
    assert rows[0][:3] == ["文件", "文件状态", "单元格"]
    states = [r[1] for r in rows[1:]]
    first_old = states.index("已被替代")
    assert set(states[first_old:]) == {"已被替代"} and "已被替代" not in states[:first_old]
    assert all(r[0].startswith("晋中市/晋中市统计表（8月18日）") for r in rows[1 + first_old :])
    assert "已采用" in states[:first_old]
    current = [r for r in rows[1:] if r[1] != "已被替代"]
    errors = sum(r[3] == "错误" for r in current)
    warnings = sum(r[3] == "提醒" for r in current)
    older = len(rows) - 1 - len(current)
    assert f"问题：{errors} 处错误，{warnings} 条提醒；另有 {older} 条属于已被替代的文件" in (
        result.stdout.replace("\n", "")
    )


def test_times_shown_to_people_are_beijing_time(tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"
    env = {"SOURCE_DATE_EPOCH": "1629748800", "COLUMNS": "200"}  # 2021-08-23 20:00 UTC
    result = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out), "--json"], env=env)
    assert result.exit_code == 0
    book = openpyxl.load_workbook(out)
    about = {r[0].value: r[1].value for r in book["说明"].iter_rows() if r[0].value}
    assert about["生成时间"] == "2021-08-24 04:00:00（北京时间）"
    assert book["汇总表"]["F2"].value == "2021-08-24"
    mail = next(
        r
        for r in book["说明"].iter_rows(values_only=True)
        if str(r[0]).endswith(".eml/朔州市县际结对帮扶情况统计表.xlsx")
    )
    assert mail[8] == "2021-08-22 00:30:00（北京时间）"  # sent 16:30 UTC
    data = json.loads(result.stdout)
    raw = next(f["mail_date"] for f in data["files"] if f["mail_date"])
    assert datetime.fromisoformat(raw).utcoffset() is not None  # JSON keeps ISO 8601
    terminal = runner.invoke(app, ["merge", str(EXAMPLES), "-o", str(out)], env=env)
    assert "生成于 2021-08-24 04:00:00（北京时间）" in terminal.stdout.replace("\n", "")
