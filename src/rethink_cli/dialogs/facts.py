"""Before step 1: the few facts about the meeting, asked only where not given as options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from rethink_cli.core import plaintext
from rethink_cli.core.attendee import Attendee
from rethink_cli.core.bounds import date_out_of_range
from rethink_cli.core.dates import DateError, format_long, parse_date
from rethink_cli.core.errors import InvalidInputError
from rethink_cli.core.facts import GivenFacts, MeetingFacts
from rethink_cli.core.privacy import case_reference_warning, looks_like_a_name
from rethink_cli.core.session import SessionState
from rethink_cli.core.timing import (
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MAX_STEP_MINUTES,
    MIN_MINUTES,
    MIN_STEP_MINUTES,
    TimePlan,
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
from rethink_cli.dialogs.validators import option_validator, text_validator, whole_number

_CASE = text_validator(plaintext.CASE_REFERENCE_MAX)
_NAME = text_validator(plaintext.NAME_MAX)
_AGENCY = text_validator(plaintext.AGENCY_MAX)


def check_given(answers: GivenFacts, today: dt.date) -> None:
    """Refuse bad options before any prompt opens, one clear line each (exit 2)."""
    checks = [
        ("--case", answers.case_reference, option_validator(plaintext.CASE_REFERENCE_MAX)),
        ("--facilitator", answers.facilitator, option_validator(plaintext.NAME_MAX)),
        ("--lead", answers.lead_professional, option_validator(plaintext.NAME_MAX)),
        ("--lead-agency", answers.lead_professional_agency, option_validator(plaintext.AGENCY_MAX)),
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
    if answers.meeting_date is not None and (
        problem := meeting_date_problem(answers.meeting_date, today)
    ):
        raise InvalidInputError(f"--date: {problem}")


def _check_strategy(chosen: int | None) -> None:
    if chosen is None or chosen in (2, 3):
        return
    from rethink_cli.formats.texts import strategy

    # Strategy 1 is a conversation, not a session: say what to do instead.
    advice = f" {strategy('1').session}" if chosen == 1 else ""
    raise InvalidInputError(f"--strategy must be 2 or 3.{advice}")


def ask_setup(
    answers: GivenFacts,
    *,
    prompter: Prompter,
    screen: Screen,
    today: dt.date,
    keep: Callable[[GivenFacts], object] | None = None,
    resumed: bool = False,
) -> MeetingFacts:
    """Fill in whatever the options left out.

    ``keep`` is handed the facts so far after every answer (the autosave), so an
    interrupted setup resumes by passing them back in as ``answers`` with
    ``resumed``: what it saved was already checked, so it is not questioned again.
    """
    check_given(answers, today)
    given = answers
    if given.meeting_date is not None:
        # Kept as the date it means: "today" must not move if the setup resumes tomorrow.
        given = replace(given, meeting_date=parse_date(given.meeting_date, today=today).isoformat())

    def answered(**fact: object) -> None:
        nonlocal given
        given = replace(given, **fact)  # type: ignore[arg-type]
        if keep is not None:
            keep(given)

    # Given or not, a reference that looks like a name is questioned before it is used.
    name_like = given.case_reference is not None and looks_like_a_name(given.case_reference)
    if given.case_reference is None or (name_like and not resumed):
        answered(case_reference=_case_reference(given.case_reference, prompter, screen))
    # The rest in order, each asked only when not given (or not yet answered).
    questions: list[tuple[str, Callable[[], object]]] = [
        ("meeting_date", lambda: _ask_meeting_date(prompter, today).isoformat()),
        ("facilitator", lambda: _ask_text(prompter, "Your name (the facilitator)", _NAME)),
        ("strategy", lambda: _ask_strategy(prompter, screen)),
        ("lead_professional", lambda: _ask_text(prompter, "Lead Professional's name", _NAME)),
        (
            "lead_professional_agency",
            lambda: _ask_text(prompter, f"{given.lead_professional}'s agency", _AGENCY),
        ),
        ("minutes", lambda: _ask_minutes(prompter)),
    ]
    for name, ask in questions:
        if getattr(given, name) is None:
            answered(**{name: ask()})
        if name == "strategy":
            _say_strategy(screen, given.strategy)
    return _facts(given, today)


def _say_strategy(screen: Screen, chosen: int | None) -> None:
    if chosen == 3:
        screen.note("Strategy 3: you are the independent facilitator, so no notes will be kept.")
    else:
        screen.note(
            "Strategy 2: facilitated within the network, so the facilitator is not independent."
        )


def _facts(given: GivenFacts, today: dt.date) -> MeetingFacts:
    """The seven facts once every one is known (``ask_setup`` has asked for the rest)."""
    missing = given.missing()
    if missing or given.meeting_date is None or given.minutes is None or given.strategy is None:
        raise ValueError(f"setup is missing {', '.join(missing) or 'a fact'}")
    return MeetingFacts(
        case_reference=given.case_reference or "",
        meeting_date=parse_date(given.meeting_date, today=today),
        facilitator=given.facilitator or "",
        strategy=given.strategy,
        lead_professional=given.lead_professional or "",
        lead_professional_agency=given.lead_professional_agency or "",
        minutes=given.minutes,
    )


def _ask_text(
    prompter: Prompter,
    message: str,
    validate: Validator,
    instruction: str = "",
    *,
    max_length: int | None = None,
) -> str:
    question = TextQuestion(
        message, validate=validate, instruction=instruction, max_length=max_length
    )
    return plaintext.tidy(prompter.text(question))


def _case_reference(given: str | None, prompter: Prompter, screen: Screen) -> str:
    """The case reference: ``given`` (an option or a plan's), else typed.

    The reference goes into every file name and heading, so one that looks like a
    person's name is questioned however it came: kept only if confirmed, else typed again.
    """
    case = given
    while True:
        if case is None:
            case = _ask_text(
                prompter,
                "Case reference",
                _CASE,
                instruction="(a reference such as PN-4471, not the child's name)",
            )
        if not looks_like_a_name(case):
            return case
        screen.hint(case_reference_warning(case))
        if prompter.confirm(ConfirmQuestion("Keep it anyway?", default=False)):
            return case
        case = None


def meeting_date_problem(text: str, today: dt.date) -> str | None:
    """Why ``text`` cannot be the meeting's date, in one line; None when it can.

    A date the record would refuse (year 1, or 9999) is refused here, where it
    can be typed again, not at export.
    """
    try:
        day = parse_date(text, today=today)
    except DateError as error:
        return str(error)
    problem = date_out_of_range(day)
    return f"The meeting date {problem}." if problem else None


def _ask_meeting_date(prompter: Prompter, today: dt.date) -> dt.date:
    def validate(text: str) -> str | None:
        return meeting_date_problem(text, today)

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
                    Choice("Strategy 2 · the Lead Professional or their manager leads", 2),
                    Choice("Strategy 1 · a one-to-one conversation", 1),
                ),
                default=3,
            )
        )
        if picked in (2, 3):
            return picked
        screen.hint(strategy("1").session)


def session_minutes_problem(text: str) -> str | None:
    """Why ``text`` cannot be the session's length, in one line; None when it can."""
    # Four digits are plenty: "²" or 5,000 digits are refused, never raised on.
    minutes = whole_number(text, 0, 9999)
    if minutes is None:
        return "Type a whole number of minutes."
    try:
        check_length(minutes)
    except ValueError as error:
        return f"{str(error).capitalize()}."
    return None


def step_minutes_problem(text: str, plan: TimePlan, number: int) -> str | None:
    """Why ``text`` cannot be step ``number``'s minutes, in one line; None when it can.

    The steps' total is the session's length, so a change that takes it out of a
    session's range is refused too (the autosave would not take it back).
    """
    minutes = whole_number(text, MIN_STEP_MINUTES, MAX_STEP_MINUTES)
    if minutes is None:
        return f"Type a whole number of minutes from {MIN_STEP_MINUTES} to {MAX_STEP_MINUTES}."
    total = plan.total - plan.for_step(number) + minutes
    if not MIN_MINUTES <= total <= MAX_MINUTES:
        return (
            f"That makes the session {total} minutes: a session lasts between "
            f"{MIN_MINUTES} and {MAX_MINUTES} minutes."
        )
    return None


def _ask_minutes(prompter: Prompter) -> int:
    def validate(text: str) -> str | None:
        return session_minutes_problem(text)

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

        def validate(text: str, step: int = number) -> str | None:
            return step_minutes_problem(text, state.plan, step)

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
        name = _ask_text(prompter, "Name", _not_listed(people), max_length=plaintext.NAME_MAX)
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


def _not_listed(people: list[Attendee]) -> Validator:
    """A name check that also refuses someone already expected (the plan would refuse them).

    Compared without case or spacing, like the session's own list of who is present.
    """

    def validate(text: str) -> str | None:
        problem = _NAME(text)
        if problem:
            return problem
        wanted = " ".join(text.split()).casefold()
        if any(" ".join(p.name.split()).casefold() == wanted for p in people):
            return f"{plaintext.tidy(text)} is already on the list."
        return None

    return validate


def setup_paused(prompter: Prompter) -> str:
    """Ctrl-C during setup: "continue", "save" or "discard" (discarding is confirmed).

    A second Ctrl-C here means "save and quit": nothing answered is lost.
    """
    try:
        while True:
            choice = prompter.select(
                SelectQuestion(
                    "Paused. What would you like to do?",
                    (
                        Choice("Carry on with the setup", "continue"),
                        Choice("Save and quit (resume later)", "save"),
                        Choice("Discard this session", "discard"),
                    ),
                    default="continue",
                )
            )
            if choice != "discard" or prompter.confirm(
                ConfirmQuestion(
                    "Discard this session? The answers given so far are deleted.", default=False
                )
            ):
                return choice
    except KeyboardInterrupt:
        return "save"
