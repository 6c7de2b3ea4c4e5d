"""The nine steps and the facilitator's texts, as data loaded from ``agreements/``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import Field, model_validator

from rethink_cli.formats.base import StrictModel, source_of, validated

# STEP_COUNT is re-exported: the dialogs count the steps by it.
from rethink_cli.formats.fields import STEP_COUNT as STEP_COUNT
from rethink_cli.formats.fields import plain_text
from rethink_cli.formats.packaged import load_packaged_toml


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    purpose: str
    say: tuple[str, ...]
    weight: int


@dataclass(frozen=True)
class Strategy:
    key: str
    title: str
    when: str
    options: tuple[str, ...]
    short: str = ""
    note: str = ""
    session: str = ""
    prepare: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacilitatorTexts:
    what: tuple[str, ...]
    framework_intro: str
    framework: tuple[str, ...]
    space_is_intro: str
    space_is: tuple[str, ...]
    space_is_not_intro: str
    space_is_not: tuple[str, ...]
    facilitator_role: tuple[str, ...]
    no_notes_independent: str
    no_notes_network: str


# Generous bounds: these are the program's own words, checked so that a slip in
# editing facilitator.toml (a missing key, a list typed as text, an escape
# character) fails a test instead of a session on a projected screen.
Line = Annotated[str, plain_text(1000)]


class StepFile(StrictModel):
    number: int = Field(ge=1, le=STEP_COUNT)
    key: Line
    title: Line
    purpose: Line
    say: list[Line] = Field(min_length=1)
    weight: int = Field(ge=1)
    goround: bool = False


class StrategyFile(StrictModel):
    title: Line
    when: Line
    options: list[Line] = Field(min_length=1)
    short: Line | None = None
    note: Line | None = None
    session: Line | None = None
    prepare: list[Line] = Field(default_factory=list)


class RethinkFile(StrictModel):
    what: list[Line]
    framework_intro: Line
    framework: list[Line]
    space_is_intro: Line
    space_is: list[Line]
    space_is_not_intro: Line
    space_is_not: list[Line]
    facilitator_role: list[Line]
    no_notes_independent: Line
    no_notes_network: Line


class FacilitatorFile(StrictModel):
    """The whole of ``facilitator.toml``."""

    rethink: RethinkFile
    strategies: dict[str, StrategyFile]
    steps: list[StepFile] = Field(min_length=STEP_COUNT, max_length=STEP_COUNT)

    @model_validator(mode="after")
    def _steps_in_order(self) -> FacilitatorFile:
        if [s.number for s in self.steps] != list(range(1, STEP_COUNT + 1)):
            raise ValueError(f"steps must be numbered 1 to {STEP_COUNT} in order")
        return self


def check_facilitator_texts(data: Mapping[str, Any]) -> FacilitatorFile:
    """``data`` as facilitator texts, or InvalidRecordError naming every problem."""
    source = source_of("facilitator file", "facilitator.toml")
    return validated(FacilitatorFile, data, noun="facilitator file", source=source)


@cache
def _data() -> FacilitatorFile:
    return check_facilitator_texts(load_packaged_toml("facilitator.toml"))


@cache
def all_steps() -> tuple[Step, ...]:
    return tuple(
        Step(number=s.number, title=s.title, purpose=s.purpose, say=tuple(s.say), weight=s.weight)
        for s in _data().steps
    )


def step(number: int) -> Step:
    return all_steps()[number - 1]


@cache
def texts() -> FacilitatorTexts:
    return FacilitatorTexts(**_tupled(_data().rethink.model_dump()))


@cache
def strategy(key: str) -> Strategy:
    raw = _data().strategies[key]
    return Strategy(key=key, **_tupled(raw.model_dump(exclude_none=True)))


def _tupled(raw: dict[str, Any]) -> dict[str, Any]:
    # Lists become tuples so the frozen dataclasses stay hashable.
    return {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
