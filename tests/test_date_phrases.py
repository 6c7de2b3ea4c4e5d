"""Tests for the dates a UK meeting says: "a week on Friday", "the 4th", "end of next month".

Each phrase is checked against fixed days (so the tests pass on any date) with
the exact date a UK speaker means, worked out by hand from the calendar, not by
running the reader. The days are chosen to cross a month end, a year end and a
leap February.
"""

from __future__ import annotations

import calendar
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rethink_cli.core.dates import DateError, parse_date

SATURDAY = date(2026, 11, 28)  # Saturday 28 November 2026
YEAR_END = date(2026, 12, 30)  # Wednesday 30 December 2026
LEAP_EVE = date(2028, 2, 28)  # Monday 28 February 2028, the day before a leap day
LEAP_DAY = date(2028, 2, 29)  # Tuesday 29 February 2028
JANUARY_END = date(2027, 1, 31)  # Sunday 31 January 2027, before a 28-day February

SRC = Path(__file__).resolve().parent.parent / "src"
VAGUE = "could be more than one day. Which day? Try next Friday, end of next month or 4/12."

any_date = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def test_the_fixed_days_are_the_weekdays_named() -> None:
    assert SATURDAY.weekday() == 5
    assert YEAR_END.weekday() == 2
    assert LEAP_EVE.weekday() == 0
    assert LEAP_DAY.weekday() == 1
    assert JANUARY_END.weekday() == 6


