"""New actions agreed at the review, each as complete as a session's.

What (one line), who (someone present, or someone not here with their agency),
by when (after the review) and where that agency records it. None is fine; the
most one review agrees is ``MEETING_MAX_ACTIONS``, as at a session.
"""

from __future__ import annotations

from rethink_cli.core.bounds import MEETING_MAX_ACTIONS
from rethink_cli.dialogs.ports import Choice, SelectQuestion
from rethink_cli.dialogs.review_walk import NAME, ONE_LINE, WHERE, Walk
from rethink_cli.formats.review import NewAction
from rethink_cli.formats.review_save import NewActionDraft


def ask_more(walk: Walk) -> bool:
    """Whether there is a new action to add; False once the room has said no more."""
    progress = walk.progress
    if progress.new_done:
        return False
    count = len(progress.new_actions)
    choices: tuple[Choice[bool], ...]
    if count == 0:
        message = "Any new actions agreed at this review?"
        choices = (Choice("Add a new action", True), Choice("No new action", False))
    elif count < MEETING_MAX_ACTIONS:
        message = f"{_count(count)} so far. Any more?"
        choices = (Choice("Add another new action", True), Choice("No more new actions", False))
    else:
        message = f"{_count(count)}: the most one review agrees."
        choices = (Choice("Go on", False),)
    add = walk.ask.select(SelectQuestion(message, choices, default=choices[-1].value))
    walk.update(new_done=not add, draft=NewActionDraft() if add else None)
    return True


def continue_new(walk: Walk, draft: NewActionDraft) -> None:
    """The next question about the new action being agreed, from what is already given."""
    number = len(walk.progress.new_actions) + 1
    prefix = f"New action {number}: {draft.what}. " if walk.remind and draft.what else ""
    if draft.what is None:
        what = walk.text(f"New action {number}: what will be done?", ONE_LINE)
        walk.update(draft=draft.model_copy(update={"what": what}))
    elif draft.owner is None:
        _ask_owner(walk, draft, number, prefix)
    elif draft.agency is None:
        agency = walk.pick_agency(f"{prefix}{draft.owner}'s agency", other=draft.other_agency)
        change = {"agency": agency} if agency else {"other_agency": True}
        walk.update(draft=draft.model_copy(update=change))
    elif draft.due is None:
        _ask_due(walk, draft, number, prefix)
    else:
        _ask_where(walk, draft, number, prefix)


def _ask_owner(walk: Walk, draft: NewActionDraft, number: int, prefix: str) -> None:
    if draft.absent:
        name = walk.text(f"{prefix}Their name", NAME)
        walk.update(draft=draft.model_copy(update={"owner": name}))
        return
    lead = walk.lead()
    choices: list[Choice[tuple[str, str] | None]] = [
        *walk.people_choices(),
        Choice("Someone who is not here", None),
    ]
    picked = walk.ask.select(
        SelectQuestion(
            f"{prefix}New action {number}: who will do it?",
            tuple(choices),
            default=lead if walk.is_present(*lead) else None,
        )
    )
    if picked is None:
        walk.update(draft=draft.model_copy(update={"absent": True}))
    else:
        owner, agency = picked
        walk.update(draft=draft.model_copy(update={"owner": owner, "agency": agency}))


def _ask_due(walk: Walk, draft: NewActionDraft, number: int, prefix: str) -> None:
    if draft.typed_due is None:
        day = walk.typed_date(f"{prefix}New action {number}, by when?")
        walk.update(draft=draft.model_copy(update={"typed_due": day}))
    elif walk.date_is_right(draft.typed_due, prefix):
        walk.update(draft=draft.model_copy(update={"due": draft.typed_due, "typed_due": None}))
    else:
        walk.update(draft=draft.model_copy(update={"typed_due": None}))


def _ask_where(walk: Walk, draft: NewActionDraft, number: int, prefix: str) -> None:
    agency = draft.agency or ""
    # What this agency said before: at the last meeting, or for another new action.
    known = walk.subject.recorded_where(agency) or next(
        (n.recorded_where for n in walk.progress.new_actions if n.agency == agency), ""
    )
    where = walk.text(
        f"{prefix}Where does {agency} record it?",
        WHERE,
        instruction="(its own file for the child)",
        default=known,
    )
    assert draft.what and draft.owner and draft.due  # asked in this order, above
    action = NewAction(
        number=number,
        what=draft.what,
        owner=draft.owner,
        agency=agency,
        due=draft.due,
        recorded_where=where,
    )
    walk.update(new_actions=(*walk.progress.new_actions, action), draft=None)


def _count(count: int) -> str:
    return "1 new action" if count == 1 else f"{count} new actions"
