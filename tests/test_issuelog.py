"""IssueLog: issues stored a file at a time, read back whole or only for the files asked for."""

from __future__ import annotations

import pickle
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from pairtable.issuelog import CHUNK, IssueLog, issue_records
from pairtable.models import Issue, make_issue


def _issues(files: Sequence[str | None]) -> list[Issue]:
    return [make_issue("file-empty", file=f, row=n + 1) for n, f in enumerate(files)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["a.xlsx", "b.xlsx", "c/d.xlsx", None]), max_size=40))
def test_every_issue_comes_back_in_order_and_each_pass_gets_only_its_files(
    files: list[str | None],
) -> None:
    issues = _issues(files)
    with IssueLog() as log:
        half = len(issues) // 2
        log.extend(issues[:half])
        log.add(issue_records(issues[half:]))  # as a worker sends them
        assert len(log) == len(issues)
        assert list(log) == issues
        wanted = {"a.xlsx", None}
        assert [f for f in log.fields(lambda file: file in wanted)] == [
            dict(i) for i in issues if i.file in wanted
        ]


def test_a_large_file_is_stored_in_records_of_at_most_chunk_issues() -> None:
    issues = _issues(["big.xlsx"] * (2 * CHUNK + 1) + ["small.xlsx"])
    records = issue_records(issues)
    assert [(r.file, r.count) for r in records] == [
        ("big.xlsx", CHUNK),
        ("big.xlsx", CHUNK),
        ("big.xlsx", 1),
        ("small.xlsx", 1),
    ]
    assert pickle.loads(pickle.dumps(records)) == records  # what crosses from a worker
    with IssueLog() as log:
        log.add(records)
        reading = log.fields(lambda file: file == "small.xlsx")
        first = next(reading)
        log.extend(_issues(["later.xlsx"]))  # an append while reading moves nothing
        assert first["file"] == "small.xlsx" and list(reading) == []
        assert [i.file for i in log][-2:] == ["small.xlsx", "later.xlsx"]
