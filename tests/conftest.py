"""Shared fixtures: a valid record as data, a pinned terminal, and the clock.

The ``clock`` fixture is the program's clock for a test. It starts at
``--now`` (default: a Thursday morning in London), so CI can run every test
that uses it again on awkward dates: 31 December 23:59, 29 February and the
repeated hour of the autumn clock change. Tests that use it are marked
``dated`` automatically, so ``pytest -m dated --now=...`` runs just them.

Tests marked ``posix`` (a pseudo-terminal, SIGKILL or SIGHUP, file modes...) are skipped
where the platform is not POSIX, that is on Windows (tests/platform_helpers.py).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.platform_helpers import POSIX
from tests.scripted import DEFAULT_START, LONDON, FakeClock

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--now",
        default=None,
        help="Start the clock fixture here: an ISO date-time in London, e.g. 2026-12-31T23:59.",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    not_here = pytest.mark.skip(reason="needs POSIX (marked posix)")
    for item in items:
        if "clock" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.dated)
        if not POSIX and item.get_closest_marker("posix"):
            item.add_marker(not_here)


def start_of(config: pytest.Config) -> dt.datetime:
    text = config.getoption("--now")
    if not text:
        return DEFAULT_START
    start = dt.datetime.fromisoformat(text)
    # An offset picks one side of a repeated hour; the clock still runs in London.
    return start.astimezone(LONDON) if start.tzinfo else start.replace(tzinfo=LONDON)


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> FakeClock:
    """The program's clock, starting at ``--now``; tests move it by hand."""
    return FakeClock(start_of(request.config))


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    """Throwaway folders for a run of the real program: HOME, state, config and out."""
    folders = {name: tmp_path / name for name in ("home", "state", "config", "out")}
    for folder in folders.values():
        folder.mkdir()
    return folders
