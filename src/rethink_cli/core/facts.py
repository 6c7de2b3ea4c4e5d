"""The meeting's seven facts, in one shape, with their defaults and bounds in one place.

``MeetingFacts`` is what a session runs with: the record's meeting, the
autosave's setup and the plan file are built from it. ``GivenFacts`` is the
same seven facts as far as something has given them (command-line options, a
plan file, the config), ``None`` meaning "not given, ask". Where several give
a fact, ``over`` says which wins, so no caller copies the facts field by field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

from rethink_cli.core.timing import DEFAULT_MINUTES

# Strategy 3 is the one with an independent facilitator (2 is led within the network).
INDEPENDENT_STRATEGY = 3


@dataclass
class MeetingFacts:
    """The facts of a meeting once every one is known (the Lead Professional may change)."""

    case_reference: str
    meeting_date: dt.date
    facilitator: str
    strategy: int
    lead_professional: str
    lead_professional_agency: str
    minutes: int = DEFAULT_MINUTES

    @property
    def independent(self) -> bool:
        # Strategy 3 is, by definition, the one with an independent facilitator.
        return self.strategy == INDEPENDENT_STRATEGY


@dataclass(frozen=True)
class GivenFacts:
    """The facts as far as they were given; the meeting date as typed ("today", "4/12/2026")."""

    case_reference: str | None = None
    meeting_date: str | None = None
    facilitator: str | None = None
    strategy: int | None = None
    lead_professional: str | None = None
    lead_professional_agency: str | None = None
    minutes: int | None = None

    @classmethod
    def of(cls, source: object) -> GivenFacts:
        """The facts ``source`` (a plan, the config, any object) has, by their names."""
        return cls(**{f.name: getattr(source, f.name, None) for f in fields(cls)})

    def over(self, fallback: GivenFacts) -> GivenFacts:
        """These facts, with any not given here taken from ``fallback``."""
        taken = {
            f.name: getattr(fallback, f.name) for f in fields(self) if getattr(self, f.name) is None
        }
        return replace(self, **taken)

    def missing(self) -> list[str]:
        """The facts still to ask for, the meeting date and length aside (they have defaults)."""
        optional = {"meeting_date", "minutes"}
        return [
            f.name for f in fields(self) if f.name not in optional and getattr(self, f.name) is None
        ]


def given_from(facts: MeetingFacts) -> GivenFacts:
    """A meeting's facts as given ones (say, to prepare a plan from what was asked)."""
    known = {f.name: getattr(facts, f.name) for f in fields(GivenFacts)}
    known["meeting_date"] = None
    return GivenFacts(**known)
