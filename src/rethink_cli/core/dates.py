"""Reading and writing the dates facilitators type for agreed actions.

Everything here is pure: ``today`` is always passed in, so the same text gives
the same date in tests, in a session and on a projected screen at midnight.

Dates are UK style, day first, always. Calendar shapes (4/12/2026, 4 Dec,
Friday 4 December) are read here; phrases counted from today (a week on Friday,
the 4th, end of next month) by ``date_phrases``. Every shape is written out by
hand and anything else is refused with examples: no permissive parser guesses,
because a guess is how 12/4 quietly becomes 4 December, or "2 weeks from today"
a date two weeks ago.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date

from rethink_cli.core.bankholidays import bank_holidays
from rethink_cli.core.date_phrases import read_day_of_month, read_phrase
from rethink_cli.core.date_words import (
    MONTH_NAMES,
    MONTH_RE,
    MONTHS,
    WEEKDAY_NAMES,
    WEEKDAY_RE,
    WEEKDAYS,
    DateError,
    build,
    format_long,
    impossible,
    normalise,
    quoted,
    too_far,
)

__all__ = ["DateError", "day_note", "format_long", "format_short", "parse_date"]


_ISO = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")
_NUMERIC = re.compile(r"(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
_NUMERIC_NO_YEAR = re.compile(r"(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})")
_DAY_MONTH = re.compile(
    rf"(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<mon>{MONTH_RE})\.?"
    r"(?: (?P<y>\d{4}|\d{2}))?"
)
_MONTH_DAY = re.compile(
    rf"(?P<mon>{MONTH_RE})\.? (?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?: (?P<y>\d{4}|\d{2}))?"
)
_WEEKDAY_PREFIX = re.compile(rf"(?P<wd>{WEEKDAY_RE})\.? (?P<rest>.+)")

# Numbers joined by separators are dates only in the strict shapes above.
_NUMERIC_FRAGMENT = re.compile(r"\d+\s*[-/.]\s*\d+")
_ONLY_NUMBERS = re.compile(r"[\d\s\-/.]+")

_EXAMPLES = "Try 4/12/2026, next Friday or in 2 weeks."
_EMPTY_MESSAGE = "Please type a date, for example 4/12/2026 or next Friday."


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
        return f"That is a {WEEKDAY_NAMES[day.weekday()]}."
    return None


@functools.lru_cache(maxsize=8)
def _bank_holidays(year: int) -> Mapping[date, str]:
    return bank_holidays(year)


def parse_date(text: str, *, today: date) -> date:
    """Read a date typed by a facilitator, day first; raise DateError if it cannot be read.

    Dates in the past are returned as read ("1/1/2020", "last Friday"):
    deciding whether they are allowed belongs to the caller. A phrase that
    looks ahead ("the 4th", "2 weeks from today") is never in the past.
    """
    shown = _for_message(text)
    normal = normalise(text)
    if not normal:
        raise DateError(_EMPTY_MESSAGE)

    found = read_phrase(normal, shown, today) or _parse_calendar(normal, shown, today)
    if found is None:
        found = _parse_named_weekday(normal, shown, today)
    if found is not None:
        return found

    if _ONLY_NUMBERS.fullmatch(normal) or _NUMERIC_FRAGMENT.search(normal):
        raise DateError(
            f"I could not read {quoted(shown)} as a date. "
            "Write the day first, like 4/12/2026 or 4/12."
        )
    raise DateError(f"I could not read {quoted(shown)} as a date. {_EXAMPLES}")


def _parse_named_weekday(normal: str, shown: str, today: date) -> date | None:
    """Read "Friday 4 December" or "Fri the 4th", refused if the weekday is wrong."""
    named = _WEEKDAY_PREFIX.fullmatch(normal)
    if named is None:
        return None
    found = _parse_calendar(named["rest"], shown, today)
    if found is None:
        return None
    expected = WEEKDAYS[named["wd"]]
    if found.weekday() != expected:
        raise DateError(
            f"{_day_month_year(found)} is a {WEEKDAY_NAMES[found.weekday()]}, "
            f"not a {WEEKDAY_NAMES[expected]}"
        )
    return found


def _parse_calendar(normal: str, shown: str, today: date) -> date | None:
    """Day-and-month shapes, with or without a year; None if the shape is not one of them."""
    match = _ISO.fullmatch(normal)
    if match:
        return build(int(match["y"]), int(match["m"]), int(match["d"]), shown)

    match = _NUMERIC.fullmatch(normal)
    if match:
        return build(_full_year(match["y"]), int(match["m"]), int(match["d"]), shown)

    match = _NUMERIC_NO_YEAR.fullmatch(normal)
    if match:
        return _next_occurrence(int(match["d"]), int(match["m"]), today, shown)

    match = _DAY_MONTH.fullmatch(normal) or _MONTH_DAY.fullmatch(normal)
    if match:
        day, month = int(match["d"]), MONTHS[match["mon"]]
        if match["y"] is None:
            return _next_occurrence(day, month, today, shown)
        return build(_full_year(match["y"]), month, day, shown)

    return read_day_of_month(normal, shown, today)


def _next_occurrence(day: int, month: int, today: date, shown: str) -> date:
    """The first date with this day and month on or after today."""
    problem = impossible(day, month, None)
    if problem:
        raise DateError(f"{shown} is not a real date: {problem}")
    # Only 29 February can be missing from a year, and a leap year comes
    # within eight, so the search is short.
    for year in range(today.year, min(today.year + 9, date.max.year + 1)):
        if impossible(day, month, year) is None:
            candidate = date(year, month, day)
            if candidate >= today:
                return candidate
    raise DateError(too_far(shown))


def _full_year(text: str) -> int:
    # Actions agreed in a session are due within this century; "26" is 2026.
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day_month_year(d: date) -> str:
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def _for_message(text: str) -> str:
    # The text goes back on screen inside a one-line message, so control
    # characters and line breaks must not survive, and a pasted paragraph is cut.
    visible = "".join(ch if ch.isprintable() else " " for ch in text)
    visible = " ".join(visible.split())
    return visible if len(visible) <= 40 else visible[:39] + "…"
