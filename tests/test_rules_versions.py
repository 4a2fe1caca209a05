"""versions: which of a city's returns is used, decided from the entries alone (no files)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from pairtable.merge_report import FileEntry, FileStatus
from pairtable.models import Pair, Source
from pairtable.versions import Choice, version_key

BEIJING = timezone(timedelta(hours=8))
PAIR = Pair(
    city="大同市",
    assisted="广灵县",
    assisting="平城区",
    person="张三",
    unit_title="局长",
    phone="13994996777",
    remark="",
    source=Source(sheet="统计表", row=4),
)


def entry(
    file: str,
    filled_on: str | None = "2021-08-20",
    *,
    modified: str | None = "2021-08-20T09:00:00+00:00",
    mail_date: str | None = None,
    content: str = "same",
    city: str | None = "大同市",
    status: FileStatus = "used",
) -> FileEntry:
    found = FileEntry(file=file, status=status, city=city, filled_on=filled_on)
    found.modified, found.mail_date, found.content = modified, mail_date, content
    found.accepted = [PAIR]
    found.rejected_counties = ["广灵县"]
    return found


def choose(*entries: FileEntry, keep_all: bool = False) -> list[tuple[str, str]]:
    choice = Choice(keep_all)
    for one in entries:
        choice.offer(one)
    issues = choice.finish()
    return [(i.code, i.file or "") for i in issues]


def statuses(*entries: FileEntry) -> dict[str, str]:
    return {e.file: e.status for e in entries}


def test_version_key_rungs() -> None:
    undated = entry("a", None)
    dated = entry("b", "2021-08-01")
    assert version_key(undated)[0] == "" and version_key(undated) < version_key(dated)
    naive = entry("c", modified="2021-08-20T09:00:00")
    aware = entry("d", modified="2021-08-20T09:00:00+00:00")
    assert version_key(naive) == version_key(aware)
    # Beijing 17:00 is 09:00 UTC: an hour before 10:00 UTC, whatever the text says.
    beijing = entry("e", mail_date="2021-08-20T17:00:00+08:00")
    utc = entry("f", mail_date="2021-08-20T10:00:00+00:00")
    assert version_key(beijing) < version_key(utc)
    # A mail's date stands for the arrival; without one the file's time does.
    mailed = entry("g", modified="2021-08-25T00:00:00+00:00", mail_date="2021-08-20T00:00:00+00:00")
    key = version_key(mailed)
    assert key[1] == datetime(2021, 8, 20, tzinfo=UTC)
    assert key[2] == datetime(2021, 8, 25, tzinfo=UTC)
    plain = version_key(entry("h", modified="2021-08-22T00:00:00+00:00"))
    assert plain[1] == plain[2] == datetime(2021, 8, 22, tzinfo=UTC)
    timeless = version_key(entry("i", modified=None, mail_date=""))
    assert timeless[1] == timeless[2] == datetime.min.replace(tzinfo=UTC)
    assert timeless[1] < plain[1]


def test_the_latest_filled_on_is_used_and_older_ones_superseded() -> None:
    old = entry("old", "2021-08-18", modified="2021-08-25T00:00:00+00:00")
    new = entry("new", "2021-08-21", modified="2021-08-19T00:00:00+00:00")
    older = entry("older", "2021-08-10", modified="2021-08-01T00:00:00+00:00")
    issues = choose(old, new, older)
    assert statuses(old, new, older) == {"old": "superseded", "new": "used", "older": "superseded"}
    assert old.accepted == [] and old.rejected_counties == []
    assert len(new.accepted) == 1 and new.rejected_counties == ["广灵县"]
    assert old.reason == older.reason == "已由 new 替代"
    assert new.reason == ""
    # Only the one that arrived after the one used is named.
    assert issues == [("superseded-arrived-later", "old")]


def test_offer_names_the_entries_it_supersedes() -> None:
    """The merge drops a superseded return's pairs as soon as offer() says so."""
    choice = Choice(keep_all=False)
    first, second = entry("1", "2021-08-18"), entry("2", "2021-08-18")
    older, newest = entry("0", "2021-08-01"), entry("3", "2021-08-19")
    assert choice.offer(first) == [] and choice.offer(second) == []
    assert choice.offer(older) == [older]
    assert choice.offer(newest) == [first, second]
    assert choice.offer(entry("x", status="unreadable")) == []


def test_a_newer_return_supersedes_every_tied_older_one() -> None:
    first = entry("1", "2021-08-18")
    second = entry("2", "2021-08-18")
    newest = entry("3", "2021-08-19", modified="2021-08-01T00:00:00+00:00")
    issues = choose(first, second, newest)
    assert statuses(first, second, newest) == {"1": "superseded", "2": "superseded", "3": "used"}
    assert sorted(issues) == [("superseded-arrived-later", "1"), ("superseded-arrived-later", "2")]


def test_identical_content_on_a_tie_keeps_the_last_in_label_order() -> None:
    a, b, c = entry("a"), entry("b"), entry("c")
    assert choose(a, b, c) == []
    assert statuses(a, b, c) == {"a": "superseded", "b": "superseded", "c": "used"}
    assert a.reason == b.reason == "已由 c 替代" and a.accepted == []


