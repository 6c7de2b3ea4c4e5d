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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from rethink_cli.core import plaintext
from rethink_cli.core.dates import format_short
from rethink_cli.core.errors import InvalidRecordError

SCHEMA = "rethink-actions/1"


def _line(max_length: int) -> AfterValidator:
    return AfterValidator(lambda text: plaintext.check_text(text, max_length=max_length))


Name = Annotated[str, _line(plaintext.NAME_MAX)]
Role = Annotated[str, _line(plaintext.ROLE_MAX)]
Agency = Annotated[str, _line(plaintext.AGENCY_MAX)]
CaseReference = Annotated[str, _line(plaintext.CASE_REFERENCE_MAX)]
ActionText = Annotated[str, _line(plaintext.ACTION_MAX)]
RecordedWhere = Annotated[str, _line(plaintext.RECORDED_WHERE_MAX)]
Outcome = Annotated[
    str,
    AfterValidator(
        lambda text: plaintext.check_text(text, max_length=plaintext.OUTCOME_MAX, multiline=True)
    ),
]


class _Strict(BaseModel):
    # strict: a TOML string is never read as a date, nor a bool as a number;
    # frozen: a confirmed record is not changed behind the exporter's back.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Meeting(_Strict):
    """Who met, when, and how the session was facilitated."""

    date: dt.date
    case_reference: CaseReference
    strategy: Literal[2, 3]
    independent_facilitator: bool
    facilitator: Name
    lead_professional: Name
    lead_professional_agency: Agency


class Attendee(_Strict):
    """A professional present at the meeting: name, role and agency only."""

    name: Name
    role: Role
    agency: Agency


class Action(_Strict):
    """One agreed action: what, who, by when, and where it is recorded."""

    number: int = Field(ge=1)
    what: ActionText
    owner: Name
    agency: Agency
    due: dt.date
    recorded_where: RecordedWhere


class Review(_Strict):
    """When the network meets again to report on the actions, and who calls it."""

    date: dt.date
    convened_by: Name


class Record(_Strict):
    """A whole ``rethink-actions/1`` record, as written to TOML."""

    schema_: Literal["rethink-actions/1"] = Field(alias="schema")
    outcome_summary: Outcome | None = None
    meeting: Meeting
    attendees: list[Attendee] = Field(min_length=1)
    actions: list[Action] = Field(min_length=1)
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
        if "outcome_summary" in data:
            ordered["outcome_summary"] = data.pop("outcome_summary")
        ordered.update(data)
        return ordered


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record, at a place such as ``actions[2].due``."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


def parse_record(data: Mapping[str, Any]) -> Record:
    """Validate raw data (from TOML or a session) into a Record, or raise with every problem."""
    problems = find_problems(data)
    if problems:
        raise InvalidRecordError(
            f"The record has {_count(len(problems), 'problem')}.",
            details=[str(p) for p in problems],
        )
    return Record.model_validate(data)


def find_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Every problem with ``data`` as a record; empty when it is valid."""
    problems: list[Problem] = []
    try:
        Record.model_validate(data)
    except ValidationError as error:
        problems = [_problem_from_pydantic(e) for e in error.errors()]
    # The rules across fields are checked on the raw data, so a record with a
    # typing mistake in one place still hears about every other problem.
    problems.extend(_rule_problems(data))
    return list(dict.fromkeys(problems))


_NOT_INDEPENDENT_FOR_3 = "must be true for strategy 3 (an independent facilitator)"
_INDEPENDENT_FOR_2 = "must be false for strategy 2 (led by the Lead Professional or their manager)"
_NO_NOTES = "is not allowed when the facilitator is independent: no notes are kept"


def _rule_problems(data: Mapping[str, Any]) -> list[Problem]:
    meeting = data.get("meeting")
    if not isinstance(meeting, Mapping):
        return []
    problems: list[Problem] = []
    strategy = meeting.get("strategy")
    independent = meeting.get("independent_facilitator")
    if strategy == 3 and independent is False:
        problems.append(Problem("meeting.independent_facilitator", _NOT_INDEPENDENT_FOR_3))
    if strategy == 2 and independent is True:
        problems.append(Problem("meeting.independent_facilitator", _INDEPENDENT_FOR_2))
    if independent is True and "outcome_summary" in data:
        problems.append(Problem("outcome_summary", _NO_NOTES))
    actions = data.get("actions")
    actions = [a for a in actions if isinstance(a, Mapping)] if isinstance(actions, list) else []
    numbers = [a.get("number") for a in actions]
    if all(_is_int(n) for n in numbers):
        problems.extend(_numbering_problems(numbers))
    meeting_date = meeting.get("date")
    if not _is_date(meeting_date):
        return problems
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


_FRIENDLY = {
    "missing": "is missing",
    "date_type": "must be a TOML date, for example 2026-12-04 (no quotes)",
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "model_type": "must be a table",
    "dict_type": "must be a table",
    "too_short": "must have at least one entry",
}


def describe_errors(error: ValidationError, noun: str) -> list[str]:
    """One line per problem, named by place, for any strict model of this project."""
    return [str(_problem_from_pydantic(e, noun)) for e in error.errors()]


def _problem_from_pydantic(error: Mapping[str, Any], noun: str = "record") -> Problem:
    place = _place(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return Problem(place, f"is not a field of this {noun}")
    if kind == "literal_error" and place == "schema":
        return Problem(place, f'must be "{SCHEMA}"')
    if kind == "literal_error" and place.endswith("strategy"):
        return Problem(place, "must be 2 or 3 (strategy 1 has no group session)")
    if kind == "literal_error":
        return Problem(place, f"must be {error['ctx']['expected']}")
    if kind == "greater_than_equal":
        return Problem(place, f"must be {error['ctx']['ge']} or more")
    if kind == "less_than_equal":
        return Problem(place, f"must be {error['ctx']['le']} or less")
    if kind == "value_error":
        return Problem(place, str(error["ctx"]["error"]))
    return Problem(place, _FRIENDLY.get(kind, str(error["msg"])))


def _place(loc: Iterable[int | str]) -> str:
    place = ""
    for part in loc:
        if isinstance(part, int):
            place += f"[{part + 1}]"
        else:
            place += f".{part}" if place else part
    return place


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
