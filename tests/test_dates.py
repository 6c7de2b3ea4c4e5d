"""Tests for rethink_cli.core.dates: UK day-first reading, calm errors, a light import.

The phrases counted from today ("a week on Friday", "the 4th") have their own
tables in test_date_phrases.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rethink_cli.core.dates import DateError, day_note, format_long, format_short, parse_date

TODAY = date(2026, 11, 26)  # a Thursday
SRC = Path(__file__).resolve().parent.parent / "src"

any_date = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def parse(text: str, today: date = TODAY) -> date:
    return parse_date(text, today=today)


def test_today_is_a_thursday() -> None:
    assert TODAY.weekday() == 3


# --- formatting -----------------------------------------------------------


def test_format_long() -> None:
    assert format_long(date(2026, 12, 4)) == "Friday 4 December 2026"
    assert format_long(date(2027, 1, 1)) == "Friday 1 January 2027"
    assert format_long(date(2026, 11, 26)) == "Thursday 26 November 2026"


def test_format_short() -> None:
    assert format_short(date(2026, 12, 4)) == "04/12/2026"
    assert format_short(date(2026, 1, 31)) == "31/01/2026"


# --- numeric, day first ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "4/12/2026",
        "04/12/2026",
        "04/12/26",
        "4/12/26",
        "4-12-2026",
        "4.12.2026",
        "04.12.26",
        "2026-12-04",
        "2026-12-4",
        "  4/12/2026  ",
        "4 / 12 / 2026",
    ],
)
def test_numeric_forms(text: str) -> None:
    assert parse(text) == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/4/2026", date(2026, 4, 12)),
        ("12/04/2026", date(2026, 4, 12)),
        ("1/2/2027", date(2027, 2, 1)),
        ("10-11-2027", date(2027, 11, 10)),
        ("05.06.27", date(2027, 6, 5)),
    ],
)
def test_numeric_is_never_us_order(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    ["12/13/2026", "4/13/2026", "12/31/2026", "02/29/2028", "12/25/26"],
)
def test_us_order_dates_are_refused(text: str) -> None:
    with pytest.raises(DateError, match="not a real date"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/04/2026", "31/04/2026 is not a real date: April has 30 days"),
        ("29/02/2027", "29/02/2027 is not a real date: February has 28 days in 2027"),
        ("30/02/2028", "30/02/2028 is not a real date: February has 29 days in 2028"),
        ("32/12/2026", "32/12/2026 is not a real date: December has 31 days"),
        ("0/12/2026", "0/12/2026 is not a real date: days start at 1"),
        ("13/13/2026", "13/13/2026 is not a real date: there is no month 13"),
        ("4/0/2026", "4/0/2026 is not a real date: there is no month 0"),
        ("2026-02-30", "2026-02-30 is not a real date: February has 28 days in 2026"),
        ("4/12/0000", "4/12/0000 is not a real date: there is no year 0"),
        ("31/04", "31/04 is not a real date: April has 30 days"),
        ("30/02", "30/02 is not a real date: February has at most 29 days"),
        ("31 April", "31 April is not a real date: April has 30 days"),
        ("31 June 2027", "31 June 2027 is not a real date: June has 30 days"),
    ],
)
def test_impossible_days_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        parse(text)
    assert str(caught.value).startswith(reason)


def test_leap_day_exists_in_a_leap_year() -> None:
    assert parse("29/02/2028") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/12/26", date(2026, 12, 4)),
        ("1/1/00", date(2000, 1, 1)),
        ("31/12/99", date(2099, 12, 31)),
        ("4 Dec 27", date(2027, 12, 4)),
    ],
)
def test_two_digit_years_are_this_century(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2026", "4", "13 13 2026", "4/12/202", "4/12/20266", "1/2/3/4", "4//12", "12/4 2026"],
)
def test_numbers_that_fit_no_strict_form_are_refused(text: str) -> None:
    with pytest.raises(DateError, match="could not read"):
        parse(text)


def test_numeric_fragment_with_words_is_refused_day_first() -> None:
    # A permissive parser would happily read this as 12 April with no questions asked.
    with pytest.raises(DateError, match="day first"):
        parse("12/4 at noon")


# --- numeric without a year ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4/12", date(2026, 12, 4)),
        ("26/11", date(2026, 11, 26)),  # today counts
        ("25/11", date(2027, 11, 25)),  # yesterday's day means next year
        ("1/1", date(2027, 1, 1)),
        ("29/02", date(2028, 2, 29)),  # the next leap day
        ("12.4", date(2027, 4, 12)),
    ],
)
def test_day_month_without_year_is_next_occurrence(text: str, expected: date) -> None:
    assert parse(text) == expected


# --- words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Today", TODAY),
        ("TOMORROW", date(2026, 11, 27)),
        ("  tomorrow ", date(2026, 11, 27)),
    ],
)
def test_today_and_tomorrow(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("next friday", date(2026, 11, 27)),
        ("Next Friday", date(2026, 11, 27)),
        ("monday", date(2026, 11, 30)),
        ("wed", date(2026, 12, 2)),
        ("thursday", date(2026, 12, 3)),  # strictly after today
        ("next thursday", date(2026, 12, 3)),
        ("thurs", date(2026, 12, 3)),
        ("sun", date(2026, 11, 29)),
    ],
)
def test_weekdays_are_strictly_after_today(text: str, expected: date) -> None:
    assert parse(text) == expected


def test_next_friday_on_a_friday_is_a_week_later() -> None:
    friday = date(2026, 11, 27)
    assert parse("next friday", today=friday) == date(2026, 12, 4)
    assert parse("friday", today=friday) == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this friday", date(2026, 11, 27)),
        ("this thursday", TODAY),
        ("this sunday", date(2026, 11, 29)),
        ("This Sat", date(2026, 11, 28)),
    ],
)
def test_this_weekday_is_in_the_current_week(text: str, expected: date) -> None:
    assert parse(text) == expected


def test_this_weekday_that_already_passed_is_refused() -> None:
    with pytest.raises(DateError, match="Monday has already passed this week"):
        parse("this monday")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 3 days", date(2026, 11, 29)),
        ("in 1 day", date(2026, 11, 27)),
        ("in 0 days", TODAY),
        ("in 2 weeks", date(2026, 12, 10)),
        ("in a week", date(2026, 12, 3)),
        ("in two weeks", date(2026, 12, 10)),
        ("in a fortnight", date(2026, 12, 10)),
        ("in 1 month", date(2026, 12, 26)),
        ("in a month", date(2026, 12, 26)),
        ("in 3 months", date(2027, 2, 26)),
        ("In 2 Weeks", date(2026, 12, 10)),
        ("in 2 weeks time", date(2026, 12, 10)),
        ("in 2 weeks' time", date(2026, 12, 10)),
    ],
)
def test_in_periods(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),
    ],
)
def test_in_one_month_clamps_to_month_end(today: date, expected: date) -> None:
    assert parse("in 1 month", today=today) == expected


def test_absurdly_far_periods_are_refused_calmly() -> None:
    with pytest.raises(DateError, match="too far"):
        parse("in 99999999999 days")
    with pytest.raises(DateError, match="too far"):
        parse("in 99999999 months")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 December", date(2026, 12, 4)),
        ("4th December", date(2026, 12, 4)),
        ("4 Dec", date(2026, 12, 4)),
        ("4 dec.", date(2026, 12, 4)),
        ("the 4th of December", date(2026, 12, 4)),
        ("Friday 4 December", date(2026, 12, 4)),
        ("4 December 2026", date(2026, 12, 4)),
        ("Fri 4 Dec 2026", date(2026, 12, 4)),
        ("Fri, 4 Dec, 2026", date(2026, 12, 4)),
        ("FRIDAY 4 DECEMBER 2026", date(2026, 12, 4)),
        ("1st Jan", date(2027, 1, 1)),
        ("26 November", TODAY),
        ("25 November", date(2027, 11, 25)),
        ("3 sept 2027", date(2027, 9, 3)),
        ("December 4", date(2026, 12, 4)),
        ("friday 4/12/2026", date(2026, 12, 4)),
    ],
)
def test_day_and_month_names(text: str, expected: date) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Monday 4 December 2026", "4 December 2026 is a Friday, not a Monday"),
        ("mon 4 dec", "4 December 2026 is a Friday, not a Monday"),
        ("Thu 04/12/2026", "4 December 2026 is a Friday, not a Thursday"),
        ("sunday 25 november", "25 November 2027 is a Thursday, not a Sunday"),
    ],
)
def test_weekday_that_does_not_match_the_date_is_refused(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse(text)
    assert str(caught.value) == message


# --- more phrases and errors ---------------------------------------------


def test_day_after_tomorrow_and_days_from_now() -> None:
    assert parse("the day after tomorrow") == date(2026, 11, 28)
    assert parse("3 days from now") == date(2026, 11, 29)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", ","])
def test_empty_text_asks_for_a_date(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse(text)
    assert str(caught.value) == "Please type a date, for example 4/12/2026 or next Friday."


def test_unreadable_text() -> None:
    with pytest.raises(DateError) as caught:
        parse("blah")
    assert str(caught.value) == (
        "I could not read 'blah' as a date. Try 4/12/2026, next Friday or in 2 weeks."
    )


@pytest.mark.parametrize("text", ["a", "x", "soon", "whenever\nyou like", "\x1b[2Jlater"])
def test_nonsense_is_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse(text)


def test_error_message_is_one_printable_line() -> None:
    with pytest.raises(DateError) as caught:
        parse("not\na\x1b[31mdate " + "x" * 200)
    message = str(caught.value)
    assert "\n" not in message
    assert message.isprintable()
    assert len(message) < 140


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


def test_past_dates_are_read_not_refused() -> None:
    assert parse("1/1/2020") == date(2020, 1, 1)


# --- properties -----------------------------------------------------------


@given(d=any_date, today=any_date)
def test_round_trips(d: date, today: date) -> None:
    assert parse_date(format_short(d), today=today) == d
    assert parse_date(format_long(d), today=today) == d
    assert parse_date(d.isoformat(), today=today) == d


@given(
    day=st.integers(min_value=0, max_value=35),
    month=st.integers(min_value=0, max_value=15),
    year=st.integers(min_value=2000, max_value=2099),
    sep=st.sampled_from(["/", "-", "."]),
)
def test_numeric_is_always_day_first(day: int, month: int, year: int, sep: str) -> None:
    text = f"{day}{sep}{month}{sep}{year}"
    try:
        expected = date(year, month, day)
    except ValueError:
        with pytest.raises(DateError, match="not a real date"):
            parse(text)
    else:
        assert parse(text) == expected


@given(today=any_date, target=st.integers(min_value=0, max_value=6))
def test_next_weekday_is_within_the_coming_week(today: date, target: int) -> None:
    name = format_long(today + timedelta(days=target)).split()[0]
    result = parse_date(f"next {name}", today=today)
    assert result.weekday() == (today.weekday() + target) % 7
    assert 1 <= (result - today).days <= 7


@given(today=any_date, d=any_date)
def test_day_month_without_year_is_never_in_the_past(today: date, d: date) -> None:
    result = parse_date(f"{d.day}/{d.month}", today=today)
    assert (result.day, result.month) == (d.day, d.month)
    assert today <= result
    # Within a year, except a leap day, which may be up to eight years off.
    limit = 8 * 366 if (d.day, d.month) == (29, 2) else 365
    assert (result - today).days <= limit


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=30))
def test_any_text_gives_a_date_or_a_date_error(text: str) -> None:
    try:
        result = parse(text)
    except DateError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(result, date)


# --- weekend and bank-holiday notes -------------------------------------

BANK_HOLIDAY = "a bank holiday in England and Wales."


@pytest.mark.parametrize(
    ("day", "note"),
    [
        (date(2026, 12, 25), f"That is Christmas Day, {BANK_HOLIDAY}"),
        # 26 December 2026 is a Saturday, so the bank holiday moves to Monday 28th.
        (date(2026, 12, 28), f"That is Boxing Day (observed), {BANK_HOLIDAY}"),
        (date(2026, 8, 31), f"That is Late Summer Bank Holiday, {BANK_HOLIDAY}"),
        # The meeting tool is used every year: Easter moves, and so must the note.
        (date(2027, 3, 29), f"That is Easter Monday, {BANK_HOLIDAY}"),
        (date(2027, 5, 31), f"That is Spring Bank Holiday, {BANK_HOLIDAY}"),
        # Christmas 2027 is a Saturday and Boxing Day a Sunday: both move on.
        (date(2027, 12, 27), f"That is Christmas Day (observed), {BANK_HOLIDAY}"),
        (date(2027, 12, 28), f"That is Boxing Day (observed), {BANK_HOLIDAY}"),
    ],
)
def test_bank_holidays_are_named(day: date, note: str) -> None:
    assert day.weekday() < 5  # a weekday, so only the holiday list can explain the note
    assert day_note(day) == note


def test_a_holiday_on_its_own_weekend_date_is_named_as_the_holiday() -> None:
    boxing_day = date(2026, 12, 26)
    assert boxing_day.weekday() == 5
    assert day_note(boxing_day) == f"That is Boxing Day, {BANK_HOLIDAY}"


def test_weekends_are_named() -> None:
    assert day_note(date(2026, 11, 28)) == "That is a Saturday."
    assert day_note(date(2026, 11, 29)) == "That is a Sunday."
    assert day_note(date(2028, 3, 4)) == "That is a Saturday."


@pytest.mark.parametrize(
    "day",
    [
        TODAY,
        date(2026, 12, 24),  # Christmas Eve is a working day
        date(2027, 3, 30),  # the day after Easter Monday
        date(2028, 2, 29),  # a leap day, a Tuesday
        date(2027, 3, 17),  # St Patrick's Day: a bank holiday in Northern Ireland only
        date(2027, 11, 30),  # St Andrew's Day: a bank holiday in Scotland only
    ],
)
def test_ordinary_working_days_have_no_note(day: date) -> None:
    assert day.weekday() < 5
    assert day_note(day) is None


def test_holiday_names_do_not_follow_the_laptop_locale() -> None:
    # The library picks names from the locale when not told; the note must stay English.
    code = (
        "from datetime import date\n"
        "from rethink_cli.core.dates import day_note\n"
        "print(day_note(date(2026, 12, 25)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "LANG": "th_TH.UTF-8", "LC_ALL": "th_TH.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"That is Christmas Day, {BANK_HOLIDAY}"


# --- import cost ----------------------------------------------------------


def test_importing_dates_stays_light() -> None:
    code = (
        "import sys\n"
        "import rethink_cli.core.dates\n"
        "assert 'dateparser' not in sys.modules, 'dateparser imported eagerly'\n"
        "assert 'holidays' not in sys.modules, 'holidays imported eagerly'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
