"""Settings that used to drift apart: each one now reaches the place it is meant for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rethink_cli.app.settings import answers_from_plan, time_plan_for
from rethink_cli.cli.app import run
from rethink_cli.core.facts import GivenFacts
from rethink_cli.formats.config import load_config
from tests.test_config import write_config

STEPS = "step_minutes = [4, 4, 4, 21, 21, 15, 8, 5, 8]\n"


def _plan_minutes(printed: str) -> list[int]:
    return [int(m) for m in re.findall(r"^\d\. .*?(\d+) min", printed, re.M)]


def test_rethink_plan_reads_the_config_length(capsys: pytest.CaptureFixture[str]) -> None:
    write_config("minutes = 60\n")
    assert run(["plan"]) == 0
    printed = capsys.readouterr().out
    assert sum(_plan_minutes(printed)) == 60
    assert "Total" in printed and "60 min" in printed


def test_rethink_plan_reads_the_config_steps(capsys: pytest.CaptureFixture[str]) -> None:
    write_config(STEPS)
    assert run(["plan"]) == 0
    assert _plan_minutes(capsys.readouterr().out) == [4, 4, 4, 21, 21, 15, 8, 5, 8]


def test_the_command_line_beats_the_config(capsys: pytest.CaptureFixture[str]) -> None:
    write_config(STEPS)
    assert run(["plan", "--minutes", "45"]) == 0
    assert sum(_plan_minutes(capsys.readouterr().out)) == 45


def test_step_minutes_are_not_dropped_when_minutes_is_set_too() -> None:
    write_config("minutes = 98\n" + STEPS)
    plan = time_plan_for(None, load_config())
    assert plan.minutes == (4, 4, 4, 21, 21, 15, 8, 5, 8)


# ------------------------------------------------------------ the agreement setting

PLAN_HEAD = (
    'schema = "rethink-plan/1"\ncase_reference = "PN-4471"\nstrategy = 3\n'
    'facilitator = "Alex Morgan"\nlead_professional = "Sam Patel"\n'
    'lead_professional_agency = "Children\'s Social Care"\n'
)


def test_a_plan_names_its_agreement(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_HEAD + 'agreement = "short"\n', "utf-8")
    assert answers_from_plan(plan, GivenFacts()).agreement == "short"


def test_a_plan_without_an_agreement_leaves_it_to_the_config(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_HEAD, "utf-8")
    assert answers_from_plan(plan, GivenFacts()).agreement is None


def test_a_misspelt_plan_agreement_stops_before_any_prompt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_HEAD + 'agreement = "shrot"\n', "utf-8")
    assert run(["session", "start", str(plan)]) == 2
    assert "No agreement called 'shrot'" in capsys.readouterr().err


def test_a_plans_own_agreement_file_is_read_from_the_plans_folder(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "plan.toml"
    plan.write_text(PLAN_HEAD + 'agreement = "ours.toml"\n', "utf-8")
    assert answers_from_plan(plan, GivenFacts()).agreement == str(tmp_path / "plans" / "ours.toml")


def test_a_relative_agreement_in_the_config_is_read_from_the_configs_folder() -> None:
    path = write_config('agreement = "agreements/ours.toml"\nexport_folder = "out"\n')
    config = load_config()
    assert config.agreement == str(path.parent / "agreements" / "ours.toml")
    assert config.export_folder == path.parent / "out"


def test_facilitator_agency_is_no_longer_a_setting(capsys: pytest.CaptureFixture[str]) -> None:
    # It was accepted and shown, but nothing used it: now it says so instead.
    write_config('facilitator_agency = "Independent Reviewing Service"\n')
    assert run(["config", "show"]) == 3
    assert "facilitator_agency: is not a field of this config" in capsys.readouterr().err


def test_a_session_length_out_of_range_reads_as_one_sentence() -> None:
    import datetime as dt
    import io

    from rich.console import Console

    from rethink_cli.dialogs.facts import ask_setup
    from rethink_cli.ui.screen import RichScreen
    from tests.scripted import ScriptedPrompter

    prompter = ScriptedPrompter.of(
        *[("text", v) for v in ("PN-4471", None, "Alex Morgan")],
        ("select", "Strategy 3"),
        *[("text", v) for v in ("Sam Patel", "Social Care", "9045", "²", "45")],
    )
    screen = RichScreen(Console(file=io.StringIO()))
    facts = ask_setup(GivenFacts(), prompter=prompter, screen=screen, today=dt.date(2026, 11, 26))
    assert facts.minutes == 45
    assert prompter.refusals == [
        "A session lasts between 20 and 240 minutes, not 9045.",
        "Type a whole number of minutes.",
    ]
