"""The whole nine-step session, driven by a scripted prompter and a fake clock."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from rethink_cli.core.errors import SessionInterrupted
from rethink_cli.core.facts import GivenFacts
from tests import flow_helpers as f
from tests.scripted import CTRL_C, ScriptedPrompter

MARKER = "zqx7jw9ky"  # no bound go-round keys (n, s, b, a, p, t, +)
# The folder a session of the scripted meeting exports into, inside the chosen one.
MEETING = "2026-11-26_PN-4471"
RECORD = f"{MEETING}/2026-11-26_PN-4471_actions.toml"


def strategy3_script() -> ScriptedPrompter:
    return ScriptedPrompter.of(
        *f.setup_answers("Strategy 3"),
        *f.intro_pages(),
        *f.introductions(),
        *f.agreement(),
        *f.goround(4, MARKER, 5),
        *f.goround(4, MARKER[::-1], 6),
        *f.three_actions(),
        *f.owners_and_dates(),
        *f.recording(),
        ("select", "Everyone agrees: export"),
    )


def test_strategy3_session_exports_every_field(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path)
    names = sorted(p.name for p in outcome.paths)
    # The record; all actions and each agency's copy, as Markdown and as plain text.
    # The Lead Professional's agency's copy says whose it is.
    stems = ["actions", "Childrens-Social-Care_lead-professional", "Health-Visiting"]
    stems += ["Northside-Primary-School", "Police", "GP-Practice"]
    assert names == sorted(
        ["2026-11-26_PN-4471_actions.toml"]
        + [f"2026-11-26_PN-4471_{stem}{suffix}" for stem in stems for suffix in (".md", ".txt")]
    )
    record = tomllib.loads((tmp_path / RECORD).read_text("utf-8"))
    assert record["meeting"] == {
        "date": dt.date(2026, 11, 26),
        "case_reference": "PN-4471",
        "strategy": 3,
        "independent_facilitator": True,
        "facilitator": "Alex Morgan",
        "lead_professional": "Sam Patel",
        "lead_professional_agency": "Children's Social Care",
    }
    assert [a["name"] for a in record["attendees"]] == [
        "Sam Patel",
        "Jo Reed",
        "Priya Shah",
        "Chris Doyle",
    ]
    assert record["attendees"][0]["role"] == "Social worker"
    assert record["actions"] == [
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
            "what": "Share weekly attendance figures with the Lead Professional",
            "owner": "Priya Shah",
            "agency": "Northside Primary School",
            "due": dt.date(2026, 11, 27),
            "recorded_where": "School safeguarding file",
        },
        {
            "number": 3,
            "what": "Book a developmental review at the clinic",
            "owner": "Dr Lee",
            "agency": "GP Practice",
            "due": dt.date(2026, 12, 10),
            "recorded_where": "GP notes",
            # Dr Lee was not in the room: the Lead Professional tells them.
            "passed_on_by": "Sam Patel",
        },
    ]
    # Every agency present says where it records the actions, owner or not.
    assert record["recording"] == [
        {"agency": agency, "where": where} for agency, where in f.RECORDING.items()
    ]
    assert record["outcome"] == "resolved"
    assert "next_route" not in record and "apologies" not in record
    assert "Passed on by: Sam Patel" in outcome.screen_flat
    # The read-back names the agencies that own nothing but record every action.
    assert (
        "Also recording every action: Health Visiting (Health visiting record); "
        "Police (Police case file)" in outcome.screen_flat
    )
    assert record["review"] == {"date": dt.date(2027, 1, 8), "convened_by": "Sam Patel"}
    assert "outcome_summary" not in record
    # The room is told plainly that nothing was noted, and who records the actions.
    assert "so no notes are kept" in outcome.screen_flat
    assert "Lead Professional: Sam Patel" in outcome.screen_flat


def test_go_round_keys_are_never_kept(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path)
    # The marker really was typed at go-round prompts...
    assert "".join(outcome.prompter.ignored_keys).count(MARKER) == 4
    # ...and reached no file, no state and no screen.
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(files) == 13
    for path in files:
        assert MARKER not in path.read_text("utf-8")
        assert MARKER[::-1] not in path.read_text("utf-8")
    assert MARKER not in repr(outcome.flow.state)
    assert MARKER not in outcome.screen_text


def test_each_step_screen_says_step_n_of_9(tmp_path: Path) -> None:
    text = f.run_session(strategy3_script(), tmp_path).screen_text
    for n in range(1, 10):
        assert f"Step {n} of 9" in text
    assert "Just names and roles at this stage" in text
    assert "What do you think, having heard everyone?" in text
    assert "Speaking now" in text and "Next: Jo Reed" in text


def test_vague_action_gets_a_hint_not_a_block(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path)
    assert "'monitor' can be hard to check at the review" in outcome.screen_flat


def test_status_line_counts_down_with_the_clock(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path)
    # Booked 90 minutes from 10:00 in London: the planned end is shown too.
    assert "Step 1 of 9 · 05:00 left · session 90:00 left · ends 11:30" in outcome.prompter.statuses


def strategy2_script() -> ScriptedPrompter:
    return ScriptedPrompter.of(
        *f.setup_answers("Strategy 2"),
        *f.intro_pages(),
        *f.introductions(),
        *f.agreement(),
        *f.goround(4, MARKER, 5),
        *f.goround(4, MARKER, 6),
        *f.three_actions(),
        *f.owners_and_dates(),
        *f.recording(),
        ("select", "Add the agreed outcome statement"),
        ("text", "The network shares one plan for the next six weeks."),
        ("text", "We meet again in January."),
        ("text", ""),
        ("select", "Everyone agrees: export"),
    )


def test_strategy2_keeps_only_the_outcome_statement(tmp_path: Path) -> None:
    outcome = f.run_session(strategy2_script(), tmp_path)
    # Facilitated within the network: no hand-over, the usual advice to delete when filed.
    assert outcome.flow.state.receiver is None
    from rethink_cli.ui.closing import next_steps

    assert "Once everything is filed, delete these files from this computer." in next_steps(
        outcome.flow.state
    )
    record = tomllib.loads((tmp_path / RECORD).read_text("utf-8"))
    assert record["meeting"]["strategy"] == 2
    assert record["meeting"]["independent_facilitator"] is False
    assert record["outcome_summary"] == (
        "The network shares one plan for the next six weeks.\nWe meet again in January."
    )
    md = (tmp_path / MEETING / "2026-11-26_PN-4471_Police.md").read_text("utf-8")
    assert "## Agreed outcome" in md


def test_independent_session_never_offers_an_outcome_statement(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path)
    assert not any("outcome statement" in q for q in outcome.prompter.asked)


def test_setup_options_skip_their_questions(tmp_path: Path) -> None:
    answers = GivenFacts(
        case_reference="PN-9",
        meeting_date="26/11/2026",
        facilitator="Alex Morgan",
        strategy=3,
        lead_professional="Sam Patel",
        lead_professional_agency="Children's Social Care",
        minutes=60,
    )
    script = list(strategy3_script().script)[7:]  # no setup questions at all
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path, answers)
    assert outcome.flow.state.plan.total == 60
    assert (tmp_path / "2026-11-26_PN-9" / "2026-11-26_PN-9_actions.toml").exists()


def test_strategy_1_is_explained_not_run(tmp_path: Path) -> None:
    prompter = ScriptedPrompter.of(
        ("text", "PN-4471"),
        ("text", None),
        ("text", "Alex Morgan"),
        ("select", "Strategy 1"),
        ("select", "Strategy 3"),
        *list(strategy3_script().script)[4:],
    )
    outcome = f.run_session(prompter, tmp_path)
    assert "Strategy 1 needs no group session" in outcome.screen_text


def test_bad_input_is_refused_and_nothing_confirmed_is_lost(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    # Case reference: empty, an invisible character, too long, then fine. (An escape
    # sequence or a direction-changing character is dropped rather than refused:
    # tests/test_hostile_input.py.)
    script[0:1] = [("text", ""), ("text", "PN\u200b"), ("text", "x" * 61), ("text", "PN-4471")]
    prompter = ScriptedPrompter.of(*script)
    # Owner's due date: US order that does not exist, a past date, then fine.
    index = next(i for i, e in enumerate(prompter.script) if e == ("text", "4/12/2026"))
    prompter.script.insert(index, ("text", "12/31/2026"))
    prompter.script.insert(index, ("text", "1/1/2020"))
    f.run_session(prompter, tmp_path)
    assert prompter.refusals[0] == "This must not be empty."
    assert prompter.refusals[1] == "This must not contain invisible formatting characters."
    assert prompter.refusals[2].startswith("This must be at most 60 characters")
    assert "already passed" in prompter.refusals[3]
    assert "12/31/2026" in prompter.refusals[4] or "month" in prompter.refusals[4]
    record = tomllib.loads((tmp_path / RECORD).read_text("utf-8"))
    assert record["actions"][0]["due"] == dt.date(2026, 12, 4)


def test_late_arrival_joins_the_roster_and_the_round(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    # During the first speaker's turn, someone arrives.
    script[start + 1 : start + 1] = [
        ("key", "a"),
        # Asked first: no text field opens from a key.
        ("select", "Yes: add them now"),
        ("text", "Kim Lowe"),
        ("text", "Family support worker"),
        ("select", "Another agency"),
        ("text", "Early Help"),
        ("select", "Go on"),  # the confidentiality points read to them
    ]
    # Kim gets a turn in the first round (one more Enter) and in the second.
    first_finish = script.index(("select", "Finish this go-round"))
    script.insert(first_finish, ("key", "enter"))
    second_finish = script.index(("select", "Finish this go-round"), first_finish + 2)
    script.insert(second_finish, ("key", "enter"))
    # Early Help is present now, so step 8 asks it too, after the Police.
    script.insert(script.index(("text", "Police case file")) + 1, ("text", "Early Help log"))
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path)
    record = tomllib.loads((tmp_path / RECORD).read_text("utf-8"))
    assert {"agency": "Early Help", "where": "Early Help log"} in record["recording"]
    assert record["attendees"][-1] == {
        "name": "Kim Lowe",
        "role": "Family support worker",
        "agency": "Early Help",
    }
    assert (tmp_path / MEETING / "2026-11-26_PN-4471_Early-Help.md").exists()
    assert "Turn 5 of 5" in outcome.screen_text
    # They missed step 3: the agreement's confidentiality point is read to them first.
    shown = outcome.screen_flat
    assert "Kim Lowe missed the group agreement. Read this to them:" in shown
    assert "5 of 8 · Confidentiality" in shown
    assert "What is said in this space stays in this space." in shown
    assert "• We talk only about the child and family this meeting is for." in shown
    assert "select: Once Kim Lowe has heard this, go on" in outcome.prompter.asked


def test_pass_and_back_in_a_go_round(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    end = script.index(("select", "Finish this go-round"))
    # Sam passes, Jo speaks, back to Jo, Jo again, Priya, Chris, then Sam's offered turn.
    script[start + 1 : end] = [
        ("key", "s"),
        ("key", "enter"),
        ("key", "b"),
        ("key", "enter"),
        ("key", "enter"),
        ("key", "enter"),
        ("key", "enter"),
    ]
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path)
    assert "Sam Patel passes for now" in outcome.screen_text
    assert "Offered a turn again" in outcome.screen_text


def test_passing_twice_ends_the_round(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    end = script.index(("select", "Finish this go-round"))
    # Sam passes, the others speak, Sam passes again: the round ends anyway.
    script[start + 1 : end] = [("key", "s"), *[("key", "enter")] * 3, ("key", "s")]
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path)
    assert "Sam Patel would rather not speak this round." in outcome.screen_text


def test_going_back_a_step_keeps_everything(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    at = script.index(("select", "Go on to step 4"))
    script[at : at + 1] = [
        ("select", "Back to step 2"),
        ("select", "Everyone has introduced"),
        *f.agreement()[:-1],
        ("select", "Go on to step 4"),
    ]
    f.run_session(ScriptedPrompter.of(*script), tmp_path)
    record = tomllib.loads((tmp_path / RECORD).read_text("utf-8"))
    assert len(record["attendees"]) == 4


def test_ctrl_c_pauses_and_carries_on(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    at = script.index(("select", "Done"))  # end of step 6, two actions in
    script[at:at] = [CTRL_C, ("select", "Carry on")]
    f.run_session(ScriptedPrompter.of(*script), tmp_path)
    record = tomllib.loads((tmp_path / RECORD).read_text("utf-8"))
    assert len(record["actions"]) == 3


def test_quit_asks_first_then_stops(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    at = script.index(("select", "Everyone has introduced"))
    script[at:] = [
        ("select", "More options"),
        ("select", "Quit the session"),
        ("confirm", False),
        ("select", "Quit the session"),
        ("confirm", True),
    ]
    with pytest.raises(SessionInterrupted):
        f.run_session(ScriptedPrompter.of(*script), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_export_failure_keeps_everything_and_offers_another_folder(tmp_path: Path) -> None:
    target = tmp_path / "first"
    (target / MEETING).mkdir(parents=True)
    (target / RECORD).write_text("someone else's", "utf-8")
    other = tmp_path / "second"
    other.mkdir()
    script = list(strategy3_script().script)
    script += [("text", str(tmp_path / "missing")), ("text", str(other))]
    outcome = f.run_session(ScriptedPrompter.of(*script), target)
    assert "This meeting's files are already in" in outcome.screen_flat
    assert "Everything is kept. Choose another folder" in outcome.screen_flat
    assert any("is not a folder" in r for r in outcome.prompter.refusals)
    assert len(list((other / MEETING).iterdir())) == 13
    assert [p.name for p in (target / MEETING).iterdir()] == ["2026-11-26_PN-4471_actions.toml"]
    assert (target / RECORD).read_text("utf-8") == "someone else's"


def test_works_at_60_columns(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path, width=60)
    assert max(len(line) for line in outcome.screen_text.splitlines()) <= 60


def test_a_name_as_case_reference_is_questioned(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    script[0:1] = [("text", "Sarah Jones"), ("confirm", False), ("text", "PN-4471")]
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path)
    assert "'Sarah Jones' looks like a person's name" in outcome.screen_flat
    assert (tmp_path / RECORD).exists()


def _after_the_case_reference() -> list[Any]:
    """The scripted session from the meeting date on: the case reference is given."""
    return list(strategy3_script().script)[1:]


def test_a_name_given_with_case_is_questioned_then_typed_again(tmp_path: Path) -> None:
    script = [("confirm", False), ("text", "PN-4471"), *_after_the_case_reference()]
    prompter = ScriptedPrompter.of(*script)
    outcome = f.run_session(prompter, tmp_path, GivenFacts(case_reference="Sarah Jones"))
    assert prompter.asked[:2] == ["confirm: Keep it anyway?", "text: Case reference"]
    assert "'Sarah Jones' looks like a person's name" in outcome.screen_flat
    # Not used silently: no file carries the name.
    assert (tmp_path / RECORD).exists()
    assert not any("Sarah" in p.name for p in tmp_path.rglob("*"))


def test_a_name_given_with_case_is_kept_only_when_confirmed(tmp_path: Path) -> None:
    script = [("confirm", True), *_after_the_case_reference()]
    prompter = ScriptedPrompter.of(*script)
    f.run_session(prompter, tmp_path, GivenFacts(case_reference="Sarah Jones"))
    assert prompter.asked[0] == "confirm: Keep it anyway?"
    kept = tmp_path / "2026-11-26_Sarah-Jones" / "2026-11-26_Sarah-Jones_actions.toml"
    record = tomllib.loads(kept.read_text("utf-8"))
    assert record["meeting"]["case_reference"] == "Sarah Jones"


def test_a_reference_given_with_case_is_not_questioned(tmp_path: Path) -> None:
    prompter = ScriptedPrompter.of(*_after_the_case_reference())
    f.run_session(prompter, tmp_path, GivenFacts(case_reference="PN-4471"))
    assert not any("Keep it anyway" in q or "Case reference" in q for q in prompter.asked)


def test_a_name_from_a_plan_file_is_questioned(tmp_path: Path) -> None:
    from rethink_cli.app.settings import answers_from_plan

    plan = tmp_path / "plan.toml"
    plan.write_text(
        'schema = "rethink-plan/1"\ncase_reference = "Sarah Jones"\nstrategy = 3\n'
        'facilitator = "Alex Morgan"\nlead_professional = "Sam Patel"\n'
        'lead_professional_agency = "Children\'s Social Care"\n',
        "utf-8",
    )
    answers = answers_from_plan(plan, GivenFacts()).answers
    assert answers.case_reference == "Sarah Jones"
    out = tmp_path / "out"
    out.mkdir()
    script = [
        ("confirm", False),
        ("text", "PN-4471"),
        ("text", None),  # meeting date: today; the rest is in the plan
        *list(strategy3_script().script)[7:],
    ]
    prompter = ScriptedPrompter.of(*script)
    outcome = f.run_session(prompter, out, answers)
    assert "'Sarah Jones' looks like a person's name" in outcome.screen_flat
    assert (out / RECORD).exists()


def test_prepare_without_a_terminal_refuses_a_name_as_case_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rethink_cli.cli.app import run

    out = tmp_path / "plan.toml"
    argv = [
        *("session", "prepare", "--case", "Sarah Jones", "--facilitator", "Alex Morgan"),
        *("--strategy", "3", "--lead", "Sam Patel", "--lead-agency", "Social Care"),
        *("--attendee", "Sam Patel|Social worker|Social Care", "--output", str(out)),
    ]
    # Every option is given, but the name must be confirmed: one line, exit 2, no file.
    assert run(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "confirm a case reference that looks like a name" in err[0]
    assert not out.exists()


def test_review_before_a_due_date_gets_a_hint(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    at = script.index(("text", "8/1/2027"))
    script[at] = ("text", "1/12/2026")  # before actions 1 and 3 are due
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path)
    assert "The review comes before action 1, 3 is due" in outcome.screen_flat


def test_closing_words_say_which_file_to_paste_and_which_to_keep(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path)
    written = outcome.screen_flat[outcome.screen_flat.rindex("Written") :]
    assert "Paste each agency's .txt into its record for the child" in written
    assert "(the .md is the same, to upload)." in written
    assert "The Lead Professional keeps the .toml, for the review." in written


def test_outcome_lines_share_one_length_limit(tmp_path: Path) -> None:
    script = list(strategy2_script().script)
    at = script.index(("text", "The network shares one plan for the next six weeks."))
    script[at : at + 2] = [("text", "a" * 1500), ("text", "b" * 1500), ("text", "b" * 400)]
    prompter = ScriptedPrompter.of(*script)
    f.run_session(prompter, tmp_path)
    # The second long line would break the 2,000 total: refused as it is typed.
    assert prompter.refusals == ["This must be at most 499 characters (it has 1500)."]
    record = tomllib.loads((tmp_path / RECORD).read_text("utf-8"))
    assert len(record["outcome_summary"]) == 1901


def test_flag_emoji_are_welcome() -> None:
    from rethink_cli.core import plaintext

    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert plaintext.check_text(f"Team {scotland}", max_length=50) == f"Team {scotland}"


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("OneDrive - Portsmouth Council/Meetings", "OneDrive"),
        ("Dropbox/work", "Dropbox"),
        ("Library/CloudStorage/GoogleDrive-me@example.org/My Drive", "Google Drive"),
        ("Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
    ],
)
def test_synced_folders_are_recognised(tmp_path: Path, folder: str, service: str) -> None:
    from rethink_cli.storage.synced import synced_service

    assert synced_service(tmp_path / folder) == service
    assert synced_service(tmp_path / "Documents" / "rethink") is None


def test_synced_export_folder_asks_first(tmp_path: Path) -> None:
    synced = tmp_path / "OneDrive - Council"
    synced.mkdir()
    local = tmp_path / "local"
    local.mkdir()
    script = [*strategy3_script().script, ("confirm", False), ("text", str(local))]
    outcome = f.run_session(ScriptedPrompter.of(*script), synced)
    assert "is synced by OneDrive" in outcome.screen_flat
    assert list(synced.iterdir()) == []
    assert [p.name for p in local.iterdir()] == [MEETING]
    assert len(list((local / MEETING).iterdir())) == 13
    # Saying yes writes there.
    again = [*strategy3_script().script, ("confirm", True)]
    f.run_session(ScriptedPrompter.of(*again), synced)
    assert len(list((synced / MEETING).iterdir())) == 13
