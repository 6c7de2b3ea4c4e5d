"""Dates said the way people in a UK meeting say them, counted from today.

"A week on Friday", "the 4th", "end of next month", "in six weeks' time". Each
phrase has one exact meaning, written next to its reader below, and every phrase
that looks ahead lands on today or later: a deadline agreed as "the 4th" on
28 November is 4 December, never the 4 November just gone.

The readers take text already through ``date_words.normalise``: lower case,
single spaces, ordinal words as numbers ("the fourth" is "the 4th").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from rethink_cli.core.date_words import (
    COUNT_RE,
    MONTH_RE,
    MONTHS,
    WEEKDAY_NAMES,
    WEEKDAY_RE,
    WEEKDAYS,
    DateError,
    build,
    coming_weekday,
    count_of,
    format_long,
    month_end,
    quoted,
    shift_days,
    shift_months,
)

__all__ = ["read_day_of_month", "read_phrase"]

_Reader = Callable[[re.Match[str], date, str], date | None]

_WD = rf"(?P<wd>{WEEKDAY_RE})\.?"
# The count may be left out only where it can only be one: "fortnight today".
_PERIOD = rf"(?:(?P<n>{COUNT_RE}) )?(?P<unit>days?|weeks?|fortnights?|months?|years?)"
# "6 weeks time", "6 weeks' time", "a week's time".
_TIME = r"(?:(?:'s|')? time)?"

_DAYS_AWAY = {
    "today": 0,
    "now": 0,
    "tomorrow": 1,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "yesterday": -1,
    "the day before yesterday": -2,
    "day before yesterday": -2,
}

_VAGUE_MESSAGE = (
    "could be more than one day. Which day? Try next Friday, end of next month or 4/12."
)


def read_phrase(normal: str, shown: str, today: date) -> date | None:
    """The date a phrase counted from today means; None if ``normal`` is no such phrase."""
    if normal in _DAYS_AWAY:
        return shift_days(today, _DAYS_AWAY[normal], shown)
    # A reader may turn down a shape it half matches ("weeks today" has no
    # count), so the next one still gets a look.
    for pattern, reader in _READERS:
        match = pattern.fullmatch(normal)
        found = reader(match, today, shown) if match else None
        if found is not None:
            return found
    return None


_DAY_OF_MONTH = re.compile(
    r"(?:the (?P<a>\d{1,2})(?:st|nd|rd|th)?|(?P<b>\d{1,2})(?:st|nd|rd|th))"
    r"(?: of (?P<which>the|next) month)?"
)


def read_day_of_month(normal: str, shown: str, today: date) -> date | None:
    """Read "the 4th": the first 4th of a month on or after today; None for another shape.

    Said on the 4th itself that is today, as "4/12" said on 4 December is: the
    date is read back before it is kept. A day the current month does not have
    ("the 31st" in November) is the next month that has it. "The 4th of next
    month" is that day next month, refused if the month is too short for it.
    """
    match = _DAY_OF_MONTH.fullmatch(normal)
    if match is None:
        return None
    day = int(match["a"] or match["b"])
    if match["which"] == "next":
        month = shift_months(today.replace(day=1), 1, shown)
        return build(month.year, month.month, day, shown)
    if not 1 <= day <= 31:
        reason = "days start at 1" if day < 1 else "no month has more than 31 days"
        raise DateError(f"{shown} is not a real date: {reason}")
    start = today.replace(day=1)
    for ahead in range(12):
        month = shift_months(start, ahead, shown)
        if day <= month_end(month).day and month.replace(day=day) >= today:
            return month.replace(day=day)
    raise AssertionError("every year has seven months with a 31st")  # pragma: no cover


def _period(match: re.Match[str], start: date, shown: str, sign: int = 1) -> date | None:
    """``start`` moved by the period in ``match``; None for "weeks" with no count."""
    unit = match["unit"]
    if match["n"] is None and unit.endswith("s"):
        return None
    count = sign * count_of(match["n"] or "1", shown)
    if unit.startswith("day"):
        return shift_days(start, count, shown)
    if unit.startswith("week"):
        return shift_days(start, 7 * count, shown)
    if unit.startswith("fortnight"):
        return shift_days(start, 14 * count, shown)
    if unit.startswith("month"):
        return shift_months(start, count, shown)
    return shift_months(start, 12 * count, shown)


def _ahead(match: re.Match[str], today: date, shown: str) -> date | None:
    """Read "in 2 weeks", "2 weeks' time", "a fortnight": that long after today."""
    return _period(match, today, shown) if match["n"] else None


def _ago(match: re.Match[str], today: date, shown: str) -> date | None:
    """Read "3 days ago": that long before today, for a meeting already held."""
    return _period(match, today, shown, sign=-1) if match["n"] else None


def _from_anchor(match: re.Match[str], today: date, shown: str) -> date | None:
    """Read "a week today", "2 weeks from tomorrow", "a week on Friday": a period after a day.

    A weekday anchor is the coming one, as the weekday alone is, so "a week on
    Friday" said on Saturday 28 November is Friday 11 December.
    """
    anchor = match["anchor"]
    if anchor in ("today", "now"):
        start = today
    elif anchor == "tomorrow":
        start = shift_days(today, 1, shown)
    else:
        start = coming_weekday(today, WEEKDAYS[anchor], shown)
    return _period(match, start, shown)


def _weekday_week(match: re.Match[str], today: date, shown: str) -> date:
    """Read "Friday week" and "the Friday after next": a week after the coming Friday.

    "Monday fortnight" is two weeks after the coming Monday.
    """
    days = 14 if match["unit"] == "fortnight" else 7
    return shift_days(coming_weekday(today, WEEKDAYS[match["wd"]], shown), days, shown)


def _weekday_in_week(match: re.Match[str], today: date, shown: str) -> date:
    """Read "Friday next week": that day of the next Monday-to-Sunday week."""
    target = WEEKDAYS[match["wd"]]
    if match["which"] == "this":
        return _this_weekday(today, target, shown)
    return shift_days(today, 7 + target - today.weekday(), shown)


def _weekday(match: re.Match[str], today: date, shown: str) -> date:
    """Read "Friday", "next Friday", "this Friday", "last Friday".

    "Friday" and "next Friday" are the coming Friday, never today: said on a
    Friday both mean a week away. "Last Friday" is the latest one before today.
    """
    target = WEEKDAYS[match["wd"]]
    which = match["which"]
    if which == "this":
        return _this_weekday(today, target, shown)
    if which == "last":
        return shift_days(today, -((today.weekday() - target) % 7 or 7), shown)
    return coming_weekday(today, target, shown)


def _this_weekday(today: date, target: int, shown: str) -> date:
    # The week runs Monday to Sunday, so "this Monday" said on a Thursday
    # is already behind us; guessing next week instead would hide that.
    ahead = target - today.weekday()
    if ahead < 0:
        raise DateError(
            f"{WEEKDAY_NAMES[target]} has already passed this week "
            f"(today is {format_long(today)}). Try next {WEEKDAY_NAMES[target]}."
        )
    return shift_days(today, ahead, shown)


def _end_of(match: re.Match[str], today: date, shown: str) -> date | None:
    """Read "end of the month", "end of next month", "end of December", "end of the year".

    The last day of that month or year. Said on the last day of the month, "end
    of the month" is today: the month ends today, and the date is read back.
    """
    what, which = match["what"], match["which"]
    step = 1 if which == "next" else 0
    if what == "week":
        raise DateError(f"{quoted(shown)} {_VAGUE_MESSAGE}")
    if what == "month":
        return month_end(shift_months(today.replace(day=1), step, shown))
    if what == "year":
        return build(today.year + step, 12, 31, shown)
    if which == "next":
        return None
    months_ahead = (MONTHS[what] - today.month) % 12
    return month_end(shift_months(today.replace(day=1), months_ahead, shown))


def _this_time_next(match: re.Match[str], today: date, shown: str) -> date:
    """Read "this time next week": a week today; next month and next year likewise."""
    months = {"week": 0, "month": 1, "year": 12}[match["unit"]]
    return shift_months(today, months, shown) if months else shift_days(today, 7, shown)


def _vague(match: re.Match[str], today: date, shown: str) -> date:
    """Refuse "next week", "next month", "the weekend": each is a span, so ask which day."""
    raise DateError(f"{quoted(shown)} {_VAGUE_MESSAGE}")


_READERS: tuple[tuple[re.Pattern[str], _Reader], ...] = (
    (re.compile(rf"(?:in |within )?{_PERIOD}{_TIME}"), _ahead),
    (re.compile(rf"{_PERIOD} ago"), _ago),
    (
        re.compile(
            rf"{_PERIOD} (?:(?:from|after|on) )?(?P<anchor>today|now|tomorrow|{WEEKDAY_RE})\.?"
        ),
        _from_anchor,
    ),
    (re.compile(rf"(?:the )?{_WD} (?P<unit>week|fortnight|after next)"), _weekday_week),
    (re.compile(rf"{_WD} (?P<which>this|next) week"), _weekday_in_week),
    (re.compile(rf"(?:(?P<which>next|this|this coming|coming|last) )?{_WD}"), _weekday),
    (
        re.compile(
            r"(?:the )?(?:end|last day) of (?:(?P<which>the|this|next) )?"
            rf"(?P<what>week|month|year|{MONTH_RE})"
        ),
        _end_of,
    ),
    # The empty group gives _end_of a "which" to look at: "month end" is this month's.
    (re.compile(r"(?P<which>)(?P<what>month|year) end"), _end_of),
    (re.compile(r"this time next (?P<unit>week|month|year)"), _this_time_next),
    (
        re.compile(r"(?:(?:the|this|next|last) )?(?:week|weekend|month|year)|week after next"),
        _vague,
    ),
)
