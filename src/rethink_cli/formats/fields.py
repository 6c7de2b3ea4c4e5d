"""Field types shared by the file formats: plain text of a bounded length, and number ranges.

Each check raises ValueError with a message that completes "<place>: ...", so
the one error formatter in ``formats.base`` can show it as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from rethink_cli.core import plaintext
from rethink_cli.core.bounds import MAX_ACTIONS, MAX_ATTENDEES, date_out_of_range
from rethink_cli.core.timing import (
    MAX_MINUTES,
    MAX_STEP_MINUTES,
    MIN_MINUTES,
    MIN_STEP_MINUTES,
    STEP_COUNT,
)

__all__ = [
    "MAX_ACTIONS",
    "MAX_ATTENDEES",
    "STEP_COUNT",
    "IsoDate",
    "SaneDate",
    "SessionMinutes",
    "between",
    "no_one_twice",
    "plain_text",
]


def plain_text(max_length: int, *, multiline: bool = False) -> AfterValidator:
    """Plain, non-empty text of at most ``max_length`` characters (see ``core.plaintext``)."""
    return AfterValidator(
        lambda text: plaintext.check_text(text, max_length=max_length, multiline=multiline)
    )


def between(low: int, high: int) -> AfterValidator:
    """A whole number from ``low`` to ``high``, said as one range rather than two limits."""

    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")
        return value

    return AfterValidator(check)


def _nine_steps(minutes: list[int]) -> list[int]:
    # One message for the whole list: a wrong count and a wrong value are fixed the same way.
    if len(minutes) != STEP_COUNT or not all(
        MIN_STEP_MINUTES <= m <= MAX_STEP_MINUTES for m in minutes
    ):
        raise ValueError(
            f"must list {STEP_COUNT} whole numbers, each from {MIN_STEP_MINUTES} to "
            f"{MAX_STEP_MINUTES}"
        )
    # The steps are the session: their total is its length, which has bounds of its own.
    if not MIN_MINUTES <= sum(minutes) <= MAX_MINUTES:
        raise ValueError(
            f"must add up to a session of {MIN_MINUTES} to {MAX_MINUTES} minutes "
            f"(these add up to {sum(minutes)})"
        )
    return minutes


def _sane_date(day: dt.date) -> dt.date:
    problem = date_out_of_range(day)
    if problem:
        raise ValueError(f"{problem}, not {day.isoformat()}")
    return day


def same_person_key(name: str, agency: str) -> tuple[str, str]:
    """Who someone is, compared without case or spacing ("jo  REED" of "school" is Jo Reed)."""
    return (" ".join(name.split()).casefold(), " ".join(agency.split()).casefold())


def people_listed_twice(people: Sequence[Any]) -> tuple[int, int] | None:
    """The places (from 1) of the first person listed again, by name and agency; or None.

    ``people`` are tables (raw data) or models with ``name`` and ``agency``.
    """
    seen: dict[tuple[str, str], int] = {}
    for place, person in enumerate(people, start=1):
        name, agency = _name_and_agency(person)
        if name is None or agency is None:
            continue
        first = seen.setdefault(same_person_key(name, agency), place)
        if first != place:
            return first, place
    return None


def _name_and_agency(person: Any) -> tuple[str | None, str | None]:
    if isinstance(person, Mapping):
        name, agency = person.get("name"), person.get("agency")
    else:
        name, agency = getattr(person, "name", None), getattr(person, "agency", None)
    if isinstance(name, str) and isinstance(agency, str):
        return name, agency
    return None, None


def no_one_twice(field: str) -> AfterValidator:
    """A list of people in which nobody (the same name and agency) appears twice."""

    def check(people: list[Any]) -> list[Any]:
        twice = people_listed_twice(people)
        if twice:
            first, again = twice
            raise ValueError(
                f"must not list anyone twice: {field}[{first}] and {field}[{again}] have the "
                "same name and agency"
            )
        return people

    return AfterValidator(check)


Name = Annotated[str, plain_text(plaintext.NAME_MAX)]
Role = Annotated[str, plain_text(plaintext.ROLE_MAX)]
Agency = Annotated[str, plain_text(plaintext.AGENCY_MAX)]
CaseReference = Annotated[str, plain_text(plaintext.CASE_REFERENCE_MAX)]
ActionText = Annotated[str, plain_text(plaintext.ACTION_MAX)]
RecordedWhere = Annotated[str, plain_text(plaintext.RECORDED_WHERE_MAX)]
Outcome = Annotated[str, plain_text(plaintext.OUTCOME_MAX, multiline=True)]
# A config setting or a plan's agreement: a name, a folder or a path to a file.
Setting = Annotated[str, plain_text(plaintext.NAME_MAX * 4)]
# A planned session's length, and the minutes of each of its nine steps.
SessionMinutes = Annotated[int, between(MIN_MINUTES, MAX_MINUTES)]
StepMinutes = Annotated[list[int], AfterValidator(_nine_steps)]
# A date in a record, a plan or a review: within years any meeting can have.
SaneDate = Annotated[dt.date, AfterValidator(_sane_date)]


def _iso_date(value: object) -> object:
    # JSON has no dates: they are written as ISO text, and only that is read back as one.
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a date written as 2026-11-26") from None
    return value


# A date in a JSON file (the autosave): ISO text, read back as a date.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
