"""The autosave's parts beyond the meeting itself: how the session was started, an
unfinished compound answer, and a session still being set up.

Each is a strict model on the one base, checked when read back like the rest of
the autosave (``formats.autosave``); writing builds them unchecked, because an
autosave must never stop a session in the room.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator

from rethink_cli.core.agreement import Agreement, AgreementPoint
from rethink_cli.core.attendee import Attendee
from rethink_cli.core.facts import GivenFacts
from rethink_cli.core.session import Carried, Pending, SetupDraft
from rethink_cli.formats.agreement import AgreementFile, PointFile
from rethink_cli.formats.base import StrictModel, describe_errors
from rethink_cli.formats.fields import IsoDate, SessionMinutes, StepMinutes
from rethink_cli.formats.fields import plain_text as _plain_text
from rethink_cli.formats.reading import DamagedSave

# Whatever a damaged or edited file can make the reading raise, before or after the checks.
_DAMAGE = (
    ValidationError,
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    OverflowError,
    RecursionError,
)

Text = Annotated[str, _plain_text(2000, multiline=True)]
# The kinds of compound answer a session can leave half done (see dialogs.session).
PendingKind = Literal[
    "attendee", "owner", "convener", "due", "review_date", "menu", "reading", "action"
]
PartKey = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,20}$")]
# Parts read back as numbers or dates on resume: anything else there would fail only
# then, in the middle of the room's session, instead of being refused as damage now.
_NUMBER_PARTS = frozenset({"number", "page"})
_DATE_PARTS = frozenset({"date"})
# Far more than any session: the autosave is refused only when it cannot be one.
MAX_LISTED = 1000


class CarriedForm(StrictModel):
    out_dir: Text | None = None
    agreement: AgreementFile | None = None
    plain: bool = False
    large: bool = False
    quiet: bool = False
    no_color: bool = False


class PendingForm(StrictModel):
    kind: PendingKind
    action: Annotated[int, Field(ge=1)] | None = None
    parts: dict[PartKey, Text] = Field(default_factory=dict, max_length=8)

    @model_validator(mode="after")
    def _parts_read_back(self) -> PendingForm:
        for key, value in self.parts.items():
            if key in _NUMBER_PARTS and not (value.isascii() and value.isdecimal()):
                raise ValueError(f"parts.{key} must be a whole number")
            if key in _NUMBER_PARTS and len(value) > 4:
                raise ValueError(f"parts.{key} is too large")
            if key in _DATE_PARTS and _iso_or_none(value) is None:
                raise ValueError(f"parts.{key} must be a date written as 2026-11-26")
        return self


class GivenForm(StrictModel):
    case_reference: Text | None = None
    meeting_date: IsoDate | None = None
    facilitator: Text | None = None
    strategy: Literal[2, 3] | None = None
    lead_professional: Text | None = None
    lead_professional_agency: Text | None = None
    minutes: SessionMinutes | None = None


class PersonForm(StrictModel):
    name: Text
    role: Text
    agency: Text


class SetupDraftForm(StrictModel):
    """A session being set up: ``stage`` tells it apart from a running session's autosave."""

    format: Literal[1]
    stage: Literal["setup"]
    given: GivenForm
    carried: CarriedForm = Field(default_factory=CarriedForm)
    expected: list[PersonForm] = Field(default_factory=list, max_length=MAX_LISTED)
    # Nine steps whose total is a session's length: the session takes it as its own.
    step_minutes: StepMinutes | None = None


# --- from the session to the forms (unchecked) and back (checked) ------------


def carried_form(carried: Carried) -> CarriedForm:
    agreement = carried.agreement
    return CarriedForm.model_construct(
        out_dir=carried.out_dir,
        agreement=None if agreement is None else _agreement_form(agreement),
        plain=carried.plain,
        large=carried.large,
        quiet=carried.quiet,
        no_color=carried.no_color,
    )


