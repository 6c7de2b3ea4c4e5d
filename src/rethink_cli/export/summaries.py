"""What each exported file says: all actions for the Lead Professional, one file per agency."""

from __future__ import annotations

from rethink_cli.core.dates import format_long
from rethink_cli.export.document import Block, Bullets, Group, Heading, Lines, NumberedItem
from rethink_cli.formats.record import Action, Attendee, Record

# Each action's block, made once and shared by every document of one export:
# with 20 agencies, each action appears in 21 files. Key 0 (action numbers start
# at 1) holds the whole list as one group, which is rendered once for all files.
ActionBlocks = dict[int, NumberedItem | Group]
_ALL_ACTIONS = 0


def all_actions_document(record: Record, made: ActionBlocks | None = None) -> list[Block]:
    """Every agreed action, the review and who was present: the Lead Professional's list."""
    case = record.meeting.case_reference
    return [
        Heading(f"Re-think agreed actions, the Lead Professional's full list: {case}", level=1),
        # The Lead Professional also gets their agency's own copy: this says which to file.
        Lines(
            (
                (
                    "",
                    "For following up every action. Each agency files its own copy in its "
                    "record for the child, the Lead Professional's agency too.",
                ),
            )
        ),
        *_meeting_blocks(record),
        Heading("Agreed actions"),
        *_all_actions(record, made),
        *_closing_blocks(record),
        *_recording_blocks(record, None),
    ]


def agency_document(record: Record, agency: str, made: ActionBlocks | None = None) -> list[Block]:
    """One agency's copy: its own actions first, then everything agreed."""
    own = [a for a in record.actions if a.agency == agency]
    own_blocks: list[Block]
    if own:
        own_blocks = list(_action_blocks(own, made))
    else:
        own_blocks = [Lines((("", f"No action is owned by {agency}."),))]
    return [
        Heading(f"Re-think actions for {agency}: {record.meeting.case_reference}", level=1),
        *_meeting_blocks(record),
        *_where_this_agency_records(record, agency),
        # With no action agreed, "All agreed actions" below says so once.
        *((Heading(f"Actions owned by {agency}"), *own_blocks) if record.actions else ()),
        Heading("All agreed actions"),
        *_all_actions(record, made),
        *_closing_blocks(record),
        *_recording_blocks(record, agency),
    ]


def _where_this_agency_records(record: Record, agency: str) -> list[Block]:
    """Near the top of an agency's file: where it records them, and the Lead's own duty."""
    lines: list[tuple[str, str]] = []
    where = next((r.where for r in record.recording or () if r.agency == agency), None)
    if where is not None:
        lines.append(("Recorded in", where))
    meeting = record.meeting
    if agency == meeting.lead_professional_agency:
        lines.append(
            (
                "",
                f"As Lead Professional, {meeting.lead_professional} records every action "
                "and the review date.",
            )
        )
    return [Lines(tuple(lines))] if lines else []


def _meeting_blocks(record: Record) -> list[Block]:
    meeting = record.meeting
    how = (
        "3, with an independent facilitator"
        if meeting.independent_facilitator
        else "2, facilitated within the network"
    )
    return [
        Lines(
            (
                ("Meeting", format_long(meeting.date)),
                ("Case reference", meeting.case_reference),
                ("Strategy", how),
                ("Facilitator", meeting.facilitator),
                (
                    "Lead Professional",
                    f"{meeting.lead_professional} ({meeting.lead_professional_agency})",
                ),
            )
        )
    ]


def _all_actions(record: Record, made: ActionBlocks | None) -> list[Block]:
    """Every agreed action, as one group shared by every document of the export."""
    if not record.actions or made is None:
        return _action_blocks(record.actions, made)
    group = made.get(_ALL_ACTIONS)
    if group is None:
        group = made[_ALL_ACTIONS] = Group(tuple(_action_blocks(record.actions, made)))
    return [group]


def _action_blocks(actions: list[Action], made: ActionBlocks | None) -> list[Block]:
    if not actions:
        return [Lines((("", "No action could be agreed."),))]
    made = {} if made is None else made
    blocks: list[Block] = []
    for action in actions:
        block = made.get(action.number)
        if block is None:
            block = made[action.number] = NumberedItem(
                action.number,
                action.what,
                (
                    ("Owner", f"{action.owner} ({action.agency})"),
                    *((("Passed on by", action.passed_on_by),) if action.passed_on_by else ()),
                    ("By", format_long(action.due)),
                    ("Recorded in", action.recorded_where),
                ),
            )
        blocks.append(block)
    return blocks


def _closing_blocks(record: Record) -> list[Block]:
    blocks: list[Block] = []
    if record.outcome_summary is not None:
        blocks += [Heading("Agreed outcome"), Lines((("", record.outcome_summary),))]
    if record.outcome is not None:
        blocks += [Heading("Outcome"), Lines(outcome_lines(record.outcome, record.next_route))]
    blocks += [
        Heading("Review"),
        Lines(
            (
                ("Date", format_long(record.review.date)),
                ("Convened by", record.review.convened_by),
            )
        ),
        Heading("Present"),
        _people(record.attendees),
    ]
    if record.apologies:
        blocks += [
            Heading("Apologies"),
            _people(record.apologies),
        ]
    return blocks


def _people(people: list[Attendee]) -> Bullets:
    return Bullets(tuple(f"{a.name}, {a.role} ({a.agency})" for a in people))


def outcome_lines(
    outcome: str | None, route: str | None, *, resolved: str = "the network agreed a way forward"
) -> tuple[tuple[str, str], ...]:
    """The "Outcome" lines of a meeting's files, and of a review's (which says ``resolved``)."""
    if outcome == "resolved":
        return (("", f"Resolved: {resolved}."),)
    lines: tuple[tuple[str, str], ...] = (("", "Not resolved: the network is still stuck."),)
    if route:
        lines += (("Next", route),)
    return lines


def _recording_blocks(record: Record, agency: str | None) -> list[Block]:
    """Who records what where: every agency's place (the others' too, so each can check)."""
    blocks: list[Block] = [Heading("Recording"), Lines((("", _recording_note(record)),))]
    places = [r for r in record.recording or () if r.agency != agency]
    if places:
        blocks.append(Bullets(tuple(f"{r.agency}: {r.where}" for r in places)))
    return blocks


def _recording_note(record: Record) -> str:
    if record.meeting.independent_facilitator:
        return (
            "The facilitator was independent, so no notes of the discussion were kept. "
            "Every agency present records these actions on its own file for the child, "
            "and the Lead Professional records the actions and the review date."
        )
    return (
        "rethink kept only the agreed actions (its own choice for Strategy 2). Every "
        "agency present records these actions on its own file for the child."
    )
