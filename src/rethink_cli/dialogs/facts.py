"""Before step 1: the few facts about the meeting, asked only where not given as options."""

from __future__ import annotations

import datetime as dt
import re

from rethink_cli.core import plaintext
from rethink_cli.core.attendee import Attendee
from rethink_cli.core.dates import DateError, format_long, parse_date
from rethink_cli.core.errors import InvalidInputError
from rethink_cli.core.facts import GivenFacts, MeetingFacts
from rethink_cli.core.session import SessionState
from rethink_cli.core.timing import (
    DEFAULT_MINUTES,
    MAX_STEP_MINUTES,
    MIN_STEP_MINUTES,
    check_length,
)
from rethink_cli.dialogs.ports import (
    Choice,
    ConfirmQuestion,
    Prompter,
    Screen,
    SelectQuestion,
    TextQuestion,
    Validator,
)
from rethink_cli.dialogs.validators import text_validator

_CASE = text_validator(plaintext.CASE_REFERENCE_MAX)
_NAME = text_validator(plaintext.NAME_MAX)
_AGENCY = text_validator(plaintext.AGENCY_MAX)


def check_given(answers: GivenFacts, today: dt.date) -> None:
    """Refuse bad options before any prompt opens, one clear line each (exit 2)."""
    checks = [
        ("--case", answers.case_reference, _CASE),
        ("--facilitator", answers.facilitator, _NAME),
        ("--lead", answers.lead_professional, _NAME),
        ("--lead-agency", answers.lead_professional_agency, _AGENCY),
    ]
    for option, value, validate in checks:
        if value is not None and (problem := validate(value)):
            raise InvalidInputError(f"{option}: {problem}")
    _check_strategy(answers.strategy)
    if answers.minutes is not None:
        try:
            check_length(answers.minutes)
        except ValueError as error:
            raise InvalidInputError(f"--minutes: {error}.") from None
    if answers.meeting_date is not None:
        try:
            parse_date(answers.meeting_date, today=today)
        except DateError as error:
            raise InvalidInputError(f"--date: {error}") from None


def _check_strategy(chosen: int | None) -> None:
    if chosen is None or chosen in (2, 3):
        return
    from rethink_cli.formats.texts import strategy

    # Strategy 1 is a conversation, not a session: say what to do instead.
    advice = f" {strategy('1').session}" if chosen == 1 else ""
    raise InvalidInputError(f"--strategy must be 2 or 3.{advice}")


def ask_setup(
    answers: GivenFacts, *, prompter: Prompter, screen: Screen, today: dt.date
) -> MeetingFacts:
    """Fill in whatever the options left out."""
    check_given(answers, today)
    case = answers.case_reference or _ask_case_reference(prompter, screen)
    if answers.meeting_date is not None:
        meeting_date = parse_date(answers.meeting_date, today=today)
    else:
        meeting_date = _ask_meeting_date(prompter, today)
    facilitator = answers.facilitator or _ask_text(prompter, "Your name (the facilitator)", _NAME)
    chosen = answers.strategy or _ask_strategy(prompter, screen)
    if chosen == 3:
        screen.note("Strategy 3: you are the independent facilitator, so no notes will be kept.")
    else:
        screen.note(
            "Strategy 2: facilitated within the network, so the facilitator is not independent."
        )
    lead = answers.lead_professional or _ask_text(prompter, "Lead Professional's name", _NAME)
    lead_agency = answers.lead_professional_agency or _ask_text(
        prompter, f"{lead}'s agency", _AGENCY
    )
    minutes = answers.minutes or _ask_minutes(prompter)
    return MeetingFacts(
        case_reference=case,
        meeting_date=meeting_date,
        facilitator=facilitator,
        strategy=chosen,
        lead_professional=lead,
        lead_professional_agency=lead_agency,
        minutes=minutes,
    )


def _ask_text(prompter: Prompter, message: str, validate: Validator, instruction: str = "") -> str:
    return plaintext.tidy(
        prompter.text(TextQuestion(message, validate=validate, instruction=instruction))
    )


# Two or more capitalised words and no digits: more like a person than a reference.
_LOOKS_LIKE_A_NAME = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)+$")


def _ask_case_reference(prompter: Prompter, screen: Screen) -> str:
    while True:
        case = _ask_text(
            prompter,
            "Case reference",
            _CASE,
            instruction="(a reference such as PN-4471, not the child's name)",
        )
        if not _LOOKS_LIKE_A_NAME.match(case):
            return case
        # The reference goes into every file name and heading: gently check.
        screen.hint(
            f"'{case}' looks like a person's name. Every exported file is named after the "
            "case reference, so use your agency's reference instead."
        )
        if prompter.confirm(ConfirmQuestion("Keep it anyway?", default=False)):
            return case


