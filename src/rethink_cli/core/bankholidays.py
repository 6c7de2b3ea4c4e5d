"""Bank holidays in England and Wales, worked out from the rules that set them.

Written here rather than read from the ``holidays`` package while a session
runs: loading that package costs about 19 MiB and 0.15 s (it loads every
country it knows), which is most of the memory budget in DESIGN.md, spent on
one line of advice about a due date. ``tests/test_bank_holidays.py`` checks
these rules, day by day and name by name, against the ``holidays`` package for
every year from 1995 to 2080, so a day added by proclamation after this was
written shows up as a failing test, to be added to ``_ONE_OFF`` below.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["bank_holidays"]

_OBSERVED = " (observed)"

# Days added by proclamation for one year only.
_ONE_OFF = {
    date(1999, 12, 31): "Millennium Celebrations",
    date(2002, 6, 3): "Golden Jubilee of Elizabeth II",
    date(2011, 4, 29): "Wedding of William and Catherine",
    date(2012, 6, 5): "Diamond Jubilee of Elizabeth II",
    date(2022, 6, 3): "Platinum Jubilee of Elizabeth II",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of Charles III",
}

# Regular bank holidays moved for one year, to make room for a one-off above
# (or, in 1995 and 2020, to fall on VE Day).
_MOVED_MAY_DAY = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
_MOVED_SPRING = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    after = date(year + month // 12, month % 12 + 1, 1)
    last = after - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _christmas(year: int) -> dict[date, str]:
    """Christmas and Boxing Day, each moved to the next free weekday when at a weekend."""
    days = {date(year, 12, 25): "Christmas Day", date(year, 12, 26): "Boxing Day"}
    taken = set(days)
    for day, name in list(days.items()):
        if day.weekday() < 5:
            continue
        moved = day
        while moved.weekday() >= 5 or moved in taken:
            moved += timedelta(days=1)
        taken.add(moved)
        days[moved] = name + _OBSERVED
    return days


def bank_holidays(year: int) -> dict[date, str]:
    """Every bank holiday of ``year`` in England and Wales, by date, with its name.

    A holiday at a weekend is listed on its own date and again, marked
    "(observed)", on the weekday that replaces it.
    """
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "New Year's Day",
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
        _MOVED_MAY_DAY.get(year, _first_monday(year, 5)): "May Day",
        _MOVED_SPRING.get(year, _last_monday(year, 5)): "Spring Bank Holiday",
        _last_monday(year, 8): "Late Summer Bank Holiday",
    }
    new_year = date(year, 1, 1)
    if new_year.weekday() >= 5:
        days[new_year + timedelta(days=7 - new_year.weekday())] = "New Year's Day" + _OBSERVED
    days.update(_christmas(year))
    days.update({day: name for day, name in _ONE_OFF.items() if day.year == year})
    return days
