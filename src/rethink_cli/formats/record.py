"""The meeting record, ``rethink-actions/1``: the only thing that leaves the room.

The models are strict on purpose. The record is pasted into other agencies'
case systems and read months later at the review, so a value of the wrong
type, an unknown key or a half-finished action is refused with a message that
names the field and its place, rather than silently coerced.

Places in messages count from 1, like the action numbers a facilitator sees:
``actions[2].due`` is the second action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import ConfigDict, Field, ValidationError

from rethink_cli.core import ending
from rethink_cli.core.dates import format_short
from rethink_cli.formats.base import Problem, StrictModel, describe_errors, problems_error
from rethink_cli.formats.fields import (
    MAX_ACTIONS,
    MAX_ATTENDEES,
    ActionText,
    Agency,
    CaseReference,
    Name,
    Outcome,
    RecordedWhere,
    Role,
    SaneDate,
    no_one_twice,
)

SCHEMA = "rethink-actions/1"


class Meeting(StrictModel):
    """Who met, when, and how the session was facilitated."""

    date: SaneDate
    case_reference: CaseReference
    strategy: Literal[2, 3]
    independent_facilitator: bool
    facilitator: Name
    lead_professional: Name
    lead_professional_agency: Agency


class Attendee(StrictModel):
    """A professional present at the meeting: name, role and agency only."""

    name: Name
    role: Role
    agency: Agency


class Action(StrictModel):
    """One agreed action: what, who, by when, and where it is recorded."""

    number: int = Field(ge=1, le=MAX_ACTIONS)
    what: ActionText
    owner: Name
    agency: Agency
    due: SaneDate
    recorded_where: RecordedWhere
    # An addition to rethink-actions/1, optional so older records stay valid: for an
    # owner who was not in the room, the attendee who passes the action on to them.
    passed_on_by: Name | None = None


class Recording(StrictModel):
    """Where one agency records the agreed actions on its own file for the child."""

    agency: Agency
    where: RecordedWhere


class Review(StrictModel):
    """When the network meets again to report on the actions, and who calls it."""

    date: SaneDate
    convened_by: Name


class Record(StrictModel):
    """A whole ``rethink-actions/1`` record, as written to TOML."""

    schema_: Literal["rethink-actions/1"] = Field(alias="schema")
    outcome_summary: Outcome | None = None
    # Optional additions (older records lack them): whether the network is still stuck,
    # and where it turns next when it is. Never why.
    outcome: ending.Outcome | None = None
    next_route: ActionText | None = None
    meeting: Meeting
    attendees: Annotated[list[Attendee], no_one_twice("attendees")] = Field(
        min_length=1, max_length=MAX_ATTENDEES
    )
    # People expected who sent apologies (an optional addition).
    apologies: Annotated[list[Attendee], no_one_twice("apologies")] | None = Field(
        default=None, max_length=MAX_ATTENDEES
    )
    # Empty only when the meeting ended "not resolved" with no action agreed (a rule below).
    actions: list[Action] = Field(max_length=MAX_ACTIONS)
    # Where each agency records the actions (an optional addition).
    recording: list[Recording] | None = Field(default=None, max_length=MAX_ATTENDEES + MAX_ACTIONS)
    review: Review

    model_config = ConfigDict(populate_by_name=True)

    def agencies(self) -> list[str]:
        """Every agency involved: of an attendee or of an action owner, first seen first."""
        seen: dict[str, None] = {}
        for agency in [a.agency for a in self.attendees] + [a.agency for a in self.actions]:
            seen.setdefault(agency, None)
        return list(seen)

    def to_data(self) -> dict[str, Any]:
        """The record as plain data in the canonical key order (for TOML)."""
        data = self.model_dump(by_alias=True, exclude_none=True)
        # Canonical order: schema first so a reader sees the format at the top.
        ordered: dict[str, Any] = {"schema": data.pop("schema")}
        for key in ("outcome_summary", "outcome", "next_route"):
            if key in data:
                ordered[key] = data.pop(key)
        ordered.update(data)
        return ordered


def parse_record(data: Mapping[str, Any], *, source: str = "The record") -> Record:
    """Validate raw data (from TOML or a session) into a Record, or raise with every problem.

    ``source`` heads the list of problems: "The record in <file>" when read from one.
    """
    problems = find_problems(data)
    if problems:
        raise problems_error(source, problems)
    return Record.model_validate(data)


def find_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Every problem with ``data`` as a record; empty when it is valid."""
    problems: list[Problem] = []
    try:
        Record.model_validate(data)
    except ValidationError as error:
        problems = describe_errors(error, Record, "record")
    # The rules across fields are checked on the raw data, so a record with a
    # typing mistake in one place still hears about every other problem.
    problems.extend(_rule_problems(data))
    return list(dict.fromkeys(problems))


