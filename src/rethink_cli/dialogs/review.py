"""The review meeting at the review date: who is here, each action, what is new, what next.

``run_review`` asks, through a Prompter, about one ``UnderReview`` (a meeting's
record, or an earlier review; ``formats.review_subject``), in this order:

1. who is here: each person of the last meeting, then anyone else; who leads
   today if the Lead Professional is not here (``review_people``);
2. what became of each action (``review_actions``);
3. any new actions, agreed as at a session (``review_new``);
4. the next review and who calls it, or the Re-think closed; then whether the
   network is still stuck, and if so the next route (``review_ending``);
5. the whole review read back, to save or change (``review_overview``).

Nothing said is kept: only names, statuses, dates, the new actions, and the
one-line answers the record allows (what is left of an action; in Strategy 2
only, why one was not done).

Every confirmed answer is handed to ``keep`` before the next question, as a
``ReviewProgress`` (``formats.review_save``): the review can be stopped at any
question and picked up at that very question, with nothing confirmed asked
again. Ctrl-C pauses: carry on, save and quit, or discard.

The answers make a ``rethink-review/2`` record (``formats.review``); the files
written from it are made in ``export.review``. The review date is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rethink_cli.core.ending import outcome_of
from rethink_cli.core.errors import SessionDiscarded, SessionInterrupted
from rethink_cli.core.guide_area import Area
from rethink_cli.dialogs import review_actions, review_ending, review_new, review_people
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, Prompter, SelectQuestion
from rethink_cli.dialogs.review_overview import ask_overview
from rethink_cli.dialogs.review_walk import Keep, Walk
from rethink_cli.formats.review import REVIEW_SCHEMA, ReviewInfo, ReviewRecord
from rethink_cli.formats.review_save import ReviewProgress
from rethink_cli.formats.review_subject import UnderReview

__all__ = ["Keep", "review_paused", "run_review"]

# No [area] set: the routes say "your area's escalation protocol", "... request form".
_NO_AREA = Area()

# A half-given answer goes on where it stopped, whichever question it was.
_DRAFTS: dict[str, Callable[[Walk, Any], None]] = {
    "person": review_people.continue_person,
    "action": review_actions.continue_action,
    "new": review_new.continue_new,
    "next": review_ending.continue_next,
}
# Otherwise the first of these with something to ask asks it.
_STAGES: tuple[Callable[[Walk], bool], ...] = (
    review_people.ask_attendance,
    review_people.ask_lead,
    review_actions.ask_status,
    review_new.ask_more,
    review_ending.ask_next_review,
    review_ending.ask_stuck,
    ask_overview,
)


def run_review(
    subject: UnderReview,
    prompter: Prompter,
    today: dt.date,
    *,
    progress: ReviewProgress | None = None,
    keep: Keep | None = None,
    area: Area = _NO_AREA,
) -> ReviewRecord:
    """Ask the whole review, then let the facilitator check and change answers.

    ``today`` is the review date: new dates must come after it. ``progress`` is a
    review saved earlier, continued at the question it stopped at; ``keep`` saves.
    ``area`` names the next route when the network is still stuck.
    Raises SessionInterrupted (saved, or quit) or SessionDiscarded from the pause.
    """
    if today <= subject.last_date:
        raise ValueError("the review date must be after the meeting date")
    walk = Walk(subject, prompter, today, progress or ReviewProgress(), keep, area)
    while not walk.finished:
        try:
            _ask_next(walk)
            walk.remind = False
        except KeyboardInterrupt:
            _pause(walk)
            walk.remind = True
    return _record(walk)


def _ask_next(walk: Walk) -> None:
    draft = walk.progress.draft
    if draft is not None:
        _DRAFTS[draft.kind](walk, draft)
        return
    for stage in _STAGES:
        if stage(walk):
            return


def _record(walk: Walk) -> ReviewRecord:
    progress = walk.progress
    subject = walk.subject
    stuck = bool(progress.stuck)
    lead, lead_agency = walk.lead()
    return ReviewRecord(
        schema_=REVIEW_SCHEMA,
        outcome=outcome_of(stuck),
        next_route=walk.route if stuck else None,
        closed=True if progress.closed else None,
        review=ReviewInfo(
            date=walk.today,
            case_reference=subject.case_reference,
            meeting_date=subject.last_date,
            independent_facilitator=subject.independent,
            lead_professional=lead,
            lead_professional_agency=lead_agency,
        ),
        present=list(progress.present),
        actions=list(progress.answers),
        new_actions=list(progress.new_actions),
        next_review=progress.next_review,
    )


def _pause(walk: Walk) -> None:
    choice = review_paused(walk.ask, saving=walk.keep is not None)
    if choice == "save":
        if walk.keep is not None and walk.progress != ReviewProgress():
            # Saved already, unless Ctrl-C cut that save short: then it is made now.
            walk.keep(walk.progress)
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
