"""What looks wrong in a valid record, said as warnings: the record is still used.

A record can be right and still look odd: a record from a team's tracker may
list an owner under another agency's name, and two people with the same name
from different agencies do meet. So none of this refuses a record (that is
``formats.record``'s rules); ``rethink actions check`` and ``render`` say each
one so the facilitator can look, and the record stands.

Each warning is one line that completes "Warning: ...". Pure: a record in, lines out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rethink_cli.core.dates import format_short
from rethink_cli.formats.fields import same_person_key
from rethink_cli.formats.record import Attendee, Record


def record_warnings(record: Record) -> list[str]:
    """Every warning about ``record``, in the order of the file; empty when none."""
    apologies = record.apologies or []
    return [
        *_same_name_warnings(record.attendees, "attendees"),
        *_same_name_warnings(apologies, "apologies"),
        *_here_and_sent_apologies(record.attendees, apologies),
        *_owner_agency_warnings(record),
        *_due_after_review(record),
    ]


def _name_key(text: str) -> str:
    # Compared as the record compares people: without case or extra spaces.
    return same_person_key(text, "")[0]


def _same_name_warnings(people: Sequence[Attendee], field: str) -> list[str]:
    """The same name twice with other agencies: the record allows it (two people can share
    a name), but it is more often one person typed twice.

    The same name and agency twice is refused by the record (``fields.no_one_twice``).
    """
    places: dict[str, list[int]] = {}
    for place, person in enumerate(people, start=1):
        places.setdefault(_name_key(person.name), []).append(place)
    warnings = []
    for found in places.values():
        if len(found) < 2:
            continue
        first = people[found[0] - 1]
        agencies = ", ".join(people[p - 1].agency for p in found)
        listed = ", ".join(f"{field}[{p}]" for p in found)
        warnings.append(
            f"{listed} have the same name, {first.name}, with different agencies "
            f"({agencies}): if they are one person, keep one of them"
        )
    return warnings


def _here_and_sent_apologies(
    attendees: Sequence[Attendee], apologies: Sequence[Attendee]
) -> list[str]:
    present = {same_person_key(a.name, a.agency) for a in attendees}
    return [
        f"{person.name} ({person.agency}) is listed both as attending and as sending apologies"
        for person in apologies
        if same_person_key(person.name, person.agency) in present
    ]


def _owner_agency_warnings(record: Record) -> list[str]:
    """An owner listed among the people under another agency than the action gives."""
    listed: dict[str, dict[str, str]] = {}  # name -> agency -> the list it is in
    for field, people in (("attendees", record.attendees), ("apologies", record.apologies or [])):
        for person in people:
            listed.setdefault(_name_key(person.name), {}).setdefault(person.agency, field)
    warnings = []
    for action in record.actions:
        theirs = listed.get(_name_key(action.owner), {})
        # An owner who is not listed (someone outside the room) is allowed, and not odd.
        if not theirs or _name_key(action.agency) in {_name_key(a) for a in theirs}:
            continue
        where = " and ".join(f"{agency} in {field}" for agency, field in theirs.items())
        warnings.append(
            f"action {action.number}: {action.owner} is from {action.agency} here but from "
            f"{where}; check which is right"
        )
    return warnings


def _due_after_review(record: Record) -> list[str]:
    review = record.review.date
    return [
        f"action {action.number} is due {format_short(action.due)}, after the review on "
        f"{format_short(review)}: the review cannot hear whether it was done"
        for action in record.actions
        if action.due > review
    ]
