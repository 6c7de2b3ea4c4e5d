"""The autosave's go-round under way: whose turn, who has spoken or passed, and the shares.

Attendee indexes and seconds only, like ``core.goround.GoRoundProgress``: there
is no place for anything said. Written unchecked, as the rest of the autosave
(an autosave must never stop a session in the room); checked when read back,
where a damaged or edited file is refused as a whole.
"""

from __future__ import annotations

from typing import Annotated, Literal, cast

from pydantic import Field, StringConstraints, model_validator

from rethink_cli.core.goround import GoRound, GoRoundProgress
from rethink_cli.formats.base import StrictModel

# Far more people than any room holds, so a damaged number cannot build a huge round.
MAX_PEOPLE = 200

Index = Annotated[int, Field(ge=0, lt=MAX_PEOPLE)]
# JSON keys are text: an attendee's index written out, such as "3".
IndexKey = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}$")]
Seconds = Annotated[float, Field(ge=0, le=24 * 60 * 60)]
People = Annotated[list[Index], Field(max_length=2 * MAX_PEOPLE)]


class GoRoundForm(StrictModel):
    step: Literal[4, 5]
    order: People
    position: Annotated[int, Field(ge=0)]
    spoken: People
    passed: People
    declined: People
    slice_seconds: Annotated[float, Field(gt=0, le=24 * 60 * 60)]
    used: dict[IndexKey, Seconds] = Field(default_factory=dict, max_length=MAX_PEOPLE)
    extra: dict[IndexKey, Seconds] = Field(default_factory=dict, max_length=MAX_PEOPLE)
    paused: bool = False
    held: bool = False
    taken_at: float | None = None

    @model_validator(mode="after")
    def _in_the_round(self) -> GoRoundForm:
        if self.position > len(self.order):
            raise ValueError("position must be within the order of speaking")
        if not set(self.spoken + self.passed + self.declined) <= set(self.order):
            raise ValueError("everyone who spoke or passed must be in the order of speaking")
        return self


def goround_form(progress: GoRoundProgress | None) -> GoRoundForm | None:
    if progress is None:
        return None
    turns = progress.turns
    return GoRoundForm.model_construct(
        step=cast(Literal[4, 5], progress.step),
        order=list(turns.order),
        position=turns.position,
        spoken=list(turns.spoken),
        passed=list(turns.passed),
        declined=list(turns.declined),
        slice_seconds=round(progress.slice_seconds, 1),
        used={str(k): round(v, 1) for k, v in sorted(progress.used.items())},
        extra={str(k): round(v, 1) for k, v in sorted(progress.extra.items())},
        paused=progress.paused,
        held=progress.held,
        taken_at=progress.taken_at,
    )


def goround_of(form: GoRoundForm | None, people: int) -> GoRoundProgress | None:
    """The round under way; ValueError when it names someone not among the ``people``."""
    if form is None:
        return None
    named = [*form.order, *(int(k) for k in [*form.used, *form.extra])]
    if any(index >= people for index in named):
        raise ValueError("the go-round names someone who is not among the attendees")
    turns = GoRound(
        order=list(form.order),
        position=form.position,
        passed=list(form.passed),
        spoken=list(form.spoken),
        declined=list(form.declined),
    )
    return GoRoundProgress(
        step=form.step,
        turns=turns,
        slice_seconds=form.slice_seconds,
        used={int(k): v for k, v in form.used.items()},
        extra={int(k): v for k, v in form.extra.items()},
        paused=form.paused,
        held=form.held,
        taken_at=form.taken_at,
    )