def test_different_content_on_a_tie_is_a_conflict_for_each_file() -> None:
    a, b = entry("a", content="x"), entry("b", content="y")
    older = entry("old", "2021-08-01", modified="2021-08-30T00:00:00+00:00")
    choice = Choice(False)
    for one in (a, older, b):
        choice.offer(one)
    issues = choice.finish()
    assert [(i.code, i.file) for i in issues] == [("file-conflict", "a"), ("file-conflict", "b")]
    assert "b" in issues[0].message and "大同市" in issues[0].message
    assert "a" in issues[1].message
    assert statuses(a, b, older) == {"a": "conflict", "b": "conflict", "old": "superseded"}
    assert a.reason == "与 b 填报时间和送达时间都相同但内容不同"
    assert b.reason == "与 a 填报时间和送达时间都相同但内容不同"
    assert older.reason == "同一市有冲突的报表"
    three = [entry(n, content=n) for n in "xyz"]
    choose(*three)
    assert three[0].reason == "与 y、z 填报时间和送达时间都相同但内容不同"


def test_cities_are_chosen_apart() -> None:
    datong = entry("dt", "2021-08-18", city="大同市")
    taiyuan = entry("ty", "2021-08-21", city="太原市", content="other")
    assert choose(datong, taiyuan) == []
    assert statuses(datong, taiyuan) == {"dt": "used", "ty": "used"}


def test_entries_not_used_or_of_no_city_or_with_keep_all_are_left_alone() -> None:
    failed = entry("bad", "2021-08-30", status="unreadable")
    cityless = entry("nocity", "2021-08-30", city=None)
    ok = entry("ok", "2021-08-01")
    assert choose(failed, cityless, ok) == []
    assert statuses(failed, cityless, ok) == {"bad": "unreadable", "nocity": "used", "ok": "used"}
    one, two = entry("1", "2021-08-01"), entry("2", "2021-08-02", content="other")
    assert choose(one, two, keep_all=True) == []
    assert statuses(one, two) == {"1": "used", "2": "used"}


def test_an_older_return_arriving_later_says_why_it_was_set_aside() -> None:
    used = entry("used", "2021-08-21", modified="2021-08-21T00:00:00+00:00")
    late = entry("late", "2021-08-18", modified="2021-08-25T00:00:00+00:00")
    undated = entry("undated", None, modified="2021-08-26T00:00:00+00:00")
    early = entry("early", "2021-08-10", modified="2021-08-21T00:00:00+00:00")
    choice = Choice(False)
    for one in (used, late, undated, early):
        choice.offer(one)
    issues = {i.file: i for i in choice.finish()}
    assert set(issues) == {"late", "undated"}
    assert all(i.code == "superseded-arrived-later" for i in issues.values())
    assert "2021-08-18" in issues["late"].message and "2021-08-21" in issues["late"].message
    assert "used" in issues["late"].message and "大同市" in issues["late"].hint
    assert "但没有填写填报时间，已按" in issues["undated"].message
    assert "但其填报时间（2021-08-18）早于采用的一份（2021-08-21），" in issues["late"].message


def test_arrival_is_the_mails_date_not_the_files_time() -> None:
    used = entry(
        "used",
        "2021-08-21",
        modified="2021-08-30T00:00:00+00:00",
        mail_date="2021-08-21T00:00:00+00:00",
    )
    late = entry(
        "late",
        "2021-08-18",
        modified="2021-08-01T00:00:00+00:00",
        mail_date="2021-08-25T00:00:00+00:00",
    )
    assert choose(used, late) == [("superseded-arrived-later", "late")]
    early = entry(
        "early",
        "2021-08-18",
        modified="2021-08-31T00:00:00+00:00",
        mail_date="2021-08-20T00:00:00+00:00",
    )
    assert choose(entry("used", "2021-08-21", mail_date="2021-08-21T00:00:00+00:00"), early) == []


days = st.dates(min_value=datetime(2021, 8, 1).date(), max_value=datetime(2021, 8, 5).date())


@given(st.lists(st.tuples(days, st.integers(0, 3), st.sampled_from("ab")), min_size=1, max_size=6))
def test_the_used_return_is_the_newest_whatever_the_order(
    versions: list[tuple[datetime, int, str]],
) -> None:
    entries = [
        entry(
            f"{i}",
            day.isoformat(),
            modified=(datetime(2021, 8, 1, tzinfo=UTC) + timedelta(hours=hour)).isoformat(),
            content=content,
        )
        for i, (day, hour, content) in enumerate(versions)
    ]
    choose(*entries)
    newest = max(version_key(e) for e in entries)
    tied = [e for e in entries if version_key(e) == newest]
    kept = [e for e in entries if e.status != "superseded"]
    if len({e.content for e in tied}) > 1:
        assert kept == tied and all(e.status == "conflict" for e in kept)
    else:
        assert kept == [tied[-1]] and kept[0].status == "used"
