"""Generated, valid ``rethink-actions/1`` records of any size, for the render figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

MEETING_DATE = dt.date(2026, 11, 26)

_ROLES = (
    "Social worker",
    "Health visitor",
    "Designated safeguarding lead",
    "Family support worker",
    "Police officer",
)
_VERBS = (
    "Arrange a joint home visit with",
    "Share this term's attendance with",
    "Ask for the outcome of the last two appointments from",
    "Write to the family about the plan, copying",
    "Book the next core group and invite",
)


def record_data(actions: int, agencies: int) -> dict[str, Any]:
    """A valid record as plain data: ``actions`` actions spread over ``agencies`` agencies.

    Deterministic, so runs are comparable. Meeting on 2026-11-26, every due date on
    or after it, the review after it, numbers 1..n, strategy 3 independently facilitated.
    """
    agency_names = [f"Agency {i:02d} ({_ROLES[i % len(_ROLES)]}s)" for i in range(1, agencies + 1)]
    people = [f"Person {i:02d} Example" for i in range(1, agencies + 1)]
    attendees = [
        {"name": people[i], "role": _ROLES[i % len(_ROLES)], "agency": agency_names[i]}
        for i in range(agencies)
    ]
    action_list = [
        {
            "number": n,
            "what": f"{_VERBS[n % len(_VERBS)]} {people[(n + 1) % agencies]} (item {n})",
            "owner": people[n % agencies],
            "agency": agency_names[n % agencies],
            "due": MEETING_DATE + dt.timedelta(days=n % 60),
            "recorded_where": f"Case file of {agency_names[n % agencies]}",
        }
        for n in range(1, actions + 1)
    ]
    return {
        "schema": "rethink-actions/1",
        "meeting": {
            "date": MEETING_DATE,
            "case_reference": "BENCH-0001",
            "strategy": 3,
            "independent_facilitator": True,
            "facilitator": "Alex Morgan",
            "lead_professional": people[0],
            "lead_professional_agency": agency_names[0],
        },
        "attendees": attendees,
        "actions": action_list,
        "review": {"date": MEETING_DATE + dt.timedelta(days=90), "convened_by": people[0]},
    }
