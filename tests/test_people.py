"""Properties of the rules for what clerks type: names, placeholders, free text, dates."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from pairtable.dates import read_date
from pairtable.people import TITLES, read_person
from pairtable.text import is_placeholder, keep_text

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林司关史区同常任董席"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国红梅"
COMPOUND = ["司马", "欧阳", "诸葛", "上官", "司徒", "长孙", "令狐"]
SEPARATORS = ["、", "，", ",", "；", ";", "/", "\n", " "]

surnames = st.one_of(st.sampled_from(list(SURNAMES)), st.sampled_from(COMPOUND))
names = st.builds(
    lambda surname, given: surname + given,
    surnames,
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
)
titles = st.sampled_from(TITLES)
blanks = st.text(alphabet=" \u3000\u00a0\u200b\ufeff\t\n", max_size=3)


@given(names)
def test_a_plain_name_is_accepted_untouched(name: str) -> None:
    reading = read_person(name)
    assert reading.names == (name,) and reading.extras == () and reading.problem is None
    assert reading.kept == name  # what goes into the province workbook
    assert not is_placeholder(name)


@given(names, titles)
def test_a_name_followed_by_a_title_keeps_the_name(name: str, title: str) -> None:
    for typed in (name + title, f"{name}（{title}）", f"{title}：{name}", f"{name} {title}"):
        reading = read_person(typed)
        assert reading.problem is None and reading.names == (name,), typed
        assert reading.extras, typed


@given(names.filter(lambda n: len(n) >= 2), titles)
def test_a_title_before_a_name_is_taken_off(name: str, title: str) -> None:
    # "秘书长孙丽" reads both as 秘书长 孙丽 and 秘书 长孙丽: the longer title is taken.
    assume(not any((title + name).startswith(t) and len(t) > len(title) for t in TITLES))
    reading = read_person(title + name)
    assert reading.names == (name,) and reading.extras == (title,)


@given(titles, st.sampled_from(["", "副"]))
def test_a_title_alone_has_no_name(title: str, prefix: str) -> None:
    assert read_person(prefix + title).problem == "title-only"


@given(st.lists(names.filter(lambda n: len(n) >= 2), min_size=2, max_size=4, unique=True))
def test_several_names_are_all_kept(people: list[str]) -> None:
    for separator in SEPARATORS:
        reading = read_person(separator.join(people))
        assert reading.names == tuple(people) and reading.problem is None
        assert reading.kept == "、".join(people)


@given(names, st.text(alphabet="ABCxyz0123456789０１", min_size=1, max_size=3))
def test_latin_letters_or_digits_are_never_a_name(name: str, junk: str) -> None:
    assert read_person(name + junk).problem == "invalid"
    assert read_person(junk + name).problem == "invalid"


placeholders = st.sampled_from(["/", "-", "—", "——", "无", "暂无", "待定", "？", "略", "空", "N/A"])


@given(placeholders, blanks, blanks, st.sampled_from(["", "（）", "()", "【】"]))
def test_placeholders_survive_blanks_brackets_and_width(
    word: str, before: str, after: str, brackets: str
) -> None:
    typed = f"{brackets[:1]}{word}{brackets[1:]}" if brackets else word
    assert is_placeholder(before + typed + after)
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in typed)
    assert is_placeholder(wide)


@given(names, placeholders)
def test_a_name_next_to_a_placeholder_is_not_a_placeholder(name: str, word: str) -> None:
    assert not is_placeholder(name + word) and not is_placeholder(word + name)


free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Cf")),
    min_size=1,
    max_size=30,
)


@given(free_text, st.text(alphabet="，（）；：、“”　 ", max_size=5), free_text)
def test_free_text_keeps_everything_inside(head: str, middle: str, tail: str) -> None:
    text = head + middle + tail
    assert keep_text(text) == text


@given(free_text, blanks, blanks)
def test_free_text_loses_only_blanks_at_its_ends(text: str, before: str, after: str) -> None:
    kept = keep_text(before + text + after)
    assert kept == text and keep_text(kept) == kept


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_date_without_its_year_takes_the_given_year(day: date) -> None:
    for typed in (f"{day.month}月{day.day}日", f"{day.month}-{day.day}", f"{day.month}.{day.day}"):
        reading = read_date(typed, day.year)
        assert (reading.value, reading.status) == (day, "no-year"), typed
    full = read_date(f"{day.year}年{day.month}月{day.day}日", 1999)
    assert (full.value, full.status) == (day, "ok")


@given(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 40))
def test_a_day_that_does_not_exist_is_impossible_never_guessed(
    year: int, month: int, day: int
) -> None:
    try:
        real: date | None = date(year, month, day)
    except ValueError:
        real = None
    reading = read_date(f"{year}年{month}月{day}日", year)
    assert reading.value == real
    assert reading.status == ("ok" if real else "impossible")
