"""The review at the review date: the questions about what became of each agreed action.

``run_review`` asks, through a Prompter, what became of each action in a
``rethink-actions/1`` record: done, partly done, not done or no longer needed,
with a new date for anything still to do; then, as the meeting ended, whether
the network is still stuck, and if so the next route is named (``core.ending``).
Nothing else is asked and no free text is kept: like the meeting, the review
leaves only what was agreed, and the outcome and route, never why.

Every confirmed answer is handed to ``keep`` before the next question, as a
``ReviewProgress`` (``formats.review_save``): the review can be stopped at any
question and picked up at that very question, with nothing confirmed asked
again. Ctrl-C pauses: carry on, save and quit, or discard.

The answers make a ``rethink-review/1`` record (``formats.review``); the files
written from it are made in ``export.review``. The review date is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rethink_cli.core.dates import DateError, format_long, format_short, parse_date
from rethink_cli.core.ending import next_route, outcome_of, outcome_words, route_links
from rethink_cli.core.errors import SessionDiscarded, SessionInterrupted
from rethink_cli.core.guide_area import Area
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
    Status,
)
from rethink_cli.formats.review_save import ActionDraft, ReviewProgress

# Called with the progress after every confirmed answer, before the next question.
Keep = Callable[[ReviewProgress], None]

# The overview's choices besides "Change action N" (whose value is N).
_SAVE, _CHANGE_OUTCOME = 0, -1
# No [area] set: the routes say "your area's escalation protocol", "... request form".
_NO_AREA = Area()


def run_review(
    record: Record,
    prompter: Prompter,
    today: dt.date,
    *,
    progress: ReviewProgress | None = None,
    keep: Keep | None = None,
    area: Area = _NO_AREA,
) -> ReviewRecord:
    """Ask what became of each action and whether the network is still stuck, then let
    the facilitator check and change answers.

    ``today`` is the review date: new dates must come after it. ``progress`` is a
    review saved earlier, continued at the question it stopped at; ``keep`` saves.
    ``area`` names the next route when the network is still stuck.
    Raises SessionInterrupted (saved, or quit) or SessionDiscarded from the pause.
    """
    if today <= record.meeting.date:
        raise ValueError("the review date must be after the meeting date")
    return _ReviewWalk(record, prompter, today, progress or ReviewProgress(), keep, area).run()


class _ReviewWalk:
    """One question at a time, chosen from the progress alone, so any stop resumes exactly."""

    def __init__(
        self,
        record: Record,
        prompter: Prompter,
        today: dt.date,
        progress: ReviewProgress,
        keep: Keep | None,
        area: Area,
    ) -> None:
        self.record = record
        self.prompter = prompter
        self.today = today
        self.progress = progress
        self.keep = keep
        self.total = len(record.actions)
        self.finished = False
        # After a resume or a pause, a half-answered action is named again in full.
        self.remind = progress.draft is not None
        # Where a network still stuck turns next, and the area's link for it.
        strategy = record.meeting.strategy
        self.route = next_route(strategy, area)
        self.links = route_links(strategy, area)
        # The answer being changed from the overview: the question's default.
        self.was_stuck = False

    def run(self) -> ReviewRecord:
        while not self.finished:
            try:
                self._ask_next()
                self.remind = False
            except KeyboardInterrupt:
                self._pause()
                self.remind = True
        stuck = self.progress.stuck
        return ReviewRecord(
            schema_=REVIEW_SCHEMA,
            outcome=None if stuck is None else outcome_of(stuck),
            next_route=self.route if stuck else None,
            review=ReviewInfo(
                date=self.today,
                case_reference=self.record.meeting.case_reference,
                meeting_date=self.record.meeting.date,
            ),
            actions=list(self.progress.answers),
        )

    def _ask_next(self) -> None:
        number = self.progress.asking(self.total)
        draft = self.progress.draft
        if number is None:
            if self.progress.stuck is None:
                self._ask_stuck()
            else:
                self._overview()
        elif draft is None:
            self._ask_status(self.record.actions[number - 1])
        elif draft.typed_due is None:
            self._ask_new_date(draft)
        else:
            self._confirm_new_date(draft, draft.typed_due)

    def _ask_status(self, action: Action) -> None:
        late = ", overdue unless done" if action.due < self.today else ""
        status = self.prompter.select(
            SelectQuestion(
                f"{self._about(action)}{late}). How did it go?",
                tuple(Choice(STATUS_TITLES[s], s) for s in STATUSES),
            )
        )
        if status in OPEN_STATUSES:
            self._update(draft=ActionDraft(number=action.number, status=status))
        else:
            self._answer(action.number, status, None)

    def _ask_new_date(self, draft: ActionDraft) -> None:
        today = self.today

        def validate(text: str) -> str | None:
            try:
                day = parse_date(text, today=today)
            except DateError as error:
                return str(error)
            return new_due_problem(day, today)

        typed = self.prompter.text(
            TextQuestion(
                f"{self._reminder(draft)}Action {draft.number}, new date "
                f"(after the review, {format_short(today)})",
                validate=validate,
                instruction="for example 5/2/2027, next Friday or in 4 weeks",
            )
        )
        day = parse_date(typed, today=today)
        self._update(draft=draft.model_copy(update={"typed_due": day}))

    def _confirm_new_date(self, draft: ActionDraft, day: dt.date) -> None:
        if self.prompter.confirm(
            ConfirmQuestion(f"{self._reminder(draft)}{format_long(day)}, is that right?")
        ):
            self._answer(draft.number, draft.status, day)
        else:
            # Misheard: the date is typed again; the status stays as picked.
            self._update(draft=draft.model_copy(update={"typed_due": None}))

    def _ask_stuck(self) -> None:
        stuck = self.prompter.select(
            SelectQuestion(
                "Is the network still stuck?",
                (
                    Choice("No: the network is moving on", False),
                    Choice("Yes: it is still stuck, and needs the next route", True),
                ),
                default=self.was_stuck,
            )
        )
        self._update(stuck=stuck)

    def _overview(self) -> None:
        answers = self.progress.answers
        stuck = bool(self.progress.stuck)
        pick = self.prompter.select(
            SelectQuestion(
                f"{_overview(answers, self.today)} {self._outcome_words(stuck)}",
                (
                    Choice("Save the review", _SAVE),
                    *(
                        Choice(f"Change action {a.number}: {_answer_words(a)}", a.number)
                        for a in answers
                    ),
                    Choice(
                        f"Change the outcome: {'still stuck' if stuck else 'moving on'}",
                        _CHANGE_OUTCOME,
                    ),
                ),
                default=_SAVE,
            )
        )
        if pick == _SAVE:
            self.finished = True
        elif pick == _CHANGE_OUTCOME:
            # Asked again next, with the answer given as its default.
            self.was_stuck = stuck
            self._update(stuck=None)
        else:
            self._update(changing=pick)

    def _outcome_words(self, stuck: bool) -> str:
        """The outcome as the overview says it: the route and its link when still stuck."""
        words = outcome_words(stuck, self.route)
        return " ".join([words, *self.links]) if stuck else words

    def _answer(self, number: int, status: Status, new_due: dt.date | None) -> None:
        action = self.record.actions[number - 1]
        answer = ReviewedAction(
            number=action.number,
            what=action.what,
            owner=action.owner,
            agency=action.agency,
            original_due=action.due,
            status=status,
            new_due=new_due,
        )
        answers = list(self.progress.answers)
        if number <= len(answers):
            answers[number - 1] = answer
        else:
            answers.append(answer)
        self._update(answers=tuple(answers), changing=None, draft=None)

    def _update(self, **changes: Any) -> None:
        """Take the answer in, and save it before anything else is asked."""
        self.progress = self.progress.model_copy(update=changes)
        if self.keep is not None:
            self.keep(self.progress)

    def _about(self, action: Action) -> str:
        return (
            f"Action {action.number} of {self.total}: {action.what} ({action.owner}, "
            f"{action.agency}, due {format_long(action.due)}"
        )

    def _reminder(self, draft: ActionDraft) -> str:
        """The action and the status picked, when the question would otherwise lack them."""
        if not self.remind:
            return ""
        action = self.record.actions[draft.number - 1]
        return f"{self._about(action)}): {STATUS_TITLES[draft.status].lower()}. "

    def _pause(self) -> None:
        choice = review_paused(self.prompter, saving=self.keep is not None)
        if choice == "save":
            if self.keep is not None and self.progress != ReviewProgress():
                # Saved already, unless Ctrl-C cut that save short: then it is made now.
                self.keep(self.progress)
            raise SessionInterrupted("The review is saved.")
        if choice == "discard":
            raise SessionDiscarded("The review was discarded: nothing was kept.")
        if choice == "quit":
            raise SessionInterrupted("The review was stopped: nothing was kept.")


_LOSSY = {
    "discard": "Discard this review? The answers given so far are deleted.",
    "quit": "Quit without saving? The answers given so far are lost.",
}


def review_paused(prompter: Prompter, *, saving: bool) -> str:
    """Ctrl-C: "continue", "save" or "discard" ("quit" without saving); losses are confirmed.

    A second Ctrl-C here means "save and quit" (without saving, it stops).
    """
    choices = [Choice("Carry on with the review", "continue")]
    if saving:
        choices += [
            Choice("Save and quit (resume later)", "save"),
            Choice("Discard this review", "discard"),
        ]
    else:
        choices.append(Choice("Quit the review", "quit"))
    try:
        while True:
            choice = prompter.select(
                SelectQuestion(
                    "Paused. What would you like to do?", tuple(choices), default="continue"
                )
            )
            if choice in ("continue", "save") or prompter.confirm(
                ConfirmQuestion(_LOSSY[choice], default=False)
            ):
                return choice
    except KeyboardInterrupt:
        if not saving:
            raise
        return "save"


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


def _overview(answers: tuple[ReviewedAction, ...], today: dt.date) -> str:
    counts = [f"{sum(a.status == s for a in answers)} {STATUS_TITLES[s].lower()}" for s in STATUSES]
    overdue = sum(a.is_overdue(today) for a in answers)
    return f"Review of {len(answers)} actions: {', '.join(counts)}; {overdue} overdue."
