"""The plan file written before a meeting (``rethink-plan/1``): who is expected, no content.

It holds only what a facilitator knows in advance: the case reference, the
strategy, the people expected and the time plan. There is deliberately no field
for notes or concerns, and unknown keys are refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.record import Agency, CaseReference, Name, Role, describe_errors

PLAN_SCHEMA = "rethink-plan/1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ExpectedAttendee(_Strict):
    """Someone invited: name, role and agency only."""

    name: Name
    role: Role
    agency: Agency


class SessionPlan(_Strict):
    """A prepared session: everything for setup and the expected roster."""

    schema_: Literal["rethink-plan/1"] = Field(alias="schema")
    case_reference: CaseReference
    strategy: Literal[2, 3]
    facilitator: Name
    lead_professional: Name
    lead_professional_agency: Agency
    minutes: int = Field(default=90, ge=20, le=240)
    step_minutes: list[int] | None = Field(default=None, min_length=9, max_length=9)
    agreement: str = "default"
    attendees: list[ExpectedAttendee] = Field(default_factory=list)

    model_config = ConfigDict(populate_by_name=True)

    def to_data(self) -> dict[str, Any]:
        data = self.model_dump(by_alias=True, exclude_none=True)
        ordered: dict[str, Any] = {"schema": data.pop("schema")}
        ordered.update(data)
        return ordered


def parse_plan(data: dict[str, Any], *, source: str = "The plan") -> SessionPlan:
    try:
        plan = SessionPlan.model_validate(data)
    except ValidationError as error:
        problems = describe_errors(error, "plan")
        raise InvalidRecordError(
            f"{source} has {len(problems)} problem(s).", details=problems
        ) from None
    if plan.step_minutes is not None and any(m < 1 or m > 120 for m in plan.step_minutes):
        raise InvalidRecordError(
            f"{source} has 1 problem(s).",
            details=["step_minutes: each step needs 1 to 120 minutes"],
        )
    return plan


def load_plan(path: Path) -> SessionPlan:
    from rethink_cli.formats.toml import read_toml_file

    return parse_plan(read_toml_file(path, what="plan"), source=str(path))


def render_plan(plan: SessionPlan) -> str:
    import tomli_w

    return tomli_w.dumps(plan.to_data())
