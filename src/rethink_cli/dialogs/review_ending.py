"""How the review ends: the next review and who calls it, or the Re-think closed; still stuck?

Closing while actions are still open is allowed, once the room has said so.
Whether the network is still stuck is asked as at the end of a session, and
only the outcome and the next route are kept (``core.ending``), never why.
"""

from __future__ import annotations

from rethink_cli.core.dates import format_short
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion
from rethink_cli.dialogs.review_walk import NAME, Walk
from rethink_cli.formats.review import NextReview
from rethink_cli.formats.review_save import NextReviewDraft

CLOSE = "No further review: the Re-think is closed"


def ask_next_review(walk: Walk) -> bool:
    """A next review, or closing; False once one of them is settled."""
    progress = walk.progress
    if progress.next_review is not None or progress.closed:
        return False
    close = walk.ask.select(
        SelectQuestion(
            "After this review",
            (Choice("Set a date for the next review", False), Choice(CLOSE, True)),
            default=False,
        )
    )
    if not close:
        walk.update(draft=NextReviewDraft())
    elif progress.open_count():
        # Open actions would be left without a review: said, and confirmed first.
        walk.update(draft=NextReviewDraft(closing=True))
    else:
        walk.update(closed=True)
    return True


def continue_next(walk: Walk, draft: NextReviewDraft) -> None:
    """Closing confirmed, or the next review's date, then who calls it."""
    if draft.closing:
        count = walk.progress.open_count()
        words = "1 action is" if count == 1 else f"{count} actions are"
        sure = walk.ask.confirm(
            ConfirmQuestion(f"{words} still open. Close anyway?", default=False)
        )
        walk.update(closed=sure, draft=None)
    elif draft.date is None and draft.typed is None:
        day = walk.typed_date("Next review: when will the network meet again?")
        walk.update(draft=draft.model_copy(update={"typed": day}))
    elif draft.date is None and draft.typed is not None:
        right = walk.date_is_right(draft.typed)
        walk.update(
            draft=draft.model_copy(update={"date": draft.typed if right else None, "typed": None})
        )
    else:
        _ask_convener(walk, draft)


def _ask_convener(walk: Walk, draft: NextReviewDraft) -> None:
    """Who calls it: someone present (the lead by default) or someone not here."""
    if draft.absent:
        name = walk.text("Their name", NAME)
    else:
        lead = walk.lead()
        choices: list[Choice[tuple[str, str] | None]] = [
            *walk.people_choices(),
            Choice("Someone who is not here", None),
        ]
        picked = walk.ask.select(
            SelectQuestion(
                "Who will call the next review?",
                tuple(choices),
                default=lead if walk.is_present(*lead) else None,
            )
        )
        if picked is None:
            walk.update(draft=draft.model_copy(update={"absent": True}))
            return
        name = picked[0]
    assert draft.date is not None  # asked before who calls it
    walk.update(next_review=NextReview(date=draft.date, convened_by=name), draft=None)


def ask_stuck(walk: Walk) -> bool:
    """Is the network still stuck? Asked once the rest is answered; False after."""
    if walk.progress.stuck is not None:
        return False
    stuck = walk.ask.select(
        SelectQuestion(
            "Is the network still stuck?",
            (
                Choice("No: the network is moving on", False),
                Choice("Yes: it is still stuck, and needs the next route", True),
            ),
            default=walk.was_stuck,
        )
    )
    walk.update(stuck=stuck)
    return True


def ending_words(walk: Walk) -> str:
    """The next review as the overview says it."""
    progress = walk.progress
    if progress.next_review is not None:
        review = progress.next_review
        return f"Next review {format_short(review.date)}, called by {review.convened_by}."
    return "The Re-think is closed." if progress.closed else ""
