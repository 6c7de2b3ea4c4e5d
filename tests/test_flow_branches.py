"""The session's less travelled branches, each checked by what it leaves in the state or record.

Every test runs a whole scripted session (setup to export, or to the quit) with
one detour spliced in, then looks at the exported record or the state, so the
test fails if the detour stops doing what it says.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from pathlib import Path
from typing import Any

import pytest

from rethink_cli.core.errors import SessionInterrupted
from rethink_cli.core.goround import GoRound
from rethink_cli.core.session import SessionState
from tests import flow_helpers as f
from tests.scripted import CTRL_C, ScriptedPrompter

Script = list[Any]  # steps (kind, answer), and ESC
EVERYONE = ["Sam Patel", "Jo Reed", "Priya Shah", "Chris Doyle"]


def _record(out_dir: Path) -> dict[str, Any]:
    # A session's files are in a folder of their own, named for the meeting.
    folder = out_dir / "2026-11-26_PN-4471"
    return tomllib.loads((folder / "2026-11-26_PN-4471_actions.toml").read_text("utf-8"))


def _quiet_goround(speakers: int, next_step: int, start: Script | None = None) -> Script:
    """A go-round with one Enter per speaker; ``start`` replaces "down the list"."""
    return [
        *(start or [("select", "then down the list")]),
        *[("key", "enter")] * speakers,
        ("select", "Finish this go-round"),
        ("select", f"Go on to step {next_step}"),
    ]


def _session(
    *,
    strategy: str = "Strategy 3",
    introductions: Script | None = None,
    agreement: Script | None = None,
    rounds: Script | None = None,
    actions: Script | None = None,
    owners: Script | None = None,
    recording: Script | None = None,
    wrap_up: Script | None = None,
) -> ScriptedPrompter:
    """The standard session of ``flow_helpers``, with any part replaced."""
    script: Script = [
        *f.setup_answers(strategy),
        *f.intro_pages(),
        *(introductions if introductions is not None else f.introductions()),
        *(agreement if agreement is not None else f.agreement()),
        *(rounds if rounds is not None else _quiet_goround(4, 5) + _quiet_goround(4, 6)),
        *(actions if actions is not None else f.three_actions()),
        *(owners if owners is not None else f.owners_and_dates()),
        *(recording if recording is not None else f.recording()),
        *(wrap_up if wrap_up is not None else [("select", "Everyone agrees: export")]),
    ]
    return ScriptedPrompter.of(*script)


def _recording_with(after: tuple[str, str, str]) -> Script:
    """Step 8 as usual, with one more agency's answer after ``after[0]``'s."""
    agency_before, agency, where = after
    script = f.recording()
    script.insert(list(f.RECORDING).index(agency_before) + 1, ("text", where))
    assert agency
    return script


def _introductions_then(*detour: tuple[str, object]) -> Script:
    """Step 2 as usual, with ``detour`` taken just before everyone has introduced themselves."""
    standard = f.introductions()
    return [*standard[:-1], *detour, *standard[-1:]]


def _speaking_order(prompter: ScriptedPrompter, step_marker: str = "is speaking") -> list[str]:
    """Who was asked to speak, in order, each consecutive prompt counted once."""
    names: list[str] = []
    for asked in prompter.asked:
        if asked.startswith("key: ") and asked.endswith(step_marker):
            name = asked.removeprefix("key: ").removesuffix(f" {step_marker}")
            if not names or names[-1] != name:
                names.append(name)
    return names


# ----------------------------------------------------------------- step 2


def test_step_2_moves_on_with_one_choice_and_defaults_to_it_after_the_plan(
    tmp_path: Path,
) -> None:
    import io

    from rich.console import Console

    from rethink_cli.app.session import new_session
    from rethink_cli.app.terminal import SessionOptions, Terminal
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.core.errors import SessionDiscarded
    from rethink_cli.core.facts import GivenFacts
    from rethink_cli.ui.screen import RichScreen
    from tests.scripted import FakeClock

    expected = [
        Attendee("Sam Patel", "Social worker", "Children's Social Care"),
        Attendee("Jo Reed", "Health visitor", "Health Visiting"),
    ]
    prompter = ScriptedPrompter.of(
        *f.setup_answers(),
        *f.intro_pages(),
        ("confirm", True),
        ("confirm", True),
        ("select", None),  # Enter: everyone from the plan is here, so on to step 3
        CTRL_C,
        ("select", "Discard"),
        ("confirm", True),
    )
    console = Console(file=io.StringIO(), width=80, color_system=None)
    terminal = Terminal(prompter, RichScreen(console), plain=False)
    with pytest.raises(SessionDiscarded):
        new_session(
            GivenFacts(), SessionOptions(out_dir=tmp_path), terminal, FakeClock(), expected=expected
        )
    introductions = prompter.asked.index("select: Introductions")
    # Straight into the agreement: no second "What next?" to move on.
    assert prompter.asked[introductions + 1] == "key: Point 1 of 8"
    assert "select: What next?" not in prompter.asked[introductions:]


def test_removing_an_attendee_takes_them_off_the_record(tmp_path: Path) -> None:
    prompter = _session(
        introductions=_introductions_then(("select", "Remove someone"), ("select", "Chris Doyle")),
        rounds=_quiet_goround(3, 5) + _quiet_goround(3, 6),
    )
    outcome = f.run_session(prompter, tmp_path)
    assert [a["name"] for a in _record(tmp_path)["attendees"]] == EVERYONE[:3]
    assert "Chris Doyle" not in _speaking_order(prompter)
    assert "Removed Chris Doyle." in outcome.screen_flat


def test_removing_nobody_changes_nothing(tmp_path: Path) -> None:
    prompter = _session(
        introductions=_introductions_then(("select", "Remove someone"), ("select", "Nobody"))
    )
    f.run_session(prompter, tmp_path)
    assert [a["name"] for a in _record(tmp_path)["attendees"]] == EVERYONE


def test_changing_the_lead_professional_moves_the_setup_with_it(tmp_path: Path) -> None:
    prompter = _session(
        introductions=_introductions_then(
            ("select", "Change who is the Lead Professional"), ("select", "Jo Reed")
        )
    )
    outcome = f.run_session(prompter, tmp_path)
    meeting = _record(tmp_path)["meeting"]
    assert meeting["lead_professional"] == "Jo Reed"
    assert meeting["lead_professional_agency"] == "Health Visiting"
    # The new lead is who calls the review by default, and who the room is told about.
    assert _record(tmp_path)["review"]["convened_by"] == "Jo Reed"
    assert outcome.flow.state.roster.lead is not None
    assert outcome.flow.state.roster.lead.name == "Jo Reed"
    assert "Lead Professional: Jo Reed" in outcome.screen_flat


# ----------------------------------------------------------------- step 3


def _agreement_refused(*then: tuple[str, object]) -> Script:
    return [("key", "enter")] * 8 + [("confirm", False), *then]


def test_agreement_not_reached_then_asked_again_without_reading_it_all_again(
    tmp_path: Path,
) -> None:
    prompter = _session(
        agreement=_agreement_refused(
            ("select", "Ask the room again"), ("confirm", True), ("select", "Go on to step 4")
        )
    )
    outcome = f.run_session(prompter, tmp_path)
    assert outcome.flow.state.agreement_confirmed is True
    # The eight points were read once; the room was simply asked again.
    assert prompter.asked.count("key: Point 1 of 8") == 1
    assert prompter.asked.count("key: Point 8 of 8") == 1
    assert prompter.asked.count("confirm: Does everyone in the room agree to work this way?") == 2
    assert "The go-rounds begin once everyone agrees" in outcome.screen_flat
    assert _record(tmp_path)["attendees"]


def test_agreement_not_reached_shows_the_one_point_asked_for(tmp_path: Path) -> None:
    prompter = _session(
        agreement=_agreement_refused(
            ("select", "Show one point again"),
            ("select", "5. Confidentiality"),
            ("confirm", True),
            ("select", "Go on to step 4"),
        )
    )
    outcome = f.run_session(prompter, tmp_path)
    assert outcome.flow.state.agreement_confirmed is True
    assert prompter.asked.count("key: Point 5 of 8") == 1
    # Point 5 alone is on the screen again, right above the second question.
    after = outcome.screen_flat.split("The go-rounds begin once everyone agrees", 1)[1]
    after = after.split("Step 4 of 9", 1)[0]
    assert "5 of 8 · Confidentiality" in after
    assert "4 of 8" not in after and "6 of 8" not in after


def test_carry_on_after_ctrl_c_opens_the_same_agreement_point(tmp_path: Path) -> None:
    from rethink_cli.formats.autosave import state_from_dict, state_to_dict

    saved: list[dict[str, Any]] = []
    prompter = ScriptedPrompter.of(
        *f.setup_answers(),
        *f.intro_pages(),
        *f.introductions(),
        *[("key", "enter")] * 4,
        CTRL_C,  # at point 5
        ("select", "Carry on"),
        *f.agreement(points=4),
        *_quiet_goround(4, 5),
        *_quiet_goround(4, 6),
        *f.three_actions(),
        *f.owners_and_dates(),
        *f.recording(),
        ("select", "Everyone agrees: export"),
    )
    f.run_session(prompter, tmp_path, checkpoint=lambda state: saved.append(state_to_dict(state)))
    paused = prompter.asked.index("select: Paused. What would you like to do?")
    assert prompter.asked[paused - 1] == "key: Point 5 of 8"
    assert prompter.asked[paused + 1] == "key: Point 5 of 8"
    assert prompter.asked.count("key: Point 1 of 8") == 1
    # Kept in the autosave too, so a resume after a kill opens the same point.
    data = next(d for d in saved if d["step"] == 3 and d["agreement_point"] == 4)
    assert state_from_dict(data).agreement_point == 4
    # An autosave written before the field existed still loads, at the first point.
    del data["agreement_point"]
    assert state_from_dict(data).agreement_point == 0


def test_agreement_not_reached_then_back_to_introductions(tmp_path: Path) -> None:
    prompter = _session(
        agreement=[
            *_agreement_refused(("select", "Back to step 2")),
            # Step 2 again, with everyone still there: a late fifth person joins.
            ("select", "Add the next person"),
            ("text", "Lee Grant"),
            ("text", "Youth worker"),
            ("select", "Another agency"),
            ("text", "Youth Service"),
            ("select", "Everyone has introduced"),
            *f.agreement(),
        ],
        rounds=_quiet_goround(5, 5) + _quiet_goround(5, 6),
        recording=_recording_with(("Police", "Youth Service", "Youth work notes")),
    )
    outcome = f.run_session(prompter, tmp_path)
    assert outcome.flow.state.agreement_confirmed is True
    assert [a["name"] for a in _record(tmp_path)["attendees"]] == [*EVERYONE, "Lee Grant"]
    assert {"agency": "Youth Service", "where": "Youth work notes"} in _record(tmp_path)[
        "recording"
    ]
    refused = prompter.asked.index("select: When the room is ready")
    assert prompter.asked[refused + 1] == "select: Introductions"


def test_agreement_not_reached_then_quit_keeps_nothing(tmp_path: Path) -> None:
    prompter = ScriptedPrompter.of(
        *f.setup_answers(),
        *f.intro_pages(),
        *f.introductions(),
        *_agreement_refused(("select", "Quit the session")),
        ("confirm", True),
    )
    with pytest.raises(SessionInterrupted, match="without exporting"):
        f.run_session(prompter, tmp_path)
    assert not prompter.script
    assert "confirm: Quit without exporting? Nothing has been written: the 4" in "\n".join(
        prompter.asked
    )
    assert list(tmp_path.iterdir()) == []


def test_agreement_not_reached_then_save_and_quit(tmp_path: Path) -> None:
    saved: list[SessionState] = []
    prompter = ScriptedPrompter.of(
        *f.setup_answers(),
        *f.intro_pages(),
        *f.introductions(),
        *_agreement_refused(("select", "Quit the session")),
        ("select", "Save and quit"),
    )
    with pytest.raises(SessionInterrupted, match="saved"):
        f.run_session(prompter, tmp_path, checkpoint=saved.append)
    state = saved[-1]
    assert state.step == 3
    assert state.agreement_confirmed is False
    assert len(state.roster) == 4


# -------------------------------------------------------------- steps 4, 5


def test_shuffle_uses_the_seeded_rng_and_everyone_speaks_once(tmp_path: Path) -> None:
    prompter = _session(
        rounds=_quiet_goround(4, 5, [("select", "Shuffle the order")]) + _quiet_goround(4, 6)
    )
    f.run_session(prompter, tmp_path)
    order = _speaking_order(prompter)[:4]
    # run_session seeds the rng with 4; this is the first shuffle it makes.
    expected = [EVERYONE[i] for i in GoRound.shuffled(4, random.Random(4)).order]
    assert order == expected
    assert order != EVERYONE
    assert sorted(order) == sorted(EVERYONE)
    # The second round, "down the list", is untouched by the shuffle.
    assert _speaking_order(prompter)[4:] == EVERYONE


def test_choose_who_starts_goes_round_from_them(tmp_path: Path) -> None:
    start: Script = [("select", "Choose who starts"), ("select", "Priya Shah")]
    prompter = _session(rounds=_quiet_goround(4, 5, start) + _quiet_goround(4, 6))
    f.run_session(prompter, tmp_path)
    assert _speaking_order(prompter)[:4] == ["Priya Shah", "Chris Doyle", "Sam Patel", "Jo Reed"]


# ----------------------------------------------------------------- step 6


def _actions_then(*detour: tuple[str, object]) -> Script:
    """Step 6 as usual, with ``detour`` taken just before Done."""
    standard = f.three_actions()
    return [*standard[:-1], *detour, standard[-1]]


def test_rewording_an_action_keeps_the_new_words(tmp_path: Path) -> None:
    prompter = _session(
        actions=_actions_then(
            ("select", "Reword an action"),
            ("select", "Book a developmental"),
            ("text", "Book a developmental review at the GP surgery"),
        )
    )
    f.run_session(prompter, tmp_path)
    whats = [a["what"] for a in _record(tmp_path)["actions"]]
    assert whats[2] == "Book a developmental review at the GP surgery"
    assert len(whats) == 3


def test_removing_an_action_leaves_the_others_numbered_in_order(tmp_path: Path) -> None:
    prompter = _session(
        actions=_actions_then(("select", "Remove an action"), ("select", "Share weekly")),
        owners=[
            ("select", "Sam Patel"),
            ("text", "4/12/2026"),
            ("confirm", True),
            ("select", "Someone who is not here"),
            ("text", "Dr Lee"),
            ("select", "Another agency"),
            ("text", "GP Practice"),
            ("select", None),  # passed on by the Lead Professional
            ("text", "in 2 weeks"),
            ("confirm", True),
            ("select", "Done"),
        ],
    )
    outcome = f.run_session(prompter, tmp_path)
    actions = _record(tmp_path)["actions"]
    assert [(a["number"], a["what"]) for a in actions] == [
        (1, "Arrange a joint home visit with the health visitor"),
        (2, "Book a developmental review at the clinic"),
    ]
    assert "Removed: Share weekly attendance figures" in outcome.screen_flat


# ----------------------------------------------------------------- step 9


def _change(action: str, part: str, *answers: tuple[str, object]) -> Script:
    """At wrap-up: change one part of one action, then export."""
    return [
        ("select", "Change an action"),
        ("select", action),
        ("select", part),
        *answers,
        ("select", "Everyone agrees: export"),
    ]


def test_wrap_up_change_the_wording(tmp_path: Path) -> None:
    wording = "Arrange a joint home visit with the school nurse"
    prompter = _session(
        wrap_up=_change("Arrange a joint", "The wording", ("text", wording)),
    )
    f.run_session(prompter, tmp_path)
    assert _record(tmp_path)["actions"][0]["what"] == wording


def test_wrap_up_change_the_owner_to_someone_in_the_room(tmp_path: Path) -> None:
    # Action 3 belonged to Dr Lee (GP Practice): Jo Reed's agency records it elsewhere.
    prompter = _session(
        wrap_up=_change(
            "Book a developmental",
            "Who owns it",
            ("select", "Jo Reed"),
            ("text", "Health visiting record"),
        ),
    )
    f.run_session(prompter, tmp_path)
    action = _record(tmp_path)["actions"][2]
    assert (action["owner"], action["agency"]) == ("Jo Reed", "Health Visiting")
    assert action["recorded_where"] == "Health visiting record"
    assert "text: Where does Health Visiting record it?" in prompter.asked


def test_wrap_up_change_the_owner_to_someone_not_here_asks_where_again(tmp_path: Path) -> None:
    prompter = _session(
        wrap_up=_change(
            "Arrange a joint",
            "Who owns it",
            ("select", "Someone who is not here"),
            ("text", "Dr Kaur"),
            ("select", "Another agency"),
            ("text", "Community Paediatrics"),
            ("select", "Priya Shah"),  # who passes it on
            ("text", "Paediatric clinic notes"),
        ),
    )
    f.run_session(prompter, tmp_path)
    action = _record(tmp_path)["actions"][0]
    assert (action["owner"], action["agency"]) == ("Dr Kaur", "Community Paediatrics")
    assert action["recorded_where"] == "Paediatric clinic notes"
    assert action["passed_on_by"] == "Priya Shah"
    assert "text: Where does Community Paediatrics record it?" in prompter.asked


def test_wrap_up_new_owner_in_the_same_agency_keeps_where_it_is_recorded(
    tmp_path: Path,
) -> None:
    prompter = _session(
        wrap_up=_change(
            "Arrange a joint",
            "Who owns it",
            ("select", "Someone who is not here"),
            ("text", "Kim Ellis"),
            ("select", "Children's Social Care"),
            ("select", None),  # passed on by the Lead Professional
        ),
    )
    f.run_session(prompter, tmp_path)
    action = _record(tmp_path)["actions"][0]
    assert (action["owner"], action["agency"]) == ("Kim Ellis", "Children's Social Care")
    assert action["recorded_where"] == "Child's record in the social care case system"
    # Asked once, at step 8, and not again after the change.
    assert (
        prompter.asked.count("text: Where does Children's Social Care record these actions?") == 1
    )
    assert not any("record it?" in asked for asked in prompter.asked)


def test_wrap_up_change_the_date(tmp_path: Path) -> None:
    prompter = _session(
        wrap_up=_change("Share weekly", "The date", ("text", "11/12/2026"), ("confirm", True)),
    )
    f.run_session(prompter, tmp_path)
    assert _record(tmp_path)["actions"][1]["due"] == dt.date(2026, 12, 11)


def test_wrap_up_change_where_it_is_recorded(tmp_path: Path) -> None:
    prompter = _session(
        wrap_up=_change(
            "Arrange a joint", "Where it is recorded", ("text", "Social care case file")
        ),
    )
    f.run_session(prompter, tmp_path)
    assert _record(tmp_path)["actions"][0]["recorded_where"] == "Social care case file"


def test_wrap_up_change_the_review(tmp_path: Path) -> None:
    prompter = _session(
        wrap_up=[
            ("select", "Change the review"),
            ("text", "15/1/2027"),
            ("confirm", True),
            ("select", "Jo Reed"),
            ("select", "Everyone agrees: export"),
        ],
    )
    f.run_session(prompter, tmp_path)
    assert _record(tmp_path)["review"] == {
        "date": dt.date(2027, 1, 15),
        "convened_by": "Jo Reed",
    }


def test_wrap_up_change_the_outcome_statement_in_strategy_2(tmp_path: Path) -> None:
    prompter = _session(
        strategy="Strategy 2",
        wrap_up=[
            ("select", "Add the agreed outcome statement"),
            ("text", "A first draft the room then changed."),
            ("text", ""),
            # Once there is a statement, the same choice offers to change it.
            ("select", "Change the agreed outcome statement"),
            ("text", "The network shares one plan until the review."),
            ("text", ""),
            ("select", "Everyone agrees: export"),
        ],
    )
    f.run_session(prompter, tmp_path)
    assert _record(tmp_path)["outcome_summary"] == "The network shares one plan until the review."


def test_wrap_up_emptying_the_outcome_statement_removes_it(tmp_path: Path) -> None:
    prompter = _session(
        strategy="Strategy 2",
        wrap_up=[
            ("select", "Add the agreed outcome statement"),
            ("text", "A statement the room then withdrew."),
            ("text", ""),
            ("select", "Change the agreed outcome statement"),
            ("text", ""),
            ("select", "Everyone agrees: export"),
        ],
    )
    f.run_session(prompter, tmp_path)
    assert "outcome_summary" not in _record(tmp_path)


# ----------------------------------------------------------------- a late arrival from the menu


@pytest.mark.parametrize("esc_at", ["name", "role"])
def test_esc_leaves_the_late_arrival_form_opened_from_the_menu(tmp_path: Path, esc_at: str) -> None:
    from tests.scripted import ESC

    form: Script = [ESC] if esc_at == "name" else [("text", "Kim Lowe"), ESC]
    first_round = _quiet_goround(4, 5)
    rounds = [
        *first_round[:-1],
        ("select", "Add someone who has just arrived"),
        *form,
        # Back at the same menu, which still goes on as before.
        *first_round[-1:],
        *_quiet_goround(4, 6),
    ]
    prompter = _session(rounds=rounds)
    outcome = f.run_session(prompter, tmp_path)
    assert "Nobody was added." in outcome.screen_text
    assert outcome.flow.state.pending is None
    assert len(outcome.flow.state.roster.attendees) == 4
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert written
    for path in written:
        assert "Kim Lowe" not in path.read_text("utf-8")


# ----------------------------------------------------------------- professionals only


@pytest.mark.parametrize("answer", ["No: do not add", "Yes: add"])
def test_a_role_that_sounds_like_family_is_checked(tmp_path: Path, answer: str) -> None:
    family: Script = [
        ("select", "Add the next person"),
        ("text", "Dawn Reed"),
        ("text", "Mum"),
        ("select", answer),
    ]
    if answer.startswith("Yes"):
        family += [("select", "Another agency"), ("text", "Family")]
    speakers = 5 if answer.startswith("Yes") else 4
    added = answer.startswith("Yes")
    prompter = _session(
        introductions=_introductions_then(*family),
        rounds=_quiet_goround(speakers, 5) + _quiet_goround(speakers, 6),
        # Added, "Family" is an agency present: step 8 asks it where it records.
        recording=_recording_with(("Police", "Family", "Family file")) if added else None,
    )
    outcome = f.run_session(prompter, tmp_path)
    names = [a.name for a in outcome.flow.state.roster.attendees]
    assert ("Dawn Reed" in names) is answer.startswith("Yes")
    assert "select: 'Mum' sounds like family." in " ".join(prompter.asked)
    if not answer.startswith("Yes"):
        assert "Dawn Reed was not added: a Re-think is for professionals only." in (
            outcome.screen_flat
        )
        assert outcome.flow.state.pending is None
    # The step reminds the room who takes part.
    assert "Professionals only: the family is not part of a Re-think session." in (
        outcome.screen_flat
    )


def test_a_professional_role_is_not_questioned(tmp_path: Path) -> None:
    prompter = _session()
    f.run_session(prompter, tmp_path)
    assert not [q for q in prompter.asked if "sounds like family" in q]


def test_a_room_of_one_agency_is_asked_once_before_going_on(tmp_path: Path) -> None:
    one_agency: Script = [("text", "Social worker")]
    for name in ("Jo Reed", "Priya Shah", "Chris Doyle"):
        one_agency += [
            ("select", "Add the next person"),
            ("text", name),
            ("text", "Social worker"),
            ("select", "Children's Social Care"),
        ]
    one_agency += [
        ("select", "Everyone has introduced"),
        ("confirm", False),  # not yet: someone from another agency is on the way in
        ("select", "Add the next person"),
        ("text", "Ann Lee"),
        ("text", "Health visitor"),
        ("select", "Another agency"),
        ("text", "Health Visiting"),
        ("select", "Everyone has introduced"),
    ]
    prompter = _session(
        introductions=one_agency, rounds=_quiet_goround(5, 5) + _quiet_goround(5, 6)
    )
    outcome = f.run_session(prompter, tmp_path)
    asked = [q for q in prompter.asked if q.startswith("confirm: Everyone here is from")]
    assert asked == [
        "confirm: Everyone here is from Children's Social Care. A Re-think brings the "
        "agencies around the child together. Go on anyway?"
    ]
    assert len(outcome.flow.state.roster.attendees) == 5


def test_a_session_stops_offering_more_actions_and_people_at_its_caps() -> None:
    """The caps keep every record a session writes one it can read back (formats.reading)."""
    from types import SimpleNamespace

    from rethink_cli.core.action import DraftAction
    from rethink_cli.core.attendee import Attendee, Roster
    from rethink_cli.core.bounds import MAX_ATTENDEES, MEETING_MAX_ACTIONS
    from rethink_cli.dialogs.session import step2_introductions, step6_actions

    notes: list[str] = []
    screen = SimpleNamespace(note=notes.append)

    def values(choices: tuple[Any, ...]) -> list[str]:
        return [c.value for c in choices]

    actions = [DraftAction(f"Action {n}") for n in range(MEETING_MAX_ACTIONS - 1)]
    ctx: Any = SimpleNamespace(state=SimpleNamespace(actions=actions), screen=screen)
    assert "add" in values(step6_actions._choices(ctx))
    actions.append(DraftAction("The last one"))
    assert values(step6_actions._choices(ctx))[0] == "done"
    assert "add" not in values(step6_actions._choices(ctx))
    assert f"{MEETING_MAX_ACTIONS} actions is the most" in notes[-1]

    roster = Roster([Attendee(f"P{n}", "Role", "Agency") for n in range(MAX_ATTENDEES - 1)])
    ctx = SimpleNamespace(state=SimpleNamespace(roster=roster), screen=screen)
    assert "add" in values(step2_introductions._choices(ctx))
    roster.add(Attendee("Last", "Role", "Agency"))
    assert "add" not in values(step2_introductions._choices(ctx))
    assert "The list is full" in notes[-1]


# ----------------------------------------------------------------- the ending


def test_a_meeting_may_end_without_an_action_and_says_where_it_turns_next(
    tmp_path: Path,
) -> None:
    prompter = _session(
        actions=[("select", "No action could be agreed"), ("confirm", True)],
        owners=[("select", "Done")],  # step 7: nothing to own
        recording=[
            *(("text", where) for where in list(f.RECORDING.values())[:4]),  # those present
            ("text", "8/1/2027"),
            ("confirm", True),
            ("select", None),
            ("select", "Done"),
        ],
    )
    outcome = f.run_session(prompter, tmp_path)
    record = _record(tmp_path)
    assert record["actions"] == []
    assert record["outcome"] == "not resolved"
    # Strategy 3 still stuck: the area's escalation protocol; the reasons are never asked.
    assert record["next_route"] == "Take the concern on under your area's escalation protocol"
    assert not any("still stuck" in q for q in prompter.asked)  # said at step 6 already
    assert "No action could be agreed." in (
        tmp_path / "2026-11-26_PN-4471" / "2026-11-26_PN-4471_actions.md"
    ).read_text("utf-8")
    assert "Outcome: not resolved." in outcome.screen_flat
    assert "No action was agreed, so there is nothing to own or to date." in outcome.screen_flat
    assert "text: Where does Police record the outcome?" in prompter.asked
    # The closing page names the route.
    from rethink_cli.ui.closing import next_steps

    assert (
        "The network is still stuck. Next: Take the concern on under your area's escalation "
        "protocol." in next_steps(outcome.flow.state)
    )


def test_a_network_still_stuck_is_shown_the_next_route(tmp_path: Path) -> None:
    script = f.recording()
    assert script[-1] == ("select", None)
    script[-1] = ("select", "Yes: it is still stuck")
    prompter = _session(recording=script)
    outcome = f.run_session(prompter, tmp_path)
    record = _record(tmp_path)
    assert len(record["actions"]) == 3
    assert record["outcome"] == "not resolved"
    assert "escalation protocol" in record["next_route"]
    assert "Next: Take the concern on under your area's escalation protocol" in (
        outcome.screen_flat
    )


def test_strategy_2_still_stuck_asks_for_an_independent_facilitator() -> None:
    from rethink_cli.core.ending import next_route
    from rethink_cli.core.guide_area import Area

    assert "independent facilitator for a Strategy 3 session" in next_route(2, Area())
    named = Area(request_form="Request for an independent Re-think facilitator")
    assert 'the form "Request for an independent Re-think facilitator"' in next_route(2, named)
    protocol = Area(escalation_protocol="Multi-agency escalation protocol")
    assert next_route(3, protocol).endswith("the Multi-agency escalation protocol")


def test_strategy_3_names_who_receives_the_files_and_it_can_be_changed(tmp_path: Path) -> None:
    from rethink_cli.formats.autosave import state_from_dict, state_to_dict
    from rethink_cli.ui.closing import next_steps

    prompter = _session(
        wrap_up=[
            ("select", "Change who receives the files"),
            ("select", "Jo Reed"),
            ("select", "Everyone agrees: export"),
        ]
    )
    outcome = f.run_session(prompter, tmp_path)
    # The Lead Professional by default, said on the page; then changed from the menu.
    assert "The files go to Sam Patel, the Lead Professional" in outcome.screen_flat
    assert "The files go to Jo Reed: you keep no copy once they have them." in outcome.screen_flat
    state = outcome.flow.state
    assert state.receiver == "Jo Reed"
    assert state_from_dict(state_to_dict(state)).receiver == "Jo Reed"  # kept by the autosave
    folder = tmp_path / "2026-11-26_PN-4471"
    assert (
        "Hand the files to Jo Reed. Once they have them, delete this computer's copies with: "
        f'rethink actions handed-over {folder} --to "Jo Reed"' in next_steps(state, folder)
    )
    # The record itself says nothing of it: who carries the files is not the meeting's.
    assert "Jo Reed" not in str(_record(tmp_path).get("receiver", ""))
