"""The plan file written before a meeting (``rethink-plan/1``): who is expected, no content.

It holds only what a facilitator knows in advance: the case reference, the
strategy, the people expected and the time plan. There is deliberately no field
for notes or concerns, and unknown keys are refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from rethink_cli.core.timing import DEFAULT_MINUTES
from rethink_cli.formats.base import StrictModel, read_toml_model, validated
from rethink_cli.formats.fields import (
    MAX_ATTENDEES,
    Agency,
    CaseReference,
    Name,
    Role,
    SessionMinutes,
    Setting,
    StepMinutes,
    no_one_twice,
)

PLAN_SCHEMA = "rethink-plan/1"


class ExpectedAttendee(StrictModel):
    """Someone invited: name, role and agency only."""

    name: Name
    role: Role
    agency: Agency


class SessionPlan(StrictModel):
    """A prepared session: everything for setup and the expected roster."""

    schema_: Literal["rethink-plan/1"] = Field(alias="schema")
    case_reference: CaseReference
    strategy: Literal[2, 3]
    facilitator: Name
    lead_professional: Name
    lead_professional_agency: Agency
    minutes: SessionMinutes = DEFAULT_MINUTES
    step_minutes: StepMinutes | None = None
    # None: the plan leaves the agreement to the command line or the config.
    agreement: Setting | None = None
    attendees: Annotated[list[ExpectedAttendee], no_one_twice("attendees")] = Field(
        default_factory=list, max_length=MAX_ATTENDEES
    )

    model_config = ConfigDict(populate_by_name=True)

    def to_data(self) -> dict[str, Any]:
        data = self.model_dump(by_alias=True, exclude_none=True)
        ordered: dict[str, Any] = {"schema": data.pop("schema")}
        ordered.update(data)
        return ordered


def parse_plan(data: dict[str, Any], *, source: str = "The plan") -> SessionPlan:
    """Validate raw data into a plan; ``source`` heads the list of problems."""
    return validated(SessionPlan, data, noun="plan", source=source)


def load_plan(path: Path) -> SessionPlan:
    return read_toml_model(path, SessionPlan, noun="plan", schema=PLAN_SCHEMA)


def render_plan(plan: SessionPlan) -> str:
    import tomli_w

    return tomli_w.dumps(plan.to_data())
