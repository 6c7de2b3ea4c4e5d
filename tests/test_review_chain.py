"""A chain of reviews: a review's own file is reviewed at the next review, until one closes.

The meeting's record is reviewed (one action partly done, one not done, a new
action, a next review date); then that review's file is reviewed: exactly what
it left open and the action it added, with its people as the ones expected. The
second review closes the Re-think, and a closed review cannot be reviewed again.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.cli.app import run
from rethink_cli.dialogs.review import run_review
from rethink_cli.formats.review import parse_review
from rethink_cli.formats.review_subject import from_review
from tests.scripted import CTRL_C, FakeClock, Interrupt, ScriptedPrompter
from tests.test_review import LEFT, NEW_WHAT, NOT_STUCK, SAVE, SCRIPT
from tests.test_review_format import REVIEW_V1

Entry = tuple[str, Any] | Interrupt
FIRST = "2027-01-08_PN-4471_review"
SECOND = "2027-03-12_PN-4471_review"

# The second review, on 12 March: Sam Patel and Priya Shah are here, Dr Lee is not.
# Everything left open is done (or no longer needed); nothing new; the Re-think closes.
SECOND_SCRIPT: tuple[Entry, ...] = (
    ("confirm", True),
    ("confirm", True),
    ("confirm", False),
    ("confirm", False),
    ("select", "Done"),
    ("select", "Done"),
    ("select", "No longer needed"),
    ("select", "No new action"),
    ("select", "No further review: the Re-think is closed"),
    NOT_STUCK,
    SAVE,
)


@dataclass
class Ran:
    code: int
    prompter: ScriptedPrompter
    err: str


@pytest.fixture
def review(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """``rethink review FILE ARGS`` in a pretend terminal answering from a script."""
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    waiting: list[ScriptedPrompter] = []
    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(rethink_cli.ui.prompter, "TerminalPrompter", lambda **kw: waiting.pop())

    def go(path: Path, *entries: Entry, args: list[str]) -> Ran:
        prompter = ScriptedPrompter(deque(entries))
        waiting.append(prompter)
        code = run(["review", str(path), *args], clock=FakeClock())
        return Ran(code, prompter, capsys.readouterr().err)

    yield go


@pytest.fixture
def first_review(tmp_path: Path, record_data: dict[str, Any], review: Any) -> Path:
    """The meeting's record reviewed on 8 January: the first review's record file."""
    record = tmp_path / "record.toml"
    record.write_text(tomli_w.dumps(record_data), encoding="utf-8")
    done = review(record, *SCRIPT, args=["--date", "8/1/2027", "--out", str(tmp_path)])
    assert done.code == 0, done.err
    return tmp_path / FIRST / f"{FIRST}.toml"


def test_a_chain_of_two_reviews(tmp_path: Path, first_review: Path, review: Any) -> None:
    out = tmp_path / "second"
    out.mkdir()
    second = review(first_review, *SECOND_SCRIPT, args=["--date", "12/3/2027", "--out", str(out)])
    assert second.code == 0, second.err
    asked = second.prompter.asked
    # Who was at the first review is who is expected: Jo Reed was not there.
    assert asked[:4] == [
        "confirm: Is Sam Patel (Children's Social Care) here?",
        "confirm: Is Priya Shah (School) here?",
        "confirm: Is Dr Lee (GP Practice) here?",
        "confirm: Anyone else here?",
    ]
    # Exactly what was left open, then the new action, numbered 1 to 3.
    assert [q.split(". How did it go?")[0] for q in asked[4:7]] == [
        "select: Action 1 of 3: Share this term's attendance with the Lead Professional "
        "(Priya Shah, School, due Friday 5 February 2027, overdue unless done)",
        f"select: Action 2 of 3: {LEFT} (Sam Patel, Children's Social Care, due Friday "
        "22 January 2027, overdue unless done)",
        f"select: Action 3 of 3: {NEW_WHAT} (Jo Reed, Health Visiting, due Friday "
        "19 February 2027, overdue unless done)",
    ]
    # Nothing is open any more: closing needs no confirming.
    assert not any("Close anyway" in q for q in asked)
    data = tomllib.loads((out / SECOND / f"{SECOND}.toml").read_text(encoding="utf-8"))
    assert data["closed"] is True and "next_review" not in data
    assert data["review"]["meeting_date"] == dt.date(2027, 1, 8)
    assert [(a["number"], a["owner"], a["original_due"]) for a in data["actions"]] == [
        (1, "Priya Shah", dt.date(2027, 2, 5)),
        (2, "Sam Patel", dt.date(2027, 1, 22)),
        (3, "Jo Reed", dt.date(2027, 2, 19)),
    ]
    assert parse_review(data).closed is True
    # A closed review cannot be reviewed again: one line, before any question.
    third = review(out / SECOND / f"{SECOND}.toml", args=["--date", "1/6/2027"])
    assert third.code == 2 and third.prompter.asked == []
    assert third.err.strip().splitlines() == [
        f"Error: The review in {out / SECOND / f'{SECOND}.toml'} closed the Re-think: "
        "there is no further review to hold."
    ]


def test_the_chain_resumes_where_it_stopped(
    tmp_path: Path, first_review: Path, review: Any
) -> None:
    out = tmp_path / "second"
    out.mkdir()
    args = ["--date", "12/3/2027", "--out", str(out)]
    stopped = review(
        first_review, *SECOND_SCRIPT[:5], CTRL_C, ("select", "Save and quit"), args=args
    )
    assert stopped.code == 130 and "The review is saved." in stopped.err
    again = review(first_review, ("select", "Resume"), *SECOND_SCRIPT[5:], args=[])
    assert again.code == 0, again.err
    assert again.prompter.asked[1].startswith("select: Action 2 of 3")
    assert (out / SECOND / f"{SECOND}.toml").is_file()


def test_the_date_must_come_after_the_review_reviewed(first_review: Path, review: Any) -> None:
    refused = review(first_review, args=["--date", "8/1/2027"])
    assert refused.code == 2 and refused.prompter.asked == []
    assert "must come after the review (Friday 8 January 2027)" in refused.err


def test_a_review_1_file_cannot_be_reviewed_again(tmp_path: Path, review: Any) -> None:
    path = tmp_path / "old_review.toml"
    path.write_text(tomli_w.dumps(REVIEW_V1), encoding="utf-8")
    refused = review(path, args=["--date", "1/3/2027"])
    assert refused.code == 2 and refused.prompter.asked == []
    [line] = refused.err.strip().splitlines()
    assert line == (
        f"Error: {path} is a review from an older rethink, which did not keep who was there, "
        "so it cannot be reviewed again. Review the meeting's own record instead (its name "
        "ends _actions.toml), and answer for each action as it stands now."
    )


def test_a_review_that_left_nothing_open_asks_no_action(first_review: Path) -> None:
    data = tomllib.loads(first_review.read_text(encoding="utf-8"))
    for action in data["actions"]:
        for key in ("left", "new_owner", "new_agency", "new_due"):
            action.pop(key, None)
        action["status"] = "done"
    del data["new_actions"]
    subject = from_review(parse_review(data))
    assert subject.actions == ()
    prompter = ScriptedPrompter.of(
        *SECOND_SCRIPT[:4],
        ("select", "Add a new action"),
        ("text", "Check the school nurse has met the child"),
        ("select", "Priya Shah"),
        ("text", "in 2 weeks"),
        ("confirm", True),
        ("text", "School safeguarding file"),
        ("select", "No more"),
        ("select", "Set a date"),
        ("text", "in 8 weeks"),
        ("confirm", True),
        ("select", None),
        NOT_STUCK,
        SAVE,
    )
    result = run_review(subject, prompter, dt.date(2027, 3, 12))
    assert result.actions == [] and len(result.new_actions) == 1
    assert prompter.asked[-1].startswith("select: Nothing was left open to review. 1 new action.")
    assert not any("How did it go?" in q for q in prompter.asked)
