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
from rethink_cli.core.guide_area import Area
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


def test_the_export_folder_is_settled_as_a_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Messages name it ("already in ...") and a resume from elsewhere writes there.
    monkeypatch.chdir(tmp_path)
    assert settle_options(SessionOptions())[0].out_dir == tmp_path
    assert settle_options(SessionOptions(out_dir=Path("minutes")))[0].out_dir == (
        tmp_path / "minutes"
    )
    write_config('export_folder = "~/rethink"\n')
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert settle_options(SessionOptions())[0].out_dir == tmp_path / "home" / "rethink"


def test_bad_config_names_each_key(capsys: pytest.CaptureFixture[str]) -> None:
    write_config('minutes = 500\nfacilitator = 3\ncolour = "blue"\nstep_minutes = [1, 2]\n')
    with pytest.raises(InvalidRecordError) as raised:
        load_config()
    assert "minutes: must be from 20 to 240" in raised.value.details
    assert "facilitator: must be text in quotes, not a number" in raised.value.details
    assert (
        "colour: is not a field of this config (use facilitator, minutes, "
        "step_minutes, export_folder, agreement or area)"
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


# ------------------------------------------------------------------ the area's names and links

ROOT = Path(__file__).resolve().parents[1]
FULL_AREA = (
    "[area]\n"
    'name = "Portsmouth"\n'
    'escalation_protocol = "HIPS Escalation Protocol"\n'
    'escalation_protocol_link = "https://example.org/hips"\n'
    'request_form = "Re-think 3: request an independent facilitator"\n'
    'request_form_link = "http://example.org/form?id=3"\n'
)


def test_area_settings_are_read() -> None:
    write_config(FULL_AREA)
    assert load_config().area == Area(
        name="Portsmouth",
        escalation_protocol="HIPS Escalation Protocol",
        escalation_protocol_link="https://example.org/hips",
        request_form="Re-think 3: request an independent facilitator",
        request_form_link="http://example.org/form?id=3",
    )


def test_every_area_setting_is_optional() -> None:
    write_config('[area]\nname = "Portsmouth"\n')
    assert load_config().area == Area(name="Portsmouth")
    write_config("[area]\n")
    assert load_config().area == Area()
    write_config('facilitator = "Alex Morgan"\n')
    assert load_config().area == Area()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[area]\nprotocol = "HIPS"\n',
            "area.protocol: is not a field of this config (use name, escalation_protocol, "
            "escalation_protocol_link, request_form or request_form_link)",
        ),
        ("[area]\nname = 3\n", "area.name: must be text in quotes, not a number"),
        (
            "[area]\nescalation_protocol = true\n",
            "area.escalation_protocol: must be text in quotes, not true or false",
        ),
        ('area = "Portsmouth"\n', "area: must be a [area] table, not text"),
        (
            '[area]\nrequest_form_link = "www.example.org/form"\n',
            "area.request_form_link: must be a web link that starts with https:// (or http://)",
        ),
        (
            '[area]\nescalation_protocol_link = "ftp://example.org/protocol"\n',
            "area.escalation_protocol_link: must be a web link that starts with https:// "
            "(or http://)",
        ),
        (
            '[area]\nescalation_protocol_link = "javascript:alert(1)"\n',
            "area.escalation_protocol_link: must be a web link that starts with https:// "
            "(or http://)",
        ),
        (
            '[area]\nrequest_form_link = "https://"\n',
            "area.request_form_link: must be a web link that starts with https:// (or http://)",
        ),
        (
            '[area]\nrequest_form_link = "https://example.org/a form"\n',
            "area.request_form_link: must be a web link that starts with https:// (or http://)",
        ),
        (
            '[area]\nrequest_form_link = "https://[::1"\n',
            "area.request_form_link: must be a web link that starts with https:// (or http://)",
        ),
        ('[area]\nname = "  "\n', "area.name: must not be empty"),
        (
            '[area]\nescalation_protocol = "HIPS\\u001b[31m"\n',
            "area.escalation_protocol: must not contain control characters",
        ),
        (
            "[area]\nrequest_form_link = 42\n",
            "area.request_form_link: must be text in quotes, not a number",
        ),
    ],
)
def test_bad_area_settings_are_named(text: str, problem: str) -> None:
    write_config(text)
    with pytest.raises(InvalidRecordError) as raised:
        load_config()
    assert raised.value.details == [problem]


def test_config_show_lists_the_area(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert "area.escalation_protocol       (not set: your area's escalation protocol)" in shown
    assert "area.request_form_link         (not set)" in shown
    write_config(FULL_AREA)
    assert run(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert "area.name                      Portsmouth" in shown
    assert "area.escalation_protocol_link  https://example.org/hips" in shown
    assert "area.request_form              Re-think 3: request an independent facilitator" in (
        shown
    )


def test_the_example_area_config_is_valid_and_named(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "docs" / "example-area-config.toml"
    area = load_config(example).area
    assert area.name == "Portsmouth"
    assert area.escalation_protocol == "HIPS Escalation Protocol"
    assert area.escalation_protocol_link and area.escalation_protocol_link.startswith("https://")
    assert area.request_form == "Re-think 3: request an independent facilitator"
    # Copied into place, it is what the guide then uses.
    write_config(example.read_text("utf-8"))
    assert run(["guide", "-s", "3"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert 'using the form "Re-think 3: request an independent facilitator"' in out
    assert f"HIPS Escalation Protocol: {area.escalation_protocol_link}" in out
