"""The sane ranges of what a meeting can hold, shared by the questions and the file formats.

A value outside them is a slip (2062 typed for 2026) or a damaged or edited
file, and refusing it where it is typed keeps every record the program writes
one it can read back. Plain constants, so asking the first question loads nothing.
"""

from __future__ import annotations

import datetime as dt

# More people than any room holds (a go-round counts up to the same).
MAX_ATTENDEES = 200
# More actions than any meeting agrees: the session stops offering "Add an action"
# here, so every record it writes stays small (see formats.reading's limits).
MEETING_MAX_ACTIONS = 200
# A record may come from elsewhere (a team's tracker, several meetings merged):
# ``actions render`` is budgeted for 10,000 actions (DESIGN.md), so a record and a
# review may hold that many.
MAX_ACTIONS = 10_000
# A calendar cannot even hold the day after 31 December 9999.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


def date_out_of_range(day: dt.date) -> str | None:
    """Why ``day`` cannot be a meeting's, an action's or a review's date; None when it can."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return f"must be a date from {EARLIEST_DATE.year} to {LATEST_DATE.year}"
