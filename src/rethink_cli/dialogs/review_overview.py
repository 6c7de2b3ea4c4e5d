"""The review read back before it is saved, and the ways to change it.

Every change goes back through the same questions, saved as they are answered,
so a stop while changing resumes there too.
"""

from __future__ import annotations

from collections.abc import Callable

from rethink_cli.core.bounds import MAX_ATTENDEES, MEETING_MAX_ACTIONS
from rethink_cli.core.dates import format_short
from rethink_cli.core.ending import outcome_words
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.review_ending import ending_words
from rethink_cli.dialogs.review_walk import Walk
from rethink_cli.formats.review import STATUS_TITLES, STATUSES, ReviewedAction
from rethink_cli.formats.review_save import NewActionDraft

Pick = tuple[str, int]
_SAVE: Pick = ("save", 0)


def ask_overview(walk: Walk) -> bool:
    """Save, or change an answer; always asks (it is the last question)."""
    progress = walk.progress
    stuck = bool(progress.stuck)
    choices: list[Choice[Pick]] = [Choice("Save the review", _SAVE)]
    choices += [
        Choice(f"Change action {a.number}: {answer_words(a)}", ("action", a.number))
        for a in progress.answers
    ]
    choices += [
        Choice(f"Remove new action {n.number}: {_short(n.what)}", ("remove", n.number))
        for n in progress.new_actions
    ]
    if len(progress.new_actions) < MEETING_MAX_ACTIONS:
        choices.append(Choice("Add a new action", ("add", 0)))
    choices.append(Choice("Change the next review", ("next", 0)))
    choices.append(
        Choice(f"Change the outcome: {'still stuck' if stuck else 'moving on'}", ("outcome", 0))
    )
    if len(progress.present) < MAX_ATTENDEES:
        choices.append(Choice("Someone arrived late: add them", ("late", 0)))
    pick = walk.ask.select(SelectQuestion(overview_words(walk), tuple(choices), default=_SAVE))
    _CHANGES[pick[0]](walk, pick[1])
    return True


def _save(walk: Walk, _: int) -> None:
    walk.finished = True


def _change_action(walk: Walk, number: int) -> None:
    walk.update(changing=number)


def _remove_new(walk: Walk, number: int) -> None:
    kept = [n for n in walk.progress.new_actions if n.number != number]
    renumbered = tuple(n.model_copy(update={"number": i}) for i, n in enumerate(kept, start=1))
    walk.update(new_actions=renumbered)


def _add_new(walk: Walk, _: int) -> None:
    walk.update(new_done=False, draft=NewActionDraft())


def _change_next(walk: Walk, _: int) -> None:
    walk.update(next_review=None, closed=False)


def _change_outcome(walk: Walk, _: int) -> None:
    # Asked again next, with the answer given as its default.
    walk.was_stuck = bool(walk.progress.stuck)
    walk.update(stuck=None)


def _late(walk: Walk, _: int) -> None:
    walk.update(others_done=False)


_CHANGES: dict[str, Callable[[Walk, int], None]] = {
    "save": _save,
    "action": _change_action,
    "remove": _remove_new,
    "add": _add_new,
    "next": _change_next,
    "outcome": _change_outcome,
    "late": _late,
}


def overview_words(walk: Walk) -> str:
    """The whole review in a few lines: the actions, what is new, what next, the outcome."""
    progress = walk.progress
    answers = progress.answers
    if answers:
        counts = ", ".join(
            f"{sum(a.status == s for a in answers)} {STATUS_TITLES[s].lower()}" for s in STATUSES
        )
        overdue = sum(a.is_overdue(walk.today) for a in answers)
        parts = [f"Review of {len(answers)} actions: {counts}; {overdue} overdue."]
    else:
        parts = ["Nothing was left open to review."]
    new = len(progress.new_actions)
    parts.append("1 new action." if new == 1 else f"{new} new actions.")
    parts.append(ending_words(walk))
    stuck = bool(progress.stuck)
    parts.append(outcome_words(stuck, walk.route))
    parts += walk.links if stuck else []
    return " ".join(p for p in parts if p)


def answer_words(action: ReviewedAction) -> str:
    words = STATUS_TITLES[action.status].lower()
    if action.new_due is not None:
        words += f", new date {format_short(action.new_due)}"
    return words


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
