"""``rethink review``: the review meeting's questions, the rethink-review/2 record, the command.

The review is driven by the scripted prompter. The sample record (conftest's
SAMPLE) is a Strategy 3 meeting on 26 November 2026: Sam Patel (the Lead
Professional), Jo Reed and Priya Shah were there; Dr Lee owns action 3.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import deque
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.cli.app import run
from rethink_cli.core.errors import SessionInterrupted
from rethink_cli.dialogs.review import run_review
from rethink_cli.formats.record import parse_record
from rethink_cli.formats.review import ReviewRecord, render_review_toml
from rethink_cli.formats.review_subject import from_record
from rethink_cli.ui import fit
from tests.scripted import CTRL_C, FakeClock, ScriptedPrompter

REVIEW_DAY = dt.date(2027, 1, 8)
Entry = tuple[str, Any]

# The answers to "Is the network still stuck?", asked once the rest is answered.
STUCK: Entry = ("select", "Yes: it is still stuck")
NOT_STUCK: Entry = ("select", "No: the network is moving on")
SAVE: Entry = ("select", "Save")

# Sam Patel and Priya Shah are here, Jo Reed is not; Dr Lee, who owns action 3, joins.
PRESENT: tuple[Entry, ...] = (
    ("confirm", True),
    ("confirm", False),
    ("confirm", True),
    ("confirm", True),  # anyone else?
    ("text", "Dr Lee"),
    ("text", "GP"),
    ("select", "GP Practice"),  # an agency already named: picked, not typed
    ("confirm", False),
)
# Everyone of the meeting is here, and nobody else.
ALL_HERE: tuple[Entry, ...] = (("confirm", True),) * 3 + (("confirm", False),)
# Action 1 done; action 2 (due 2 December) not done, a new date; action 3 partly done:
# what is left goes to Sam Patel, in 2 weeks.
LEFT = "Ask the GP for the second appointment's outcome"
ACTIONS: tuple[Entry, ...] = (
    ("select", "Done"),
    ("select", "Not done"),
    ("text", "5/2/2027"),
    ("confirm", True),
    ("select", "Partly"),
    ("text", LEFT),
    ("select", "Sam Patel,"),
    ("text", "in 2 weeks"),
    ("confirm", True),
)
# One new action, for Jo Reed, who is not here.
NEW_WHAT = "Book a health assessment at the clinic"
NEW: tuple[Entry, ...] = (
    ("select", "Add a new action"),
    ("text", NEW_WHAT),
    ("select", "Someone who is not here"),
    ("text", "Jo Reed"),
    ("select", "Health Visiting"),
    ("text", "19/2/2027"),
    ("confirm", True),
    ("text", "Health visiting record"),
    ("select", "No more new actions"),
)
NO_NEW: tuple[Entry, ...] = (("select", "No new action"),)
# The next review on 5 March, called by the Lead Professional (the default).
NEXT: tuple[Entry, ...] = (
    ("select", "Set a date for the next review"),
    ("text", "5/3/2027"),
    ("confirm", True),
    ("select", None),
)
SCRIPT: tuple[Entry, ...] = (*PRESENT, *ACTIONS, *NEW, *NEXT, STUCK, SAVE)
# The same in Strategy 2: why action 2 was not done is asked, after its new date.
WHY: Entry = ("text", "The figures were not ready before the holidays")
SCRIPT_2: tuple[Entry, ...] = (*PRESENT, *ACTIONS[:4], WHY, *ACTIONS[4:], *NEW, *NEXT, STUCK, SAVE)


def quick(*actions: Entry, stuck: Entry = NOT_STUCK) -> tuple[Entry, ...]:
    """Everyone here, ``actions`` answered, no new action, a next review, ``stuck``, saved."""
    return (*ALL_HERE, *actions, *NO_NEW, *NEXT, stuck, SAVE)


ALL_DONE: tuple[Entry, ...] = (("select", "Done"),) * 3


def review_of(
    data: dict[str, Any], *script: Entry, today: dt.date = REVIEW_DAY
) -> tuple[ReviewRecord, ScriptedPrompter]:
    prompter = ScriptedPrompter.of(*script)
    result = run_review(from_record(parse_record(data)), prompter, today)
    assert not prompter.script, "script not used up"
    return result, prompter


def strategy_2(record_data: dict[str, Any]) -> dict[str, Any]:
    """The same meeting, facilitated within the network."""
    record_data["meeting"].update(strategy=2, independent_facilitator=False)
    return record_data


# ------------------------------------------------------------------ the whole review


def test_the_whole_review_meeting(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(record_data, *SCRIPT)
    assert isinstance(result, ReviewRecord)
    info = result.review
    assert (info.date, info.case_reference, info.meeting_date) == (
        REVIEW_DAY,
        "PN-4471",
        dt.date(2026, 11, 26),
    )
    assert info.independent_facilitator is True
    assert (info.lead_professional, info.lead_professional_agency) == (
        "Sam Patel",
        "Children's Social Care",
    )
    assert [(p.name, p.role, p.agency) for p in result.present] == [
        ("Sam Patel", "Social worker, Lead Professional", "Children's Social Care"),
        ("Priya Shah", "Designated safeguarding lead", "School"),
        ("Dr Lee", "GP", "GP Practice"),
    ]
    got = [(a.number, a.status, a.original_due, a.new_due) for a in result.actions]
    assert got == [
        (1, "done", dt.date(2026, 12, 4), None),
        (2, "not-done", dt.date(2026, 12, 2), dt.date(2027, 2, 5)),
        (3, "partly", dt.date(2026, 12, 11), dt.date(2027, 1, 22)),
    ]
    partly = result.actions[2]
    assert (partly.left, partly.new_owner, partly.new_agency) == (
        LEFT,
        "Sam Patel",
        "Children's Social Care",
    )
    # Strategy 3: nothing about the discussion, so no "why not".
    assert result.actions[1].why_not is None
    assert not any("why" in q for q in prompter.asked)
    [new] = result.new_actions
    assert (new.number, new.what, new.owner, new.agency, new.due, new.recorded_where) == (
        1,
        NEW_WHAT,
        "Jo Reed",
        "Health Visiting",
        dt.date(2027, 2, 19),
        "Health visiting record",
    )
    assert result.next_review is not None and result.closed is None
    assert (result.next_review.date, result.next_review.convened_by) == (
        dt.date(2027, 3, 5),
        "Sam Patel",
    )
    assert result.outcome == "not resolved"


def test_the_questions_in_order(record_data: dict[str, Any]) -> None:
    _, prompter = review_of(record_data, *SCRIPT)
    asked = [q.split(" (after")[0] for q in prompter.asked]
    assert asked[:8] == [
        "confirm: Is Sam Patel (Children's Social Care) here?",
        "confirm: Is Jo Reed (Health Visiting) here?",
        "confirm: Is Priya Shah (School) here?",
        "confirm: Anyone else here?",
        "text: Their name",
        "text: Dr Lee's role",
        "select: Dr Lee's agency",
        "confirm: Anyone else here?",
    ]
    assert asked[8].startswith("select: Action 1 of 3: Arrange a joint home visit")
    assert asked[12].startswith("select: Action 3 of 3: Ask the GP")
    assert asked[13:17] == [
        "text: Action 3: what is left to do?",
        "select: Action 3: who has what is left?",
        "text: Action 3, new date",
        "confirm: Friday 22 January 2027, is that right?",
    ]
    assert asked[17:26] == [
        "select: Any new actions agreed at this review?",
        "text: New action 1: what will be done?",
        "select: New action 1: who will do it?",
        "text: Their name",
        "select: Jo Reed's agency",
        "text: New action 1, by when?",
        "confirm: Friday 19 February 2027, is that right?",
        "text: Where does Health Visiting record it?",
        "select: 1 new action so far. Any more?",
    ]
    assert asked[26:31] == [
        "select: After this review",
        "text: Next review: when will the network meet again?",
        "confirm: Friday 5 March 2027, is that right?",
        "select: Who will call the next review?",
        "select: Is the network still stuck?",
    ]
    assert asked[31] == (
        "select: Review of 3 actions: 1 done, 1 partly done, 1 not done, 0 no longer needed; "
        "2 overdue. 1 new action. Next review 05/03/2027, called by Sam Patel. Outcome: not "
        "resolved. Next: Take the concern on under your area's escalation protocol."
    )
    assert len(asked) == len(SCRIPT)


def test_dropped_action_needs_no_date(record_data: dict[str, Any]) -> None:
    result, _ = review_of(
        record_data, *quick(("select", "No longer needed"), ("select", "Done"), ("select", "Done"))
    )
    assert [a.status for a in result.actions] == ["dropped", "done", "done"]
    assert result.overdue() == []


def test_new_date_must_be_after_the_review(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        *quick(
            ("select", "Not done"),
            ("text", "8/1/2027"),  # the review day itself
            ("text", "1/1/2027"),  # before it
            ("text", "31/2/2027"),  # not a date
            ("text", "soon-ish"),
            ("text", "next Friday"),
            ("confirm", False),  # misheard: type it again
            ("text", "22/1/2027"),
            ("confirm", True),
            ("select", "Done"),
            ("select", "Done"),
        ),
    )
    assert result.actions[0].new_due == dt.date(2027, 1, 22)
    assert len(prompter.refusals) == 4
    assert "is not after the review (Friday 8 January 2027)" in prompter.refusals[0]
    assert "is not after the review" in prompter.refusals[1]
    assert "not a real date" in prompter.refusals[2]
    assert "confirm: Friday 15 January 2027, is that right?" in prompter.asked


def test_question_names_the_action_and_warns_when_late(record_data: dict[str, Any]) -> None:
    _, prompter = review_of(record_data, *quick(*ALL_DONE))
    first = prompter.asked[len(ALL_HERE)]
    assert "Action 1 of 3: Arrange a joint home visit" in first
    assert "Sam Patel, Children's Social Care, due Friday 4 December 2026" in first
    assert "overdue unless done" in first
    # Reviewed before action 3 was due: no warning for it.
    _, early = review_of(record_data, *quick(*ALL_DONE), today=dt.date(2026, 12, 5))
    assert "overdue" not in early.asked[len(ALL_HERE) + 2]


def test_overdue_means_late_and_still_open(record_data: dict[str, Any]) -> None:
    result, _ = review_of(record_data, *SCRIPT)
    # 1 is done (not overdue); 2 and 3 were due before the review and are still open.
    assert [a.number for a in result.overdue()] == [2, 3]


def test_review_before_the_meeting_is_refused(record_data: dict[str, Any]) -> None:
    subject = from_record(parse_record(record_data))
    with pytest.raises(ValueError, match="after the meeting"):
        run_review(subject, ScriptedPrompter.of(), dt.date(2026, 11, 26))


# ------------------------------------------------------------------ who is here


def test_lead_away_someone_else_leads_today(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        ("confirm", False),  # Sam Patel, the Lead Professional, is not here
        ("confirm", True),
        ("confirm", True),
        ("confirm", False),
        ("select", "Jo Reed"),
        *ALL_DONE,
        *NO_NEW,
        ("select", "Set a date"),
        ("text", "5/3/2027"),
        ("confirm", True),
        ("select", None),  # who calls it: today's lead by default
        NOT_STUCK,
        SAVE,
    )
    assert "select: Sam Patel, the Lead Professional, is not here. Who leads today?" in (
        prompter.asked
    )
    assert (result.review.lead_professional, result.review.lead_professional_agency) == (
        "Jo Reed",
        "Health Visiting",
    )
    assert result.next_review is not None and result.next_review.convened_by == "Jo Reed"
    # Nobody here leads: Sam Patel stays.
    kept, _ = review_of(
        record_data,
        ("confirm", False),
        ("confirm", True),
        ("confirm", False),
        ("confirm", False),
        ("select", "Nobody here"),
        *ALL_DONE,
        *NO_NEW,
        ("select", "Set a date"),
        ("text", "5/3/2027"),
        ("confirm", True),
        ("select", "Jo Reed"),
        NOT_STUCK,
        SAVE,
    )
    assert kept.review.lead_professional == "Sam Patel"
    assert [p.name for p in kept.present] == ["Jo Reed"]


def test_at_least_one_person_is_present(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        ("confirm", False),
        ("confirm", False),
        ("confirm", False),
        # Nobody: straight to who is here, without "Anyone else?".
        ("text", " "),  # refused: empty
        ("text", "Ali Khan"),
        ("text", "Team manager"),
        ("select", "Another agency"),
        ("text", "Early Help"),
        ("confirm", False),
        ("select", "Ali Khan"),  # leads today
        *ALL_DONE,
        *NO_NEW,
        ("select", "No further review"),
        NOT_STUCK,
        SAVE,
    )
    assert prompter.asked[3] == "text: Nobody is marked as here. Who is? Their name"
    assert [(p.name, p.agency) for p in result.present] == [("Ali Khan", "Early Help")]
    assert prompter.refusals == ["This must not be empty."]
    assert result.closed is True and result.next_review is None


def test_someone_twice_or_family_is_not_added(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        *(("confirm", True),) * 3,
        ("confirm", True),
        ("text", "sam patel"),  # already here
        ("text", "Kim Ray"),
        ("text", "Mum"),
        ("select", "No: do not add"),
        ("confirm", True),
        ("text", "Kim Ray"),
        ("text", "Family support worker"),
        ("select", "Health Visiting"),
        ("confirm", False),
        *ALL_DONE,
        *NO_NEW,
        *NEXT,
        NOT_STUCK,
        SAVE,
    )
    assert prompter.refusals == ["sam patel is already here."]
    assert "'Mum' sounds like family" in " ".join(prompter.asked)
    assert [p.name for p in result.present][-1] == "Kim Ray"
    assert result.present[-1].role == "Family support worker"


# ------------------------------------------------------------------ strategy 2 and 3


def test_strategy_2_asks_why_an_action_was_not_done(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        strategy_2(record_data),
        *quick(
            ("select", "Not done"),
            ("text", "5/2/2027"),
            ("confirm", True),
            ("text", "The visit could not be booked before the holidays"),
            ("select", "Not done"),
            ("text", "5/2/2027"),
            ("confirm", True),
            ("text", ""),  # Enter: no reason kept
            ("select", "Done"),
        ),
    )
    assert "text: Action 1: why was it not done?" in prompter.asked
    assert result.actions[0].why_not == "The visit could not be booked before the holidays"
    assert result.actions[1].why_not is None
    assert result.review.independent_facilitator is False
    assert 'why_not = "The visit could not' in render_review_toml(result)


def test_strategy_3_keeps_no_reason(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        *quick(
            ("select", "Not done"),
            ("text", "5/2/2027"),
            ("confirm", True),
            ("select", "Not done"),
            ("text", "5/2/2027"),
            ("confirm", True),
            ("select", "Partly"),
            ("text", LEFT),
            ("select", None),  # the same owner, by default
            ("text", "5/2/2027"),
            ("confirm", True),
        ),
    )
    assert not any("why" in q.casefold() for q in prompter.asked)
    assert all(a.why_not is None for a in result.actions)
    assert (result.actions[2].new_owner, result.actions[2].new_agency) == ("Dr Lee", "GP Practice")


# ------------------------------------------------------------------ new actions, the ending


def test_a_new_action_owned_by_someone_present_uses_the_known_place(
    record_data: dict[str, Any],
) -> None:
    result, prompter = review_of(
        record_data,
        *ALL_HERE,
        *ALL_DONE,
        ("select", "Add a new action"),
        ("text", "Send the attendance figures monthly"),
        ("select", "Priya Shah"),
        ("text", "next Friday"),
        ("confirm", True),
        ("text", None),  # Enter: the place the meeting gave for School
        ("select", "Add another"),
        ("text", "Call the family's GP"),
        ("select", None),  # the Lead Professional, by default
        ("text", "in 3 weeks"),
        ("confirm", True),
        ("text", "Social care record"),
        ("select", "No more"),
        *NEXT,
        NOT_STUCK,
        SAVE,
    )
    first, second = result.new_actions
    assert (first.owner, first.agency, first.recorded_where) == (
        "Priya Shah",
        "School",
        "School safeguarding file",
    )
    assert first.due == dt.date(2027, 1, 15)
    assert (second.number, second.owner) == (2, "Sam Patel")
    assert "select: 2 new actions so far. Any more?" in prompter.asked


def test_new_actions_stop_at_the_most_one_meeting_agrees(
    record_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import rethink_cli.dialogs.review_new

    monkeypatch.setattr(rethink_cli.dialogs.review_new, "MEETING_MAX_ACTIONS", 1)
    _, prompter = review_of(
        record_data,
        *ALL_HERE,
        *ALL_DONE,
        ("select", "Add a new action"),
        ("text", "Call the family's GP"),
        ("select", None),
        ("text", "in 3 weeks"),
        ("confirm", True),
        ("text", "Social care record"),
        ("select", "Go on"),
        *NEXT,
        NOT_STUCK,
        SAVE,
    )
    assert "select: 1 new action: the most one review agrees." in prompter.asked


def test_closing_with_open_actions_is_confirmed(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        *ALL_HERE,
        ("select", "Not done"),
        ("text", "5/2/2027"),
        ("confirm", True),
        ("select", "Done"),
        ("select", "Done"),
        *NEW[:-1],
        ("select", "No more"),
        ("select", "No further review: the Re-think is closed"),
        ("confirm", False),  # not after all: asked again
        ("select", "No further review"),
        ("confirm", True),
        NOT_STUCK,
        SAVE,
    )
    assert prompter.asked.count("confirm: 2 actions are still open. Close anyway?") == 2
    assert result.closed is True and result.next_review is None
    assert "closed = true" in render_review_toml(result)


def test_answers_can_be_changed_at_the_overview(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        *ALL_HERE,
        *ALL_DONE,
        *NEW,
        *NEXT,
        NOT_STUCK,
        ("select", "Change action 2"),
        ("select", "Partly"),
        ("text", "Share the last two weeks"),
        ("select", None),
        ("text", "12/2/2027"),
        ("confirm", True),
        ("select", "Remove new action 1"),
        ("select", "Change the next review"),
        ("select", "No further review"),
        ("confirm", True),  # action 2 is open again
        ("select", "Someone arrived late"),
        ("confirm", True),
        ("text", "Ali Khan"),
        ("text", "School nurse"),
        ("select", "School"),
        ("confirm", False),
        SAVE,
    )
    assert [a.status for a in result.actions] == ["done", "partly", "done"]
    assert result.new_actions == [] and result.closed is True
    assert result.present[-1].name == "Ali Khan"
    overview = [q for q in prompter.asked if q.startswith("select: Review of")]
    assert overview[0].startswith(
        "select: Review of 3 actions: 3 done, 0 partly done, 0 not done, 0 no longer needed; "
        "0 overdue. 1 new action. Next review 05/03/2027, called by Sam Patel."
    )
    assert "1 partly done" in overview[1] and "0 new actions" in overview[2]
    assert "The Re-think is closed." in overview[3]
    # The outcome was asked once: changes go straight back to the overview.
    assert sum(q == "select: Is the network still stuck?" for q in prompter.asked) == 1


def test_ctrl_c_pauses_and_quitting_unsaved_is_confirmed(record_data: dict[str, Any]) -> None:
    # With nowhere to save (no keep), the pause offers carry on or quit, never "save".
    subject = from_record(parse_record(record_data))
    prompter = ScriptedPrompter.of(
        *ALL_HERE,
        ("select", "Done"),
        CTRL_C,
        ("select", "Quit the review"),
        ("confirm", False),  # not sure: back to the pause
        ("select", "Carry on"),
        CTRL_C,
        ("select", "Quit the review"),
        ("confirm", True),
    )
    with pytest.raises(SessionInterrupted, match="nothing was kept"):
        run_review(subject, prompter, REVIEW_DAY)
    assert "Save and quit" not in str(prompter.asked)
    assert "confirm: Quit without saving? The answers given so far are lost." in prompter.asked
    # Carry on asked action 2 again, the question Ctrl-C had stopped.
    at = len(ALL_HERE) + 1
    assert prompter.asked[at] == prompter.asked[at + 4] and "Action 2 of 3" in prompter.asked[at]
    # A second Ctrl-C at the pause, with nothing saved, stops.
    twice = ScriptedPrompter.of(CTRL_C, CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        run_review(subject, twice, REVIEW_DAY)


# ------------------------------------------------------------------ on a narrow screen


class Recording(ScriptedPrompter):
    """Keeps every question whole, instruction and choices too, to lay them out."""

    shown: list[tuple[str, str, tuple[str, ...]]]

    def text(self, question: Any) -> str:
        self.shown.append((question.message, question.instruction, ()))
        return super().text(question)

    def select(self, question: Any) -> Any:
        self.shown.append((question.message, "", tuple(c.title for c in question.choices)))
        return super().select(question)

    def confirm(self, question: Any) -> bool:
        self.shown.append((question.message, "", ()))
        return super().confirm(question)


@pytest.mark.parametrize("width", [80, 60])
def test_no_question_breaks_inside_a_word(record_data: dict[str, Any], width: int) -> None:
    prompter = Recording(deque(SCRIPT_2))
    prompter.shown = []
    run_review(from_record(parse_record(strategy_2(record_data))), prompter, REVIEW_DAY)
    for message, instruction, choices in prompter.shown:
        laid_out, under = fit.question(message, instruction, width)
        # Every line fits beside its mark: a word cut at the screen's edge would overflow.
        assert _fits(laid_out, fit.INDENT, width), (message, laid_out)
        assert all(fit.cells(word) <= 30 for word in under.split()), instruction
        for title in choices:
            assert _fits(fit.choice(title, width), 3, width), title


def _fits(text: str, first: int, width: int) -> bool:
    room = width - fit.SPARE
    head, *rest = text.split("\n")
    return first + fit.cells(head) <= room and all(fit.cells(line) <= room for line in rest)


# ------------------------------------------------------------------ the command


def write_record(tmp_path: Path, data: dict[str, Any], name: str = "record.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[ScriptedPrompter]:
    """Pretend to be in a terminal, with a scripted prompter in place of the real one."""
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    used: list[ScriptedPrompter] = []

    def scripted(**kwargs: Any) -> ScriptedPrompter:
        prompter = ScriptedPrompter.of(*SCRIPT)
        used.append(prompter)
        return prompter

    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(rethink_cli.ui.prompter, "TerminalPrompter", scripted)
    return used


def test_command_writes_the_review(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ["review", str(write_record(tmp_path, record_data)), "--out", str(out)]
    assert run([*args, "--date", "8/1/2027"]) == 0
    # The review's files are one folder, named for the review date and the case.
    folder = out / "2027-01-08_PN-4471_review"
    assert list(out.iterdir()) == [folder]
    written = sorted(p.name for p in folder.iterdir())
    assert "2027-01-08_PN-4471_review.toml" in written
    assert all((folder / n).stat().st_mode & 0o077 == 0 for n in written)
    printed = capsys.readouterr().out
    assert all(f"Wrote {folder / n}" in printed for n in written)
    data = tomllib.loads((folder / "2027-01-08_PN-4471_review.toml").read_text(encoding="utf-8"))
    assert data["schema"] == "rethink-review/2"
    assert [a["status"] for a in data["actions"]] == ["done", "not-done", "partly"]
    # A second review of the same record on the same day is refused before any question.
    assert run([*args, "--date", "8/1/2027"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Error: A review of this record on Friday 8 January 2027 is already exported to "
        f"{folder}. Choose another folder with --out."
    )
    assert len(terminal) == 1


def test_command_defaults_to_today(
    tmp_path: Path,
    record_data: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    today = clock.today()
    meeting = today - dt.timedelta(days=40)
    record_data["meeting"]["date"] = meeting
    for action in record_data["actions"]:
        action["due"] = meeting + dt.timedelta(days=7)
    record_data["review"]["date"] = today
    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(
        rethink_cli.ui.prompter,
        "TerminalPrompter",
        lambda **kwargs: ScriptedPrompter.of(
            *ALL_HERE,
            *ALL_DONE,
            *NO_NEW,
            ("select", "Set a date"),
            ("text", "in 6 weeks"),
            ("confirm", True),
            ("select", None),
            NOT_STUCK,
            SAVE,
        ),
    )
    args = ["review", str(write_record(tmp_path, record_data)), "--out", str(tmp_path)]
    # The command reads "today" from the clock it is handed, not the computer's.
    assert run(args, clock=clock) == 0
    name = f"{today.isoformat()}_PN-4471_review.toml"
    folder = tmp_path / f"{today.isoformat()}_PN-4471_review"
    data = tomllib.loads((folder / name).read_text(encoding="utf-8"))
    assert data["review"]["date"] == today
    assert data["next_review"]["date"] == today + dt.timedelta(weeks=6)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No record file at"),
        (b"\xff\xfe not utf8", "is not UTF-8 text"),
        (b"schema = ", "is not valid TOML"),
    ],
)
def test_broken_record_file_is_one_line_exit_3(
    tmp_path: Path,
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    expected: str,
) -> None:
    path = tmp_path / "broken.toml"
    if content is not None:
        path.write_bytes(content)
    assert run(["review", str(path), "--date", "8/1/2027"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0]
    assert terminal == []


def test_invalid_record_exits_3(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_data["actions"][0]["owner"] = " "
    assert run(["review", str(write_record(tmp_path, record_data)), "--date", "8/1/2027"]) == 3
    assert "actions[1].owner: must not be empty" in capsys.readouterr().err
    assert terminal == []


def test_a_plan_given_instead_is_said_in_one_line(
    tmp_path: Path, terminal: list[ScriptedPrompter], capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_formats import PLAN

    path = write_record(tmp_path, PLAN, "plan.toml")
    assert run(["review", str(path), "--date", "8/1/2027"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is a plan, not a meeting's actions record" in err[0]
    assert terminal == []


def test_not_a_terminal_exits_2(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # Under pytest, standard input is not a terminal.
    assert run(["review", str(write_record(tmp_path, record_data))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs a terminal" in err[0]
    assert list(tmp_path.iterdir()) == [tmp_path / "record.toml"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--date", "someday soon"], "--date: I could not read"),
        (["--date", "26/11/2026"], "must come after the meeting"),
        (["--date", "8/1/2027", "--out", "no-such-folder"], "does not exist"),
    ],
)
def test_bad_options_exit_2_before_any_question(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    record = write_record(tmp_path, record_data)
    fixed = [a if a != "no-such-folder" else str(tmp_path / a) for a in args]
    assert run(["review", str(record), *fixed]) == 2
    assert expected in capsys.readouterr().err
    assert terminal == []


def test_help_lists_review(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["review", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--date" in out and "--out" in out and "rethink-review/2" in out


def test_a_meeting_that_agreed_no_action_has_nothing_to_review(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = {**record_data, "actions": [], "outcome": "not resolved"}
    data["next_route"] = "Take the concern on under your area's escalation protocol"
    args = ["review", str(write_record(tmp_path, data)), "--out", str(tmp_path)]
    assert run([*args, "--date", "8/1/2027"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Error: This meeting agreed no action (outcome: not resolved), so there is nothing to "
        "review. Next route: Take the concern on under your area's escalation protocol."
    )
    assert not terminal or not terminal[0].asked  # refused before any question
