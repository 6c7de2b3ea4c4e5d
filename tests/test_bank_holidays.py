"""The hand-written bank holidays of England and Wales against the holidays package.

rethink works them out itself (``core/bankholidays.py`` says why); this test holds
those rules to a list kept by people who track proclamations. When a new one-off
bank holiday is announced and the package learns it, this test fails, naming the
day to add.
"""

from __future__ import annotations

from datetime import date

import pytest

from rethink_cli.core.bankholidays import bank_holidays, easter_sunday

holidays = pytest.importorskip("holidays")

YEARS = range(1995, 2081)


@pytest.mark.parametrize("year", YEARS)
def test_every_day_and_name_matches_the_kept_list(year: int) -> None:
    kept = holidays.country_holidays("GB", subdiv="ENG", years=year, language="en_GB")
    assert bank_holidays(year) == dict(kept.items())


def test_easter_across_centuries() -> None:
    # Known dates, including the earliest (22 March) and latest (25 April) possible.
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2285) == date(2285, 3, 22)
    assert easter_sunday(2038) == date(2038, 4, 25)
    assert easter_sunday(2000) == date(2000, 4, 23)


def test_weekend_christmas_moves_both_days_on() -> None:
    # 2027: Christmas on a Saturday, Boxing Day on a Sunday.
    days = bank_holidays(2027)
    assert days[date(2027, 12, 27)] == "Christmas Day (observed)"
    assert days[date(2027, 12, 28)] == "Boxing Day (observed)"
    # 2022: Christmas on a Sunday; Boxing Day keeps Monday, Christmas moves to Tuesday.
    days = bank_holidays(2022)
    assert days[date(2022, 12, 26)] == "Boxing Day"
    assert days[date(2022, 12, 27)] == "Christmas Day (observed)"
