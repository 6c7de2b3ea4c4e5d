"""What a review goes through: the last meeting's people and its actions still to check.

A review starts from a meeting's record (``rethink-actions/1``) or from an
earlier review (``rethink-review/2``). Either is turned into one ``UnderReview``
here, so the questions never ask which it was: the case, when the network last
met, how that meeting was facilitated, who leads, who was there, and the actions
to go through, numbered from 1.

From an earlier review, the actions are those it left open (what is left of one
partly done, with its owner and date now; one not done, with its new date), then
the new actions it agreed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from rethink_cli.formats.record import Attendee, Record
from rethink_cli.formats.review import ReviewRecord


@dataclass(frozen=True)
class DueAction:
    """An action as it stands when the review begins: what, who, and by when."""

    number: int
    what: str
    owner: str
    agency: str
    due: dt.date
    # Where the owner's agency records it, when the last meeting said.
    recorded_where: str | None = None


@dataclass(frozen=True)
class UnderReview:
    """One reviewed meeting, whichever file it came from."""

    # Which file this is, by its content: the name its saved review goes by.
    key: str
    case_reference: str
    # When the network last met: the session, or the review being reviewed again.
    last_date: dt.date
    # "meeting" (a session's record) or "review" (an earlier review): for what is said.
    last_kind: str
    independent: bool
    lead: str
    lead_agency: str
    attendees: tuple[Attendee, ...]
    actions: tuple[DueAction, ...]
    # Where each agency said it records the actions, first answer first.
    recording: tuple[tuple[str, str], ...] = ()

    @property
    def strategy(self) -> int:
        """Strategy 3 is the one with an independent facilitator; Strategy 2 the other."""
        return 3 if self.independent else 2

    def agencies(self) -> list[str]:
        """Every agency of someone who was there or who owns an action, first seen first."""
        seen = dict.fromkeys(a.agency for a in self.attendees)
        for action in self.actions:
            seen.setdefault(action.agency, None)
        return list(seen)

    def recorded_where(self, agency: str) -> str | None:
        """Where ``agency`` records the actions, if the last meeting said."""
        return next((where for name, where in self.recording if name == agency), None)


def record_key(record: Record) -> str:
    """The name a record's saved review goes by: the same for the same actions, wherever kept."""
    return hashlib.sha256(record.model_dump_json().encode("utf-8")).hexdigest()[:16]


def review_key(review: ReviewRecord) -> str:
    """The name a review's own saved review goes by (a different digest from any record's)."""
    payload = b"review\n" + review.model_dump_json().encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


def from_record(record: Record) -> UnderReview:
    """A meeting's record, as a review sees it."""
    meeting = record.meeting
    recording = {r.agency: r.where for r in record.recording or ()}
    for action in record.actions:
        recording.setdefault(action.agency, action.recorded_where)
    return UnderReview(
        key=record_key(record),
        case_reference=meeting.case_reference,
        last_date=meeting.date,
        last_kind="meeting",
        independent=meeting.independent_facilitator,
        lead=meeting.lead_professional,
        lead_agency=meeting.lead_professional_agency,
        attendees=tuple(record.attendees),
        actions=tuple(
            DueAction(a.number, a.what, a.owner, a.agency, a.due, a.recorded_where)
            for a in record.actions
        ),
        recording=tuple(recording.items()),
    )


def from_review(review: ReviewRecord) -> UnderReview:
    """An earlier review, as the next review sees it: what it left open, then what it added.

    A closed review has no next review; ``app.review_input`` refuses it before this.
    """
    info = review.review
    # An open action always has its new date (``formats.review`` checks it).
    carried = [(a.what_now, *a.owner_now, a.new_due or a.original_due) for a in review.still_open()]
    added = [(n.what, n.owner, n.agency, n.due) for n in review.new_actions]
    recording = {n.agency: n.recorded_where for n in review.new_actions}
    actions = [
        DueAction(number, what, owner, agency, due, recording.get(agency))
        for number, (what, owner, agency, due) in enumerate([*carried, *added], start=1)
    ]
    return UnderReview(
        key=review_key(review),
        case_reference=info.case_reference,
        last_date=info.date,
        last_kind="review",
        independent=info.independent_facilitator,
        lead=info.lead_professional,
        lead_agency=info.lead_professional_agency,
        attendees=tuple(review.present),
        actions=tuple(actions),
        recording=tuple(recording.items()),
    )