_NOT_INDEPENDENT_FOR_3 = "must be true for strategy 3 (an independent facilitator)"
_INDEPENDENT_FOR_2 = "must be false for strategy 2 (led by the network's own lead)"
_NO_NOTES = "is not allowed when the facilitator is independent: no notes are kept"


def _rule_problems(data: Mapping[str, Any]) -> list[Problem]:
    meeting = data.get("meeting")
    if not isinstance(meeting, Mapping):
        return []
    actions = data.get("actions")
    actions = [a for a in actions if isinstance(a, Mapping)] if isinstance(actions, list) else []
    numbers = [a.get("number") for a in actions]
    problems = _facilitation_problems(data, meeting)
    problems.extend(_ending_problems(data, actions))
    problems.extend(_passing_on_problems(data, actions))
    if all(_is_int(n) for n in numbers):
        problems.extend(_numbering_problems(numbers))
    meeting_date = meeting.get("date")
    if _is_date(meeting_date):
        problems.extend(_date_problems(data, actions, meeting_date))
    return problems


def _facilitation_problems(data: Mapping[str, Any], meeting: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    strategy = meeting.get("strategy")
    independent = meeting.get("independent_facilitator")
    if strategy == 3 and independent is False:
        problems.append(Problem("meeting.independent_facilitator", _NOT_INDEPENDENT_FOR_3))
    if strategy == 2 and independent is True:
        problems.append(Problem("meeting.independent_facilitator", _INDEPENDENT_FOR_2))
    if independent is True and "outcome_summary" in data:
        problems.append(Problem("outcome_summary", _NO_NOTES))
    return problems


_NO_ACTION = 'must hold at least one action, unless outcome = "not resolved"'


def _ending_problems(data: Mapping[str, Any], actions: list[Mapping[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    stuck = data.get("outcome") == "not resolved"
    if not actions and not stuck and isinstance(data.get("actions"), list):
        problems.append(Problem("actions", _NO_ACTION))
    if "next_route" in data and not stuck:
        problems.append(Problem("next_route", 'is allowed only with outcome = "not resolved"'))
    recording = data.get("recording")
    if isinstance(recording, list):
        agencies = [r.get("agency") for r in recording if isinstance(r, Mapping)]
        if len(set(map(str, agencies))) != len(agencies):
            problems.append(Problem("recording", "must name each agency once"))
    return problems


def _passing_on_problems(
    data: Mapping[str, Any], actions: list[Mapping[str, Any]]
) -> list[Problem]:
    attendees = data.get("attendees")
    present = (
        {a.get("name") for a in attendees if isinstance(a, Mapping)}
        if isinstance(attendees, list)
        else set()
    )
    return [
        Problem(f"actions[{place}].passed_on_by", "must be one of the attendees")
        for place, action in enumerate(actions, start=1)
        if "passed_on_by" in action and action["passed_on_by"] not in present
    ]


def _date_problems(
    data: Mapping[str, Any], actions: list[Mapping[str, Any]], meeting_date: dt.date
) -> list[Problem]:
    problems: list[Problem] = []
    for place, action in enumerate(actions, start=1):
        due = action.get("due")
        if _is_date(due) and due < meeting_date:
            problems.append(
                Problem(
                    f"actions[{place}].due",
                    f"must be on or after the meeting date {format_short(meeting_date)}",
                )
            )
    review = data.get("review")
    review_date = review.get("date") if isinstance(review, Mapping) else None
    if _is_date(review_date) and review_date <= meeting_date:
        problems.append(
            Problem("review.date", f"must be after the meeting date {format_short(meeting_date)}")
        )
    return problems


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_date(value: object) -> TypeGuard[dt.date]:
    # A TOML date-time is a datetime, which is also a date: not what a due date means.
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _numbering_problems(numbers: list[Any]) -> list[Problem]:
    expected = list(range(1, len(numbers) + 1))
    if numbers == expected:
        return []
    found = ", ".join(map(str, numbers))
    return [Problem("actions", f"must be numbered 1 to {len(numbers)} in order (found {found})")]