SATURDAY_PHRASES = [
    ("today", date(2026, 11, 28)),
    ("now", date(2026, 11, 28)),
    ("tomorrow", date(2026, 11, 29)),
    ("the day after tomorrow", date(2026, 11, 30)),
    ("day after tomorrow", date(2026, 11, 30)),
    # Counted from today, forwards.
    ("2 weeks from today", date(2026, 12, 12)),
    ("two weeks from now", date(2026, 12, 12)),
    ("3 days from now", date(2026, 12, 1)),
    ("a week today", date(2026, 12, 5)),
    ("week today", date(2026, 12, 5)),
    ("a week from today", date(2026, 12, 5)),
    ("a week tomorrow", date(2026, 12, 6)),
    ("this time next week", date(2026, 12, 5)),
    ("1 month from today", date(2026, 12, 28)),
    ("a month today", date(2026, 12, 28)),
    ("this time next month", date(2026, 12, 28)),
    # The next day of the month with that number, today included.
    ("the 4th", date(2026, 12, 4)),
    ("4th", date(2026, 12, 4)),
    ("on the 4th", date(2026, 12, 4)),
    ("the fourth", date(2026, 12, 4)),
    ("the 4th.", date(2026, 12, 4)),
    ("the 28th", date(2026, 11, 28)),
    ("the 27th", date(2026, 12, 27)),
    ("the 30th", date(2026, 11, 30)),
    ("the 31st", date(2026, 12, 31)),  # November has no 31st
    ("the first", date(2026, 12, 1)),
    ("the 1st of the month", date(2026, 12, 1)),
    ("the twenty-first", date(2026, 12, 21)),
    ("the 4th of next month", date(2026, 12, 4)),
    # A week (or two) after the coming weekday.
    ("friday week", date(2026, 12, 11)),
    ("Fri week", date(2026, 12, 11)),
    ("a week on Friday", date(2026, 12, 11)),
    ("a week Friday", date(2026, 12, 11)),
    ("a week from Friday", date(2026, 12, 11)),
    ("the Friday after next", date(2026, 12, 11)),
    ("Monday fortnight", date(2026, 12, 14)),
    ("a fortnight on Monday", date(2026, 12, 14)),
    ("3 weeks on Monday", date(2026, 12, 21)),
    # Fortnights.
    ("a fortnight", date(2026, 12, 12)),
    ("in a fortnight", date(2026, 12, 12)),
    ("fortnight today", date(2026, 12, 12)),
    ("a fortnight today", date(2026, 12, 12)),
    ("in a fortnight's time", date(2026, 12, 12)),
    # Month and year ends.
    ("end of the month", date(2026, 11, 30)),
    ("end of month", date(2026, 11, 30)),
    ("by the end of the month", date(2026, 11, 30)),
    ("month-end", date(2026, 11, 30)),
    ("the last day of the month", date(2026, 11, 30)),
    ("end of next month", date(2026, 12, 31)),
    ("end of December", date(2026, 12, 31)),
    ("end of January", date(2027, 1, 31)),
    ("end of October", date(2027, 10, 31)),
    ("end of the year", date(2026, 12, 31)),
    ("end of next year", date(2027, 12, 31)),
    # In N days, weeks, months.
    ("in 3 days", date(2026, 12, 1)),
    ("in 6 weeks", date(2027, 1, 9)),
    ("in six weeks", date(2027, 1, 9)),
    ("in two weeks", date(2026, 12, 12)),
    ("6 weeks time", date(2027, 1, 9)),
    ("6 weeks' time", date(2027, 1, 9)),
    ("six weeks\u2019 time", date(2027, 1, 9)),
    ("in a week's time", date(2026, 12, 5)),
    ("2 weeks", date(2026, 12, 12)),
    ("in 3 months", date(2027, 2, 28)),
    ("in 18 months", date(2028, 5, 28)),
    ("in twenty days", date(2026, 12, 18)),
    ("within 10 days", date(2026, 12, 8)),
    # Weekdays: the coming one, never today.
    ("friday", date(2026, 12, 4)),
    ("next Friday", date(2026, 12, 4)),
    ("next Friday.", date(2026, 12, 4)),
    ("by Friday", date(2026, 12, 4)),
    ("this coming Friday", date(2026, 12, 4)),
    ("saturday", date(2026, 12, 5)),
    ("this saturday", date(2026, 11, 28)),
    ("sunday", date(2026, 11, 29)),
    ("this sunday", date(2026, 11, 29)),
    ("monday", date(2026, 11, 30)),
    ("tuesday next week", date(2026, 12, 1)),
    ("friday next week", date(2026, 12, 4)),
    # Days of a named month.
    ("4th December", date(2026, 12, 4)),
    ("December 4th", date(2026, 12, 4)),
    ("December the 4th", date(2026, 12, 4)),
    ("the 4th of December", date(2026, 12, 4)),
    ("fourth of December", date(2026, 12, 4)),
    ("Friday the 4th", date(2026, 12, 4)),
    ("4-Dec-2026", date(2026, 12, 4)),
    # Said about a meeting already held: these look back.
    ("yesterday", date(2026, 11, 27)),
    ("the day before yesterday", date(2026, 11, 26)),
    ("last friday", date(2026, 11, 27)),
    ("last saturday", date(2026, 11, 21)),
    ("3 days ago", date(2026, 11, 25)),
    ("a week ago", date(2026, 11, 21)),
]


@pytest.mark.parametrize(("text", "expected"), SATURDAY_PHRASES)
def test_phrases_said_on_saturday_28_november_2026(text: str, expected: date) -> None:
    assert parse_date(text, today=SATURDAY) == expected


