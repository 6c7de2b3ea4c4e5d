"""Agreed actions while they are being shaped, and gentle help with vague wording."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass
class DraftAction:
    """An action as the room builds it over steps 6 to 8; complete once every field is set."""

    what: str
    owner: str | None = None
    agency: str | None = None
    due: dt.date | None = None
    recorded_where: str | None = None
    # For an owner who is not in the room: the attendee who tells them about it.
    passed_on_by: str | None = None

    def missing(self) -> list[str]:
        labels = {
            "owner": self.owner,
            "agency": self.agency,
            "due date": self.due,
            "where it is recorded": self.recorded_where,
        }
        return [label for label, value in labels.items() if value is None]

    @property
    def complete(self) -> bool:
        return not self.missing()


# Words that often stand in for an action without saying what will change.
_VAGUE = re.compile(
    r"\b(monitor(?:ing)?|consider(?:ing)?|continu(?:e|ing) to|keep an eye|look into|"
    r"liaise|support(?:ing)?|explore|think about|be aware|try to)\b",
    re.IGNORECASE,
)
# Signs that the wording already names a concrete result or deadline.
_CONCRETE = re.compile(
    r"\b(by|so that|in order to|until|weekly|daily|fortnightly|monthly|each|every|"
    r"send|book|arrange|share|refer|visit|call|write|meet|complete|attend|request|agree)\b",
    re.IGNORECASE,
)


def vague_hint(what: str) -> str | None:
    """A gentle suggestion when an action may be hard to check later, or None.

    Never a block: the room decides. "Monitor attendance" is flagged; "Share
    attendance weekly with the Lead Professional" is not.
    """
    match = _VAGUE.search(what)
    if match is None:
        return None
    rest = what[: match.start()] + what[match.end() :]
    if _CONCRETE.search(rest):
        return None
    word = match.group(0).lower()
    return (
        f"'{word}' can be hard to check at the review. Could the action say what will be "
        "done, how often, and what will change for the child?"
    )


def due_problem(due: dt.date, meeting_date: dt.date) -> str | None:
    if due < meeting_date:
        return "That date has already passed: choose the meeting day or later."
    return None