def carried_of(form: CarriedForm | None) -> Carried:
    if form is None:
        return Carried()
    agreement = form.agreement
    return Carried(
        out_dir=form.out_dir,
        agreement=None if agreement is None else _agreement_of(agreement),
        plain=form.plain,
        large=form.large,
        quiet=form.quiet,
        no_color=form.no_color,
    )


def pending_form(pending: Pending | None) -> PendingForm | None:
    if pending is None:
        return None
    return PendingForm.model_construct(
        # Unchecked, like the rest of what is written; checked when read back.
        kind=cast(PendingKind, pending.kind),
        action=pending.action,
        parts=dict(pending.parts),
    )


def pending_of(form: PendingForm | None) -> Pending | None:
    if form is None:
        return None
    return Pending(form.kind, form.action, dict(form.parts))


def draft_to_dict(draft: SetupDraft) -> dict[str, Any]:
    given = draft.given
    form = SetupDraftForm.model_construct(
        format=1,
        stage="setup",
        given=GivenForm.model_construct(
            case_reference=given.case_reference,
            # The date as a date: "today" typed yesterday must not mean today on resume.
            meeting_date=_iso_or_none(given.meeting_date),
            facilitator=given.facilitator,
            strategy=cast(Literal[2, 3] | None, given.strategy),
            lead_professional=given.lead_professional,
            lead_professional_agency=given.lead_professional_agency,
            minutes=given.minutes,
        ),
        carried=carried_form(draft.carried),
        expected=[
            PersonForm.model_construct(name=a.name, role=a.role, agency=a.agency)
            for a in draft.expected
        ],
        step_minutes=None if draft.step_minutes is None else list(draft.step_minutes),
    )
    return form.model_dump(mode="json")


def draft_from_dict(data: dict[str, Any]) -> SetupDraft:
    """Rebuild a setup in progress; raises DamagedSave (a ValueError) if damaged or edited."""
    with refused_as_damaged(SetupDraftForm):
        return _draft_of(SetupDraftForm.model_validate(data))


def _draft_of(form: SetupDraftForm) -> SetupDraft:
    given = form.given
    return SetupDraft(
        given=GivenFacts(
            case_reference=given.case_reference,
            meeting_date=None if given.meeting_date is None else given.meeting_date.isoformat(),
            facilitator=given.facilitator,
            strategy=given.strategy,
            lead_professional=given.lead_professional,
            lead_professional_agency=given.lead_professional_agency,
            minutes=given.minutes,
        ),
        carried=carried_of(form.carried),
        expected=[Attendee(p.name, p.role, p.agency) for p in form.expected],
        step_minutes=None if form.step_minutes is None else tuple(form.step_minutes),
    )


def _iso_or_none(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        # Only dates already read are kept (the setup stores them as ISO text).
        return None


def _agreement_form(agreement: Agreement) -> AgreementFile:
    return AgreementFile.model_construct(
        name=agreement.name,
        title=agreement.title,
        intro=agreement.intro or None,
        points=[
            PointFile.model_construct(title=p.title, text=p.text, details=list(p.details))
            for p in agreement.points
        ],
    )


def _agreement_of(form: AgreementFile) -> Agreement:
    return Agreement(
        name=form.name or "own",
        title=form.title,
        intro=form.intro or "",
        points=tuple(AgreementPoint(p.title, p.text, tuple(p.details)) for p in form.points),
    )


@contextmanager
def refused_as_damaged(model: type[BaseModel]) -> Iterator[None]:
    """Turn every way reading a save can fail into DamagedSave, a ValueError of one line.

    A wrong type or shape that slipped past the model would otherwise surface
    later, on resume, as a TypeError in the room; here it is refused as a whole.
    """
    try:
        yield
    except DamagedSave:
        raise
    except ValidationError as error:
        problems = [str(p) for p in describe_errors(error, model, "autosave")]
        raise DamagedSave(
            f"The autosave is damaged or was edited ({problems[0]}).", problems=problems
        ) from None
    except _DAMAGE as error:
        raise DamagedSave(
            f"The autosave is damaged or was edited ({type(error).__name__})."
        ) from None
