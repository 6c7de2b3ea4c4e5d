"""What every part of the review's questions shares: the progress, saving it, dates, people.

A review is asked one question at a time, each chosen from the progress alone
(``dialogs.review``), so a stop anywhere resumes at that very question. Every
answer goes through ``Walk.update``, which saves it before the next question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rethink_cli.core import plaintext
from rethink_cli.core.dates import DateError, day_note, format_long, format_short, parse_date
from rethink_cli.core.ending import next_route, route_links
from rethink_cli.core.guide_area import Area
from rethink_cli.dialogs.ports import (
    Choice,
    ConfirmQuestion,
    Prompter,
    SelectQuestion,
    TextQuestion,
    Validator,
)
from rethink_cli.dialogs.validators import text_validator
from rethink_cli.formats.fields import same_person_key
from rethink_cli.formats.record import Attendee
from rethink_cli.formats.review_save import ReviewProgress
from rethink_cli.formats.review_subject import DueAction, UnderReview

# Called with the progress after every confirmed answer, before the next question.
Keep = Callable[[ReviewProgress], None]

# The checks on typed text: the same limits as the meeting record's.
NAME = text_validator(plaintext.NAME_MAX)
ROLE = text_validator(plaintext.ROLE_MAX)
AGENCY = text_validator(plaintext.AGENCY_MAX)
ONE_LINE = text_validator(plaintext.ACTION_MAX)
WHERE = text_validator(plaintext.RECORDED_WHERE_MAX)

DATE_EXAMPLES = "for example 5/2/2027, next Friday or in 4 weeks"


def describe(person: Attendee) -> str:
    return f"{person.name}, {person.role} ({person.agency})"


class Walk:
    """The review so far, and the ports its questions go through."""

    def __init__(
        self,
        subject: UnderReview,
        prompter: Prompter,
        today: dt.date,
        progress: ReviewProgress,
        keep: Keep | None,
        area: Area,
    ) -> None:
        self.subject = subject
        self.ask = prompter
        self.today = today
        self.progress = progress
        self.keep = keep
        self.total = len(subject.actions)
        self.finished = False
        # After a resume or a pause, a half-given answer names its action again in full.
        self.remind = progress.draft is not None
        # Where a network still stuck turns next, and the area's link for it.
        self.route = next_route(subject.strategy, area)
        self.links = route_links(subject.strategy, area)
        # The outcome being changed from the overview: the question's default.
        self.was_stuck = False

    def update(self, **changes: Any) -> None:
        """Take the answer in, and save it before anything else is asked."""
        self.progress = self.progress.model_copy(update=changes)
        if self.keep is not None:
            self.keep(self.progress)

    def text(
        self,
        message: str,
        validate: Validator,
        *,
        instruction: str = "",
        default: str = "",
        max_length: int | None = None,
    ) -> str:
        """A text question; the answer comes back tidied (spaces, line ends), as it is kept."""
        typed = self.ask.text(
            TextQuestion(
                message,
                default=default,
                validate=validate,
                instruction=instruction,
                max_length=max_length,
            )
        )
        return plaintext.tidy(typed)

    # ------------------------------------------------------------------ people

    def lead(self) -> tuple[str, str]:
        """Who leads after the review: who leads today if asked, else the meeting's lead."""
        lead = self.progress.lead
        if lead is not None:
            return lead.name, lead.agency
        return self.subject.lead, self.subject.lead_agency

    def is_present(self, name: str, agency: str) -> bool:
        key = same_person_key(name, agency)
        return any(same_person_key(p.name, p.agency) == key for p in self.progress.present)

    def agencies(self) -> list[str]:
        """Every agency named so far, spelt the same each time: offered before typing one."""
        seen = dict.fromkeys(self.subject.agencies())
        for person in self.progress.present:
            seen.setdefault(person.agency, None)
        for new in self.progress.new_actions:
            seen.setdefault(new.agency, None)
        return list(seen)

    def people_choices(self) -> list[Choice[tuple[str, str] | None]]:
        """Everyone present, as choices whose value is (name, agency)."""
        return [Choice(describe(p), (p.name, p.agency)) for p in self.progress.present]

    def pick_agency(self, message: str, *, other: bool) -> str | None:
        """An agency already named (picked), or a new one (typed).

        None: "Another agency" was picked, and the caller keeps that (``other``)
        so that a resume goes straight to typing it.
        """
        known = self.agencies()
        if known and not other:
            picked = self.ask.select(
                SelectQuestion(
                    message,
                    (*(Choice(a, a) for a in known), Choice("Another agency…", "")),
                    default="",
                )
            )
            return picked or None
        return self.text("Agency name" if known else message, AGENCY)

    # ------------------------------------------------------------------ dates

    def typed_date(self, message: str) -> dt.date:
        """A date after the review, typed freely; read back by ``date_is_right``."""
        today = self.today

        def validate(text: str) -> str | None:
            try:
                day = parse_date(text, today=today)
            except DateError as error:
                return str(error)
            return after_review_problem(day, today)

        typed = self.ask.text(
            TextQuestion(
                f"{message} (after {format_short(today)})",
                validate=validate,
                instruction=DATE_EXAMPLES,
            )
        )
        return parse_date(typed, today=today)

    def date_is_right(self, day: dt.date, prefix: str = "") -> bool:
        """The typed date read back in full; a weekend or bank holiday is said, as at a session."""
        note = day_note(day)
        said = (
            f"{format_long(day)}: {note} Keep it?"
            if note
            else f"{format_long(day)}, is that right?"
        )
        return self.ask.confirm(ConfirmQuestion(prefix + said))

    # ------------------------------------------------------------------ wording

    def about(self, action: DueAction) -> str:
        """The action in full, for its question: what, who, and when it was due."""
        return (
            f"Action {action.number} of {self.total}: {action.what} ({action.owner}, "
            f"{action.agency}, due {format_long(action.due)}"
        )


def after_review_problem(day: dt.date, review_date: dt.date) -> str | None:
    """Why ``day`` cannot be a new date for anything agreed at a review on ``review_date``."""
    if day <= review_date:
        return (
            f"{format_long(day)} is not after the review ({format_long(review_date)}). "
            "Choose a later date."
        )
    return None