def test_the_saturday_table_is_long_enough() -> None:
    assert len(SATURDAY_PHRASES) >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", date(2026, 12, 31)),
        ("the day after tomorrow", date(2027, 1, 1)),
        ("end of the month", date(2026, 12, 31)),
        ("end of next month", date(2027, 1, 31)),
        ("end of the year", date(2026, 12, 31)),
        ("end of next year", date(2027, 12, 31)),
        ("end of December", date(2026, 12, 31)),
        ("end of January", date(2027, 1, 31)),
        ("1 month from today", date(2027, 1, 30)),
        ("in 2 months", date(2027, 2, 28)),  # 30 February does not exist
        ("this time next year", date(2027, 12, 30)),
        ("the 4th", date(2027, 1, 4)),
        ("the 30th", date(2026, 12, 30)),  # today
        ("the 31st", date(2026, 12, 31)),
        ("the 29th", date(2027, 1, 29)),
        ("the 30th of next month", date(2027, 1, 30)),
        ("friday", date(2027, 1, 1)),
        ("friday week", date(2027, 1, 8)),
        ("a week on friday", date(2027, 1, 8)),
        ("a week today", date(2027, 1, 6)),
        ("fortnight today", date(2027, 1, 13)),
        ("2 weeks from today", date(2027, 1, 13)),
        ("in 6 weeks", date(2027, 2, 10)),
        ("wednesday", date(2027, 1, 6)),
        ("this wednesday", date(2026, 12, 30)),
        ("monday next week", date(2027, 1, 4)),
        ("last wednesday", date(2026, 12, 23)),
        ("4/1", date(2027, 1, 4)),
        ("1st Jan", date(2027, 1, 1)),
    ],
)
def test_phrases_said_on_wednesday_30_december_2026(text: str, expected: date) -> None:
    assert parse_date(text, today=YEAR_END) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (LEAP_EVE, "tomorrow", date(2028, 2, 29)),
        (LEAP_EVE, "end of the month", date(2028, 2, 29)),
        (LEAP_EVE, "the 29th", date(2028, 2, 29)),
        (LEAP_EVE, "the 30th", date(2028, 3, 30)),
        (LEAP_EVE, "the 31st", date(2028, 3, 31)),
        (LEAP_EVE, "the 29th of next month", date(2028, 3, 29)),
        (LEAP_EVE, "1 month from today", date(2028, 3, 28)),
        (LEAP_EVE, "end of next month", date(2028, 3, 31)),
        (LEAP_EVE, "in a year", date(2029, 2, 28)),
        (LEAP_EVE, "friday week", date(2028, 3, 10)),
        (LEAP_EVE, "a fortnight today", date(2028, 3, 13)),
        (LEAP_DAY, "end of the month", date(2028, 2, 29)),  # today: the month ends today
        (LEAP_DAY, "the 29th", date(2028, 2, 29)),
        (LEAP_DAY, "1 month from today", date(2028, 3, 29)),
        (LEAP_DAY, "in a year", date(2029, 2, 28)),
        (LEAP_DAY, "this time next year", date(2029, 2, 28)),
        (LEAP_DAY, "in 4 years", date(2032, 2, 29)),
        (JANUARY_END, "1 month from today", date(2027, 2, 28)),
        (JANUARY_END, "end of the month", date(2027, 1, 31)),
        (JANUARY_END, "end of next month", date(2027, 2, 28)),
        (JANUARY_END, "the 29th", date(2027, 3, 29)),  # February 2027 has 28 days
        (JANUARY_END, "the 30th", date(2027, 3, 30)),
        (JANUARY_END, "the 31st", date(2027, 1, 31)),
    ],
)
def test_month_arithmetic_across_short_months(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today=today) == expected


# --- refusals ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["next week", "this week", "next month", "the weekend", "end of the week", "week after next"],
)
def test_a_span_asks_which_day(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, today=SATURDAY)
    assert str(caught.value) == f"'{text}' {VAGUE}"


@pytest.mark.parametrize(
    ("today", "text", "message"),
    [
        (
            SATURDAY,
            "this friday",
            "Friday has already passed this week (today is Saturday 28 November 2026). "
            "Try next Friday.",
        ),
        (SATURDAY, "the 32nd", "the 32nd is not a real date: no month has more than 31 days"),
        (SATURDAY, "the 0th", "the 0th is not a real date: days start at 1"),
        (
            JANUARY_END,
            "the 31st of next month",
            "the 31st of next month is not a real date: February has 28 days in 2027",
        ),
        (SATURDAY, "monday the 4th", "4 December 2026 is a Friday, not a Monday"),
        (
            SATURDAY,
            "friday week 4",
            "I could not read 'friday week 4' as a date. Try 4/12/2026, next Friday or in 2 weeks.",
        ),
        (
            SATURDAY,
            "weeks today",
            "I could not read 'weeks today' as a date. Try 4/12/2026, next Friday or in 2 weeks.",
        ),
    ],
)
def test_refusals_say_why(today: date, text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, today=today)
    assert str(caught.value) == message


def test_a_count_too_long_for_a_number_is_too_far_not_a_crash() -> None:
    # Python refuses to turn over 4300 digits into an int; that must not escape.
    with pytest.raises(DateError, match="too far away"):
        parse_date("in " + "9" * 5000 + " days", today=SATURDAY)


