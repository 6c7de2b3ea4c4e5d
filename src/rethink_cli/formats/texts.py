"""The nine steps and the facilitator's texts, as data loaded from ``agreements/``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from rethink_cli.formats.packaged import load_packaged_toml

STEP_COUNT = 9


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


@cache
def _data() -> dict[str, Any]:
    return load_packaged_toml("facilitator.toml")


@cache
def all_steps() -> tuple[Step, ...]:
    steps = tuple(
        Step(
            number=s["number"],
            title=s["title"],
            purpose=s["purpose"],
            say=tuple(s["say"]),
            weight=s["weight"],
        )
        for s in _data()["steps"]
    )
    if [s.number for s in steps] != list(range(1, STEP_COUNT + 1)):
        raise ValueError("facilitator.toml must list steps 1 to 9 in order")
    return steps


def step(number: int) -> Step:
    return all_steps()[number - 1]


@cache
def texts() -> FacilitatorTexts:
    raw = _data()["rethink"]
    return FacilitatorTexts(**_tupled(raw))


@cache
def strategy(key: str) -> Strategy:
    raw = _data()["strategies"][key]
    return Strategy(key=key, **_tupled(raw))


def _tupled(raw: dict[str, Any]) -> dict[str, Any]:
    # Lists from TOML become tuples so the frozen dataclasses stay hashable.
    return {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
