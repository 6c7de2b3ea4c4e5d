"""What became of an agreed action at a review: its four statuses, shared by every review format.

Kept apart from the record models so that the old ``rethink-review/1`` reader
(``formats.review_v1``) and the current one (``formats.review``) say them the same way.
"""

from __future__ import annotations

from typing import Literal

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