# --- properties: a phrase that looks ahead never lands in the past ---------

UNITS = ["days", "weeks", "fortnights", "months", "years"]
AHEAD = ["in {n} {unit}", "{n} {unit} from today", "{n} {unit} time", "{n} {unit}' time"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@given(
    today=any_date,
    n=st.integers(min_value=0, max_value=400),
    unit=st.sampled_from(UNITS),
    template=st.sampled_from(AHEAD),
)
def test_counted_periods_never_go_back(today: date, n: int, unit: str, template: str) -> None:
    result = parse_date(template.format(n=n, unit=unit), today=today)
    assert result >= today
    if unit == "days":
        assert result == today + timedelta(days=n)


# Each template with the days it adds to the coming weekday.
WEEKDAY_TEMPLATES = [
    ("{wd}", 0),
    ("next {wd}", 0),
    ("this coming {wd}", 0),
    ("{wd} week", 7),
    ("a week on {wd}", 7),
    ("the {wd} after next", 7),
    ("{wd} fortnight", 14),
]


@given(
    today=any_date,
    target=st.integers(min_value=0, max_value=6),
    template=st.sampled_from(WEEKDAY_TEMPLATES),
)
def test_weekday_phrases_are_the_coming_weekday_and_later(
    today: date, target: int, template: tuple[str, int]
) -> None:
    text, extra = template
    result = parse_date(text.format(wd=WEEKDAYS[target]), today=today)
    assert result.weekday() == target
    assert 1 + extra <= (result - today).days <= 7 + extra


@given(today=any_date, day=st.integers(min_value=1, max_value=31))
def test_the_nth_is_the_next_such_day(today: date, day: int) -> None:
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day, "th")
    result = parse_date(f"the {day}{suffix}", today=today)
    assert result.day == day
    assert result >= today
    # No day with that number falls between today and the answer.
    between = (today + timedelta(days=k) for k in range((result - today).days))
    assert all(d.day != day for d in between)


@given(today=any_date)
def test_month_ends_are_the_last_day_and_never_back(today: date) -> None:
    this_end = parse_date("end of the month", today=today)
    next_end = parse_date("end of next month", today=today)
    assert today <= this_end < next_end
    assert this_end.day == calendar.monthrange(this_end.year, this_end.month)[1]
    assert next_end.day == calendar.monthrange(next_end.year, next_end.month)[1]
    assert (this_end.year * 12 + this_end.month) + 1 == next_end.year * 12 + next_end.month


# --- no free-form parser behind the phrases ---------------------------------


def test_reading_and_refusing_phrases_loads_no_date_library() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from rethink_cli.core.dates import DateError, parse_date\n"
        "parse_date('a week on friday', today=date(2026, 11, 28))\n"
        "try:\n    parse_date('whenever suits', today=date(2026, 11, 28))\n"
        "except DateError:\n    pass\n"
        "loaded = [m for m in ('dateparser', 'dateutil') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr


# Words that only ever look ahead; "last", "ago", "yesterday" and years are left out.
AHEAD_WORDS = [
    "the",
    "a",
    "in",
    "on",
    "by",
    "of",
    "next",
    "this",
    "coming",
    "end",
    "time",
    "'s",
    "'",
    "from",
    "after",
    "within",
    "now",
    "today",
    "tomorrow",
    "week",
    "weeks",
    "fortnight",
    "month",
    "months",
    "year",
    "years",
    "day",
    "days",
    "friday",
    "fri",
    "sunday",
    "december",
    "dec",
    "feb",
    "4th",
    "31st",
    "29th",
    "first",
    "twenty-first",
    "4",
    "31",
    "12/4",
    "29/2",
    "six",
    "month-end",
    "weekend",
]


@given(
    words=st.lists(st.sampled_from(AHEAD_WORDS), min_size=1, max_size=5),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
)
def test_whatever_looks_ahead_is_refused_or_today_or_later(words: list[str], today: date) -> None:
    text = " ".join(words)
    try:
        result = parse_date(text, today=today)
    except DateError:
        return
    assert result >= today, text
