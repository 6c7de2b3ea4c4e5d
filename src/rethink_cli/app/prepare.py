"""``session prepare``: build a plan file from options, asking only for what is missing."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.errors import InvalidInputError, InvalidRecordError
from rethink_cli.core.facts import GivenFacts, given_from
from rethink_cli.core.privacy import looks_like_a_name
from rethink_cli.core.timing import DEFAULT_MINUTES
from rethink_cli.export.filenames import safe_component
from rethink_cli.export.writer import OutputFile, write_one_file
from rethink_cli.formats.plan import PLAN_SCHEMA, parse_plan, render_plan

if TYPE_CHECKING:
    from rethink_cli.core.clock import Clock


def parse_attendee_option(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 3 or not all(parts):
        raise InvalidInputError(
            f"--attendee {text!r}: write it as 'Name|Role|Agency', for example "
            "'Jo Reed|Health visitor|Health Visiting'."
        )
    return {"name": parts[0], "role": parts[1], "agency": parts[2]}


def prepare_plan(
    given: GivenFacts,
    attendee_options: list[str],
    *,
    output: Path | None,
    force: bool,
    clock: Clock,
) -> Path:
    """Write the plan file; interactive only when options leave something out."""
    from rethink_cli.dialogs.facts import check_given

    attendees = [parse_attendee_option(a) for a in attendee_options]
    # A plan has no date: "today" only lets the questions run; it is not kept.
    given = replace(given, meeting_date="today").over(GivenFacts(minutes=DEFAULT_MINUTES))
    # A reference that looks like a name is asked about, as at the start of a session.
    if not given.missing() and not looks_like_a_name(given.case_reference or ""):
        check_given(given, clock.today())
        facts = given
    else:
        facts, attendees = _ask_the_rest(given, attendees, clock)
    data = {"schema": PLAN_SCHEMA, **_plan_facts(facts), "attendees": attendees}
    try:
        plan = parse_plan(data, source="The plan")
    except InvalidRecordError as error:
        # Typed options that break the plan are bad input (exit 2), not a bad file.
        raise InvalidInputError(error.message, details=error.details) from None
    target = output or Path(f"{safe_component(plan.case_reference, fallback='case')}_plan.toml")
    folder = target.parent if str(target.parent) else Path(".")
    # One file, put in place whole; never over one that appeared since the check.
    return write_one_file(folder, OutputFile(target.name, render_plan(plan)), force=force)


def _ask_the_rest(
    given: GivenFacts, attendees: list[dict[str, str]], clock: Clock
) -> tuple[GivenFacts, list[dict[str, str]]]:
    """In the terminal: the facts the options left out, or a case reference to confirm."""
    from rethink_cli.app.terminal import SessionOptions, open_terminal, require_terminal
    from rethink_cli.dialogs.facts import ask_expected_attendees, ask_setup

    require_terminal(
        "session prepare (or give every option)"
        if given.missing()
        else "session prepare (to confirm a case reference that looks like a name)"
    )
    terminal = open_terminal(SessionOptions(out_dir=Path(".")))
    chosen = ask_setup(
        given, prompter=terminal.prompter, screen=terminal.screen, today=clock.today()
    )
    # When only the case reference was asked about, the options said everything else.
    if not attendees and given.missing():
        attendees = [
            {"name": a.name, "role": a.role, "agency": a.agency}
            for a in ask_expected_attendees(terminal.prompter, terminal.screen)
        ]
    return given_from(chosen), attendees


def _plan_facts(facts: GivenFacts) -> dict[str, object]:
    """The facts a plan file keeps: all but the meeting date, which is the day itself."""
    return {f.name: getattr(facts, f.name) for f in fields(facts) if f.name != "meeting_date"}
