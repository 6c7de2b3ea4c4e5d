"""Signals at the real program's questions and during its export: nothing confirmed is
lost, never part of an export, and the resume finishes the session exactly.

Runs a subset of ``tests/harness/faults.py`` (see its docstring; the whole set is
``.venv/bin/python -m tests.harness.faults``): every 8th question of a typed Strategy 3
session, SIGKILL, SIGTERM and SIGHUP in turn, and one export fault per signal.

Not marked ``e2e`` on purpose: CI runs ``-m e2e`` three more times under libfaketime
(.ci/run), and these few minutes of sessions need running once, in ``scripts/test.py``.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

pytest.importorskip("pexpect")

from rethink_cli.core.session import SessionState
from tests.e2e_helpers import program_today
from tests.harness import faults

pytestmark = [
    pytest.mark.posix,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="needs a POSIX pty and /proc (Linux)"
    ),
]

# Two sessions at once: each is mostly waiting for the program to draw, so on two cores
# this halves the time (about 2 minutes) without crowding the prompts.
JOBS = 2


@pytest.mark.timeout(420)
def test_a_fault_at_every_8th_question_and_in_the_export_loses_nothing() -> None:
    labels, _ = faults.dry_run(program_today())
    points = faults.choose_points(len(labels), 8)
    exports = [
        ("writing", signal.SIGKILL),  # half the files written, in the hidden folder
        ("staged", signal.SIGTERM),  # every file written, not yet renamed into place
        ("renamed", signal.SIGHUP),  # in place, the program not finished
    ]
    report = faults.run_faults(points, exports, jobs=JOBS)
    print(report.figures())  # shown with pytest -s
    assert len(report.cases) == len(points) + len(exports)
    # Each signal is used at the questions, by turn.
    assert {case.signum for case in report.cases if case.moment is None} == set(faults.SIGNALS)
    assert report.partial_sets == 0
    assert report.lost_answers == 0
    assert report.intact == len(report.cases), report.figures()
    # The export faults landed inside the export: once before the set was in place.
    assert any(c.at_fault == "none" for c in report.cases if c.moment == "writing")


@pytest.mark.timeout(300)
def test_signals_in_setup_and_after_the_export_are_handled_and_leave_nothing() -> None:
    exports = [("released", signal.SIGHUP), ("clearing", signal.SIGKILL)]
    # Point 1 ("Meeting date") gets SIGTERM: the setup's second question.
    report = faults.run_faults([1], exports, jobs=JOBS)
    print(report.figures())
    assert report.lost_answers == 0
    assert report.unhandled == 0, report.figures()
    assert report.intact == len(report.cases), report.figures()


# ------------------------------------------------------------------ the checks themselves


def _state_of(facts: faults.Facts) -> SessionState:
    """An autosave's state holding exactly ``facts`` (all of a session's)."""
    from rethink_cli.core.action import DraftAction
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.core.facts import MeetingFacts
    from rethink_cli.formats.texts import all_steps

    given = {k: v for k, v in facts.given.items() if k != "meeting_date"}
    setup = MeetingFacts(meeting_date=program_today(), **given)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    for name, role, agency in facts.attendees:
        state.roster.add(Attendee(name, role, agency))
    state.actions = [DraftAction(**action) for action in facts.actions]
    state.review.date, state.review.convened_by = facts.review_date, facts.convener
    state.agreement_confirmed = True
    state.step = facts.step
    return state


def test_the_checks_find_a_lost_answer_and_a_partial_set(tmp_path: Path) -> None:
    """Without a program: the checks that the figures rest on do see what is wrong."""
    today = program_today()
    labels, facts = faults.dry_run(today)
    assert labels[-1].startswith("select: Wrap up")
    state = _state_of(facts)
    assert faults.autosave_problems(state, facts, today) == []
    state.roster.remove(1)
    state.actions[2].due = None
    lost = faults.autosave_problems(state, facts, today)
    assert any("attendee" in line for line in lost) and any("action 3 due" in line for line in lost)

    out = tmp_path / "out"
    out.mkdir()
    (out / ".rethink-1-abc.partial").mkdir()
    assert faults.look_at_out(out, facts, today).kind == "none"
    folder = out / f"{today.isoformat()}_{faults.CASE}"
    folder.mkdir()
    (folder / f"{folder.name}_actions.toml").write_text("schema = 'rethink-actions/1'\n")
    assert faults.look_at_out(out, facts, today).kind == "partial"

    (tmp_path / "home" / "x").mkdir(parents=True)
    (tmp_path / "home" / "x" / "notes").write_bytes(faults.MARKER.lower().encode("utf-16-le"))
    assert faults.files_holding([tmp_path / "home"], faults.MARKER)
