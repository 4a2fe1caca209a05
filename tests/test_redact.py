"""--redact hides every telephone number in every part of province.xlsx and in --json (13.1)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pairtable.catalogue import CATALOGUE
from pairtable.cli import app
from pairtable.phones import mask
from pairtable.redact import redact_text
from tests.conftest import write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "inbox"
runner = CliRunner()
_LONG_DIGITS = re.compile(r"\d{7,}")
_MOBILE = re.compile(r"(?<![0-9A-Fa-f])1[3-9]\d{9}(?![0-9A-Fa-f])")
_NOT_PHONES = {"sha256", "fingerprint", "hint"}


def tricky_inbox(tmp_path: Path) -> Path:
    """The example inbox plus a 临汾 return quoting numbers wherever a clerk might."""
    inbox = tmp_path / "inbox"
    shutil.copytree(EXAMPLES, inbox)
    city = "临汾市"
    rows: list[list[str | int]] = [
        [city, "古县", "尧都区", "张三", "尧都区乡村振兴局局长", "13912340001", "备用 13912340002"],
        [city, "浮山县", "尧都区", "李四13912340003", "尧都区副区长", "13912340004", ""],
        [city, "吉县", "侯马市", "王五", "侯马市市长", "7654321", ""],  # area code added
        [city, "大宁县", "侯马市", "赵六", "侯马市副市长", 3577654322, ""],  # leading 0 lost
        [city, "隰县", "霍州市", "钱七", "霍州市市长", "1.39123E+10", ""],
        [city, "永和县", "霍州市", "孙八", "霍州市副市长", "139123400056", ""],  # 12 digits
        [city, "蒲县", "洪洞县", "周九", "洪洞县县长", "0357-7654323转8001", "或 7654324"],
        [city, "汾西县", "洪洞县", "吴十", "洪洞县副县长", "13912340007、13912340008", ""],
    ]
    write_workbook(
        inbox / "临汾市 刘九13912340009.xlsx",
        rows,
        unit="临汾市乡村振兴局",
        filler="刘九",
        filler_phone="1391234001x",
    )
    return inbox


def known_numbers(payload: object, found: set[str]) -> set[str]:
    """Every run of 7+ digits in the text values of an unredacted payload."""
    if isinstance(payload, str):
        found.update(_LONG_DIGITS.findall(payload))
    elif isinstance(payload, list):
        for value in payload:
            known_numbers(value, found)
    elif isinstance(payload, dict):
        for key, value in payload.items():
            if key not in _NOT_PHONES:
                known_numbers(value, found)
    return found


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


def test_no_number_left_unmasked_in_any_part_or_the_json(tmp_path: Path) -> None:
    inbox = tricky_inbox(tmp_path)
    plain = runner.invoke(app, ["merge", str(inbox), "-o", str(tmp_path / "p.xlsx"), "--json"])
    numbers = known_numbers(json.loads(plain.stdout), set())
    # The numbers the tool derived are among them (an area code added, a lost 0 restored).
    assert {"13912340001", "13912340003", "7654321", "3577654322", "13912340009"} <= numbers
    assert any("0357-7654321" in line for line in plain.stdout.splitlines())

    out = tmp_path / "redacted.xlsx"
    redacted = runner.invoke(app, ["merge", str(inbox), "-o", str(out), "--json", "--redact"])
    assert redacted.exit_code == 0, redacted.output
    examples = {n for kind in CATALOGUE.values() for n in _LONG_DIGITS.findall(kind.hint)}
    texts = {f"province.xlsx:{name}": text for name, text in parts(out).items()}
    texts["--json"] = redacted.stdout
    texts["terminal"] = runner.invoke(app, ["merge", str(inbox), "-o", str(out), "--redact"]).stdout
    for where, text in texts.items():
        leaked = {n for n in numbers if n in text}
        assert not leaked, f"{where}: {sorted(leaked)}"
        mobiles = set(_MOBILE.findall(text)) - examples
        assert not mobiles, f"{where}: {sorted(mobiles)}"
    data = json.loads(redacted.stdout)
    assert "139****0001" in {p["phone"] for p in data["pairs"]}
    assert data["files"] and all(len(f["sha256"] or "") == 64 for f in data["files"])
    assert any("0357-***4321" in i["message"] for i in data["issues"])


def test_redacted_workbook_still_says_where_and_what(tmp_path: Path) -> None:
    out = tmp_path / "redacted.xlsx"
    assert (
        runner.invoke(
            app, ["merge", str(tricky_inbox(tmp_path)), "-o", str(out), "--redact"]
        ).exit_code
        == 0
    )
    text = "".join(parts(out).values())
    assert "临汾市 刘九139****0009.xlsx" in text and "统计表!F" in text
    assert "2021-08-20" in text  # dates are not numbers to hide


# Canonical numbers are ASCII digits only (phones.CANONICAL_PHONES): no `\d`, which is Unicode.
@given(st.from_regex(r"1[3-9][0-9]{9}|0(35[0-9]|349)-[2-9][0-9]{6}(转[0-9]{3,4})?", fullmatch=True))
def test_canonical_numbers_redact_as_mask_does(phone: str) -> None:
    assert redact_text(phone) == mask(phone)
    assert redact_text(f"备注{phone}，联系") == f"备注{mask(phone)}，联系"


@given(st.text(alphabet="0123456789- 　号码转、（）()+", max_size=60))
def test_no_seven_digit_run_survives_but_a_date(text: str) -> None:
    for match in re.finditer(r"\d(?:[-－ \u3000]?\d)+", redact_text(text)):
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) >= 7:
            compact = match.group(0)
            assert re.fullmatch(r"(19|20)\d\d-?[01]\d-?[0-3]\d([ \u3000]\d{1,2})?", compact), text
