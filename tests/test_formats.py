"""Every file kind is checked one way: the same mistake gets the same shaped message.

A record, a plan, a review, a config file and an agreement are each written
with one value of the wrong type and one unknown key, at the same kind of
place, and read through the program's own loader for that file.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.agreement import load_agreement_file
from rethink_cli.formats.config import load_config
from rethink_cli.formats.packaged import load_packaged_toml
from rethink_cli.formats.plan import load_plan
from rethink_cli.formats.review import load_review
from rethink_cli.formats.texts import all_steps, check_facilitator_texts
from rethink_cli.formats.toml import load_record

PLAN: dict[str, Any] = {
    "schema": "rethink-plan/1",
    "case_reference": "PN-4471",
    "strategy": 3,
    "facilitator": "Alex Morgan",
    "lead_professional": "Sam Patel",
    "lead_professional_agency": "Children's Social Care",
    "attendees": [{"name": "Jo Reed", "role": "Health visitor", "agency": "Health Visiting"}],
}
REVIEW: dict[str, Any] = {
    "schema": "rethink-review/1",
    "review": {
        "date": dt.date(2027, 1, 8),
        "case_reference": "PN-4471",
        "meeting_date": dt.date(2026, 11, 26),
    },
    "actions": [
        {
            "number": 1,
            "what": "Arrange a joint home visit",
            "owner": "Sam Patel",
            "agency": "Children's Social Care",
            "original_due": dt.date(2026, 12, 4),
            "status": "done",
        }
    ],
}
CONFIG: dict[str, Any] = {"facilitator": "Alex Morgan", "minutes": 90}
AGREEMENT: dict[str, Any] = {
    "title": "How we work",
    "points": [{"title": "Listening", "text": "One voice at a time."}],
}


# The file kind, the place of the table the mistakes go in, and the program's loader.
KINDS: list[tuple[str, str, Callable[[Path], object]]] = [
    ("record", "actions[1].", load_record),
    ("plan", "attendees[1].", load_plan),
    ("review", "actions[1].", load_review),
    ("config", "", load_config),
    ("agreement", "points[1].", load_agreement_file),
]


def _good(noun: str, record_data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A valid file of this kind, the table to spoil in it, and a text field of that table."""
    data = copy.deepcopy(
        {
            "record": record_data,
            "plan": PLAN,
            "review": REVIEW,
            "config": CONFIG,
            "agreement": AGREEMENT,
        }[noun]
    )
    tables: dict[str, tuple[Callable[[dict[str, Any]], dict[str, Any]], str]] = {
        "record": (lambda d: d["actions"][0], "what"),
        "plan": (lambda d: d["attendees"][0], "name"),
        "review": (lambda d: d["actions"][0], "what"),
        "config": (lambda d: d, "facilitator"),
        "agreement": (lambda d: d["points"][0], "title"),
    }
    table, field = tables[noun]
    return data, table(data), field


@pytest.mark.parametrize(("noun", "place", "load"), KINDS, ids=[k[0] for k in KINDS])
def test_the_same_mistakes_read_the_same_in_every_file(
    tmp_path: Path,
    record_data: dict[str, Any],
    noun: str,
    place: str,
    load: Callable[[Path], object],
) -> None:
    data, table, field = _good(noun, record_data)
    path = tmp_path / f"{noun}.toml"
    path.write_text(tomli_w.dumps(data), "utf-8")
    load(path)  # the good file loads, so the problems below come from the mistakes alone

    table[field] = 3
    table["colour"] = "blue"
    path.write_text(tomli_w.dumps(data), "utf-8")
    with pytest.raises(InvalidRecordError) as raised:
        load(path)
    # The heading names the file; each line names the place, then what is expected.
    assert raised.value.message == f"The {noun} in {path} has 2 problems."
    details = raised.value.details
    assert f"{place}{field}: must be text in quotes, not a number" in details
    unknown = [d for d in details if d.startswith(f"{place}colour: ")]
    assert len(unknown) == 1, details
    shape = rf"{re.escape(place)}colour: is not a field of this {noun} \(use [a-z_, ]+ or [a-z_]+\)"
    assert re.fullmatch(shape, unknown[0]), unknown[0]
    assert f" {field}," in unknown[0] or f" {field} or" in unknown[0]


def test_a_plan_names_its_own_schema(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(tomli_w.dumps({**PLAN, "schema": "rethink-actions/1"}), "utf-8")
    with pytest.raises(InvalidRecordError) as raised:
        load_plan(path)
    assert raised.value.details == ['schema: must be "rethink-plan/1"']


def test_a_review_names_its_own_schema(tmp_path: Path) -> None:
    path = tmp_path / "review.toml"
    path.write_text(tomli_w.dumps({**REVIEW, "schema": "rethink-plan/1"}), "utf-8")
    with pytest.raises(InvalidRecordError) as raised:
        load_review(path)
    assert raised.value.details == ['schema: must be "rethink-review/1"']


def test_lists_and_tables_are_named_as_toml_spells_them(record_data: dict[str, Any]) -> None:
    from rethink_cli.formats.record import find_problems

    record_data["attendees"] = "everyone"
    record_data["meeting"] = "today"
    del record_data["actions"]
    found = [str(p) for p in find_problems(record_data)]
    assert found == [
        "meeting: must be a [meeting] table, not text",
        "attendees: must be a list of [[attendees]] tables, not text",
        "actions: is missing (add a [[actions]] table for each one)",
    ]


# ------------------------------------------------------------------ facilitator texts


def test_the_shipped_facilitator_texts_pass_their_model() -> None:
    checked = check_facilitator_texts(load_packaged_toml("facilitator.toml"))
    assert [s.number for s in checked.steps] == list(range(1, 10))
    assert [s.title for s in checked.steps] == [s.title for s in all_steps()]
    assert set(checked.strategies) == {"1", "2", "3", "escalation"}


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda d: d["steps"][3].update(say="Listen."),
            "steps[4].say: must be a list of texts, not text",
        ),
        (
            lambda d: d["steps"][0].update(titel="Typo"),
            "steps[1].titel: is not a field of this facilitator file (use number, key, title, "
            "purpose, say, weight or goround)",
        ),
        (
            lambda d: d["rethink"].update(framework_intro="Bell\x07"),
            "rethink.framework_intro: must not contain control characters",
        ),
        (lambda d: d["strategies"]["2"].pop("when"), "strategies.2.when: is missing"),
        (
            lambda d: d["steps"].reverse(),
            "steps must be numbered 1 to 9 in order",
        ),
    ],
)
def test_a_broken_facilitator_text_fails_loudly(spoil: Any, expected: str) -> None:
    data = load_packaged_toml("facilitator.toml")
    spoil(data)
    with pytest.raises(InvalidRecordError) as raised:
        check_facilitator_texts(data)
    assert "facilitator.toml" in raised.value.message
    assert expected in raised.value.details
