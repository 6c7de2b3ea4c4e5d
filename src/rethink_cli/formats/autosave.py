"""The autosave's JSON form: a session's state as plain JSON types, checked when read back.

Plain JSON only, so the autosave needs no pickle and can be read back by a
newer version; the shape is the one written since format 1, so existing
autosaves still load. Go-round content has no field here: there is nothing to
save. An edited or damaged file is refused as a whole (a ValueError): a
value out of range, an unknown key, or characters that could smuggle escape
sequences onto the projected screen.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, Field, model_validator

from rethink_cli.core.action import DraftAction
from rethink_cli.core.attendee import Attendee, Roster
from rethink_cli.core.facts import MeetingFacts
from rethink_cli.core.plaintext import find_forbidden
from rethink_cli.core.session import ReviewPlan, SessionState, SetupDraft
from rethink_cli.core.timing import TimePlan
from rethink_cli.formats.base import StrictModel
from rethink_cli.formats.fields import STEP_COUNT, IsoDate, SessionMinutes, between
from rethink_cli.formats.goround_form import GoRoundForm, goround_form, goround_of
from rethink_cli.formats.session_extras import (
    CarriedForm,
    PendingForm,
    PersonForm,
    carried_form,
    carried_of,
    draft_from_dict,
    pending_form,
    pending_of,
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


def _step_key(key: str) -> int:
    if not key.isdigit() or not 1 <= int(key) <= STEP_COUNT:
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


class ReviewForm(StrictModel):
    date: IsoDate | None
    convened_by: Text | None


class AutosaveForm(StrictModel):
    """The whole autosave, ``format`` 1."""

    format: Literal[1]
    setup: SetupForm
    # A step's planned minutes may fall to 0 when the time is shared again late on.
    plan: list[Annotated[int, Field(ge=0)]] = Field(min_length=STEP_COUNT, max_length=STEP_COUNT)
    attendees: list[PersonForm]
    lead_index: Annotated[int, Field(ge=0)] | None
    agreement_confirmed: bool
    actions: list[ActionForm]
    review: ReviewForm
    outcome_summary: Text | None
    step: StepNumber
    # Older autosaves may lack these two.
    elapsed: dict[StepKey, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    expected: list[PersonForm] = Field(default_factory=list)
    # Older autosaves lack these: a plan accepted, nothing half answered, no options kept.
    plan_accepted: bool = True
    pending: PendingForm | None = None
    carried: CarriedForm | None = None
    # Older autosaves lack it: no go-round under way.
    goround: GoRoundForm | None = None
    # Older autosaves lack it: step 3 then starts at the agreement's first point.
    agreement_point: Annotated[int, Field(ge=0)] = 0

    @model_validator(mode="after")
    def _lead_is_present(self) -> AutosaveForm:
        if self.lead_index is not None and self.lead_index >= len(self.attendees):
            raise ValueError("lead_index must name one of the attendees")
        return self


def state_to_dict(state: SessionState) -> dict[str, Any]:
    """The state as JSON-ready data (dates as ISO text)."""
    # Built without checking: an autosave must never stop a session in the room.
    # The checks run when it is read back, where a bad file can only be refused.
    return _form_of(state).model_dump(mode="json")


def state_from_dict(data: dict[str, Any]) -> SessionState:
    """Rebuild a session from its autosave; raises ValueError if it is damaged or edited."""
    form = AutosaveForm.model_validate(data)
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
    )


def saved_from_dict(data: dict[str, Any]) -> SessionState | SetupDraft:
    """A running session's autosave, or a session still being set up ("stage": "setup")."""
    if isinstance(data, dict) and data.get("stage") == "setup":
        return draft_from_dict(data)
    return state_from_dict(data)


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
    )
