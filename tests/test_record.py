"""The record rejects every bad input with a message naming the field and place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.record import find_problems, parse_record


def messages(data: dict[str, Any]) -> list[str]:
    return [str(p) for p in find_problems(data)]


def test_sample_is_valid(record_data: dict[str, Any]) -> None:
    record = parse_record(record_data)
    assert record.meeting.case_reference == "PN-4471"
    assert record.agencies() == [
        "Children's Social Care",
        "Health Visiting",
        "School",
        "GP Practice",
    ]


def test_unknown_key_is_named(record_data: dict[str, Any]) -> None:
    record_data["actions"][1]["notes"] = "who said what"
    assert messages(record_data) == [
        "actions[2].notes: is not a field of this record "
        "(use number, what, owner, agency, due, recorded_where or passed_on_by)"
    ]


def test_unknown_top_level_key(record_data: dict[str, Any]) -> None:
    record_data["minutes"] = "no"
    assert messages(record_data) == [
        "minutes: is not a field of this record "
        "(use schema, outcome_summary, outcome, next_route, meeting, attendees, apologies, "
        "actions, recording or review)"
    ]


def test_wrong_schema(record_data: dict[str, Any]) -> None:
    record_data["schema"] = "rethink-actions/2"
    assert messages(record_data) == ['schema: must be "rethink-actions/1"']


@pytest.mark.parametrize("strategy", [1, 4, 0])
def test_strategy_must_be_2_or_3(record_data: dict[str, Any], strategy: int) -> None:
    record_data["meeting"]["strategy"] = strategy
    assert "meeting.strategy: must be 2 or 3 (strategy 1 has no group session)" in messages(
        record_data
    )


def test_strategy_3_needs_independent(record_data: dict[str, Any]) -> None:
    record_data["meeting"]["independent_facilitator"] = False
    assert messages(record_data) == [
        "meeting.independent_facilitator: must be true for strategy 3 (an independent facilitator)"
    ]


def test_strategy_2_cannot_be_independent(record_data: dict[str, Any]) -> None:
    record_data["meeting"]["strategy"] = 2
    assert messages(record_data) == [
        "meeting.independent_facilitator: must be false for strategy 2 "
        "(led by the network's own lead)"
    ]


def test_outcome_refused_when_independent(record_data: dict[str, Any]) -> None:
    record_data["outcome_summary"] = "We agreed to try again."
    assert messages(record_data) == [
        "outcome_summary: is not allowed when the facilitator is independent: no notes are kept"
    ]


def test_outcome_allowed_for_strategy_2_with_newlines(record_data: dict[str, Any]) -> None:
    record_data["meeting"].update(strategy=2, independent_facilitator=False)
    record_data["outcome_summary"] = "Line one.\nLine two."
    assert parse_record(record_data).outcome_summary == "Line one.\nLine two."


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("attendees", 0, "name"), "", "attendees[1].name: must not be empty"),
        (("attendees", 1, "name"), "   ", "attendees[2].name: must not be empty"),
        (("actions", 0, "owner"), "\t ", "actions[1].owner: must not be empty"),
        (("actions", 1, "agency"), "", "actions[2].agency: must not be empty"),
        (("actions", 2, "what"), "", "actions[3].what: must not be empty"),
        (("actions", 0, "recorded_where"), " ", "actions[1].recorded_where: must not be empty"),
        (("actions", 0, "what"), "a\nb", "actions[1].what: must not contain line breaks"),
        (
            ("actions", 0, "what"),
            "red\x1b[31m",
            "actions[1].what: must not contain control characters",
        ),
        (
            ("meeting", "facilitator"),
            "Al\u202eex",
            "meeting.facilitator: must not contain invisible formatting characters",
        ),
        (
            ("attendees", 0, "name"),
            "x" * 121,
            "attendees[1].name: must be at most 120 characters (it has 121)",
        ),
        (
            ("actions", 0, "what"),
            "y" * 1001,
            "actions[1].what: must be at most 1000 characters (it has 1001)",
        ),
    ],
)
def test_bad_text(
    record_data: dict[str, Any], path: tuple[Any, ...], value: str, expected: str
) -> None:
    target: Any = record_data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert messages(record_data) == [expected]


def test_outcome_control_characters_refused(record_data: dict[str, Any]) -> None:
    record_data["meeting"].update(strategy=2, independent_facilitator=False)
    record_data["outcome_summary"] = "ok\x07"
    assert messages(record_data) == ["outcome_summary: must not contain control characters"]


def test_emoji_and_accents_are_fine(record_data: dict[str, Any]) -> None:
    record_data["attendees"][0]["name"] = "Zoë 👩‍⚕️ Ødegård"
    assert parse_record(record_data).attendees[0].name == "Zoë 👩‍⚕️ Ødegård"


def test_numbers_must_run_from_one(record_data: dict[str, Any]) -> None:
    record_data["actions"][2]["number"] = 5
    assert messages(record_data) == ["actions: must be numbered 1 to 3 in order (found 1, 2, 5)"]


def test_due_before_meeting(record_data: dict[str, Any]) -> None:
    record_data["actions"][1]["due"] = dt.date(2026, 11, 25)
    assert messages(record_data) == [
        "actions[2].due: must be on or after the meeting date 26/11/2026"
    ]


def test_due_on_meeting_day_is_fine(record_data: dict[str, Any]) -> None:
    record_data["actions"][1]["due"] = dt.date(2026, 11, 26)
    assert messages(record_data) == []


def test_review_on_meeting_day_refused(record_data: dict[str, Any]) -> None:
    record_data["review"]["date"] = dt.date(2026, 11, 26)
    assert messages(record_data) == ["review.date: must be after the meeting date 26/11/2026"]


def test_missing_review(record_data: dict[str, Any]) -> None:
    del record_data["review"]
    assert messages(record_data) == ["review: is missing (add a [review] table)"]


def test_dates_must_be_toml_dates(record_data: dict[str, Any]) -> None:
    record_data["actions"][0]["due"] = "2026-12-04"
    assert messages(record_data) == [
        "actions[1].due: must be a TOML date with no quotes: write due = 2026-12-04, "
        'not "2026-12-04"'
    ]


def test_text_that_is_no_date_keeps_the_general_words(record_data: dict[str, Any]) -> None:
    record_data["actions"][0]["due"] = "next Friday"
    assert messages(record_data) == [
        "actions[1].due: must be a TOML date such as 2026-12-04 (no quotes), not text"
    ]


def test_every_problem_is_listed_at_once(record_data: dict[str, Any]) -> None:
    record_data["actions"][0]["owner"] = ""
    record_data["actions"][1]["due"] = dt.date(2020, 1, 1)
    record_data["review"]["date"] = dt.date(2020, 1, 1)
    found = messages(record_data)
    assert found == [
        "actions[1].owner: must not be empty",
        "actions[2].due: must be on or after the meeting date 26/11/2026",
        "review.date: must be after the meeting date 26/11/2026",
    ]
    with pytest.raises(InvalidRecordError) as raised:
        parse_record(record_data)
    assert raised.value.message == "The record has 3 problems."
    assert raised.value.details == found
