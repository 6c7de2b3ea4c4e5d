"""The autosave's JSON form: a session's state as plain JSON types, checked when read back.

Plain JSON only, so the autosave needs no pickle and can be read back by a
newer version; the shape is the one written since format 1, so existing
autosaves still load. Go-round content has no field here: there is nothing to
save. An edited or damaged file is refused as a whole, always as DamagedSave
(a ValueError, one line): a value out of range, an unknown key, a wrong type,
nesting too deep, or characters that could smuggle escape sequences onto the
projected screen. A save from a newer rethink is SaveFromNewerRethink, so it
can be told apart from damage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, Field, model_validator

from rethink_cli.core.action import DraftAction
from rethink_cli.core.attendee import Attendee, Roster
from rethink_cli.core.facts import MeetingFacts
from rethink_cli.core.plaintext import find_forbidden
from rethink_cli.core.session import Ending, ReviewPlan, SessionState, SetupDraft
from rethink_cli.core.timing import MAX_MINUTES, TimePlan
from rethink_cli.formats.agreement import POINTS_MAX
from rethink_cli.formats.base import StrictModel
from rethink_cli.formats.fields import STEP_COUNT, IsoDate, SessionMinutes, between
from rethink_cli.formats.goround_form import GoRoundForm, goround_form, goround_of
from rethink_cli.formats.reading import (
    DamagedSave,
    SaveFromNewerRethink,
    loads_json_save,
    newer_words,
    read_json_save,
    too_deep,
)
from rethink_cli.formats.session_extras import (
    MAX_LISTED,
    CarriedForm,
    PendingForm,
    PersonForm,
    carried_form,
    carried_of,
    draft_from_dict,
    pending_form,
    pending_of,
    refused_as_damaged,
)

AUTOSAVE_FORMAT: Literal[1] = 1


def _plain(text: str) -> str:
    # Multi-line is allowed (an outcome statement); terminal escapes never are.
    problem = find_forbidden(text, multiline=True)
    if problem:
        raise ValueError(f"must not contain {problem}")
    return text


Text = Annotated[str, AfterValidator(_plain)]
StepNumber = Annotated[int, between(1, STEP_COUNT)]
StepKey = Annotated[str, AfterValidator(lambda key: str(_step_key(key)))]
# A step's time so far: a year is far more than any session, paused or not.
Seconds = Annotated[float, Field(ge=0, le=365 * 24 * 60 * 60)]
# A step's planned minutes: never more than a whole session.
PlannedMinutes = Annotated[int, Field(ge=0, le=MAX_MINUTES)]
People = Annotated[list[PersonForm], Field(max_length=MAX_LISTED)]


def _step_key(key: str) -> int:
    # isascii and isdecimal: "²" and "٣" are digits that int() reads or refuses unevenly.
    if not (key.isascii() and key.isdecimal() and len(key) == 1) or not 1 <= int(key) <= STEP_COUNT:
        raise ValueError(f"must be a step number from 1 to {STEP_COUNT}")
    return int(key)


class SetupForm(StrictModel):
    case_reference: Text
    meeting_date: IsoDate
    facilitator: Text
    strategy: Literal[2, 3]
    lead_professional: Text
    lead_professional_agency: Text
    minutes: SessionMinutes


class ActionForm(StrictModel):
    what: Text
    owner: Text | None
    agency: Text | None
    due: IsoDate | None
    recorded_where: Text | None
    # Older autosaves lack it.
    passed_on_by: Text | None = None


class RecordingForm(StrictModel):
    agency: Text
    where: Text


class EndingForm(StrictModel):
    stuck: bool | None
    next_route: Text | None


class ReviewForm(StrictModel):
    date: IsoDate | None
    convened_by: Text | None


class AutosaveForm(StrictModel):
    """The whole autosave, ``format`` 1."""

    format: Literal[1]
    setup: SetupForm
    # A step's planned minutes may fall to 0 when the time is shared again late on.
    plan: list[PlannedMinutes] = Field(min_length=STEP_COUNT, max_length=STEP_COUNT)
    attendees: People
    lead_index: Annotated[int, Field(ge=0)] | None
    agreement_confirmed: bool
    actions: Annotated[list[ActionForm], Field(max_length=MAX_LISTED)]
    review: ReviewForm
    outcome_summary: Text | None
    step: StepNumber
    # Older autosaves may lack these two.
    elapsed: dict[StepKey, Seconds] = Field(default_factory=dict, max_length=STEP_COUNT)
    expected: People = Field(default_factory=list)
    # Older autosaves lack these: a plan accepted, nothing half answered, no options kept.
    plan_accepted: bool = True
    pending: PendingForm | None = None
    carried: CarriedForm | None = None
    # Older autosaves lack it: no go-round under way.
    goround: GoRoundForm | None = None
    # Older autosaves lack it: step 3 then starts at the agreement's first point.
    agreement_point: Annotated[int, Field(ge=0, le=POINTS_MAX)] = 0
    # Older autosaves lack these: nothing asked yet of the ending or of where agencies record.
    recording: Annotated[list[RecordingForm], Field(max_length=MAX_LISTED)] = Field(
        default_factory=list
    )
    apologies: People = Field(default_factory=list)
    no_action: bool = False
    ending: EndingForm | None = None
    receiver: Text | None = None

    @model_validator(mode="after")
    def _lead_is_present(self) -> AutosaveForm:
        if self.lead_index is not None and self.lead_index >= len(self.attendees):
            raise ValueError("lead_index must name one of the attendees")
        return self

    @model_validator(mode="after")
    def _pending_action_is_there(self) -> AutosaveForm:
        # An action being added is found again by its number on resume.
        pending = self.pending
        number = pending.parts.get("number") if pending and pending.kind == "action" else None
        if number is not None and not 1 <= int(number) <= len(self.actions):
            raise ValueError("pending.parts.number must name one of the actions")
        return self


def state_to_dict(state: SessionState) -> dict[str, Any]:
    """The state as JSON-ready data (dates as ISO text)."""
    # Built without checking: an autosave must never stop a session in the room.
    # The checks run when it is read back, where a bad file can only be refused.
    return _form_of(state).model_dump(mode="json")


def state_from_dict(data: dict[str, Any]) -> SessionState:
    """Rebuild a session from its autosave; raises DamagedSave if it is damaged or edited."""
    with refused_as_damaged(AutosaveForm):
        return _state_of(AutosaveForm.model_validate(data))


def _state_of(form: AutosaveForm) -> SessionState:
    roster = Roster([_attendee(a) for a in form.attendees], lead_index=form.lead_index)
    return SessionState(
        setup=MeetingFacts(**form.setup.model_dump()),
        plan=TimePlan(tuple(form.plan)),
        roster=roster,
        agreement_confirmed=form.agreement_confirmed,
        actions=[DraftAction(**a.model_dump()) for a in form.actions],
        review=ReviewPlan(date=form.review.date, convened_by=form.review.convened_by),
        outcome_summary=form.outcome_summary,
        step=form.step,
        elapsed={int(k): v for k, v in form.elapsed.items()},
        expected=[_attendee(a) for a in form.expected],
        plan_accepted=form.plan_accepted,
        pending=pending_of(form.pending),
        carried=carried_of(form.carried),
        goround=goround_of(form.goround, len(form.attendees)),
        agreement_point=form.agreement_point,
        recording={r.agency: r.where for r in form.recording},
        apologies=[_attendee(a) for a in form.apologies],
        no_action=form.no_action,
        ending=Ending(**form.ending.model_dump()) if form.ending else Ending(),
        receiver=form.receiver,
    )


def saved_from_dict(data: dict[str, Any]) -> SessionState | SetupDraft:
    """A running session's autosave, or a session still being set up ("stage": "setup").

    Whatever ``data`` is, the only error is DamagedSave (a ValueError), or its
    SaveFromNewerRethink for a save in a later format than this program knows.
    """
    if not isinstance(data, dict):
        raise DamagedSave("The autosave is damaged or was edited (it is not a table).")
    _refuse_newer(data.get("format"))
    if too_deep(data):
        raise DamagedSave("The autosave is damaged or was edited (nested too deeply).")
    if data.get("stage") == "setup":
        return draft_from_dict(data)
    return state_from_dict(data)


def decode_saved(payload: bytes | str) -> SessionState | SetupDraft:
    """An autosave's bytes as a session (or a setup); DamagedSave for anything else."""
    return saved_from_dict(loads_json_save(payload, what="autosave"))


