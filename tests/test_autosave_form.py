"""The autosave's JSON form: the shape of existing autosaves, and the checks on reading."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from rethink_cli.core.action import DraftAction
from rethink_cli.core.attendee import Attendee
from rethink_cli.core.facts import MeetingFacts
from rethink_cli.core.session import SessionState
from rethink_cli.formats.autosave import state_from_dict, state_to_dict
from rethink_cli.formats.reading import DamagedSave
from rethink_cli.formats.texts import all_steps
from rethink_cli.storage.autosave import DamagedAutosave, SessionStore

# An autosave as written before the model existed (format 1): it must still load.
OLD_AUTOSAVE: dict[str, Any] = {
    "format": 1,
    "setup": {
        "case_reference": "PN-4471",
        "meeting_date": "2026-11-26",
        "facilitator": "Alex Morgan",
        "strategy": 3,
        "lead_professional": "Sam Patel",
        "lead_professional_agency": "CSC",
        "minutes": 90,
    },
    "plan": [5, 4, 4, 18, 18, 14, 7, 4, 6],
    "attendees": [{"name": "Sam Patel", "role": "Social worker", "agency": "CSC"}],
    "lead_index": 0,
    "agreement_confirmed": True,
    "actions": [
        {
            "what": "Visit",
            "owner": "Sam Patel",
            "agency": "CSC",
            "due": "2026-12-01",
            "recorded_where": None,
        }
    ],
    "review": {"date": "2027-01-08", "convened_by": None},
    "outcome_summary": None,
    "step": 7,
    "elapsed": {"1": 300.0, "6": 12.5},
    "expected": [],
}


def state() -> SessionState:
    facts = MeetingFacts("PN-4471", dt.date(2026, 11, 26), "Alex Morgan", 3, "Sam Patel", "CSC")
    current = SessionState.new(facts, [s.weight for s in all_steps()])
    current.roster.add(Attendee("Sam Patel", "Social worker", "CSC"), lead=True)
    current.actions.append(DraftAction("Visit", "Sam Patel", "CSC", dt.date(2026, 12, 1)))
    current.review.date = dt.date(2027, 1, 8)
    current.agreement_confirmed = True
    current.step = 7
    current.elapsed = {6: 12.5, 1: 300.0}
    return current


def test_the_json_shape_is_the_one_existing_autosaves_have() -> None:
    written = json.loads(json.dumps(state_to_dict(state())))
    # Keys added since come after the old ones; the old ones keep their shape.
    assert list(written)[: len(OLD_AUTOSAVE)] == list(OLD_AUTOSAVE)
    old_part = {key: written[key] for key in OLD_AUTOSAVE}
    # An action's keys added since come after the old ones too.
    added = ["passed_on_by"]
    for action in old_part["actions"]:
        assert list(action)[-len(added) :] == added
        for key in added:
            del action[key]
    assert old_part == {**OLD_AUTOSAVE, "plan": written["plan"]}


def test_an_autosave_written_before_the_model_still_loads() -> None:
    loaded = state_from_dict(copy.deepcopy(OLD_AUTOSAVE))
    assert loaded.setup.meeting_date == dt.date(2026, 11, 26)
    assert loaded.roster.lead is not None and loaded.roster.lead.name == "Sam Patel"
    assert loaded.actions[0].due == dt.date(2026, 12, 1)
    assert loaded.elapsed == {1: 300.0, 6: 12.5}
    # The two keys added later may be missing from an older autosave.
    older = {k: v for k, v in OLD_AUTOSAVE.items() if k not in ("elapsed", "expected")}
    assert state_from_dict(older).elapsed == {}


def _with(path: tuple[Any, ...], value: object) -> dict[str, Any]:
    data = copy.deepcopy(OLD_AUTOSAVE)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("setup", "strategy"), 2),
        (("setup", "minutes"), 20),
        (("setup", "minutes"), 240),
        (("step",), 1),
        (("step",), 9),
        (("plan", 3), 0),
        (("lead_index",), None),
    ],
)
def test_values_at_the_edge_of_their_range_load(path: tuple[Any, ...], value: object) -> None:
    state_from_dict(_with(path, value))


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("setup", "strategy"), 1, "setup.strategy: must be 2 or 3"),
        (("setup", "strategy"), 4, "setup.strategy: must be 2 or 3"),
        (("setup", "strategy"), "3", "setup.strategy: must be 2 or 3"),
        (("setup", "minutes"), 19, "setup.minutes: must be from 20 to 240"),
        (("setup", "minutes"), 241, "setup.minutes: must be from 20 to 240"),
        (("step",), 0, "step: must be from 1 to 9"),
        (("step",), 10, "step: must be from 1 to 9"),
        (("plan", 3), -1, "plan[4]: must be 0 or more"),
        (("plan",), [10] * 8, "plan: must have at least 9 entries (it has 8)"),
        (("lead_index",), 1, "lead_index must name one of the attendees"),
        (("lead_index",), -1, "lead_index: must be 0 or more"),
        (("elapsed",), {"10": 5.0}, "elapsed.10: must be a step number from 1 to 9"),
        (("elapsed",), {"1": -5.0}, "elapsed.1: must be 0.0 or more"),
        (("setup", "meeting_date"), "26/11/2026", "setup.meeting_date: must be a date written as"),
        (("format",), 2, "format: must be 1"),
        (("notes",), "who said what", "notes: is not a field of this autosave (use format,"),
        (("setup", "facilitator"), "Al\x1b[2J", "setup.facilitator: must not contain control"),
        (("attendees", 0, "name"), "Sam\u202e", "attendees[1].name: must not contain invisible"),
        (("actions", 0, "what"), "Visit\x07", "actions[1].what: must not contain control"),
        (("outcome_summary",), "\x1b]0;t\x07", "outcome_summary: must not contain control"),
    ],
)
def test_out_of_range_or_unsafe_values_are_refused(
    path: tuple[Any, ...], value: object, problem: str
) -> None:
    # DamagedSave is a ValueError, which the store turns into "damaged"; its one
    # problem, in the words every file kind uses, says which check refused it.
    with pytest.raises(DamagedSave) as raised:
        state_from_dict(_with(path, value))
    assert isinstance(raised.value, ValueError)
    found = raised.value.problems
    assert len(found) == 1 and found[0].startswith(problem), found


def test_the_store_calls_a_refused_autosave_damaged(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, "s1")
    store.path.write_text(json.dumps(_with(("step",), 12)), "utf-8")
    with pytest.raises(DamagedAutosave, match="damaged"):
        store.load()
