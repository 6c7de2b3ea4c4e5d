"""The plain text a session writes is what a case system's text box keeps when pasted.

Agencies file the actions in case systems (Mosaic, LCS, SystmOne, EMIS, CPOMS)
that mostly take pasted text in a web form. A browser sends a text box's lines
joined by CRLF, and many systems trim the spaces that end each line as the
note is saved: every line of every agency's ``.txt`` must come through that
unchanged, with no markup left to show as stray characters.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rethink_cli.core.dates import format_long
from rethink_cli.export.bundle import agency_texts, session_exports
from rethink_cli.formats.record import Record, parse_record
from tests import flow_helpers as f
from tests.test_exports import check_golden, full_record
from tests.test_flow import MEETING, strategy3_script


def pasted(text: str) -> list[str]:
    """``text`` pasted into a web form's text box, submitted and saved, line by line."""
    # The browser submits every line break, whatever it was, as CRLF...
    submitted = re.sub(r"\r\n|\r|\n", "\r\n", text)
    # ...and the case system trims the white space that ends each line.
    return [line.rstrip() for line in submitted.split("\r\n")]


def plain_texts(record: Record) -> dict[str, str]:
    """Every plain-text file a session writes for ``record``, by name."""
    return {f.name: f.content for f in session_exports(record) if f.name.endswith(".txt")}


def check_pastes_whole(record: Record, text: str) -> None:
    lines = text.split("\n")
    assert pasted(text) == lines, "a line changed when pasted"
    assert all(not line.startswith("#") for line in lines)
    assert "**" not in text and "\t" not in text and "  \n" not in text
    assert all(line == line.rstrip() for line in lines)
    meeting = record.meeting
    for action in record.actions:
        # Each action whole on its own numbered line: nothing hard-wrapped.
        assert f"{action.number}. {action.what}" in lines
        assert f"   By: {format_long(action.due)}" in lines
        assert f"   Owner: {action.owner} ({action.agency})" in lines
    assert f"Date: {format_long(record.review.date)}" in lines
    assert f"Meeting: {format_long(meeting.date)}" in lines
    assert f"Case reference: {meeting.case_reference}" in lines
    assert f"Facilitator: {meeting.facilitator}" in lines
    for person in record.attendees:
        assert f"{person.name}, {person.role} ({person.agency})" in lines


@pytest.mark.parametrize("full", [False, True], ids=["sample", "every addition"])
def test_every_agencys_text_survives_a_paste(record_data: dict[str, Any], full: bool) -> None:
    record = parse_record(full_record(record_data) if full else record_data)
    texts = plain_texts(record)
    # All actions, and one for each agency involved.
    assert len(texts) == 1 + len(record.agencies())
    for text in texts.values():
        check_pastes_whole(record, text)


def test_spaces_typed_at_the_end_of_a_line_are_not_written(record_data: dict[str, Any]) -> None:
    record_data["actions"][0]["what"] = "Arrange a joint home visit   "
    record_data["actions"][0]["recorded_where"] = "Child's record\u00a0"
    record_data["review"]["convened_by"] = "Sam Patel "
    record_data["meeting"].update(strategy=2, independent_facilitator=False)
    record_data["outcome_summary"] = "One plan for six weeks.  \n   \nWe meet in January. "
    record = parse_record(record_data)
    for text in plain_texts(record).values():
        lines = text.split("\n")
        assert pasted(text) == lines
        assert "1. Arrange a joint home visit" in lines
        assert "   Recorded in: Child's record" in lines
        assert "Convened by: Sam Patel" in lines
        # The statement's lines as typed, an empty one included, without their ends.
        assert "One plan for six weeks.\n\nWe meet in January.\n" in text


def test_a_long_action_stays_on_one_line(record_data: dict[str, Any]) -> None:
    what = "Share attendance, " * 50 + "weekly"
    record_data["actions"][1]["what"] = what
    record = parse_record(record_data)
    for text in plain_texts(record).values():
        assert f"2. {what}" in pasted(text)


def test_the_session_writes_the_plain_text_that_actions_render_gives(
    record_data: dict[str, Any],
) -> None:
    # The golden files are `rethink actions render --format text`'s: a session's
    # plain text is byte for byte the same, for all actions and every agency.
    texts = plain_texts(parse_record(record_data))
    assert sorted(texts) == sorted(
        f"2026-11-26_PN-4471_{stem}.txt"
        for stem in [
            "actions",
            "Childrens-Social-Care_lead-professional",
            "Health-Visiting",
            "School",
            "GP-Practice",
        ]
    )
    for name, text in texts.items():
        check_golden(name, text)


def test_a_sessions_plain_text_for_every_agency_matches_its_golden_file(tmp_path: Path) -> None:
    outcome = f.run_session(strategy3_script(), tmp_path)
    written = sorted(p for p in outcome.paths if p.suffix == ".txt")
    # All actions, then the five agencies: the Lead Professional's, the three
    # others present and the absent owner's.
    assert len(written) == 6
    for path in written:
        assert path.parent == tmp_path / MEETING
        check_golden(f"session_{path.name}", path.read_text("utf-8"))
    # What is offered to copy is exactly what each agency's file holds.
    record = parse_record_of(tmp_path)
    texts = agency_texts(record)
    assert list(texts) == record.agencies()
    lead = "2026-11-26_PN-4471_Childrens-Social-Care_lead-professional.txt"
    assert texts["Children's Social Care"] == (tmp_path / MEETING / lead).read_text("utf-8")
    police = (tmp_path / MEETING / "2026-11-26_PN-4471_Police.txt").read_text("utf-8")
    assert texts["Police"] == police
    for text in texts.values():
        check_pastes_whole(record, text)


def parse_record_of(out: Path) -> Record:
    from rethink_cli.formats.toml import load_record

    return load_record(out / MEETING / f"{MEETING}_actions.toml")
