"""The words and the arithmetic that the date readers share.

``dates`` reads calendar shapes (4/12/2026, 4 December) and ``date_phrases``
reads phrases counted from today (a week on Friday, the 4th, end of next
month); both take their names, numbers and day sums from here. Pure, like
them: nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

__all__ = [
    "COUNT_RE",
    "MONTHS",
    "MONTH_NAMES",
    "MONTH_RE",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "WEEKDAY_RE",
    "DateError",
    "build",
    "coming_weekday",
    "count_of",
    "format_long",
    "impossible",
    "month_end",
    "normalise",
    "quoted",
    "shift_days",
    "shift_months",
    "too_far",
]


class DateError(ValueError):
    """Text that cannot be read as a date; the message is one line for the facilitator."""


# Spelled out rather than taken from strftime, whose names follow the process
# locale and could turn "Friday" into "vendredi" on someone's laptop.
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "weds": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

MONTHS: dict[str, int] = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
MONTHS.update(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

_COUNT_WORDS = (
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    + ("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
    + ("eighteen", "nineteen", "twenty")
)
COUNTS: dict[str, int] = {word: number for number, word in enumerate(_COUNT_WORDS, 1)}
COUNTS.update({"a": 1, "an": 1})

_FIRST_NINE = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL_WORDS = (
    _FIRST_NINE
    + ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth")
    + ("seventeenth", "eighteenth", "nineteenth", "twentieth")
    + tuple(f"twenty {word}" for word in _FIRST_NINE)
    + ("thirtieth", "thirty first")
)
# "the twenty first" is read as "the 21st", so every reader below sees digits.
_ORDINALS: dict[str, str] = {word: f"{n}th" for n, word in enumerate(_ORDINAL_WORDS, 1)}

# The longest day count that is still a date: date.max is about 3.6 million days
# from date.min. Longer digit strings are refused before int() sees them.
_MOST_DIGITS = 9


def _alternation(words: dict[str, int] | dict[str, str]) -> str:
    # Longest first so "thurs" is not cut short at "thu".
    return "|".join(sorted(words, key=len, reverse=True))


WEEKDAY_RE = _alternation(WEEKDAYS)
MONTH_RE = _alternation(MONTHS)
COUNT_RE = rf"\d+|{_alternation(COUNTS)}"

_ORDINAL_WORD = re.compile(rf"\b(?:{_alternation(_ORDINALS)})\b")
# "4 / 12 / 2026" is the same date as "4/12/2026".
_SPACED_SEPARATOR = re.compile(r"(?<=\d) ?([-/.]) ?(?=\d)")
# "4-Dec-2026", "month-end" and "twenty-first" read as if the hyphen were a space.
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-|-(?=[a-z])")
# A sentence's full stop: "next Friday." (but "4.12." is left for the numbers).
_FULL_STOP = re.compile(r"(?<=[^\d.])\.$")
# Said as "by Friday" or "on the 4th", the date is the same.
_LEAD_WORD = re.compile(r"^(?:by|on) (?=.)")


def normalise(text: str) -> str:
    """Lower case, single spaces, no commas; ordinal words as numbers ("first" is "1th")."""
    # Commas are decoration in "Fri, 4 Dec, 2026"; dropping them keeps every
    # pattern free of optional punctuation. A phone keyboard types ’ for '.
    normal = " ".join(text.replace(",", " ").replace("\u2019", "'").lower().split())
    normal = _SPACED_SEPARATOR.sub(r"\1", normal)
    normal = " ".join(_WORD_HYPHEN.sub(" ", normal).split())
    normal = _LEAD_WORD.sub("", _FULL_STOP.sub("", normal))
    return _ORDINAL_WORD.sub(lambda word: _ORDINALS[word[0]], normal)


def count_of(text: str, shown: str) -> int:
    """The number in "in 3 weeks" or "in three weeks"; "a" and "an" are one."""
    if not text.isdigit():
        return COUNTS[text]
    if len(text) > _MOST_DIGITS:
        raise DateError(too_far(shown))
    return int(text)


def shift_days(start: date, days: int, shown: str) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise DateError(too_far(shown)) from None


def shift_months(start: date, months: int, shown: str) -> date:
    """The same day ``months`` later (or earlier), kept inside the month it lands in."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not date.min.year <= year <= date.max.year:
        raise DateError(too_far(shown))
    # "In 1 month" from 31 January lands on the last day of February rather
    # than spilling into March.
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def month_end(day: date) -> date:
    """The last day of the month ``day`` is in."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def coming_weekday(today: date, target: int, shown: str) -> date:
    """The first ``target`` weekday after today: said on a Friday, "Friday" is a week away.

    "today" exists for the same day, and a deadline of today is rarely what is meant.
    """
    return shift_days(today, (target - today.weekday()) % 7 or 7, shown)


def build(year: int, month: int, day: int, shown: str) -> date:
    """The date, or a DateError saying why it does not exist."""
    problem = impossible(day, month, year)
    if problem:
        raise DateError(f"{shown} is not a real date: {problem}")
    return date(year, month, day)


def impossible(day: int, month: int, year: int | None) -> str | None:
    """Why this day, month and year cannot exist, or None if they can."""
    if year is not None and not date.min.year <= year <= date.max.year:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}, months go from 1 to 12"
    if day < 1:
        return "days start at 1"
    return _too_many_days(day, month, year)


def _too_many_days(day: int, month: int, year: int | None) -> str | None:
    name = MONTH_NAMES[month - 1]
    if year is None:
        # Without a year February may be a leap February, so allow the 29th.
        longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
        if day > longest:
            return f"{name} has {'at most ' if month == 2 else ''}{longest} days"
        return None
    length = calendar.monthrange(year, month)[1]
    if day <= length:
        return None
    return f"{name} has {length} days in {year}" if month == 2 else f"{name} has {length} days"


def format_long(d: date) -> str:
    """``Friday 4 December 2026``."""
    return f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def too_far(shown: str) -> str:
    return f"{shown} is too far away to be a date I can use."


def quoted(shown: str) -> str:
    return f"'{shown}'"
