"""The due dates and the review as all-day calendar events (iCalendar, RFC 5545).

Written by hand rather than with a library: the format needed here is small,
and the export stays free of extra dependencies. What RFC 5545 asks for and
calendar programs check is all here: CRLF line endings, lines folded at 75
octets without splitting a UTF-8 character, and TEXT values escaped.

The output depends only on the record, so exporting twice gives the same
bytes. Each event's UID comes from the case reference, the meeting date and
the action number, so importing a corrected export updates the events already
in a calendar instead of adding copies. No attendee or e-mail address is
written: the file only reminds whoever imports it.

Calendars sync to phones and shared calendars, so by default an action's event
says only the case reference, the action number, its owner and its due date;
what the action says is added only when asked for (``wording``).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from rethink_cli.core.dates import format_long
from rethink_cli.formats.record import Action, Record

PRODID = "-//rethink//rethink-cli actions//EN"
UID_DOMAIN = "rethink"
MAX_LINE_OCTETS = 75
_UID_HASH_LENGTH = 24
_CRLF = "\r\n"


def render_ics(record: Record, *, agency: str | None = None, wording: bool = False) -> str:
    """A VCALENDAR with one all-day event per action due date, and one for the review.

    With ``agency`` (spelled exactly as in the record), only that agency's
    actions are included; the review is always included. With ``wording``, each
    action's event also says what the action is, its agency and where it is recorded.
    """
    meeting = record.meeting
    actions = [a for a in record.actions if agency is None or a.agency == agency]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
    ]
    for action in actions:
        summary, description = _action_texts(record, action, wording=wording)
        lines += _event(
            uid=event_uid(meeting.case_reference, meeting.date, f"action {action.number}"),
            stamp=meeting.date,
            day=action.due,
            summary=summary,
            description=description,
        )
    lines += _event(
        uid=event_uid(meeting.case_reference, meeting.date, "review"),
        stamp=meeting.date,
        day=record.review.date,
        summary=f"Re-think review: {meeting.case_reference}",
        description=_review_description(record),
    )
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + _CRLF for line in lines)


def event_uid(case_reference: str, meeting_date: dt.date, key: str) -> str:
    """A UID that is the same whenever the same meeting's event is exported again.

    Only a hash leaves the file, so the UID shows nothing of the case reference.
    """
    # Case references cannot hold line breaks, so the parts cannot run together.
    source = f"rethink-actions/1\n{case_reference}\n{meeting_date.isoformat()}\n{key}"
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{digest[:_UID_HASH_LENGTH]}@{UID_DOMAIN}"


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 section 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 octets (RFC 5545 section 3.1).

    Breaks fall between characters, never inside a character's UTF-8 bytes,
    and never straight after a space; each continuation line starts with one
    space, which counts toward its 75.
    """
    if line.isascii():
        # One octet a character: cut by slicing, not character by character (a
        # 10,000-action calendar spent most of its time here).
        return _fold_ascii(line)
    if len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    used = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        size = len(char.encode("utf-8"))
        if used + size > limit:
            # A line ending in a space is fragile: editors and mail programs trim
            # it. Carrying the space over keeps every physical line ending visibly.
            carried = [current.pop()] if len(current) > 1 and current[-1] == " " else []
            parts.append("".join(current))
            current, used = carried, len(carried)
            limit = MAX_LINE_OCTETS - 1  # the leading space of a continuation line
        current.append(char)
        used += size
    parts.append("".join(current))
    return (_CRLF + " ").join(parts)


def _fold_ascii(line: str) -> str:
    """``fold_line`` for a line of ASCII: the same breaks, found by position."""
    parts: list[str] = []
    start, limit = 0, MAX_LINE_OCTETS
    while len(line) - start > limit:
        end = start + limit
        if line[end - 1] == " " and end - 1 > start:
            end -= 1  # the space starts the next line, as in fold_line
        parts.append(line[start:end])
        start, limit = end, MAX_LINE_OCTETS - 1
    parts.append(line[start:])
    return (_CRLF + " ").join(parts)


def _event(*, uid: str, stamp: dt.date, day: dt.date, summary: str, description: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        # Derived from the meeting date, not the clock, so a re-export is byte-identical.
        f"DTSTAMP:{_date(stamp)}T000000Z",
        f"DTSTART;VALUE=DATE:{_date(day)}",
    ]
    if day < dt.date.max:
        # DTEND is exclusive: an all-day event on the 4th ends at the start of the 5th.
        lines.append(f"DTEND;VALUE=DATE:{_date(day + dt.timedelta(days=1))}")
    # Without DTEND, an event with a DATE start lasts one day (RFC 5545 section 3.6.1).
    lines += [
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        # A reminder, not a meeting: it should not show the day as busy.
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def _action_texts(record: Record, action: Action, *, wording: bool) -> tuple[str, str]:
    """An action event's summary and description, with or without what the action says."""
    if wording:
        summary = f"Re-think action {action.number} due: {action.what}"
        return summary, _action_description(record, action)
    case = record.meeting.case_reference
    summary = f"Re-think {case}: action {action.number} due ({action.owner})"
    return summary, _action_reminder(record, action)


def _action_description(record: Record, action: Action) -> str:
    meeting = record.meeting
    return "\n".join(
        [
            action.what,
            "",
            f"Owner: {action.owner}",
            f"Agency: {action.agency}",
            f"Recorded in: {action.recorded_where}",
            f"Case reference: {meeting.case_reference}",
            f"Agreed at the Re-think meeting on {format_long(meeting.date)}",
            f"Review: {format_long(record.review.date)}",
        ]
    )


def _action_reminder(record: Record, action: Action) -> str:
    """An action's event without its wording: whose it is and when, and where to look."""
    meeting = record.meeting
    return "\n".join(
        [
            f"Case reference: {meeting.case_reference}",
            f"Action {action.number} of the Re-think meeting on {format_long(meeting.date)}",
            f"Owner: {action.owner}",
            f"Due: {format_long(action.due)}",
            "",
            "What the action says is in the exported actions, not in this calendar.",
        ]
    )


def _review_description(record: Record) -> str:
    meeting = record.meeting
    count = len(record.actions)
    return "\n".join(
        [
            f"Review of the {count} action{'' if count == 1 else 's'} agreed at the Re-think "
            f"meeting on {format_long(meeting.date)}.",
            "",
            f"Convened by: {record.review.convened_by}",
            f"Case reference: {meeting.case_reference}",
            f"Lead Professional: {meeting.lead_professional} ({meeting.lead_professional_agency})",
        ]
    )


def _date(day: dt.date) -> str:
    # By hand: strftime pads years below 1000 differently across platforms.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"
