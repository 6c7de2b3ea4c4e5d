"""Shared fixtures: a valid record as data, and a pinned terminal for stable output."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

SAMPLE: dict[str, Any] = {
    "schema": "rethink-actions/1",
    "meeting": {
        "date": dt.date(2026, 11, 26),
        "case_reference": "PN-4471",
        "strategy": 3,
        "independent_facilitator": True,
        "facilitator": "Alex Morgan",
        "lead_professional": "Sam Patel",
        "lead_professional_agency": "Children's Social Care",
    },
    "attendees": [
        {
            "name": "Sam Patel",
            "role": "Social worker, Lead Professional",
            "agency": "Children's Social Care",
        },
        {"name": "Jo Reed", "role": "Health visitor", "agency": "Health Visiting"},
        {"name": "Priya Shah", "role": "Designated safeguarding lead", "agency": "School"},
    ],
    "actions": [
        {
            "number": 1,
            "what": "Arrange a joint home visit with the health visitor",
            "owner": "Sam Patel",
            "agency": "Children's Social Care",
            "due": dt.date(2026, 12, 4),
            "recorded_where": "Child's record in the social care case system",
        },
        {
            "number": 2,
            "what": "Share this term's attendance with the Lead Professional",
            "owner": "Priya Shah",
            "agency": "School",
            "due": dt.date(2026, 12, 2),
            "recorded_where": "School safeguarding file",
        },
        {
            "number": 3,
            "what": "Ask the GP for the last two appointments' outcome",
            "owner": "Dr Lee",
            "agency": "GP Practice",
            "due": dt.date(2026, 12, 11),
            "recorded_where": "GP notes",
        },
    ],
    "review": {"date": dt.date(2027, 1, 8), "convened_by": "Sam Patel"},
}


@pytest.fixture
def record_data() -> dict[str, Any]:
    """A fresh, valid record as plain data; tests break one thing at a time."""
    return copy.deepcopy(SAMPLE)


@pytest.fixture(autouse=True)
def _pinned_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("RETHINK_DEBUG", raising=False)
    # No test may write into the developer's real state or config folders.
    base = tmp_path_factory.mktemp("rethink-home")
    monkeypatch.setenv("RETHINK_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("RETHINK_CONFIG_DIR", str(base / "config"))
