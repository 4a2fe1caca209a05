"""填报时间 as people write it -> an ISO date."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

_EXCEL_EPOCH = date(1899, 12, 30)
_YMD = re.compile(r"(\d{4})\s*[年\-./／]\s*(\d{1,2})\s*[月\-./／]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# A month and day without a year: 8月20日, 8月20号, 8-20, 8/20, 8.20 (typed as text).
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:月\s*(\d{1,2})\s*[日号]?|[-/／.]\s*(\d{1,2}))$")
# Dates in Chinese numerals, as official documents write them: 二〇二一年八月二十日. The year
# digit by digit (〇, ○ U+25CB, ◯ U+25EF, 零, or the letter O for the zero; Arabic digits mixed in);
# month and day as numbers (十二月, 二十一日, 廿日 = 20, 卅一日 = 31). Only a whole month-and-day,
# with or without the year, is read: a numeral elsewhere in the text is left alone.
_ZEROS = "〇○◯零Oo"
_CN_DIGITS = dict.fromkeys(_ZEROS, 0) | {d: i for i, d in enumerate("一二三四五六七八九", 1)}
_CN_DIGIT = f"[{_ZEROS}0-9一二三四五六七八九]"
_CN_UNIT = "[一二三四五六七八九]"
_CN_DATE = re.compile(
    rf"(?:({_CN_DIGIT}{{4}})\s*年\s*)?(十[一二]?|{_CN_UNIT})\s*月\s*"
    rf"([二三]?十{_CN_UNIT}?|廿{_CN_UNIT}?|卅一?|{_CN_UNIT})(?=\s*[日号]|\s*$)"
)


def _cn_number(numeral: str) -> int:
    """十二 -> 12, 二十一 -> 21, 廿 -> 20, 卅一 -> 31, 八 -> 8."""
    tens = {"廿": 20, "卅": 30}.get(numeral[0])
    if tens is not None:
        return tens + (_CN_DIGITS[numeral[1]] if len(numeral) > 1 else 0)
    before, ten, after = numeral.partition("十")
    if not ten:
        return _CN_DIGITS[numeral]
    return (_CN_DIGITS[before] if before else 1) * 10 + (_CN_DIGITS[after] if after else 0)


def _arabic(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    written = f"{_cn_number(month)}月{_cn_number(day)}"
    if year is None:
        return written
    digits = "".join(str(_CN_DIGITS.get(c, c)) for c in year)
    return f"{digits}年{written}"


def _normalised(value: str) -> str:
    """NFKC (full-width digits), then Chinese numerals as Arabic: 二〇二一年八月二十日 ->
    2021年8月20日."""
    return _CN_DATE.sub(_arabic, unicodedata.normalize("NFKC", value).strip())


def parse_date(value: object) -> date | None:
    """2021年8月20日, 2021-08-20, 2021.8.20, 2021/8/20, 20210820, 二〇二一年八月二十日,
    datetimes, Excel serials."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # Excel serial dates between 1954 and 2119
            return _EXCEL_EPOCH + timedelta(days=int(value))
        value = str(int(value)) if float(value).is_integer() else str(value)
    if not isinstance(value, str):
        return None
    text = _normalised(value)
    match = _YMD.search(text) or _COMPACT.match(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


DateStatus = Literal["ok", "no-year", "impossible", "unreadable"]


@dataclass(frozen=True)
class DateReading:
    value: date | None
    status: DateStatus


def read_date(value: object, year: int) -> DateReading:
    """Like `parse_date`, telling apart a date without a year (given `year`), a date that
    cannot exist (2021年2月30日, 8月32日) and text that is no date at all."""
    found = parse_date(value)
    if found is not None:
        return DateReading(found, "ok")
    if not isinstance(value, str):
        return DateReading(None, "unreadable")
    text = _normalised(value)
    full = _YMD.search(text) or _COMPACT.match(text)
    if full:
        return DateReading(None, "impossible")
    short = _MONTH_DAY.match(text)
    if short is None:
        return DateReading(None, "unreadable")
    month, day = int(short.group(1)), int(short.group(2) or short.group(3))
    try:
        return DateReading(date(year, month, day), "no-year")
    except ValueError:
        return DateReading(None, "impossible")


def year_in(value: object) -> int | None:
    """The year of a complete date in a cell (a date value or text such as 2021年8月20日)."""
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, str) and (match := _YMD.search(_normalised(value))):
        found = parse_date(match.group(0))
        return found.year if found else None
    return None
