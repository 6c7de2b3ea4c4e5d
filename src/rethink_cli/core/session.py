"""The state of one Re-think session, and how it becomes the record.

Plain data with small, pure transitions: no terminal, no files, no clock. The
flow asks questions and calls these; the autosave stores exactly this
(its JSON form is ``formats.autosave``).
Nothing said in the go-rounds has a field here, so it cannot be kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rethink_cli.core.action import DraftAction
from rethink_cli.core.agreement import Agreement
from rethink_cli.core.attendee import Attendee, Roster
from rethink_cli.core.ending import outcome_of
from rethink_cli.core.facts import GivenFacts, MeetingFacts
from rethink_cli.core.goround import GoRoundProgress
from rethink_cli.core.timing import TimePlan, make_plan


@dataclass
class ReviewPlan:
    date: dt.date | None = None
    convened_by: str | None = None


@dataclass
class Ending:
    """How the meeting ends: resolved, or still stuck and where the network turns next.

    Only the outcome and the route are kept, never why: the reasons were said in
    the room. ``stuck`` is None until the room has been asked.
    """

    stuck: bool | None = None
    next_route: str | None = None


@dataclass
class Pending:
    """A compound answer begun but not finished (an absent owner's name, then their agency).

    ``parts`` holds the parts already confirmed, so a resume, or "Carry on" after
    Ctrl-C, asks only for the rest. ``action`` is the action's number (from 1) when
    the answer belongs to one. Names, roles, agencies and dates only: nothing said.
    """

    kind: str
    action: int | None = None
    parts: dict[str, str] = field(default_factory=dict)


@dataclass
class Carried:
    """How the session was started, kept with it so a resume carries on the same way.

    ``out_dir`` is absolute, so resuming from another folder writes where the
    session meant to. The agreement is kept whole: a moved or edited file does not
    change what the room hears on resume.
    """

    out_dir: str | None = None
    agreement: Agreement | None = None
    plain: bool = False
    large: bool = False
    quiet: bool = False
    no_color: bool = False


@dataclass
class SetupDraft:
    """A session still being set up: the facts so far, saved from the first answer."""

    given: GivenFacts
    carried: Carried = field(default_factory=Carried)
    expected: list[Attendee] = field(default_factory=list)
    step_minutes: tuple[int, ...] | None = None


@dataclass
class SessionState:
    setup: MeetingFacts
    plan: TimePlan
    roster: Roster = field(default_factory=Roster)
    agreement_confirmed: bool = False
    actions: list[DraftAction] = field(default_factory=list)
    review: ReviewPlan = field(default_factory=ReviewPlan)
    outcome_summary: str | None = None
    step: int = 1
    # Seconds spent in each step so far: how time was used, never what was said.
    elapsed: dict[int, float] = field(default_factory=dict)
    # People a prepared plan expects; each is confirmed present (or not) at step 2.
    expected: list[Attendee] = field(default_factory=list)
    # False until the facilitator accepts the time plan, the last question of setup.
    plan_accepted: bool = True
    pending: Pending | None = None
    carried: Carried = field(default_factory=Carried)
    # The go-round under way (whose turn, who has spoken, the shares): indexes and seconds.
    goround: GoRoundProgress | None = None
    # The group agreement's point on screen at step 3 (from 0); all of them read: the question.
    agreement_point: int = 0
    # Where each agency records the actions (agency -> where), asked at step 8 of every
    # agency present, and of an absent owner's agency.
    recording: dict[str, str] = field(default_factory=dict)
    # People a plan expected who are not here: kept as apologies, offered as owners.
    apologies: list[Attendee] = field(default_factory=list)
    # The room found no action it could agree (step 6): the meeting ends not resolved.
    no_action: bool = False
    ending: Ending = field(default_factory=Ending)
    # Strategy 3: who takes the files, so the independent facilitator keeps none.
    receiver: str | None = None

    @classmethod
    def new(cls, setup: MeetingFacts, weights: list[int]) -> SessionState:
        return cls(setup=setup, plan=make_plan(setup.minutes, weights))

    def set_outcome(self, text: str | None) -> None:
        if self.setup.independent and text:
            raise ValueError("no notes are kept when the facilitator is independent")
        self.outcome_summary = text or None

    def make_lead(self, index: int) -> None:
        """Attendee ``index`` leads; the setup follows, so the export names the right person."""
        self.roster.lead_index = index
        lead = self.roster.attendees[index]
        self.setup.lead_professional = lead.name
        self.setup.lead_professional_agency = lead.agency

    def recording_agencies(self) -> list[str]:
        """Agencies asked where they record: everyone's in the room, then absent owners'."""
        present = self.roster.agencies()
        owners = [a.agency for a in self.actions if a.agency and a.agency not in present]
        return list(dict.fromkeys(present + owners))

    def incomplete_actions(self) -> list[tuple[int, list[str]]]:
        return [(n, a.missing()) for n, a in enumerate(self.actions, start=1) if not a.complete]

    def record_data(self) -> dict[str, Any]:
        """The record as plain data; ``formats.session_record`` checks every rule."""
        setup = self.setup
        data: dict[str, Any] = {
            "schema": "rethink-actions/1",
            "meeting": {
                "date": setup.meeting_date,
                "case_reference": setup.case_reference,
                "strategy": setup.strategy,
                "independent_facilitator": setup.independent,
                "facilitator": setup.facilitator,
                "lead_professional": setup.lead_professional,
                "lead_professional_agency": setup.lead_professional_agency,
            },
            "attendees": [
                {"name": a.name, "role": a.role, "agency": a.agency} for a in self.roster.attendees
            ],
            "actions": [_action_data(number, a) for number, a in enumerate(self.actions, start=1)],
            "review": {"date": self.review.date, "convened_by": self.review.convened_by},
        }
        if self.outcome_summary is not None and not setup.independent:
            data["outcome_summary"] = self.outcome_summary
        data.update(self._additions())
        return data

    def _additions(self) -> dict[str, Any]:
        """The record's optional additions: apologies, where each agency records, the ending."""
        data: dict[str, Any] = {}
        if self.apologies:
            data["apologies"] = [
                {"name": a.name, "role": a.role, "agency": a.agency} for a in self.apologies
            ]
        recording = [
            {"agency": agency, "where": self.recording[agency]}
            for agency in self.recording_agencies()
            if agency in self.recording
        ]
        if recording:
            data["recording"] = recording
        if self.ending.stuck is not None:
            data["outcome"] = outcome_of(self.ending.stuck)
            if self.ending.stuck and self.ending.next_route:
                data["next_route"] = self.ending.next_route
        return data


def _action_data(number: int, action: DraftAction) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": number,
        "what": action.what,
        "owner": action.owner,
        "agency": action.agency,
        "due": action.due,
        "recorded_where": action.recorded_where,
    }
    if action.passed_on_by:
        data["passed_on_by"] = action.passed_on_by
    return data
