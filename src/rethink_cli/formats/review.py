"""The review record, ``rethink-review/1``: what became of each agreed action, and new dates.

Like the meeting record it keeps no free text: each action's status and, for
one still to do, a new date; then, optionally (older reviews lack it), whether
the network is still stuck and, if so, the next route, never why. The
interactive questions are in ``dialogs.review``; the per-agency copies in
``export.review``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import ConfigDict, Field, model_validator

from rethink_cli.core.ending import Outcome
from rethink_cli.formats.base import StrictModel, read_toml_model, validated
from rethink_cli.formats.fields import MAX_ACTIONS, ActionText, Agency, CaseReference, Name

REVIEW_SCHEMA: Literal["rethink-review/1"] = "rethink-review/1"

Status = Literal["done", "partly", "not-done", "dropped"]
STATUSES: tuple[Status, ...] = ("done", "partly", "not-done", "dropped")
# What the facilitator picks from, in this order. "Done" comes first so that
# picking by its title is never confused with "Not done" or "Partly done".
STATUS_TITLES: dict[Status, str] = {
    "done": "Done",
    "partly": "Partly done",
    "not-done": "Not done",
    "dropped": "No longer needed",
}
# Still to do after the review: these need a new date, and are overdue if late.
OPEN_STATUSES: frozenset[Status] = frozenset({"partly", "not-done"})


class ReviewInfo(StrictModel):
    """Which meeting's actions were reviewed, and when."""

    date: dt.date
    case_reference: CaseReference
    meeting_date: dt.date


class ReviewedAction(StrictModel):
    """One action as agreed at the meeting, and what became of it."""

    number: int = Field(ge=1, le=MAX_ACTIONS)
    what: ActionText
    owner: Name
    agency: Agency
    original_due: dt.date
    status: Status
    new_due: dt.date | None = None

    @model_validator(mode="after")
    def _new_due_only_when_still_open(self) -> ReviewedAction:
        if self.status in OPEN_STATUSES and self.new_due is None:
            raise ValueError(f'new_due is needed when the status is "{self.status}"')
        if self.status not in OPEN_STATUSES and self.new_due is not None:
            raise ValueError(f'new_due is only for partly or not-done, not "{self.status}"')
        return self

    @property
    def still_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, review_date: dt.date) -> bool:
        """Due before the review and still not done (dropped actions are not overdue)."""
        return self.still_open and self.original_due < review_date


class ReviewRecord(StrictModel):
    """A whole ``rethink-review/1`` record, as written to TOML."""

    schema_: Literal["rethink-review/1"] = Field(alias="schema")
    # Optional additions (older reviews lack them): still stuck or not, and the route next.
    outcome: Outcome | None = None
    next_route: ActionText | None = None
    review: ReviewInfo
    actions: list[ReviewedAction] = Field(min_length=1, max_length=MAX_ACTIONS)

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> ReviewRecord:
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

    def overdue(self) -> list[ReviewedAction]:
        return [a for a in self.actions if a.is_overdue(self.review.date)]

    def to_data(self) -> dict[str, Any]:
        """The record as plain data, schema first, for TOML."""
        return self.model_dump(by_alias=True, exclude_none=True)


def parse_review(data: Mapping[str, Any], *, source: str = "The review") -> ReviewRecord:
    """Validate raw data (from TOML) into a ReviewRecord, or raise with every problem."""
    return validated(ReviewRecord, data, noun="review", source=source)


def load_review(path: Path) -> ReviewRecord:
    """Read and validate a ``rethink-review/1`` file; problems are headed by its name."""
    return read_toml_model(path, ReviewRecord, noun="review", schema=REVIEW_SCHEMA)


def render_review_toml(review: ReviewRecord) -> str:
    return tomli_w.dumps(review.to_data())
