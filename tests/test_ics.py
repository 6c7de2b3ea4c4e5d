"""Calendar export: valid RFC 5545 read back by icalendar, stable UIDs, folding and escaping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings

from rethink_cli.cli.app import run
from rethink_cli.core.errors import InvalidInputError
from rethink_cli.core.privacy import CALENDAR_WORDING_WARNING
from rethink_cli.export.bundle import build_exports
from rethink_cli.export.ics import escape_text, event_uid, fold_line, render_ics
from rethink_cli.formats.record import parse_record
from tests.test_exports import check_golden, plain_text

REVIEW_UID = event_uid("PN-4471", dt.date(2026, 11, 26), "review")


def ics_for(data: dict[str, Any], agency: str | None = None, *, wording: bool = False) -> str:
    files = build_exports(parse_record(data), "ics", agency=agency, calendar_wording=wording)
    assert len(files) == 1
    return files[0].content


def unfolded(text: str) -> str:
    """The calendar as a calendar program reads it: folds joined, escapes kept."""
    return text.replace("\r\n ", "").replace("\r\n", "\n")


def events(text: str) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VEVENT"))


def physical_lines(text: str) -> list[bytes]:
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    return raw[:-2].split(b"\r\n")


def test_golden_file(record_data: dict[str, Any]) -> None:
    (output,) = build_exports(parse_record(record_data), "ics")
    assert output.name == "2026-11-26_PN-4471_actions.ics"
    # check_golden reads its file with universal newlines, so the golden copy is
    # kept with LF endings; CRLF is asserted on the real output just below.
    assert "\n" not in output.content.replace("\r\n", "")
    check_golden(output.name, output.content.replace("\r\n", "\n"))


def test_golden_file_with_wording(record_data: dict[str, Any]) -> None:
    (output,) = build_exports(parse_record(record_data), "ics", calendar_wording=True)
    assert output.name == "2026-11-26_PN-4471_actions.ics"
    check_golden(
        "2026-11-26_PN-4471_actions_with-wording.ics", output.content.replace("\r\n", "\n")
    )


def test_by_default_no_action_wording_reaches_the_calendar(record_data: dict[str, Any]) -> None:
    text = ics_for(record_data)
    for action in record_data["actions"]:
        # Not in any event, not even split by a fold or a TEXT escape.
        assert escape_text(action["what"]) not in unfolded(text)
        assert escape_text(action["recorded_where"]) not in unfolded(text)
    found = events(text)
    assert [str(e["SUMMARY"]) for e in found] == [
        "Re-think PN-4471: action 1 due (Sam Patel)",
        "Re-think PN-4471: action 2 due (Priya Shah)",
        "Re-think PN-4471: action 3 due (Dr Lee)",
        "Re-think review: PN-4471",
    ]
    # The case reference, the action number, the owner and the date only.
    assert str(found[1]["DESCRIPTION"]).split("\n") == [
        "Case reference: PN-4471",
        "Action 2 of the Re-think meeting on Thursday 26 November 2026",
        "Owner: Priya Shah",
        "Due: Wednesday 2 December 2026",
        "",
        "What the action says is in the exported actions, not in this calendar.",
    ]
    # The events are the same ones: the wording option changes words, not UIDs or dates.
    with_wording = events(ics_for(record_data, wording=True))
    assert [(str(e["UID"]), e.decoded("DTSTART")) for e in found] == [
        (str(e["UID"]), e.decoded("DTSTART")) for e in with_wording
    ]


def test_calendar_header(record_data: dict[str, Any]) -> None:
    calendar = icalendar.Calendar.from_ical(ics_for(record_data))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["PRODID"]).startswith("-//rethink//")
    assert "METHOD" not in calendar


def test_every_event_has_the_right_dates_summary_and_uid(record_data: dict[str, Any]) -> None:
    found = events(ics_for(record_data, wording=True))
    assert len(found) == 4
    expected = [
        (
            dt.date(2026, 12, 4),
            "Re-think action 1 due: Arrange a joint home visit with the health visitor",
            event_uid("PN-4471", dt.date(2026, 11, 26), "action 1"),
        ),
        (
            dt.date(2026, 12, 2),
            "Re-think action 2 due: Share this term's attendance with the Lead Professional",
            event_uid("PN-4471", dt.date(2026, 11, 26), "action 2"),
        ),
        (
            dt.date(2026, 12, 11),
            "Re-think action 3 due: Ask the GP for the last two appointments' outcome",
            event_uid("PN-4471", dt.date(2026, 11, 26), "action 3"),
        ),
        (dt.date(2027, 1, 8), "Re-think review: PN-4471", REVIEW_UID),
    ]
    for event, (day, summary, uid) in zip(found, expected, strict=True):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        # All-day: plain dates, not date-times, and DTEND is the exclusive next day.
        assert type(start) is dt.date and type(end) is dt.date
        assert start == day
        assert end == day + dt.timedelta(days=1)
        assert str(event["SUMMARY"]) == summary
        assert str(event["UID"]) == uid
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
        assert "ATTENDEE" not in event and "ORGANIZER" not in event


def test_descriptions_with_wording_carry_owner_agency_and_where(
    record_data: dict[str, Any],
) -> None:
    action_2 = events(ics_for(record_data, wording=True))[1]
    description = str(action_2["DESCRIPTION"])
    assert "Owner: Priya Shah" in description
    assert "Agency: School" in description
    assert "Recorded in: School safeguarding file" in description
    assert "Case reference: PN-4471" in description
    review = events(ics_for(record_data))[3]
    assert "Convened by: Sam Patel" in str(review["DESCRIPTION"])


def test_crlf_only(record_data: dict[str, Any]) -> None:
    text = ics_for(record_data)
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("\n") == text.count("\r\n")
    assert text.count("\r") == text.count("\r\n")


LONG_WHAT = (
    "Call the family 📞, then the school 🏫; agree a date, a time, and a place 🙂 "
    "with everyone, \\ including the GP 👩🏽‍⚕️ and the health visitor, "
) * 3
LONG_WHAT = LONG_WHAT[:300]


def test_long_text_with_emoji_folds_within_75_octets(record_data: dict[str, Any]) -> None:
    assert len(LONG_WHAT) == 300
    record_data["actions"][1]["what"] = LONG_WHAT
    record_data["actions"][1]["recorded_where"] = "Ünïcödé file; section 3, part 2 ✅" * 5
    text = ics_for(record_data, wording=True)
    lines = physical_lines(text)
    assert max(len(line) for line in lines) <= 75
    # Folded lines start with one space, and every physical line is whole UTF-8.
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")
    event = events(text)[1]
    assert str(event["SUMMARY"]) == f"Re-think action 2 due: {LONG_WHAT}"
    assert str(event["DESCRIPTION"]).startswith(LONG_WHAT + "\n\nOwner: Priya Shah\n")


def test_fold_never_splits_a_character() -> None:
    for prefix in range(8):
        line = "SUMMARY:" + "x" * prefix + "€😀é" * 40
        folded = fold_line(line).encode("utf-8")
        parts = folded.split(b"\r\n")
        assert all(len(p) <= 75 for p in parts)
        # A fold fills each line: only a multi-byte character that does not fit moves on.
        assert all(len(p) >= 71 for p in parts[:-1])
        unfolded = parts[0] + b"".join(p[1:] for p in parts[1:])
        assert unfolded.decode("utf-8") == line


def test_no_physical_line_ends_in_a_space() -> None:
    line = "DESCRIPTION:" + "ab " * 60 + "end"
    parts = fold_line(line).split("\r\n")
    assert all(len(p.encode()) <= 75 and not p.endswith(" ") for p in parts)
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line


def test_short_line_is_unchanged() -> None:
    assert fold_line("X" * 75) == "X" * 75
    assert fold_line("X" * 76) == "X" * 75 + "\r\n X"


@pytest.mark.parametrize(
    "what",
    [
        "semi; colon, comma \\ backslash",
        "ends with a backslash \\",
        "\\n is not a newline",
        "quotes \"double\" and 'single': colon",
        ";;;,,,\\\\\\",
    ],
)
def test_escaping_round_trips_through_icalendar(record_data: dict[str, Any], what: str) -> None:
    record_data["actions"][0]["what"] = what
    record_data["actions"][0]["owner"] = what
    record_data["meeting"]["case_reference"] = "PN;4471,b\\c"
    found = events(ics_for(record_data, wording=True))
    assert str(found[0]["SUMMARY"]) == f"Re-think action 1 due: {what}"
    assert f"Owner: {what}\n" in str(found[0]["DESCRIPTION"])
    assert str(found[-1]["SUMMARY"]) == "Re-think review: PN;4471,b\\c"
    # Without the wording, the owner and the case reference still round-trip.
    plain = events(ics_for(record_data))
    assert str(plain[0]["SUMMARY"]) == f"Re-think PN;4471,b\\c: action 1 due ({what})"


def test_escape_text() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_uids_are_stable_and_unique(record_data: dict[str, Any]) -> None:
    first = ics_for(record_data)
    again = ics_for(record_data)
    # A re-export is byte-identical, so a calendar updates rather than duplicates.
    assert first == again
    uids = [str(e["UID"]) for e in events(first)]
    assert len(set(uids)) == len(uids) == 4
    assert all(u.endswith("@rethink") and len(u) == 24 + len("@rethink") for u in uids)
    # Changing an action's text or date keeps its UID (an update, not a new event).
    record_data["actions"][0]["what"] = "Something clearer"
    record_data["actions"][0]["due"] = dt.date(2026, 12, 5)
    assert [str(e["UID"]) for e in events(ics_for(record_data))] == uids
    # Another meeting of the same case gets other UIDs.
    record_data["meeting"]["date"] = dt.date(2026, 11, 27)
    others = [str(e["UID"]) for e in events(ics_for(record_data))]
    assert not set(others) & set(uids)


def test_uid_does_not_reveal_the_case_reference() -> None:
    assert "PN" not in event_uid("PN-4471", dt.date(2026, 11, 26), "action 1")


def test_one_agency_gets_its_due_dates_and_the_review(record_data: dict[str, Any]) -> None:
    files = build_exports(parse_record(record_data), "ics", agency="school")
    assert [f.name for f in files] == ["2026-11-26_PN-4471_School.ics"]
    found = events(files[0].content)
    assert [str(e["SUMMARY"]) for e in found] == [
        "Re-think PN-4471: action 2 due (Priya Shah)",
        "Re-think review: PN-4471",
    ]
    # Asked for, one agency's calendar carries its own actions' wording too.
    worded = build_exports(parse_record(record_data), "ics", agency="school", calendar_wording=True)
    assert str(events(worded[0].content)[0]["SUMMARY"]) == (
        "Re-think action 2 due: Share this term's attendance with the Lead Professional"
    )
    # The same events keep the same UIDs as in the full calendar.
    full = {str(e["UID"]) for e in events(ics_for(record_data))}
    assert {str(e["UID"]) for e in found} <= full


def test_agency_without_actions_gets_only_the_review(record_data: dict[str, Any]) -> None:
    found = events(ics_for(record_data, agency="Health Visiting"))
    assert [str(e["UID"]) for e in found] == [REVIEW_UID]


def test_unknown_agency_is_refused(record_data: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError, match="No agency called"):
        build_exports(parse_record(record_data), "ics", agency="Fire Service")


def test_the_last_day_a_record_may_hold_still_has_an_end(record_data: dict[str, Any]) -> None:
    from rethink_cli.core.bounds import LATEST_DATE
    from rethink_cli.core.errors import InvalidRecordError

    record_data["actions"][0]["due"] = LATEST_DATE
    record_data["review"]["date"] = LATEST_DATE
    event = events(render_ics(parse_record(record_data)))[0]
    assert event.decoded("DTSTART") == LATEST_DATE
    assert event.decoded("DTEND") == LATEST_DATE + dt.timedelta(days=1)
    # The calendar's own last day (which has no day after it) never reaches a record.
    record_data["actions"][0]["due"] = dt.date.max
    with pytest.raises(InvalidRecordError):
        parse_record(record_data)


def test_render_command_writes_ics(tmp_path: Path, record_data: dict[str, Any]) -> None:
    record_file = tmp_path / "record.toml"
    record_file.write_text(tomli_w.dumps(record_data), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert run(["actions", "render", str(record_file), "--format", "ics", "--out", str(out)]) == 0
    written = out / "2026-11-26_PN-4471_actions.ics"
    assert [p.name for p in out.iterdir()] == [written.name]
    # Written as bytes: the CRLF endings survive on every platform.
    assert written.read_bytes() == ics_for(record_data).encode("utf-8")


def test_render_command_adds_the_wording_only_when_asked_and_warns(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    record_file = tmp_path / "record.toml"
    record_file.write_text(tomli_w.dumps(record_data), encoding="utf-8")
    plain, worded = tmp_path / "plain", tmp_path / "worded"
    plain.mkdir()
    worded.mkdir()
    render = ["actions", "render", str(record_file), "--format", "ics", "--out"]
    assert run([*render, str(plain)]) == 0
    assert "sync" not in capsys.readouterr().err
    assert "Arrange a joint home visit" not in (plain / "2026-11-26_PN-4471_actions.ics").read_text(
        "utf-8"
    )
    assert run([*render, str(worded), "--calendar-wording"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [CALENDAR_WORDING_WARNING]
    written = (worded / "2026-11-26_PN-4471_actions.ics").read_bytes()
    assert written == ics_for(record_data, wording=True).encode("utf-8")


def test_calendar_wording_without_the_ics_format_is_refused(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    record_file = tmp_path / "record.toml"
    record_file.write_text(tomli_w.dumps(record_data), encoding="utf-8")
    code = run(
        ["actions", "render", str(record_file), "--out", str(tmp_path), "--calendar-wording"]
    )
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["Error: --calendar-wording goes with --format ics only."]
    assert [p.name for p in tmp_path.iterdir()] == ["record.toml"]


def test_src_never_imports_icalendar() -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import icalendar" not in text and "from icalendar" not in text, path


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(what=plain_text, owner=plain_text, where=plain_text)
def test_any_allowed_text_folds_and_round_trips(
    record_data: dict[str, Any], what: str, owner: str, where: str
) -> None:
    action = record_data["actions"][0]
    action.update(what=what, owner=owner[:120], recorded_where=where)
    text = render_ics(parse_record(record_data), wording=True)
    assert max(len(line) for line in physical_lines(text)) <= 75
    event = events(text)[0]
    assert str(event["SUMMARY"]) == f"Re-think action 1 due: {what}"
    assert str(event["DESCRIPTION"]).startswith(f"{what}\n\nOwner: {owner[:120]}\n")
    assert f"\nRecorded in: {where}\n" in str(event["DESCRIPTION"])
