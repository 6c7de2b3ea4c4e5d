"""The review record ``rethink-review/2`` and the files a review writes.

The record is checked as strictly as a meeting's: each status takes only its
own fields, dates come after the review, a reason for an action not done only
when the facilitator was not independent. Older ``rethink-review/1`` files still
load. The files: the record, the Lead Professional's list (overdue first), and
a Markdown and a plain-text copy for every agency present or owning an action.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from markdown_it import MarkdownIt

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.export.review import review_exports
from rethink_cli.formats.reading import NewerFileError
from rethink_cli.formats.review import (
    ReviewRecord,
    load_review,
    parse_any_review,
    parse_review,
    render_review_toml,
)
from rethink_cli.formats.review_v1 import ReviewRecordV1
from tests.test_exports import check_golden
from tests.test_review import LEFT, NEW_WHAT, REVIEW_DAY, SCRIPT, WHY, review_of, strategy_2

# A review as rethink wrote them before the review became a meeting: still read.
REVIEW_V1: dict[str, Any] = {
    "schema": "rethink-review/1",
    "outcome": "not resolved",
    "next_route": "Take the concern on under your area's escalation protocol",
    "review": {
        "date": dt.date(2027, 1, 8),
        "case_reference": "PN-4471",
        "meeting_date": dt.date(2026, 11, 26),
    },
    "actions": [
        {
            "number": 1,
            "what": "Arrange a joint home visit with the health visitor",
            "owner": "Sam Patel",
            "agency": "Children's Social Care",
            "original_due": dt.date(2026, 12, 4),
            "status": "done",
        },
        {
            "number": 2,
            "what": "Share this term's attendance with the Lead Professional",
            "owner": "Priya Shah",
            "agency": "School",
            "original_due": dt.date(2026, 12, 2),
            "status": "not-done",
            "new_due": dt.date(2027, 2, 5),
        },
    ],
}


@pytest.fixture
def review(record_data: dict[str, Any]) -> ReviewRecord:
    """The scripted review of the sample record (see tests.test_review.SCRIPT)."""
    return review_of(record_data, *SCRIPT)[0]


def data_of(review: ReviewRecord) -> dict[str, Any]:
    return tomllib.loads(render_review_toml(review))


# ------------------------------------------------------------------ the record


def test_the_record_round_trips(review: ReviewRecord) -> None:
    text = render_review_toml(review)
    assert text.startswith('schema = "rethink-review/2"\noutcome = "not resolved"\n')
    data = tomllib.loads(text)
    assert data["review"] == {
        "date": REVIEW_DAY,
        "case_reference": "PN-4471",
        "meeting_date": dt.date(2026, 11, 26),
        "independent_facilitator": True,
        "lead_professional": "Sam Patel",
        "lead_professional_agency": "Children's Social Care",
    }
    assert [p["name"] for p in data["present"]] == ["Sam Patel", "Priya Shah", "Dr Lee"]
    assert data["actions"][0] == {
        "number": 1,
        "what": "Arrange a joint home visit with the health visitor",
        "owner": "Sam Patel",
        "agency": "Children's Social Care",
        "original_due": dt.date(2026, 12, 4),
        "status": "done",
    }
    assert data["actions"][2]["left"] == LEFT
    assert (data["actions"][2]["new_owner"], data["actions"][2]["new_due"]) == (
        "Sam Patel",
        dt.date(2027, 1, 22),
    )
    assert data["new_actions"][0]["what"] == NEW_WHAT
    assert data["next_review"] == {"date": dt.date(2027, 3, 5), "convened_by": "Sam Patel"}
    assert "closed" not in data
    assert parse_review(data) == review


def test_no_new_action_writes_no_empty_list(record_data: dict[str, Any]) -> None:
    from tests.test_review import ALL_DONE, quick

    result, _ = review_of(record_data, *quick(*ALL_DONE))
    data = data_of(result)
    assert "new_actions" not in data and parse_review(data).new_actions == []


def _closed(d: dict[str, Any]) -> None:
    d["closed"] = True


Change = Callable[[dict[str, Any]], Any]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["actions"][0].update(new_due=dt.date(2027, 3, 1)), "does not take new_due"),
        (lambda d: d["actions"][1].pop("new_due"), 'needs new_due when the status is "not-done"'),
        (lambda d: d["actions"][2].pop("left"), "actions[3]: needs left"),
        (lambda d: d["actions"][2].pop("new_agency"), "actions[3]: needs new_agency"),
        (lambda d: d["actions"][0].update(left="Half of it"), "does not take left"),
        (lambda d: d["actions"][2].update(why_not="Busy"), "does not take why_not"),
        (
            lambda d: d["actions"][1].update(why_not="Busy"),
            "actions[2].why_not: is not allowed when the facilitator is independent",
        ),
        (lambda d: d["actions"][1].update(new_due=REVIEW_DAY), "after the review date"),
        (lambda d: d["actions"][1].update(status="maybe"), "actions[2].status"),
        (lambda d: d["actions"][1].update(notes="what was said"), "actions[2].notes"),
        (
            lambda d: d["actions"][2].update(new_owner="Someone Else"),
            "actions[3].new_owner: must be the same owner or someone present",
        ),
        (lambda d: d["new_actions"][0].update(due=REVIEW_DAY), "new_actions[1].due: must be after"),
        (lambda d: d["new_actions"][0].pop("recorded_where"), "new_actions[1].recorded_where"),
        (lambda d: d["new_actions"][0].update(number=2), "new_actions: must be numbered 1 to 1"),
        (lambda d: d["next_review"].update(date=REVIEW_DAY), "next_review.date: must be after"),
        (lambda d: d.pop("next_review"), "either a [next_review] table or closed = true"),
        (_closed, "either a [next_review] table or closed = true, not both"),
        (lambda d: d.update(closed=False), "closed"),
        (lambda d: d.update(present=[]), "present: must have at least one"),
        (lambda d: d["present"].append(dict(d["present"][0])), "must not list anyone twice"),
        (lambda d: d["review"].pop("lead_professional"), "review.lead_professional: is missing"),
        (lambda d: d["review"].update(date="2027-01-08"), "review.date"),
        (lambda d: d["review"].update(meeting_date=REVIEW_DAY), "review.date: must be after"),
        (lambda d: d.update(schema="rethink-actions/1"), "schema"),
    ],
)
def test_bad_review_records_are_refused(
    review: ReviewRecord, change: Change, expected: str
) -> None:
    data = data_of(review)
    change(data)
    with pytest.raises(InvalidRecordError) as caught:
        parse_review(data)
    assert any(expected in d for d in caught.value.details), caught.value.details


def test_strategy_2_may_keep_why_not(record_data: dict[str, Any]) -> None:
    from tests.test_review import SCRIPT_2

    result, _ = review_of(strategy_2(record_data), *SCRIPT_2)
    data = data_of(result)
    assert data["review"]["independent_facilitator"] is False
    assert data["actions"][1]["why_not"] == WHY[1]
    assert parse_review(data) == result


def test_a_newer_review_is_said_to_be_newer(review: ReviewRecord) -> None:
    data = data_of(review)
    data["schema"] = "rethink-review/3"
    with pytest.raises(NewerFileError, match="newer rethink"):
        parse_any_review(data)


def test_an_old_review_1_file_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    path.write_text(tomli_w.dumps(REVIEW_V1), encoding="utf-8")
    old = load_review(path)
    assert isinstance(old, ReviewRecordV1)
    assert [a.number for a in old.overdue()] == [2]
    # And is checked as strictly as before.
    late = {**REVIEW_V1["actions"][1], "number": 1, "new_due": REVIEW_DAY}
    broken = {**REVIEW_V1, "actions": [late]}
    path.write_text(tomli_w.dumps(broken), encoding="utf-8")
    with pytest.raises(InvalidRecordError) as caught:
        load_review(path)
    assert any("after the review date" in d for d in caught.value.details)


def test_the_new_record_loads_from_a_file(tmp_path: Path, review: ReviewRecord) -> None:
    path = tmp_path / "review.toml"
    path.write_text(render_review_toml(review), encoding="utf-8")
    assert load_review(path) == review


# ------------------------------------------------------------------ the files

NAMES = [
    "2027-01-08_PN-4471_review.toml",
    "2027-01-08_PN-4471_review.md",
    "2027-01-08_PN-4471_review.txt",
    "2027-01-08_PN-4471_review_Childrens-Social-Care.md",
    "2027-01-08_PN-4471_review_Childrens-Social-Care.txt",
    "2027-01-08_PN-4471_review_School.md",
    "2027-01-08_PN-4471_review_School.txt",
    "2027-01-08_PN-4471_review_GP-Practice.md",
    "2027-01-08_PN-4471_review_GP-Practice.txt",
    "2027-01-08_PN-4471_review_Health-Visiting.md",
    "2027-01-08_PN-4471_review_Health-Visiting.txt",
]


def files_of(review: ReviewRecord) -> dict[str, str]:
    return {f.name: f.content for f in review_exports(review)}


def test_golden_files(review: ReviewRecord) -> None:
    files = review_exports(review)
    # Every agency present or owning an action, before or after the review: Health
    # Visiting owns the new action though nobody from it was here.
    assert [f.name for f in files] == NAMES
    for output in files:
        check_golden(f"review_{output.name}", output.content)


def test_each_agency_file_starts_with_what_is_with_it(review: ReviewRecord) -> None:
    files = files_of(review)
    school = files["2027-01-08_PN-4471_review_School.txt"]
    own, everything = school.split("\nAll reviewed actions\n")
    assert own.startswith("Re-think review for School: PN-4471\n")
    assert "2. Share this term's attendance" in own and "1. Arrange" not in own
    assert "OVERDUE: was due Wednesday 2 December 2026" in own
    assert "New date: Friday 5 February 2027" in own
    assert "Overdue: 2 of 3 (actions 2, 3)" in own
    assert "Next review: Friday 5 March 2027, called by Sam Patel" in own
    # Done on time or not: a done action is never marked overdue.
    first = everything.split("\n2. ")[0]
    assert "OVERDUE" not in first and "Status: Done" in first
    # Plain text: no Markdown marks.
    assert "#" not in school and "**" not in school
    # What is left of action 3 is now with Sam Patel: in his agency's own part, and Dr Lee's.
    social = files["2027-01-08_PN-4471_review_Childrens-Social-Care.txt"].split(
        "\nAll reviewed actions\n"
    )[0]
    gp = files["2027-01-08_PN-4471_review_GP-Practice.txt"].split("\nAll reviewed actions\n")[0]
    for own_part in (social, gp):
        assert f"Still to do: {LEFT}" in own_part
        assert "Now with: Sam Patel (Children's Social Care)" in own_part
    health = files["2027-01-08_PN-4471_review_Health-Visiting.txt"]
    own = health.split("\nAll reviewed actions\n")[0]
    assert "New actions\n\n1. Book a health assessment at the clinic" in own
    assert "Owner: Jo Reed (Health Visiting)\n   By: Friday 19 February 2027" in own
    assert "Present\n\nSam Patel, Social worker, Lead Professional (Children's Social Care)" in (
        health
    )


def test_the_lead_professionals_list_puts_the_overdue_first(review: ReviewRecord) -> None:
    lead = files_of(review)["2027-01-08_PN-4471_review.txt"]
    assert lead.startswith("Re-think review, the Lead Professional's full list: PN-4471\n")
    overdue, rest = lead.split("\nAll reviewed actions\n")
    listed = overdue.split("\nOverdue\n\n")[1]
    assert listed.startswith("2. Share this term's attendance")
    assert "\n3. Ask the GP" in listed and "1. Arrange" not in listed
    assert listed.count("OVERDUE: was due") == 2
    assert "1. Arrange a joint home visit" in rest
    assert "As Lead Professional, Sam Patel records every action" in rest


def test_with_nothing_overdue_the_list_says_so(record_data: dict[str, Any]) -> None:
    from tests.test_review import ALL_DONE, quick

    result, _ = review_of(record_data, *quick(*ALL_DONE))
    lead = files_of(result)["2027-01-08_PN-4471_review.md"]
    assert "## Overdue\n\nNo action is overdue.\n" in lead
    assert "Overdue: none of the 3 actions" in lead
    assert "## New actions\n\nNo new action was agreed.\n" in lead


HEADINGS = {
    "Overdue",
    "Reviewed actions",
    "New actions",
    "All reviewed actions",
    "Present",
    "Outcome",
    "Recording",
}
AGENCIES = ["Children's Social Care", "GP Practice", "Health Visiting"]


def test_markdown_is_escaped_and_has_no_tables(record_data: dict[str, Any]) -> None:
    record_data["actions"][1]["what"] = "# not a heading [link](https://example.org) | x |"
    result, _ = review_of(record_data, *SCRIPT)
    for output in review_exports(result):
        if not output.name.endswith(".md"):
            continue
        tokens = MarkdownIt("commonmark").enable(["table"]).parse(output.content)
        children = {c.type for t in tokens for c in (t.children or [])}
        assert "link_open" not in children
        assert "table_open" not in {t.type for t in tokens}
        titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        # No heading from a typed text: only the file's own.
        assert not any("not a heading" in title for title in titles), output.name
        assert set(titles[1:]) <= HEADINGS | {"For School", *(f"For {a}" for a in AGENCIES)}


def test_long_agency_names_still_give_safe_distinct_file_names(
    record_data: dict[str, Any],
) -> None:
    long_a = "A" * 110 + " one"
    long_b = "A" * 110 + " two"
    record_data["attendees"][1]["agency"] = long_a
    record_data["attendees"][2]["agency"] = long_b
    record_data["actions"][1]["agency"] = long_b
    from tests.test_review import ALL_DONE, quick

    result, _ = review_of(record_data, *quick(*ALL_DONE))
    names = [f.name for f in review_exports(result)]
    assert len(set(names)) == len(names) == 11
    stems = [n.removeprefix("2027-01-08_PN-4471_").rsplit(".", 1)[0] for n in names[3:]]
    assert all(len(s) <= 60 and s.startswith("review_") for s in stems)
