"""Exports: golden files, Markdown that cannot be hijacked, and exact round-trips."""

from __future__ import annotations

import datetime as dt
import os
import string
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from rethink_cli.core import plaintext
from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.export.bundle import build_exports
from rethink_cli.export.document import escape_markdown
from rethink_cli.formats.record import parse_record
from rethink_cli.formats.toml import render_toml

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RETHINK_REGEN_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt", ["md", "text", "toml"])
def test_exports_match_golden_files(record_data: dict[str, Any], fmt: str) -> None:
    files = build_exports(parse_record(record_data), fmt)  # type: ignore[arg-type]
    names = [f.name for f in files]
    if fmt == "toml":
        assert names == ["2026-11-26_PN-4471_actions.toml"]
    else:
        suffix = ".md" if fmt == "md" else ".txt"
        assert names == [
            f"2026-11-26_PN-4471_{stem}{suffix}"
            for stem in [
                "actions",
                # The Lead Professional's agency: its name says so.
                "Childrens-Social-Care_lead-professional",
                "Health-Visiting",
                "School",
                "GP-Practice",
            ]
        ]
    for output in files:
        check_golden(output.name, output.content)


def full_record(record_data: dict[str, Any]) -> dict[str, Any]:
    """The sample with every optional addition: an absent owner's action passed on, an
    agency that owns nothing (Health Visiting), an apology, where each agency records,
    and an ending still stuck with its next route."""
    data = {**record_data, "outcome": "not resolved"}
    data["next_route"] = "Follow your area's escalation protocol"
    data["actions"][2]["passed_on_by"] = "Sam Patel"
    data["apologies"] = [{"name": "Kim Hart", "role": "Youth worker", "agency": "Youth Service"}]
    data["recording"] = [
        {"agency": "Children's Social Care", "where": "Child's record in the case system"},
        {"agency": "Health Visiting", "where": "Health visiting record"},
        {"agency": "School", "where": "School safeguarding file"},
        {"agency": "GP Practice", "where": "GP notes"},
    ]
    return data


def test_a_record_with_every_addition_matches_its_golden_files(
    record_data: dict[str, Any],
) -> None:
    record = parse_record(full_record(record_data))
    for fmt in ("md", "text"):
        for output in build_exports(record, fmt):
            check_golden("full_" + output.name, output.content)
    (toml_file,) = build_exports(record, "toml")
    check_golden("full_" + toml_file.name, toml_file.content)
    assert parse_record(tomllib.loads(toml_file.content)) == record


def test_each_agency_file_says_where_it_records_and_who_passes_actions_on(
    record_data: dict[str, Any],
) -> None:
    record = parse_record(full_record(record_data))
    files = {f.name: f.content for f in build_exports(record, "text")}
    health = files["2026-11-26_PN-4471_Health-Visiting.txt"]
    own = health.split("All agreed actions")[0]
    # An agency that owns nothing still hears where it records the actions.
    assert "No action is owned by Health Visiting." in own
    assert "Recorded in: Health visiting record" in own
    gp = files["2026-11-26_PN-4471_GP-Practice.txt"]
    assert "Passed on by: Sam Patel" in gp.split("All agreed actions")[0]
    lead = files["2026-11-26_PN-4471_Childrens-Social-Care_lead-professional.txt"]
    assert "As Lead Professional, Sam Patel records every action and the review date." in lead
    assert "As Lead Professional" not in gp
    everything = files["2026-11-26_PN-4471_actions.txt"]
    assert "Passed on by: Sam Patel" in everything
    assert "Kim Hart, Youth worker (Youth Service)" in everything
    assert "Not resolved: the network is still stuck." in everything
    assert "Next: Follow your area's escalation protocol" in everything
    for agency in ("Health Visiting: Health visiting record", "GP Practice: GP notes"):
        assert agency in everything


def test_a_meeting_that_agreed_no_action_exports_its_ending(record_data: dict[str, Any]) -> None:
    data = {**record_data, "actions": [], "outcome": "not resolved"}
    record = parse_record(data)
    files = {f.name: f.content for f in build_exports(record, "text")}
    assert "No action could be agreed." in files["2026-11-26_PN-4471_actions.txt"]
    # Each agency present still gets its file: it records the meeting's outcome.
    assert "2026-11-26_PN-4471_Health-Visiting.txt" in files
    with pytest.raises(InvalidRecordError):
        parse_record({**record_data, "actions": []})


def test_agency_file_puts_own_actions_first(record_data: dict[str, Any]) -> None:
    (school,) = build_exports(parse_record(record_data), "text", agency="school")
    text = school.content
    own, everything = text.split("All agreed actions")
    assert "2. Share this term's attendance" in own
    assert "1. Arrange a joint home visit" not in own
    for n in ("1.", "2.", "3."):
        assert f"\n{n} " in everything


def test_agency_without_actions_says_so(record_data: dict[str, Any]) -> None:
    (health,) = build_exports(parse_record(record_data), "md", agency="Health Visiting")
    assert "No action is owned by Health Visiting." in health.content


