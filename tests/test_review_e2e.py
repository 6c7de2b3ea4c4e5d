"""End to end: ``rethink review`` in a pseudo-terminal, stopped with Ctrl-C and resumed.

The real program, typed at as a facilitator would: who is here, each action,
no new action, the next review; stopped halfway with Ctrl-C ("Save and quit"),
then run again and picked up at the very question, and its files written.
Run just these with ``pytest -m e2e``. They need a POSIX pty (pexpect).
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path

import pytest
import tomli_w

pexpect = pytest.importorskip("pexpect")

from tests.conftest import SAMPLE  # noqa: E402
from tests.e2e_helpers import (  # noqa: E402
    CTRL_C,
    DOWN,
    ENTER,
    Facilitator,
    program_env,
    program_today,
    strip_ansi,
)
from tests.test_e2e import read_back, typed  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.posix,  # a pseudo-terminal (pexpect.spawn)
]

LEFT = "Ask the GP for the second appointment's outcome"


def _record(today: dt.date) -> dict[str, object]:
    """The sample meeting, held 40 days ago; actions 1 and 2 overdue, action 3 not yet."""
    data = copy.deepcopy(SAMPLE)
    meeting = today - dt.timedelta(days=40)
    data["meeting"]["date"] = meeting
    for action, days in zip(data["actions"], (10, 12, 45), strict=True):
        action["due"] = meeting + dt.timedelta(days=days)
    data["review"]["date"] = today
    return data


def _status(me: Facilitator, number: int, downs: int) -> None:
    """A status question (long: it may wrap), answered ``downs`` below "Done"."""
    me.see(f"Action {number} of 3:")
    me.see("How did it go?")
    me.child.send(DOWN * downs + ENTER)


def test_a_review_stopped_and_resumed_in_a_terminal(tmp_path: Path) -> None:
    folders = {name: tmp_path / name for name in ("home", "state", "config", "out")}
    for folder in folders.values():
        folder.mkdir()
    env = program_env(folders["home"], folders["state"], folders["config"])
    today = program_today()
    record = tmp_path / "record.toml"
    record.write_text(tomli_w.dumps(_record(today)), encoding="utf-8")
    args = ["review", str(record), "--out", str(folders["out"])]
    new_2, new_3, next_review = (today + dt.timedelta(days=d) for d in (14, 21, 42))

    me = Facilitator(args, env)
    try:
        me.confirm("Is Sam Patel (Children's Social Care) here?")
        me.confirm("Is Jo Reed (Health Visiting) here?", yes=False)
        me.confirm("Is Priya Shah (School) here?")
        me.select("Anyone else here?", "No")  # No is the default here
        _status(me, 1, 0)  # done
        _status(me, 2, 2)  # not done
        me.text("Action 2, new date", typed(new_2))
        me.confirm(read_back(new_2))
        _status(me, 3, 1)  # partly done
        me.see("› Action 3: what is left to do?")
        me.child.send(CTRL_C)
        me.select("Paused. What would you like to do?", "Save and quit", downs=1)
        stopped = me.finish()
    finally:
        me.kill()
    said = strip_ansi(me.output)
    assert stopped == 130, said[-2000:]
    assert "The review is saved." in said and "Traceback" not in said
    assert list(folders["out"].iterdir()) == []

    again = Facilitator(["review", str(record)], env)
    try:
        again.see("A review of PN-4471 was interrupted on this computer.")
        again.child.send(ENTER)  # resume, the default
        # The very question it stopped at, naming its action again.
        again.see("partly done. Action 3: what is left to do?")
        again.child.send(LEFT + ENTER)
        again.select("Action 3: who has what is left?", "Dr Lee (GP Practice), as before")
        again.text("Action 3, new date", typed(new_3))
        again.confirm(read_back(new_3))
        again.select("Any new actions agreed at this review?", "No new action")
        again.select("After this review", "Set a date for the next review")
        again.text("Next review: when will the network meet again?", typed(next_review))
        again.confirm(read_back(next_review))
        again.select("Who will call the next review?", "Sam Patel")
        again.select("Is the network still stuck?", "No: the network is moving on")
        again.see("Outcome: resolved.")
        again.child.send(ENTER)  # save the review, the default
        done = again.finish()
    finally:
        again.kill()
    said = strip_ansi(again.output)
    assert done == 0, said[-2000:]
    assert "Traceback" not in said

    (folder,) = folders["out"].iterdir()
    day = today.isoformat()
    assert folder.name == f"{day}_PN-4471_review"
    stems = ["review", "review_Childrens-Social-Care", "review_School", "review_GP-Practice"]
    expected = [f"{day}_PN-4471_review.toml"]
    expected += [f"{day}_PN-4471_{stem}{end}" for stem in stems for end in (".md", ".txt")]
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    data = tomllib.loads((folder / f"{day}_PN-4471_review.toml").read_text("utf-8"))
    assert [a["status"] for a in data["actions"]] == ["done", "not-done", "partly"]
    assert data["actions"][2]["left"] == LEFT
    assert [p["name"] for p in data["present"]] == ["Sam Patel", "Priya Shah"]
    assert data["next_review"] == {"date": next_review, "convened_by": "Sam Patel"}
    lead = (folder / f"{day}_PN-4471_review.txt").read_text("utf-8")
    overdue = lead.split("\nOverdue\n\n")[1].split("\nAll reviewed actions\n")[0]
    assert overdue.startswith("2. Share this term's attendance")
    assert "OVERDUE: was due" in overdue and "3. Ask the GP" not in overdue
    # Nothing of the review is left in the state folder.
    assert not [p for p in folders["state"].rglob("*.review*")]
