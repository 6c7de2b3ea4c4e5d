"""What a review's files say: the Lead Professional's full list, and one copy per agency.

Built once as blocks (``export.document``) and rendered as Markdown and as
plain text, so the two always say the same. Each action's block is made once
and shared by every document (``Shared``), as the meeting's exports do.

An overdue action (due before the review, still not done) says so first, in
capitals; the Lead Professional's list starts with the overdue ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rethink_cli.core.dates import format_long
from rethink_cli.export.document import Block, Bullets, Group, Heading, Lines, NumberedItem
from rethink_cli.export.summaries import outcome_lines
from rethink_cli.formats.review import STATUS_TITLES, NewAction, ReviewedAction, ReviewRecord


@dataclass(frozen=True)
class Shared:
    """Every action's block, made once for all the review's documents."""

    reviewed: dict[int, NumberedItem]
    new: dict[int, NumberedItem]
    all_reviewed: Group
    all_new: Group


def shared_blocks(review: ReviewRecord) -> Shared:
    day = review.review.date
    reviewed = {a.number: reviewed_item(a, day) for a in review.actions}
    new = {n.number: new_item(n) for n in review.new_actions}
    return Shared(reviewed, new, Group(tuple(reviewed.values())), Group(tuple(new.values())))


def lead_document(review: ReviewRecord, shared: Shared) -> list[Block]:
    """Every action for the Lead Professional to follow up, the overdue ones first."""
    info = review.review
    overdue = review.overdue()
    first: list[Block] = (
        [shared.reviewed[a.number] for a in overdue]
        if overdue
        else [Lines((("", "No action is overdue."),))]
    )
    return [
        Heading(f"Re-think review, the Lead Professional's full list: {info.case_reference}", 1),
        Lines(
            (
                (
                    "",
                    "For following up every action. Each agency files its own copy in its "
                    "record for the child.",
                ),
            )
        ),
        _facts(review),
        Heading("Overdue"),
        *first,
        *_everything(review, shared),
        Heading("Recording"),
        Lines(
            (
                ("", _recording_note(review)),
                (
                    "",
                    f"As Lead Professional, {info.lead_professional} records every action, "
                    "the new dates and what happens next.",
                ),
            )
        ),
    ]


def agency_document(review: ReviewRecord, agency: str, shared: Shared) -> list[Block]:
    """One agency's copy: what is with it now first, then the whole review."""
    mine = [
        shared.reviewed[a.number] for a in review.actions if agency in (a.agency, a.owner_now[1])
    ]
    new = [shared.new[n.number] for n in review.new_actions if n.agency == agency]
    own: list[Block] = []
    if mine:
        own += [Heading("Reviewed actions", 3), *mine]
    if new:
        own += [Heading("New actions", 3), *new]
    if not own:
        own = [Lines((("", f"No action is with {agency}."),))]
    return [
        Heading(f"Re-think review for {agency}: {review.review.case_reference}", 1),
        _facts(review),
        Heading(f"For {agency}"),
        *own,
        *_everything(review, shared),
        Heading("Recording"),
        Lines(
            (
                ("", _recording_note(review)),
                (
                    "",
                    "Record the new dates and any new action on this agency's file for the child.",
                ),
            )
        ),
    ]


def _facts(review: ReviewRecord) -> Lines:
    info = review.review
    lines = [
        ("Review", format_long(info.date)),
        ("Last met", format_long(info.meeting_date)),
        ("Case reference", info.case_reference),
        ("Lead Professional", f"{info.lead_professional} ({info.lead_professional_agency})"),
        ("Overdue", _overdue_words(review)),
    ]
    if review.next_review is not None:
        when = format_long(review.next_review.date)
        lines.append(("Next review", f"{when}, called by {review.next_review.convened_by}"))
    else:
        lines.append(("Next review", "none: the Re-think is closed"))
    return Lines(tuple(lines))


def _everything(review: ReviewRecord, shared: Shared) -> list[Block]:
    """The whole review, the same in every document."""
    reviewed: list[Block] = (
        [shared.all_reviewed] if review.actions else [Lines((("", "No action was left open."),))]
    )
    new: list[Block] = (
        [shared.all_new] if review.new_actions else [Lines((("", "No new action was agreed."),))]
    )
    return [
        Heading("All reviewed actions"),
        *reviewed,
        Heading("New actions"),
        *new,
        Heading("Present"),
        Bullets(tuple(f"{p.name}, {p.role} ({p.agency})" for p in review.present)),
        Heading("Outcome"),
        Lines(
            outcome_lines(review.outcome, review.next_route, resolved="the network is moving on")
        ),
    ]


def _recording_note(review: ReviewRecord) -> str:
    reasons = "" if review.review.independent_facilitator else " (and why one was not done)"
    return (
        f"This keeps only who was here, what became of each action{reasons}, the new "
        "actions and what happens next: no notes of the review discussion."
    )


def _overdue_words(review: ReviewRecord) -> str:
    overdue = review.overdue()
    total = len(review.actions)
    if not overdue:
        return f"none of the {total} actions" if total > 1 else "none"
    numbers = ", ".join(str(a.number) for a in overdue)
    label = "action" if len(overdue) == 1 else "actions"
    return f"{len(overdue)} of {total} ({label} {numbers})"


def reviewed_item(action: ReviewedAction, review_date: dt.date) -> NumberedItem:
    # An overdue action says so first, in capitals, where the eye lands.
    due = format_long(action.original_due)
    details = [
        ("OVERDUE", f"was due {due}") if action.is_overdue(review_date) else ("Was due", due),
        ("Owner", f"{action.owner} ({action.agency})"),
        ("Status", STATUS_TITLES[action.status]),
    ]
    if action.left is not None:
        owner, agency = action.owner_now
        details += [("Still to do", action.left), ("Now with", f"{owner} ({agency})")]
    if action.new_due is not None:
        details.append(("New date", format_long(action.new_due)))
    if action.why_not is not None:
        details.append(("Why not", action.why_not))
    return NumberedItem(action.number, action.what, tuple(details))


def new_item(action: NewAction) -> NumberedItem:
    return NumberedItem(
        action.number,
        action.what,
        (
            ("Owner", f"{action.owner} ({action.agency})"),
            ("By", format_long(action.due)),
            ("Recorded in", action.recorded_where),
        ),
    )
