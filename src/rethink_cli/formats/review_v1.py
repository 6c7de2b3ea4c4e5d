"""The first review record, ``rethink-review/1``: still read, no longer written.

Reviews written before the review became a meeting of its own kept each
action's status and, for one still to do, a new date; then, optionally, whether
the network was still stuck and the next route. They did not keep who was
there, so one cannot be reviewed again (``app.review_input`` says so); they are
only read and checked. New reviews are ``rethink-review/2`` (``formats.review``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from rethink_cli.core.ending import Outcome
from rethink_cli.formats.base import StrictModel
from rethink_cli.formats.fields import MAX_ACTIONS, ActionText, Agency, CaseReference, Name
from rethink_cli.formats.review_status import OPEN_STATUSES, Status

OLD_REVIEW_SCHEMA: Literal["rethink-review/1"] = "rethink-review/1"


class ReviewInfoV1(StrictModel):
    """Which meeting's actions were reviewed, and when."""

    date: dt.date
    case_reference: CaseReference
    meeting_date: dt.date


class ReviewedActionV1(StrictModel):
    """One action as agreed at the meeting, and what became of it."""

    number: int = Field(ge=1, le=MAX_ACTIONS)
    what: ActionText
    owner: Name
    agency: Agency
    original_due: dt.date
    status: Status
    new_due: dt.date | None = None

    @model_validator(mode="after")
    def _new_due_only_when_still_open(self) -> ReviewedActionV1:
        if self.status in OPEN_STATUSES and self.new_due is None:
            raise ValueError(f'new_due is needed when the status is "{self.status}"')
        if self.status not in OPEN_STATUSES and self.new_due is not None:
            raise ValueError(f'new_due is only for partly or not-done, not "{self.status}"')
        return self

    def is_overdue(self, review_date: dt.date) -> bool:
        """Due before the review and still not done (dropped actions are not overdue)."""
        return self.status in OPEN_STATUSES and self.original_due < review_date


class ReviewRecordV1(StrictModel):
    """A whole ``rethink-review/1`` record, as older rethinks wrote it."""

    schema_: Literal["rethink-review/1"] = Field(alias="schema")
    # Optional additions (the oldest reviews lack them): still stuck or not, and the route next.
    outcome: Outcome | None = None
    next_route: ActionText | None = None
    review: ReviewInfoV1
    actions: list[ReviewedActionV1] = Field(min_length=1, max_length=MAX_ACTIONS)

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> ReviewRecordV1:
        if self.review.date <= self.review.meeting_date:
            raise ValueError("the review date must be after the meeting date")
        if self.next_route is not None and self.outcome != "not resolved":
            raise ValueError('next_route is allowed only with outcome = "not resolved"')
        numbers = [a.number for a in self.actions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"actions must be numbered 1 to {len(numbers)} in order")
        for action in self.actions:
            if action.new_due is not None and action.new_due <= self.review.date:
                raise ValueError(f"action {action.number}: new_due must be after the review date")
        return self

    def overdue(self) -> list[ReviewedActionV1]:
        return [a for a in self.actions if a.is_overdue(self.review.date)]
