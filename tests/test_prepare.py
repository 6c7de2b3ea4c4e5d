"""Before the meeting: the plan file, starting from it, and the rehearsal."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from rich.console import Console

from rethink_cli.app.demo import DEMO_ANSWERS, demo_attendees
from rethink_cli.app.session import new_session
from rethink_cli.app.settings import answers_from_plan
from rethink_cli.app.terminal import SessionOptions, Terminal
from rethink_cli.cli.app import run
from rethink_cli.core.facts import GivenFacts
from rethink_cli.formats.plan import load_plan
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers as f
from tests.scripted import FakeClock, ScriptedPrompter

PREPARE = [
    "session",
    "prepare",
    "--case",
    "PN-4471",
    "--facilitator",
    "Alex Morgan",
    "--strategy",
    "3",
    "--lead",
    "Sam Patel",
    "--lead-agency",
    "Children's Social Care",
    "--attendee",
    "Sam Patel|Social worker|Children's Social Care",
    "--attendee",
    "Jo Reed|Health visitor|Health Visiting",
    "--attendee",
    "Priya Shah|Safeguarding lead|Northside Primary School",
]


def test_prepare_with_options_writes_a_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.toml"
    assert run([*PREPARE, "--output", str(out)]) == 0
    plan = load_plan(out)
    assert plan.case_reference == "PN-4471" and plan.strategy == 3
    assert [a.name for a in plan.attendees] == ["Sam Patel", "Jo Reed", "Priya Shah"]
    data = tomllib.loads(out.read_text("utf-8"))
    assert data["schema"] == "rethink-plan/1"
    assert f"rethink session start {out}" in capsys.readouterr().out
    # Never overwritten silently.
    assert run([*PREPARE, "--output", str(out)]) == 1
    assert run([*PREPARE, "--output", str(out), "--force"]) == 0


def test_prepare_refuses_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "p.toml")
    assert run([*PREPARE, "--attendee", "Only a name", "--output", out]) == 2
    assert "write it as 'Name|Role|Agency'" in capsys.readouterr().err
    bad_case = [*PREPARE, "--output", out]
    bad_case[bad_case.index("PN-4471")] = "PN\x1b[31m"
    assert run(bad_case) == 2
    assert "--case: This must not contain control characters." in capsys.readouterr().err


def test_broken_plan_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'schema = "rethink-plan/1"\ncase_reference = ""\nstrategy = 1\nnotes = "x"\n', "utf-8"
    )
    assert run(["session", "start", str(bad)]) == 3
    err = capsys.readouterr().err
    assert "case_reference: must not be empty" in err
    assert "strategy: must be 2 or 3" in err
    assert "notes: is not a field of this plan" in err
    assert "facilitator: is missing" in err


def test_options_override_the_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    assert run([*PREPARE, "--output", str(out)]) == 0
    answers, expected, steps, _ = answers_from_plan(out, GivenFacts(facilitator="Someone Else"))
    assert answers.facilitator == "Someone Else" and answers.case_reference == "PN-4471"
    assert [a.name for a in expected] == ["Sam Patel", "Jo Reed", "Priya Shah"]
    assert steps is None


def terminal_for(prompter: ScriptedPrompter) -> tuple[Terminal, Console]:
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    return Terminal(prompter, RichScreen(console), plain=False), console


def session_after_step_1() -> list[tuple[str, object]]:
    script = list(f.agreement()) + f.goround(3, "zzz", 5) + f.goround(3, "zzz", 6)
    return (
        script
        + [
            # Someone not on the plan arrives: typed in, though Priya's apology is offered.
            ("select", "More options"),
            ("select", "Add someone who has just arrived"),
            ("select", "Someone else"),
            ("text", "Kim Lowe"),
            ("text", "Youth worker"),
            ("select", "Another agency"),
            ("text", "Youth Service"),
            ("select", "Go on"),  # the confidentiality points read to them
            # No action yet, so the menu cannot go on: back into step 6.
            ("select", "Back into step 6"),
        ]
        + f.three_actions()
        + [
            ("select", "Sam"),
            ("text", "4/12/2026"),
            ("confirm", True),
            ("select", "Jo Reed" if True else ""),
            ("text", "next Friday"),
            ("confirm", True),
            # Priya sent apologies: offered as an owner, named and with her agency.
            ("select", "Priya Shah, Safeguarding lead (Northside Primary School), sent apologies"),
            ("select", "Jo Reed"),  # who passes it on to her
            ("text", "in 2 weeks"),
            ("confirm", True),
            ("select", "Done"),
            ("text", "Child's record in the social care case system"),
            ("text", "Health visiting record"),
            ("text", "Police case file"),
            ("text", "Youth work notes"),  # Kim's, who came late
            ("text", "School safeguarding file"),  # Priya's agency, though she is away
            ("text", "8/1/2027"),
            ("confirm", True),
            ("select", None),
            ("select", "Done"),
            ("select", None),  # not stuck
            ("select", "Everyone agrees: export"),
        ]
    )


def test_start_from_plan_confirms_who_is_here(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.toml"
    assert run([*PREPARE, "--output", str(plan_path)]) == 0
    answers, expected, _, _ = answers_from_plan(plan_path, GivenFacts(meeting_date="26/11/2026"))
    out = tmp_path / "out"
    out.mkdir()
    script = [
        ("select", "Use this plan"),
        *f.intro_pages()[1:],
        ("confirm", True),  # Sam is here
        ("confirm", True),  # Jo is here
        ("confirm", False),  # Priya sent apologies
        ("select", "Add the next person"),
        ("text", "Chris Doyle"),
        ("text", "Neighbourhood officer"),
        ("select", "Another agency"),
        ("text", "Police"),
        ("select", "Everyone has introduced"),
        *session_after_step_1(),
    ]
    prompter = ScriptedPrompter.of(*script)
    terminal, console = terminal_for(prompter)
    new_session(answers, SessionOptions(out_dir=out), terminal, FakeClock(), expected=expected)
    # Named after the meeting's date, whatever day the test runs on.
    record = tomllib.loads(
        (out / "2026-11-26_PN-4471" / "2026-11-26_PN-4471_actions.toml").read_text("utf-8")
    )
    assert [a["name"] for a in record["attendees"]] == [
        "Sam Patel",
        "Jo Reed",
        "Chris Doyle",
        "Kim Lowe",
    ]
    assert "★ Lead Professional" in console.export_text()
    # Priya's apologies are kept, and her action names who tells her of it.
    assert record["apologies"] == [
        {"name": "Priya Shah", "role": "Safeguarding lead", "agency": "Northside Primary School"}
    ]
    third = record["actions"][2]
    assert (third["owner"], third["agency"]) == ("Priya Shah", "Northside Primary School")
    assert third["passed_on_by"] == "Jo Reed"
    assert third["recorded_where"] == "School safeguarding file"


def test_demo_is_a_clearly_marked_rehearsal(tmp_path: Path, clock: FakeClock) -> None:
    script = [
        ("select", "Use this plan"),
        *f.intro_pages()[1:],
        ("confirm", True),
        ("confirm", True),
        ("confirm", True),
        ("confirm", True),
        ("select", "Everyone has introduced"),
        *f.agreement(),
        *f.goround(4, "zzz", 5),
        *f.goround(4, "zzz", 6),
        ("select", "Add an action"),
        ("text", "Practise writing one clear action"),
        ("select", "Done"),
        ("select", "Jo Sample"),
        ("text", "in 1 week"),
        ("confirm", True),
        ("select", "Done"),
        *[("text", "Practice notes system")] * 4,  # each agency present
        ("text", "in 4 weeks"),
        ("confirm", True),
        ("select", None),
        ("select", "Done"),
        ("select", None),  # not stuck
        ("select", "Everyone agrees: export"),
    ]
    prompter = ScriptedPrompter.of(*script)
    terminal, console = terminal_for(prompter)
    new_session(
        DEMO_ANSWERS,
        SessionOptions(out_dir=tmp_path),
        terminal,
        clock,
        expected=demo_attendees(),
        demo=True,
    )
    assert "REHEARSAL" in console.export_text()
    (folder,) = tmp_path.iterdir()
    assert folder.name == f"{clock.today()}_REHEARSAL-ONLY"
    names = [p.name for p in folder.iterdir()]
    assert names and all(n.startswith(f"{clock.today()}_REHEARSAL-ONLY") for n in names)
    assert all(
        "(made up)" in a["role"]
        for a in tomllib.loads(next(folder.glob("*.toml")).read_text("utf-8"))["attendees"]
    )


def test_an_absent_lead_professional_is_said_and_the_room_chooses_who_leads(
    tmp_path: Path,
) -> None:
    plan_path = tmp_path / "plan.toml"
    assert run([*PREPARE, "--output", str(plan_path)]) == 0
    answers, expected, _, _ = answers_from_plan(plan_path, GivenFacts(meeting_date="26/11/2026"))
    out = tmp_path / "out"
    out.mkdir()
    script = [
        ("select", "Use this plan"),
        *f.intro_pages()[1:],
        ("confirm", False),  # Sam, the Lead Professional, sent apologies
        ("confirm", True),  # Jo is here
        ("confirm", True),  # Priya is here
        ("select", "Add the next person"),
        ("text", "Chris Doyle"),
        ("text", "Neighbourhood officer"),
        ("select", "Another agency"),
        ("text", "Police"),
        ("select", "Everyone has introduced"),
        ("select", "Jo Reed"),  # who leads for the network today
        *f.agreement(),
        *f.goround(3, "zzz", 5),
        *f.goround(3, "zzz", 6),
        ("select", "Add an action"),
        ("text", "Arrange a joint home visit with the health visitor"),
        ("select", "Done"),
        # Sam sent apologies: offered as an owner, then who tells him.
        ("select", "Sam Patel, Social worker (Children's Social Care), sent apologies"),
        ("select", "Jo Reed"),
        ("text", "4/12/2026"),
        ("confirm", True),
        ("select", "Done"),
        ("text", "Health visiting record"),
        ("text", "School safeguarding file"),
        ("text", "Police case file"),
        ("text", "Child's record in the social care case system"),  # Sam's agency, absent
        ("text", "8/1/2027"),
        ("confirm", True),
        ("select", None),
        ("select", "Done"),
        ("select", None),  # not stuck
        ("select", "Everyone agrees: export"),
    ]
    prompter = ScriptedPrompter.of(*script)
    terminal, console = terminal_for(prompter)
    new_session(answers, SessionOptions(out_dir=out), terminal, FakeClock(), expected=expected)
    assert not prompter.script
    record = tomllib.loads(
        (out / "2026-11-26_PN-4471" / "2026-11-26_PN-4471_actions.toml").read_text("utf-8")
    )
    shown = console.export_text()
    assert "The Lead Professional, Sam Patel, is not here." in " ".join(shown.split())
    assert "Apologies: Sam Patel" in shown
    assert record["meeting"]["lead_professional"] == "Jo Reed"
    assert record["meeting"]["lead_professional_agency"] == "Health Visiting"
    assert [a["name"] for a in record["attendees"]] == ["Jo Reed", "Priya Shah", "Chris Doyle"]
    assert record["apologies"][0]["name"] == "Sam Patel"
    assert record["actions"][0]["owner"] == "Sam Patel"
    assert record["actions"][0]["passed_on_by"] == "Jo Reed"
    assert record["review"]["convened_by"] == "Jo Reed"  # the Lead Professional by default


def test_a_lead_professional_who_sent_apologies_then_arrives_leads_again(
    tmp_path: Path,
) -> None:
    plan_path = tmp_path / "plan.toml"
    assert run([*PREPARE, "--output", str(plan_path)]) == 0
    answers, expected, _, _ = answers_from_plan(plan_path, GivenFacts(meeting_date="26/11/2026"))
    out = tmp_path / "out"
    out.mkdir()
    script = [
        ("select", "Use this plan"),
        *f.intro_pages()[1:],
        ("confirm", False),  # Sam, the Lead Professional, sent apologies
        ("confirm", True),
        ("confirm", True),
        ("select", "Everyone has introduced"),
        ("select", "Nobody here"),  # Sam stays Lead Professional
        *f.agreement(),
        *f.goround(2, "zzz", 5),
        *f.goround(2, "zzz", 6),
        # Sam arrives after all: picked from the apologies, nothing typed.
        ("select", "More options"),
        ("select", "Add someone who has just arrived"),
        ("select", "Sam Patel, Social worker (Children's Social Care), sent apologies"),
        ("select", "Go on"),
        ("select", "Back into step 6"),
        ("select", "Add an action"),
        ("text", "Arrange a joint home visit with the health visitor"),
        ("select", "Done"),
        ("select", "Sam Patel"),  # in the room now: no one needs to pass it on
        ("text", "4/12/2026"),
        ("confirm", True),
        ("select", "Done"),
        ("text", "Health visiting record"),
        ("text", "School safeguarding file"),
        ("text", "Child's record in the social care case system"),
        ("text", "8/1/2027"),
        ("confirm", True),
        ("select", None),
        ("select", "Done"),
        ("select", None),
        ("select", "Everyone agrees: export"),
    ]
    prompter = ScriptedPrompter.of(*script)
    terminal, _ = terminal_for(prompter)
    new_session(answers, SessionOptions(out_dir=out), terminal, FakeClock(), expected=expected)
    assert not prompter.script
    record = tomllib.loads(
        (out / "2026-11-26_PN-4471" / "2026-11-26_PN-4471_actions.toml").read_text("utf-8")
    )
    assert record["meeting"]["lead_professional"] == "Sam Patel"
    assert record["attendees"][-1]["name"] == "Sam Patel"
    assert "apologies" not in record  # he came
    assert "passed_on_by" not in record["actions"][0]
    assert record["review"]["convened_by"] == "Sam Patel"  # the Lead Professional again
