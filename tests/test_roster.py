from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pairtable.cli import app
from pairtable.resources import bundled_roster_dir
from pairtable.roster import RosterError, load_roster

runner = CliRunner()
BUNDLED_LIST = bundled_roster_dir() / "key-counties.csv"


def edited_list(
    tmp_path: Path,
    edit: str | None = None,
    *,
    encoding: str = "utf-8-sig",
    drop: str | None = None,
    append: str | None = None,
) -> Path:
    lines = BUNDLED_LIST.read_text(encoding="utf-8-sig").splitlines()
    if edit:
        old, new = edit.split("->")
        lines = [line.replace(old, new, 1) for line in lines]
    if drop:
        lines = [line for line in lines if drop not in line]
    if append:
        lines.append(append)
    path = tmp_path / "名单.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def test_default_roster_has_46_in_9_cities_with_8_guesses() -> None:
    roster = load_roster()
    assert roster.declared_total == 46
    assert len(roster.key_counties) == 46
    assert len(roster.cities_with_key_counties) == 9
    assert roster.unconfirmed == 8
    assert len(roster.cities) == 11
    assert sum(not d.is_zone for d in roster.divisions) == 117
    assert [k.county for k in roster.key_counties_of("大同市")] == [
        "云州区",
        "阳高县",
        "天镇县",
        "广灵县",
        "灵丘县",
        "浑源县",
    ]
    assert roster.key_counties_of("阳泉市") == [] and roster.key_counties_of("晋城市") == []


def test_roster_json_contract() -> None:
    result = runner.invoke(app, ["roster", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["declared_total"] == 46 and data["unconfirmed"] == 8
    assert len(data["key_counties"]) == 46
    assert {k["city"] for k in data["key_counties"]} == {
        "太原市",
        "大同市",
        "长治市",
        "朔州市",
        "晋中市",
        "运城市",
        "忻州市",
        "临汾市",
        "吕梁市",
    }
    guangling = next(k for k in data["key_counties"] if k["county"] == "广灵县")
    assert guangling == guangling | {"city": "大同市", "code": "140223", "evidence": "likely"}
    assert set(guangling) >= {"city", "county", "code", "evidence", "source"}
    assert data["cities"][0]["city"] == "太原市"
    assert len(data["cities"][0]["divisions"]) == 10


def test_roster_table_warns_about_unconfirmed_entries() -> None:
    result = runner.invoke(app, ["roster"])
    assert result.exit_code == 0
    assert "共 46 个重点帮扶县" in result.stdout
    assert "8 个推测条目" in result.stderr


def test_misspelt_county_is_refused_with_file_row_and_value(tmp_path: Path) -> None:
    path = edited_list(tmp_path, "娄烦县->娄烦具")
    result = runner.invoke(app, ["roster", "--roster", str(path)])
    assert result.exit_code == 1
    assert str(path) in result.stderr and "第 2 行" in result.stderr and "娄烦具" in result.stderr
    assert not isinstance(result.exception, Exception)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"edit": "太原市,娄烦县->太原市,忻府区"}, "它属于忻州市"),
        ({"edit": "太原市,娄烦县->太远市,娄烦县"}, "不是山西省的设区市"),
        ({"append": "大同市,广灵县,140223,likely,重复"}, "第 48 行（“广灵县”）：与第 6 行重复"),
        ({"drop": "娄烦县"}, "列出 45 个重点帮扶县，与规定总数 46 个不符"),
        ({"edit": "140123->140124"}, "区划代码与娄烦县的代码 140123 不符"),
        ({"edit": ",likely,->,maybe,"}, "可信程度应为"),
    ],
)
def test_bad_rosters_are_refused(tmp_path: Path, change: dict[str, str], message: str) -> None:
    path = edited_list(tmp_path, **change)
    with pytest.raises(RosterError) as caught:
        load_roster(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_list_saved_back_as_gb18030_is_accepted(tmp_path: Path) -> None:
    path = edited_list(tmp_path, encoding="gb18030")
    assert len(load_roster(path).key_counties) == 46


def test_unreadable_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_bytes(b"\xff\xfe\xfa" * 50)
    with pytest.raises(RosterError, match="无法识别文件编码"):
        load_roster(path)


def test_list_saved_as_xlsx_is_accepted(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in BUNDLED_LIST.read_text(encoding="utf-8-sig").splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "名单.xlsx"
    book.save(path)
    roster = load_roster(path)
    assert len(roster.key_counties) == 46 and roster.unconfirmed == 8


def test_office_list_without_evidence_counts_as_confirmed(tmp_path: Path) -> None:
    lines = BUNDLED_LIST.read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "正式名单.csv"
    path.write_text("\n".join(",".join(line.split(",")[:2]) for line in lines), encoding="utf-8")
    assert load_roster(path).unconfirmed == 0


def test_declared_total_comes_from_roster_toml_beside_the_list(tmp_path: Path) -> None:
    path = edited_list(tmp_path, drop="娄烦县")
    (tmp_path / "roster.toml").write_text("declared_total = 45\n", encoding="utf-8")
    assert len(load_roster(path).key_counties) == 45
    folder = tmp_path / "folder"
    shutil.copytree(bundled_roster_dir(), folder)
    assert load_roster(folder).declared_total == 46


def test_environment_variable_replaces_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = edited_list(tmp_path, "娄烦县->娄烦具")
    monkeypatch.setenv("PAIRTABLE_ROSTER", str(path))
    result = runner.invoke(app, ["roster"])
    assert result.exit_code == 1 and "娄烦具" in result.stderr


def test_missing_roster_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["roster", "--roster", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert "不存在" in result.stderr
