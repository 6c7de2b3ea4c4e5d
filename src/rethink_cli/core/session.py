"""The state of one Re-think session, and how it becomes the record.

Plain data with small, pure transitions: no terminal, no files, no clock. The
flow asks questions and calls these; the autosave stores exactly this.
Nothing said in the go-rounds has a field here, so it cannot be kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rethink_cli.core.action import DraftAction
from rethink_cli.core.attendee import Attendee, Roster
from rethink_cli.core.timing import DEFAULT_MINUTES, TimePlan, make_plan


@dataclass
class Setup:
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
        return self.strategy == 3


@dataclass
class ReviewPlan:
    date: dt.date | None = None
    convened_by: str | None = None


@dataclass
class SessionState:
    setup: Setup
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

    @classmethod
    def new(cls, setup: Setup, weights: list[int]) -> SessionState:
        return cls(setup=setup, plan=make_plan(setup.minutes, weights))

    def set_outcome(self, text: str | None) -> None:
        if self.setup.independent and text:
            raise ValueError("no notes are kept when the facilitator is independent")
        self.outcome_summary = text or None

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
            "actions": [
                {
                    "number": number,
                    "what": a.what,
                    "owner": a.owner,
                    "agency": a.agency,
                    "due": a.due,
                    "recorded_where": a.recorded_where,
                }
                for number, a in enumerate(self.actions, start=1)
            ],
            "review": {"date": self.review.date, "convened_by": self.review.convened_by},
        }
        if self.outcome_summary is not None and not setup.independent:
            data["outcome_summary"] = self.outcome_summary
        return data


# ------------------------------------------------------------------ autosave form
# Plain JSON types only, so the autosave needs no pickle and can be read back by
# a newer version. Go-round content has no field here: there is nothing to save.

AUTOSAVE_FORMAT = 1


def state_to_dict(state: SessionState) -> dict[str, Any]:
    setup = state.setup
    return {
        "format": AUTOSAVE_FORMAT,
        "setup": {
            "case_reference": setup.case_reference,
            "meeting_date": setup.meeting_date.isoformat(),
            "facilitator": setup.facilitator,
            "strategy": setup.strategy,
            "lead_professional": setup.lead_professional,
            "lead_professional_agency": setup.lead_professional_agency,
            "minutes": setup.minutes,
        },
        "plan": list(state.plan.minutes),
        "attendees": [
            {"name": a.name, "role": a.role, "agency": a.agency} for a in state.roster.attendees
        ],
        "lead_index": state.roster.lead_index,
        "agreement_confirmed": state.agreement_confirmed,
        "actions": [
            {
                "what": a.what,
                "owner": a.owner,
                "agency": a.agency,
                "due": a.due.isoformat() if a.due else None,
                "recorded_where": a.recorded_where,
            }
            for a in state.actions
        ],
        "review": {
            "date": state.review.date.isoformat() if state.review.date else None,
            "convened_by": state.review.convened_by,
        },
        "outcome_summary": state.outcome_summary,
        "step": state.step,
        "elapsed": {str(k): round(v, 1) for k, v in sorted(state.elapsed.items())},
        "expected": [{"name": a.name, "role": a.role, "agency": a.agency} for a in state.expected],
    }


def state_from_dict(data: dict[str, Any]) -> SessionState:
    """Rebuild a session from its autosave; raises ValueError/KeyError/TypeError if damaged."""
    if data.get("format") != AUTOSAVE_FORMAT:
        raise ValueError("unknown autosave format")
    _refuse_unsafe_text(data)
    raw = data["setup"]
    setup = Setup(
        case_reference=str(raw["case_reference"]),
        meeting_date=dt.date.fromisoformat(raw["meeting_date"]),
        facilitator=str(raw["facilitator"]),
        strategy=int(raw["strategy"]),
        lead_professional=str(raw["lead_professional"]),
        lead_professional_agency=str(raw["lead_professional_agency"]),
        minutes=int(raw["minutes"]),
    )
    roster = Roster([Attendee(a["name"], a["role"], a["agency"]) for a in data["attendees"]])
    lead_index = data["lead_index"]
    if lead_index is not None and not 0 <= lead_index < len(roster.attendees):
        raise ValueError("lead professional out of range")
    roster.lead_index = lead_index
    actions = [
        DraftAction(
            what=a["what"],
            owner=a["owner"],
            agency=a["agency"],
            due=dt.date.fromisoformat(a["due"]) if a["due"] else None,
            recorded_where=a["recorded_where"],
        )
        for a in data["actions"]
    ]
    review_raw = data["review"]
    review = ReviewPlan(
        date=dt.date.fromisoformat(review_raw["date"]) if review_raw["date"] else None,
        convened_by=review_raw["convened_by"],
    )
    step = int(data["step"])
    if not 1 <= step <= 9:
        raise ValueError("step out of range")
    plan = TimePlan(tuple(int(m) for m in data["plan"]))
    if len(plan.minutes) != 9:
        raise ValueError("time plan must have nine steps")
    return SessionState(
        setup=setup,
        plan=plan,
        roster=roster,
        agreement_confirmed=bool(data["agreement_confirmed"]),
        actions=actions,
        review=review,
        outcome_summary=data["outcome_summary"],
        step=step,
        elapsed={int(k): float(v) for k, v in data.get("elapsed", {}).items()},
        expected=[Attendee(a["name"], a["role"], a["agency"]) for a in data.get("expected", [])],
    )


def _refuse_unsafe_text(value: object) -> None:
    """An edited or damaged autosave must not smuggle escape sequences onto the screen."""
    from rethink_cli.core.plaintext import find_forbidden

    if isinstance(value, str):
        if find_forbidden(value, multiline=True):
            raise ValueError("the autosave holds characters that are not plain text")
    elif isinstance(value, dict):
        for item in value.values():
            _refuse_unsafe_text(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_unsafe_text(item)
