"""What became of each action: done, partly done, not done, or no longer needed.

Partly done: what is left (one line), who has it now (the same owner or someone
present) and a new date. Not done: a new date and, only when the facilitator is
not independent (Strategy 2), why not, in one line. In Strategy 3 nothing about
the discussion is typed in, so that question is never asked.
"""

from __future__ import annotations

import datetime as dt

from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.review_walk import ONE_LINE, Walk
from rethink_cli.formats.review import (
    OPEN_STATUSES,
    STATUS_TITLES,
    STATUSES,
    ReviewedAction,
    Status,
)
from rethink_cli.formats.review_save import ActionDraft
from rethink_cli.formats.review_subject import DueAction


def ask_status(walk: Walk) -> bool:
    """How the next action went (or the one being changed); False when none is left to ask."""
    number = walk.progress.asking(walk.total)
    if number is None:
        return False
    action = walk.subject.actions[number - 1]
    late = ", overdue unless done" if action.due < walk.today else ""
    status: Status = walk.ask.select(
        SelectQuestion(
            f"{walk.about(action)}{late}). How did it go?",
            tuple(Choice(STATUS_TITLES[s], s) for s in STATUSES),
        )
    )
    if status == "partly" or status == "not-done":
        walk.update(draft=ActionDraft(number=number, status=status))
    else:
        _answer(walk, action, status)
    return True


def continue_action(walk: Walk, draft: ActionDraft) -> None:
    """The next question about an action partly or not done, from what is already given."""
    action = walk.subject.actions[draft.number - 1]
    prefix = _reminder(walk, action, draft)
    partly = draft.status == "partly"
    if partly and draft.left is None:
        left = walk.text(
            f"{prefix}Action {draft.number}: what is left to do?",
            ONE_LINE,
            instruction="(one line)",
        )
        walk.update(draft=draft.model_copy(update={"left": left}))
    elif partly and draft.owner is None:
        owner, agency = _ask_owner_now(walk, action, prefix)
        walk.update(draft=draft.model_copy(update={"owner": owner, "agency": agency}))
    elif draft.new_due is None:
        _ask_new_date(walk, action, draft, prefix)
    else:
        _ask_why_not(walk, action, draft, prefix)


def _ask_owner_now(walk: Walk, action: DueAction, prefix: str) -> tuple[str, str]:
    same = (action.owner, action.agency)
    choices: list[Choice[tuple[str, str] | None]] = [
        Choice(f"{action.owner} ({action.agency}), as before", same)
    ]
    choices += [c for c in walk.people_choices() if c.value != same]
    picked = walk.ask.select(
        SelectQuestion(
            f"{prefix}Action {action.number}: who has what is left?",
            tuple(choices),
            default=same,
        )
    )
    return picked or same


def _ask_new_date(walk: Walk, action: DueAction, draft: ActionDraft, prefix: str) -> None:
    if draft.typed_due is None:
        day = walk.typed_date(f"{prefix}Action {action.number}, new date")
        walk.update(draft=draft.model_copy(update={"typed_due": day}))
    elif not walk.date_is_right(draft.typed_due, prefix):
        # Misheard: the date is typed again; everything else stays as given.
        walk.update(draft=draft.model_copy(update={"typed_due": None}))
    elif draft.status == "partly" or walk.subject.independent:
        _answer(walk, action, draft.status, draft, draft.typed_due)
    else:
        walk.update(draft=draft.model_copy(update={"typed_due": None, "new_due": draft.typed_due}))


def _ask_why_not(walk: Walk, action: DueAction, draft: ActionDraft, prefix: str) -> None:
    """Strategy 2 only: one line on why it was not done, or nothing."""
    if draft.status == "partly" or walk.subject.independent:
        # Only an edited save gets here: what it lacks is never asked in Strategy 3.
        _answer(walk, action, draft.status, draft, draft.new_due)
        return
    why = walk.text(
        f"{prefix}Action {action.number}: why was it not done?",
        lambda text: ONE_LINE(text) if text.strip() else None,
        instruction="(one line, or Enter for none)",
    )
    _answer(walk, action, draft.status, draft, draft.new_due, why_not=why or None)


def _answer(
    walk: Walk,
    action: DueAction,
    status: Status,
    draft: ActionDraft | None = None,
    new_due: dt.date | None = None,
    *,
    why_not: str | None = None,
) -> None:
    answer = ReviewedAction(
        number=action.number,
        what=action.what,
        owner=action.owner,
        agency=action.agency,
        original_due=action.due,
        status=status,
        left=draft.left if draft else None,
        new_owner=draft.owner if draft else None,
        new_agency=draft.agency if draft else None,
        new_due=new_due if status in OPEN_STATUSES else None,
        why_not=why_not,
    )
    answers = list(walk.progress.answers)
    if action.number <= len(answers):
        answers[action.number - 1] = answer
    else:
        answers.append(answer)
    walk.update(answers=tuple(answers), changing=None, draft=None)


def _reminder(walk: Walk, action: DueAction, draft: ActionDraft) -> str:
    """The action and the status picked, when the question would otherwise lack them."""
    if not walk.remind:
        return ""
    return f"{walk.about(action)}): {STATUS_TITLES[draft.status].lower()}. "
