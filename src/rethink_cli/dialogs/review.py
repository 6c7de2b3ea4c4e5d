"""The review at the review date: the questions about what became of each agreed action.

``run_review`` asks, through a Prompter, what became of each action in a
``rethink-actions/1`` record: done, partly done, not done or no longer needed,
with a new date for anything still to do. Nothing else is asked and no free
text is kept: like the meeting, the review leaves only what was agreed.

The answers make a ``rethink-review/1`` record (``formats.review``); the files
written from it are made in ``export.review``. The review date is passed in.
"""

from __future__ import annotations

import datetime as dt

from rethink_cli.core.dates import DateError, format_long, format_short, parse_date
from rethink_cli.dialogs.ports import (
    Choice,
    ConfirmQuestion,
    Prompter,
    SelectQuestion,
    TextQuestion,
)
from rethink_cli.formats.record import Action, Record
from rethink_cli.formats.review import (
    OPEN_STATUSES,
    REVIEW_SCHEMA,
    STATUS_TITLES,
    STATUSES,
    ReviewedAction,
    ReviewInfo,
    ReviewRecord,
)


def run_review(record: Record, prompter: Prompter, today: dt.date) -> ReviewRecord:
    """Ask what became of each action, then let the facilitator check and change answers.

    ``today`` is the review date: new dates must come after it.
    """
    if today <= record.meeting.date:
        raise ValueError("the review date must be after the meeting date")
    total = len(record.actions)
    answers = [_ask_action(action, total, prompter, today) for action in record.actions]
    while True:
        pick = prompter.select(
            SelectQuestion(
                _overview(answers, today),
                (
                    Choice("Save the review", 0),
                    *(
                        Choice(f"Change action {a.number}: {_answer_words(a)}", a.number)
                        for a in answers
                    ),
                ),
                default=0,
            )
        )
        if pick == 0:
            break
        index = pick - 1
        answers[index] = _ask_action(record.actions[index], total, prompter, today)
    return ReviewRecord(
        schema_=REVIEW_SCHEMA,
        review=ReviewInfo(
            date=today,
            case_reference=record.meeting.case_reference,
            meeting_date=record.meeting.date,
        ),
        actions=answers,
    )


def _ask_action(action: Action, total: int, prompter: Prompter, today: dt.date) -> ReviewedAction:
    late = ", overdue unless done" if action.due < today else ""
    status = prompter.select(
        SelectQuestion(
            f"Action {action.number} of {total}: {action.what} ({action.owner}, "
            f"{action.agency}, due {format_long(action.due)}{late}). How did it go?",
            tuple(Choice(STATUS_TITLES[s], s) for s in STATUSES),
        )
    )
    new_due = None
    if status in OPEN_STATUSES:
        new_due = _ask_new_date(action.number, prompter, today)
    return ReviewedAction(
        number=action.number,
        what=action.what,
        owner=action.owner,
        agency=action.agency,
        original_due=action.due,
        status=status,
        new_due=new_due,
    )


def _ask_new_date(number: int, prompter: Prompter, today: dt.date) -> dt.date:
    def validate(text: str) -> str | None:
        try:
            day = parse_date(text, today=today)
        except DateError as error:
            return str(error)
        return new_due_problem(day, today)

    while True:
        typed = prompter.text(
            TextQuestion(
                f"Action {number}, new date (after the review, {format_short(today)})",
                validate=validate,
                instruction="for example 5/2/2027, next Friday or in 4 weeks",
            )
        )
        day = parse_date(typed, today=today)
        if prompter.confirm(ConfirmQuestion(f"{format_long(day)}, is that right?")):
            return day


def new_due_problem(day: dt.date, review_date: dt.date) -> str | None:
    """Why ``day`` cannot be a new date for an action reviewed on ``review_date``."""
    if day <= review_date:
        return (
            f"{format_long(day)} is not after the review ({format_long(review_date)}). "
            "Choose a later date."
        )
    return None


def _answer_words(action: ReviewedAction) -> str:
    words = STATUS_TITLES[action.status].lower()
    if action.new_due is not None:
        words += f", new date {format_short(action.new_due)}"
    return words


def _overview(answers: list[ReviewedAction], today: dt.date) -> str:
    counts = [f"{sum(a.status == s for a in answers)} {STATUS_TITLES[s].lower()}" for s in STATUSES]
    overdue = sum(a.is_overdue(today) for a in answers)
    return f"Review of {len(answers)} actions: {', '.join(counts)}; {overdue} overdue."