def test_every_agency_gets_a_file(record_data: dict[str, Any]) -> None:
    record = parse_record(record_data)
    # GP Practice owns an action but nobody from it attended: it still records it.
    assert "GP Practice" in record.agencies()
    names = [f.name for f in build_exports(record, "md")]
    assert "2026-11-26_PN-4471_GP-Practice.md" in names


def test_markdown_has_no_tables_and_long_dates(record_data: dict[str, Any]) -> None:
    (all_actions, *_) = build_exports(parse_record(record_data), "md")
    assert "|" not in all_actions.content
    assert "By: Friday 4 December 2026" in all_actions.content
    assert "Review" in all_actions.content and "Friday 8 January 2027" in all_actions.content


HOSTILE = [
    "# Heading injected",
    "[click me](https://example.org)",
    "<script>alert(1)</script>",
    "**bold** _it_ `code` | pipe | ~~strike~~",
    "1. fake list",
    "- fake bullet",
    "> quote",
    "![img](x.png)",
    "&amp; &#65;",
    "back\\slash\\",
    "===",
]


@pytest.mark.parametrize("evil", HOSTILE)
def test_user_text_cannot_build_markdown_structure(record_data: dict[str, Any], evil: str) -> None:
    record_data["actions"][0]["what"] = evil
    record_data["attendees"][0]["agency"] = evil
    record_data["actions"][0]["agency"] = evil
    record_data["meeting"]["case_reference"] = evil[:60]
    for output in build_exports(parse_record(record_data), "md"):
        tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(output.content)
        kinds = {t.type for t in tokens}
        children = {c.type for t in tokens for c in (t.children or [])}
        assert "link_open" not in children and "image" not in children
        assert "html_inline" not in children and "html_block" not in kinds
        assert "table_open" not in kinds and "blockquote_open" not in kinds
        assert not {"strong_open", "em_open", "code_inline", "s_open"} & children
        headings = [t for t in tokens if t.type == "heading_open"]
        # Structure is fixed: title plus the standard sections, whatever the text.
        assert len(headings) == output.content.count("\n## ") + 1


@pytest.mark.parametrize("evil", HOSTILE)
def test_escaped_text_reads_back_as_typed(evil: str) -> None:
    html = MarkdownIt("commonmark").renderInline(escape_markdown(evil))
    import html as html_lib

    assert html_lib.unescape(html) == evil


# Plain text a facilitator could type: any printable character, emoji included.
plain_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp"),
    ),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() != "")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(what=plain_text, owner=plain_text, agency=plain_text, where=plain_text, case=plain_text)
def test_any_allowed_text_round_trips(
    record_data: dict[str, Any], what: str, owner: str, agency: str, where: str, case: str
) -> None:
    action = record_data["actions"][0]
    action.update(what=what, owner=owner[:120], agency=agency[:120], recorded_where=where)
    record_data["meeting"]["case_reference"] = case[:60]
    record = parse_record(record_data)
    text = render_toml(record)
    assert parse_record(tomllib.loads(text)) == record
    exports = build_exports(record, "text")
    # Plain text keeps every character typed but the white space that ends a line,
    # which a case system's text box may trim (tests/test_paste.py).
    assert what.rstrip() in exports[0].content
    assert where.rstrip() in exports[0].content
    md = build_exports(record, "md")[0].content
    rendered = MarkdownIt("commonmark").render(md)
    import html as html_lib

    # Markdown escaping never loses or changes a character of what was typed.
    assert html_lib.unescape(MarkdownIt("commonmark").renderInline(escape_markdown(what))) == what
    assert rendered  # parses


@settings(max_examples=60)
@given(
    st.text(
        alphabet=string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", ""),
        min_size=1,
        max_size=300,
    ).filter(lambda s: s.strip() != "" and not s.startswith("\n"))
)
def test_outcome_statement_round_trips(text: str) -> None:
    import copy

    from tests.conftest import SAMPLE

    data = copy.deepcopy(SAMPLE)
    data["meeting"].update(strategy=2, independent_facilitator=False)
    data["outcome_summary"] = text
    if plaintext.find_forbidden(text, multiline=True):
        return
    record = parse_record(data)
    assert tomllib.loads(render_toml(record))["outcome_summary"] == text
    trimmed = "\n".join(line.rstrip() for line in text.split("\n"))
    assert trimmed in build_exports(record, "text")[0].content


def test_toml_is_native_dates_and_schema_first(record_data: dict[str, Any]) -> None:
    text = render_toml(parse_record(record_data))
    assert text.startswith('schema = "rethink-actions/1"\n')
    assert "due = 2026-12-04\n" in text
    assert tomllib.loads(text)["review"]["date"] == dt.date(2027, 1, 8)


def test_labelled_lines_stay_apart_when_rendered(record_data: dict[str, Any]) -> None:
    md = build_exports(parse_record(record_data), "md")[0].content
    html = MarkdownIt("commonmark").render(md)
    # A Markdown viewer keeps Owner / By / Recorded in on their own lines.
    assert "<br />\nBy: Friday 4 December 2026<br />" in html
    # Pasted as plain text the breaks are invisible trailing spaces, nothing more.
    assert "\\" not in md.replace("\\'", "")
