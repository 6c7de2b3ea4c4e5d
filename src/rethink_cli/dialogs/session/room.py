"""The session, as the room's window shows it (``core.room``): built before every question.

Only what the room itself sees on the facilitator's screen goes in, and less: no menu,
no hint, no error, and from the setup only the case reference. The go-rounds hold no
text at all, so nothing said can reach the room's file through here.
"""

from __future__ import annotations

from rethink_cli.core.agreement import Agreement
from rethink_cli.core.goround import GoRound, TurnClock
from rethink_cli.core.room import RoomAction, RoomState
from rethink_cli.core.session import SessionState

# From step 6 on, the room sees the actions it has agreed; from step 8 the review.
FIRST_ACTION_STEP = 6
REVIEW_STEP = 8
INTRODUCTIONS_STEP = 2
AGREEMENT_STEP = 3


def room_state(
    state: SessionState,
    agreement: Agreement,
    *,
    step_left: float,
    session_left: float,
    taken_at: float,
    turn: tuple[int, TurnClock, GoRound] | None,
    paused: bool = False,
) -> RoomState:
    """What the room's window shows now; ``turn`` is the speaker, their clock and the round."""
    names = [attendee.name for attendee in state.roster.attendees]
    speaker = upcoming = None
    speaker_left = None
    held = False
    if turn is not None:
        index, clock, turns = turn
        speaker, speaker_left, held = names[index], clock.remaining(index), clock.paused
        upcoming = None if turns.upcoming is None else names[turns.upcoming]
    title = text = None
    details: tuple[str, ...] = ()
    # Being read: once agreed, the point index is back at 0 for a later reading.
    reading = state.step == AGREEMENT_STEP and not state.agreement_confirmed
    if reading and state.agreement_point < len(agreement.points):
        point = agreement.points[state.agreement_point]
        title, text, details = point.title, point.text, point.details
    return RoomState(
        case_reference=state.setup.case_reference,
        step=state.step,
        step_left=step_left,
        session_left=session_left,
        taken_at=taken_at,
        speaker=speaker,
        speaker_left=speaker_left,
        speaker_held=held,
        next_speaker=upcoming,
        point_title=title,
        point_text=text,
        point_details=details,
        actions=_actions(state) if state.step >= FIRST_ACTION_STEP else (),
        people=_people(state) if state.step == INTRODUCTIONS_STEP else (),
        paused=paused,
        **_review(state),
    )


def _people(state: SessionState) -> tuple[tuple[str, str, str], ...]:
    return tuple((a.name, a.role, a.agency) for a in state.roster.attendees)


def _review(state: SessionState) -> dict[str, str]:
    review = state.review
    if state.step < REVIEW_STEP or review.date is None:
        return {}
    return {"review_date": review.date.isoformat(), "review_by": review.convened_by or ""}


def _actions(state: SessionState) -> tuple[RoomAction, ...]:
    return tuple(
        RoomAction(
            number=number,
            what=action.what,
            owner=action.owner or "",
            due=action.due.isoformat() if action.due else "",
            recorded_where=action.recorded_where or "",
        )
        for number, action in enumerate(state.actions, start=1)
    )
