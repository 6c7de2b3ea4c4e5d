"""Reading and writing the dates facilitators type for agreed actions.

Everything here is pure: ``today`` is always passed in, so the same text gives
the same date in tests, in a session and on a projected screen at midnight.

Dates are UK style, day first, always. The common shapes are read by the
hand-written patterns below; only text none of them recognises is handed to
``dateparser``, and never text that looks like numbers separated by ``/ . -``,
because that is exactly where a permissive parser could quietly turn 12/4 into
4 December.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from rethink_cli.core.bankholidays import bank_holidays

__all__ = ["DateError", "day_note", "format_long", "format_short", "parse_date"]


class DateError(ValueError):
    """Text that cannot be read as a date; the message is one line for the facilitator."""


# Spelled out rather than taken from strftime, whose names follow the process
# locale and could turn "Friday" into "vendredi" on someone's laptop.
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
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

_WEEKDAYS: dict[str, int] = {
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

_MONTHS: dict[str, int] = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update(
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

_COUNTS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


def _alternation(words: dict[str, int]) -> str:
    # Longest first so "thurs" is not cut short at "thu".
    return "|".join(sorted(words, key=len, reverse=True))


_WEEKDAY_RE = _alternation(_WEEKDAYS)
_MONTH_RE = _alternation(_MONTHS)

_ISO = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")
_NUMERIC = re.compile(r"(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
_NUMERIC_NO_YEAR = re.compile(r"(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})")
_DAY_MONTH = re.compile(
    rf"(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<mon>{_MONTH_RE})\.?"
    r"(?: (?P<y>\d{4}|\d{2}))?"
)
_MONTH_DAY = re.compile(
    rf"(?P<mon>{_MONTH_RE})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: (?P<y>\d{{4}}|\d{{2}}))?"
)
_WEEKDAY_PREFIX = re.compile(rf"(?P<wd>{_WEEKDAY_RE})\.? (?P<rest>.+)")
_WEEKDAY_ALONE = re.compile(rf"(?:(?P<which>next|this) )?(?P<wd>{_WEEKDAY_RE})\.?")
_IN_PERIOD = re.compile(
    rf"in (?P<n>\d+|{_alternation(_COUNTS)}) "
    r"(?P<unit>days?|weeks?|fortnights?|months?|years?)'?(?: time)?"
)

# Numbers joined by separators are dates only in the strict shapes above.
_NUMERIC_FRAGMENT = re.compile(r"\d+\s*[-/.]\s*\d+")
_ONLY_NUMBERS = re.compile(r"[\d\s\-/.]+")
_SPACED_SEPARATOR = re.compile(r"(?<=\d) ?([-/.]) ?(?=\d)")

_EXAMPLES = "Try 4/12/2026, next Friday or in 2 weeks."
_EMPTY_MESSAGE = "Please type a date, for example 4/12/2026 or next Friday."


def format_long(d: date) -> str:
    """``Friday 4 December 2026``."""
    return f"{_WEEKDAY_NAMES[d.weekday()]} {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def format_short(d: date) -> str:
    """``04/12/2026``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def day_note(day: date) -> str | None:
    """A gentle word when ``day`` is a weekend or a bank holiday in England and Wales.

    None for an ordinary working day. The note only informs: the room may keep
    the date or change it.
    """
    holiday = _bank_holidays(day.year).get(day)
    # A holiday that is also a Saturday or Sunday (Boxing Day 2026) is named as
    # the holiday: that says more about why the day is quiet than the weekday does.
    if holiday is not None:
        return f"That is {holiday}, a bank holiday in England and Wales."
    if day.weekday() >= 5:
        return f"That is a {_WEEKDAY_NAMES[day.weekday()]}."
    return None


@functools.lru_cache(maxsize=8)
def _bank_holidays(year: int) -> Mapping[date, str]:
    return bank_holidays(year)


def parse_date(text: str, *, today: date) -> date:
    """Read a date typed by a facilitator, day first; raise DateError if it cannot be read.

    Dates in the past are returned as read: deciding whether they are allowed
    belongs to the caller.
    """
    shown = _for_message(text)
    # Commas are decoration in "Fri, 4 Dec, 2026"; dropping them keeps every
    # pattern below free of optional punctuation.
    normal = " ".join(text.replace(",", " ").lower().split())
    # "4 / 12 / 2026" is the same date as "4/12/2026".
    normal = _SPACED_SEPARATOR.sub(r"\1", normal)
    if not normal:
        raise DateError(_EMPTY_MESSAGE)

    strict = _parse_strict(normal, shown, today)
    if strict is not None:
        return strict

    if _ONLY_NUMBERS.fullmatch(normal) or _NUMERIC_FRAGMENT.search(normal):
        raise DateError(
            f"I could not read {_quoted(shown)} as a date. "
            "Write the day first, like 4/12/2026 or 4/12."
        )
    # dateparser reads a lone "a" as the 1st of the month; nothing this short is a date.
    if len(normal) < 3:
        raise DateError(f"I could not read {_quoted(shown)} as a date. {_EXAMPLES}")
    return _parse_free_form(normal, shown, today)


