"""``session prepare``: build a plan file from options, asking only for what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.errors import InvalidInputError, InvalidRecordError
from rethink_cli.core.timing import DEFAULT_MINUTES
from rethink_cli.export.filenames import safe_component
from rethink_cli.export.writer import OutputFile, write_new_files
from rethink_cli.formats.plan import PLAN_SCHEMA, parse_plan, render_plan

if TYPE_CHECKING:
    from rethink_cli.core.clock import Clock


@dataclass
class PrepareAnswers:
    case_reference: str | None = None
    facilitator: str | None = None
    strategy: int | None = None
    lead_professional: str | None = None
    lead_professional_agency: str | None = None
    minutes: int | None = None
    attendees: list[str] = field(default_factory=list)

    def complete(self) -> bool:
        return None not in (
            self.case_reference,
            self.facilitator,
            self.strategy,
            self.lead_professional,
            self.lead_professional_agency,
        )


def parse_attendee_option(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != 3 or not all(parts):
        raise InvalidInputError(
            f"--attendee {text!r}: write it as 'Name|Role|Agency', for example "
            "'Jo Reed|Health visitor|Health Visiting'."
        )
    return {"name": parts[0], "role": parts[1], "agency": parts[2]}


def prepare_plan(
    answers: PrepareAnswers, *, output: Path | None, force: bool, clock: Clock
) -> Path:
    """Write the plan file; interactive only when options leave something out."""
    from rethink_cli.dialogs.setup import SetupAnswers, ask_expected_attendees, ask_setup

    attendees = [parse_attendee_option(a) for a in answers.attendees]
    setup_answers = SetupAnswers(
        case_reference=answers.case_reference,
        meeting_date="today",
        facilitator=answers.facilitator,
        strategy=answers.strategy,
        lead_professional=answers.lead_professional,
        lead_professional_agency=answers.lead_professional_agency,
        minutes=answers.minutes or DEFAULT_MINUTES,
    )
    if answers.complete():
        from rethink_cli.dialogs.setup import check_given

        check_given(setup_answers, clock.today())
        setup = setup_answers
    else:
        from rethink_cli.app.terminal import SessionOptions, open_terminal, require_terminal

        require_terminal("session prepare (or give every option)")
        terminal = open_terminal(SessionOptions(out_dir=Path(".")))
        chosen = ask_setup(
            setup_answers, prompter=terminal.prompter, screen=terminal.screen, today=clock.today()
        )
        setup = SetupAnswers(
            chosen.case_reference,
            None,
            chosen.facilitator,
            chosen.strategy,
            chosen.lead_professional,
            chosen.lead_professional_agency,
            chosen.minutes,
        )
        if not attendees:
            attendees = [
                {"name": a.name, "role": a.role, "agency": a.agency}
                for a in ask_expected_attendees(terminal.prompter, terminal.screen)
            ]
    data = {
        "schema": PLAN_SCHEMA,
        "case_reference": setup.case_reference,
        "strategy": setup.strategy,
        "facilitator": setup.facilitator,
        "lead_professional": setup.lead_professional,
        "lead_professional_agency": setup.lead_professional_agency,
        "minutes": setup.minutes,
        "attendees": attendees,
    }
    try:
        plan = parse_plan(data, source="The plan")
    except InvalidRecordError as error:
        # Typed options that break the plan are bad input (exit 2), not a bad file.
        raise InvalidInputError(error.message, details=error.details) from None
    target = output or Path(f"{safe_component(plan.case_reference, fallback='case')}_plan.toml")
    folder = target.parent if str(target.parent) else Path(".")
    (written,) = write_new_files(folder, [OutputFile(target.name, render_plan(plan))], force=force)
    return written
