"""Settings that used to drift apart: each one now reaches the place it is meant for."""

from __future__ import annotations

import re

import pytest

from rethink_cli.app.settings import time_plan_for
from rethink_cli.cli.app import run
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