def _parse_strict(normal: str, shown: str, today: date) -> date | None:
    if normal == "today":
        return today
    if normal == "tomorrow":
        return _shift_days(today, 1, shown)

    weekday_only = _WEEKDAY_ALONE.fullmatch(normal)
    if weekday_only:
        return _weekday(today, _WEEKDAYS[weekday_only["wd"]], weekday_only["which"])

    period = _IN_PERIOD.fullmatch(normal)
    if period:
        return _in_period(today, period["n"], period["unit"], shown)

    named = _WEEKDAY_PREFIX.fullmatch(normal)
    if named:
        found = _parse_calendar(named["rest"], shown, today)
        if found is not None:
            expected = _WEEKDAYS[named["wd"]]
            if found.weekday() != expected:
                raise DateError(
                    f"{_day_month_year(found)} is a {_WEEKDAY_NAMES[found.weekday()]}, "
                    f"not a {_WEEKDAY_NAMES[expected]}"
                )
            return found

    return _parse_calendar(normal, shown, today)


def _parse_calendar(normal: str, shown: str, today: date) -> date | None:
    """Day-and-month shapes, with or without a year; None if the shape is not one of them."""
    match = _ISO.fullmatch(normal)
    if match:
        return _build(int(match["y"]), int(match["m"]), int(match["d"]), shown)

    match = _NUMERIC.fullmatch(normal)
    if match:
        return _build(_full_year(match["y"]), int(match["m"]), int(match["d"]), shown)

    match = _NUMERIC_NO_YEAR.fullmatch(normal)
    if match:
        return _next_occurrence(int(match["d"]), int(match["m"]), today, shown)

    match = _DAY_MONTH.fullmatch(normal) or _MONTH_DAY.fullmatch(normal)
    if match:
        day, month = int(match["d"]), _MONTHS[match["mon"]]
        if match["y"] is None:
            return _next_occurrence(day, month, today, shown)
        return _build(_full_year(match["y"]), month, day, shown)

    return None


def _parse_free_form(normal: str, shown: str, today: date) -> date:
    # Imported here so that starting the program, and every command that never
    # reads a free-form date, does not pay for loading dateparser.
    import dateparser

    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        result: datetime | None = dateparser.parse(normal, languages=["en"], settings=settings)
    except (ValueError, OverflowError) as error:
        # A traceback from inside dateparser would mean nothing to the facilitator.
        raise DateError(f"I could not read {_quoted(shown)} as a date. {_EXAMPLES}") from error
    if result is None:
        raise DateError(f"I could not read {_quoted(shown)} as a date. {_EXAMPLES}")
    return result.date()


def _weekday(today: date, target: int, which: str | None) -> date:
    if which == "this":
        # The week runs Monday to Sunday, so "this Monday" said on a Thursday
        # is already behind us; guessing next week instead would hide that.
        ahead = target - today.weekday()
        if ahead < 0:
            raise DateError(
                f"{_WEEKDAY_NAMES[target]} has already passed this week "
                f"(today is {format_long(today)}). Try next {_WEEKDAY_NAMES[target]}."
            )
        return today + timedelta(days=ahead)
    # Said on a Friday, "Friday" and "next Friday" both mean a week away: "today"
    # exists for the same day, and a deadline of today is rarely what is meant.
    ahead = (target - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _in_period(today: date, count_text: str, unit: str, shown: str) -> date:
    count = int(count_text) if count_text.isdigit() else _COUNTS[count_text]
    if unit.startswith("day"):
        return _shift_days(today, count, shown)
    if unit.startswith("week"):
        return _shift_days(today, 7 * count, shown)
    if unit.startswith("fortnight"):
        return _shift_days(today, 14 * count, shown)
    if unit.startswith("month"):
        return _shift_months(today, count, shown)
    return _shift_months(today, 12 * count, shown)


def _shift_days(start: date, days: int, shown: str) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise DateError(_too_far(shown)) from None


def _shift_months(start: date, months: int, shown: str) -> date:
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year > date.max.year:
        raise DateError(_too_far(shown))
    # "In 1 month" from 31 January lands on the last day of February rather
    # than spilling into March.
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _next_occurrence(day: int, month: int, today: date, shown: str) -> date:
    """The first date with this day and month on or after today."""
    problem = _impossible(day, month, None)
    if problem:
        raise DateError(f"{shown} is not a real date: {problem}")
    # Only 29 February can be missing from a year, and a leap year comes
    # within eight, so the search is short.
    for year in range(today.year, min(today.year + 9, date.max.year + 1)):
        if _impossible(day, month, year) is None:
            candidate = date(year, month, day)
            if candidate >= today:
                return candidate
    raise DateError(_too_far(shown))


def _build(year: int, month: int, day: int, shown: str) -> date:
    problem = _impossible(day, month, year)
    if problem:
        raise DateError(f"{shown} is not a real date: {problem}")
    return date(year, month, day)


def _impossible(day: int, month: int, year: int | None) -> str | None:
    """Why this day, month and year cannot exist, or None if they can."""
    if year is not None and not date.min.year <= year <= date.max.year:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}, months go from 1 to 12"
    if day < 1:
        return "days start at 1"
    return _too_many_days(day, month, year)


def _too_many_days(day: int, month: int, year: int | None) -> str | None:
    name = _MONTH_NAMES[month - 1]
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


def _full_year(text: str) -> int:
    # Actions agreed in a session are due within this century; "26" is 2026.
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day_month_year(d: date) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _too_far(shown: str) -> str:
    return f"{shown} is too far away to be a date I can use."


def _for_message(text: str) -> str:
    # The text goes back on screen inside a one-line message, so control
    # characters and line breaks must not survive, and a pasted paragraph is cut.
    visible = "".join(ch if ch.isprintable() else " " for ch in text)
    visible = " ".join(visible.split())
    return visible if len(visible) <= 40 else visible[:39] + "…"


def _quoted(shown: str) -> str:
    return f"'{shown}'"