def read_saved(path: Path) -> SessionState | SetupDraft:
    """An autosave file read bounded (no pipe, no huge file), then ``saved_from_dict``.

    FileNotFoundError passes through: no file is not damage. Every other problem
    is DamagedSave, a ValueError.
    """
    return saved_from_dict(read_json_save(path, what="autosave"))


def _refuse_newer(version: object) -> None:
    if isinstance(version, int) and not isinstance(version, bool) and version > AUTOSAVE_FORMAT:
        raise SaveFromNewerRethink(newer_words("This session", f"format {version}"))


def _attendee(person: PersonForm) -> Attendee:
    return Attendee(person.name, person.role, person.agency)


def _person(attendee: Attendee) -> PersonForm:
    return PersonForm.model_construct(
        name=attendee.name, role=attendee.role, agency=attendee.agency
    )


def _form_of(state: SessionState) -> AutosaveForm:
    setup = state.setup
    return AutosaveForm.model_construct(
        format=AUTOSAVE_FORMAT,
        setup=SetupForm.model_construct(
            case_reference=setup.case_reference,
            meeting_date=setup.meeting_date,
            facilitator=setup.facilitator,
            # Unchecked here like the rest (see state_to_dict); checked on reading.
            strategy=cast(Literal[2, 3], setup.strategy),
            lead_professional=setup.lead_professional,
            lead_professional_agency=setup.lead_professional_agency,
            minutes=setup.minutes,
        ),
        plan=list(state.plan.minutes),
        attendees=[_person(a) for a in state.roster.attendees],
        lead_index=state.roster.lead_index,
        agreement_confirmed=state.agreement_confirmed,
        actions=[
            ActionForm.model_construct(
                what=a.what,
                owner=a.owner,
                agency=a.agency,
                due=a.due,
                recorded_where=a.recorded_where,
                passed_on_by=a.passed_on_by,
            )
            for a in state.actions
        ],
        review=ReviewForm.model_construct(
            date=state.review.date, convened_by=state.review.convened_by
        ),
        outcome_summary=state.outcome_summary,
        step=state.step,
        elapsed={str(k): round(v, 1) for k, v in sorted(state.elapsed.items())},
        expected=[_person(a) for a in state.expected],
        plan_accepted=state.plan_accepted,
        pending=pending_form(state.pending),
        carried=carried_form(state.carried),
        goround=goround_form(state.goround),
        agreement_point=state.agreement_point,
        recording=[
            RecordingForm.model_construct(agency=agency, where=where)
            for agency, where in state.recording.items()
        ],
        apologies=[_person(a) for a in state.apologies],
        no_action=state.no_action,
        ending=EndingForm.model_construct(
            stuck=state.ending.stuck, next_route=state.ending.next_route
        ),
        receiver=state.receiver,
    )
