"""What a worker sends back: accepted pairs packed as fields come back as the same Pairs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pairtable.intake import packed_pairs, unpacked_pairs
from pairtable.models import Pair, Source

TEXT = st.text(max_size=30)


@given(
    st.lists(
        st.builds(
            lambda person, unit, remark, row, sheet: Pair(
                city="大同市",
                assisted="广灵县",
                assisting="平城区",
                person=person or "张三",
                unit_title=unit or "局长",
                phone="13994996777",
                remark=remark,
                source=Source(file="大同市.xlsx", sheet=sheet, row=row),
            ),
            TEXT,
            TEXT,
            TEXT,
            st.integers(min_value=1, max_value=10**6),
            st.sampled_from(["统计表", "Sheet1", "表 (2)"]),
        ),
        max_size=5,
    )
)
def test_packed_pairs_come_back_equal(pairs: list[Pair]) -> None:
    again = unpacked_pairs(packed_pairs(pairs))
    assert again == pairs
    assert all(type(p.source) is Source for p in again)
    assert [p.model_dump_json() for p in again] == [p.model_dump_json() for p in pairs]
