"""The facilitator's config file: defaults without one, clear problems with a bad one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rethink_cli.app.settings import choose_agreement, settle_options, with_config
from rethink_cli.app.terminal import SessionOptions
from rethink_cli.cli.app import run
from rethink_cli.core.errors import InvalidRecordError, UsageError
from rethink_cli.core.facts import GivenFacts
from rethink_cli.formats.config import Config, config_path, load_config


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_no_file_means_defaults() -> None:
    assert not config_path().exists()
    assert load_config() == Config()


def test_config_path_honours_override() -> None:
    assert config_path() == Path(os.environ["RETHINK_CONFIG_DIR"]) / "config.toml"


def test_settings_fill_what_options_leave_open(tmp_path: Path) -> None:
    write_config(
        f'facilitator = "Alex Morgan"\nminutes = 60\nexport_folder = "{tmp_path}"\n'
        'agreement = "short"\n'
    )
    options, config = settle_options(SessionOptions())
    assert options.out_dir == tmp_path and options.agreement == "short"
    answers = with_config(GivenFacts(), config)
    assert answers.facilitator == "Alex Morgan" and answers.minutes == 60
    # An option on the command line wins over the file.
    given = with_config(GivenFacts(facilitator="Sam", minutes=120), config)
    assert given.facilitator == "Sam" and given.minutes == 120


def test_bad_config_names_each_key(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('minutes = 500\nfacilitator = 3\ncolour = "blue"\nstep_minutes = [1, 2]\n')
    with pytest.raises(InvalidRecordError) as raised:
        load_config()
    assert "minutes: must be from 20 to 240" in raised.value.details
    assert "facilitator: must be text in quotes, not a number" in raised.value.details
    assert (
        "colour: is not a field of this config (use facilitator, minutes, "
        "step_minutes, export_folder or agreement)"
    ) in raised.value.details
    assert "step_minutes: must list 9 whole numbers, each from 1 to 120" in raised.value.details
    assert run(["config", "show"]) == 3
    assert "problem" in capsys.readouterr().err


def test_config_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_path())
    assert run(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert "no file yet: defaults" in shown and "90 (default)" in shown
    write_config('facilitator = "Alex Morgan"\n')
    assert run(["config", "show"]) == 0
    assert "Alex Morgan" in capsys.readouterr().out


def test_agreement_by_name_or_path(tmp_path: Path) -> None:
    assert choose_agreement(None).name == "default"
    assert choose_agreement("short").name == "short"
    with pytest.raises(UsageError, match="No agreement called 'nope'"):
        choose_agreement("nope")
    own = tmp_path / "ours.toml"
    own.write_text(
        'name = "ours"\ntitle = "Our way"\n[[points]]\ntitle = "Listen"\ntext = "We listen."\n',
        "utf-8",
    )
    assert choose_agreement(str(own)).points[0].title == "Listen"


def test_a_broken_agreement_is_reported_before_any_prompt(tmp_path: Path) -> None:
    # A shipped agreement is only looked up by name at start-up (the tests check
    # its content); an organisation's own file is read and checked in full.
    with pytest.raises(UsageError, match="No agreement called 'nope'"):
        settle_options(SessionOptions(agreement="nope"))
    broken = tmp_path / "ours.toml"
    broken.write_text('name = "ours"\ntitle = "Our way"\npoints = 3\n', "utf-8")
    with pytest.raises(InvalidRecordError, match=r"ours\.toml has 1 problem") as raised:
        settle_options(SessionOptions(agreement=str(broken)))
    assert any("points" in detail for detail in raised.value.details)
    assert settle_options(SessionOptions(agreement="short"))[0].agreement == "short"