def _ask_meeting_date(prompter: Prompter, today: dt.date) -> dt.date:
    def validate(text: str) -> str | None:
        try:
            parse_date(text, today=today)
        except DateError as error:
            return str(error)
        return None

    while True:
        typed = prompter.text(TextQuestion("Meeting date", default="today", validate=validate))
        day = parse_date(typed, today=today)
        if day == today or prompter.confirm(ConfirmQuestion(f"{format_long(day)}, is that right?")):
            return day


def _ask_strategy(prompter: Prompter, screen: Screen) -> int:
    # Read here, not at import: the first prompt comes sooner without the texts' model.
    from rethink_cli.formats.texts import strategy

    for key in ("3", "2"):
        screen.note(f"{strategy(key).title}. {strategy(key).short}")
    while True:
        picked = prompter.select(
            SelectQuestion(
                "Which strategy is this session?",
                (
                    Choice("Strategy 3 · independent facilitator, no notes kept", 3),
                    Choice("Strategy 2 · led by the Lead Professional or their manager", 2),
                    Choice("Strategy 1 · a one-to-one conversation", 1),
                ),
                default=3,
            )
        )
        if picked in (2, 3):
            return picked
        screen.hint(strategy("1").session)


def _ask_minutes(prompter: Prompter) -> int:
    def validate(text: str) -> str | None:
        stripped = text.strip()
        # isdecimal, not isdigit ("²" is a digit int() refuses); four digits is plenty.
        if not (stripped.isdecimal() and len(stripped) <= 4):
            return "Type a whole number of minutes."
        try:
            check_length(int(stripped))
        except ValueError as error:
            return f"{str(error).capitalize()}."
        return None

    typed = prompter.text(
        TextQuestion("Session length in minutes", default=str(DEFAULT_MINUTES), validate=validate)
    )
    return int(typed.strip())


def adjust_plan(state: SessionState, *, prompter: Prompter, screen: Screen) -> None:
    """Show the time plan; the facilitator accepts it or changes any step's minutes."""
    from rethink_cli.formats.texts import all_steps

    while True:
        screen.time_plan(state)
        choice = prompter.select(
            SelectQuestion(
                "The time plan",
                (Choice("Use this plan", "use"), Choice("Change a step's minutes", "change")),
                default="use",
            )
        )
        if choice == "use":
            return
        number = prompter.select(
            SelectQuestion(
                "Which step?",
                tuple(
                    Choice(f"{s.number}. {s.title} ({state.plan.for_step(s.number)} min)", s.number)
                    for s in all_steps()
                ),
                default=4,
            )
        )

        def validate(text: str) -> str | None:
            stripped = text.strip()
            # isdecimal, not isdigit: "²" is a digit that int() refuses.
            if not (stripped.isdecimal() and len(stripped) <= 3) or not (
                MIN_STEP_MINUTES <= int(stripped) <= MAX_STEP_MINUTES
            ):
                return (
                    f"Type a whole number of minutes from {MIN_STEP_MINUTES} to {MAX_STEP_MINUTES}."
                )
            return None

        typed = prompter.text(
            TextQuestion(
                "Minutes for this step",
                default=str(state.plan.for_step(number)),
                validate=validate,
            )
        )
        state.plan = state.plan.with_step(number, int(typed.strip()))
        state.setup.minutes = state.plan.total


def ask_expected_attendees(prompter: Prompter, screen: Screen) -> list[Attendee]:
    """Before the meeting: who is invited (name, role, agency), until the facilitator stops."""
    people: list[Attendee] = []
    role_check = text_validator(plaintext.ROLE_MAX)
    while True:
        choice = prompter.select(
            SelectQuestion(
                f"Expected attendees ({len(people)} so far)",
                (Choice("Add someone", "add"), Choice("That is everyone", "done")),
                default="add" if not people else "done",
            )
        )
        if choice == "done":
            return people
        name = _ask_text(prompter, "Name", _NAME)
        role = _ask_text(prompter, f"{name}'s role", role_check)
        agencies = list(dict.fromkeys(p.agency for p in people))
        agency = ""
        if agencies:
            agency = prompter.select(
                SelectQuestion(
                    f"{name}'s agency",
                    (*(Choice(a, a) for a in agencies), Choice("Another agency…", "")),
                    default="",
                )
            )
        agency = agency or _ask_text(prompter, f"{name}'s agency", _AGENCY)
        people.append(Attendee(name, role, agency))
        screen.note(f"Added {name}.")
