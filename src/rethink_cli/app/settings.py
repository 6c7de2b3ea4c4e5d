"""What the command line, a plan file and the config file say, settled before any prompt."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rethink_cli.app.terminal import SessionOptions
from rethink_cli.core.errors import (
    UsageError,
)
from rethink_cli.core.facts import GivenFacts
from rethink_cli.core.guide_area import Area
from rethink_cli.formats.config import expand_home as expand_home

if TYPE_CHECKING:
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.core.timing import TimePlan
    from rethink_cli.formats.agreement import Agreement
    from rethink_cli.formats.config import Config


class FromPlan(NamedTuple):
    """What a plan file gives a session: facts, who is expected, minutes, agreement."""

    answers: GivenFacts
    expected: list[Attendee]
    step_minutes: tuple[int, ...] | None
    # A shipped name or a path (read from the plan's folder); None: the plan names none.
    agreement: str | None


def answers_from_plan(path: Path, given: GivenFacts) -> FromPlan:
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.formats.config import beside, is_agreement_path
    from rethink_cli.formats.plan import load_plan

    plan = load_plan(path)
    answers = given.over(GivenFacts.of(plan))
    expected = [Attendee(a.name, a.role, a.agency) for a in plan.attendees]
    steps = tuple(plan.step_minutes) if plan.step_minutes and not given.minutes else None
    agreement = plan.agreement
    if agreement is not None and is_agreement_path(agreement):
        agreement = str(beside(path.parent, agreement))
    return FromPlan(answers, expected, steps, agreement)


def settle_options(options: SessionOptions) -> tuple[SessionOptions, Config]:
    """Fill what the command line left open from the config file (read before any prompt)."""
    from dataclasses import replace

    from rethink_cli.formats.config import load_config

    config = load_config()
    settled = replace(
        options,
        # Absolute, so every message names the folder in full ("already in .", no).
        out_dir=expand_home(options.out_dir or config.export_folder or Path(".")).absolute(),
        agreement=options.agreement or config.agreement,
    )
    check_agreement(settled.agreement)
    return settled, config


def area_settings() -> Area:
    """The config's [area] names and links (read already, so a bad file was said at start)."""
    from rethink_cli.formats.config import load_config

    return load_config().area


def with_config(answers: GivenFacts, config: Config) -> GivenFacts:
    """What was given, with the config's defaults (such as the facilitator) behind it."""
    return answers.over(GivenFacts.of(config))


def config_step_minutes(config: Config) -> tuple[int, ...] | None:
    """The config's own time plan, if it has one (its total wins over ``minutes``)."""
    return tuple(config.step_minutes) if config.step_minutes else None


def time_plan_for(minutes: int | None, config: Config) -> TimePlan:
    """The plan ``rethink plan`` and a new session start from.

    ``--minutes`` first; else the config's step minutes, else its length, else
    the default length, shared by the steps' weights.
    """
    from rethink_cli.core.timing import DEFAULT_MINUTES, TimePlan, make_plan
    from rethink_cli.formats.texts import all_steps

    steps = config_step_minutes(config)
    if minutes is None and steps is not None:
        return TimePlan(steps)
    return make_plan(minutes or config.minutes or DEFAULT_MINUTES, [s.weight for s in all_steps()])


def check_agreement(name_or_path: str | None) -> None:
    """Report a broken agreement before any prompt, not at step 3.

    An organisation's own file is read and checked in full now. A shipped one is
    only looked up by name: the tests check every shipped file against the model,
    and leaving the model unbuilt brings the first prompt sooner.
    """
    from rethink_cli.formats.config import is_agreement_path

    wanted = name_or_path or "default"
    if is_agreement_path(wanted):
        choose_agreement(wanted)
    else:
        _shipped_name(wanted)


def _shipped_name(wanted: str) -> str:
    from rethink_cli.formats.packaged import packaged_agreement_names

    names = packaged_agreement_names()
    if wanted not in names:
        known = ", ".join(names)
        raise UsageError(f"No agreement called {wanted!r}. Shipped: {known}; or give a .toml path.")
    return wanted


def choose_agreement(name_or_path: str | None) -> Agreement:
    """A shipped agreement by name, or an organisation's own file by path."""
    from rethink_cli.formats.agreement import load_agreement, load_agreement_file
    from rethink_cli.formats.config import is_agreement_path

    wanted = name_or_path or "default"
    if is_agreement_path(wanted):
        # Read bounded (``formats.reading``): a pipe, a device or a huge file is one line.
        return load_agreement_file(expand_home(Path(wanted)))
    return load_agreement(_shipped_name(wanted))


def check_out_dir(folder: Path | None) -> None:
    folder = expand_home(folder or Path("."))
    try:
        there = folder.is_dir()
    except (OSError, ValueError):
        # Too long a name, or a folder on the way that cannot be looked into.
        there = False
    if not there:
        raise UsageError(f"--out: the folder {folder} does not exist.")
