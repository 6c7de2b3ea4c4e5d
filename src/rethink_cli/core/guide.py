"""Which strategy fits now: a few yes/no questions as data, and a pure decision.

The questions form a small tree. Each answer leads either to the next question
or to a strategy key ("1", "2", "3" or "escalation"), so ``recommend`` only
reads the answers on its own path and ``dialogs.guide`` asks only those.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

STRATEGY_KEYS: tuple[str, ...] = ("1", "2", "3", "escalation")


@dataclass(frozen=True)
class GuideQuestion:
    """One yes/no question; ``yes`` and ``no`` name the next question or a strategy key."""

    key: str
    message: str
    yes: str
    no: str


# The first question is where every walk starts.
QUESTIONS: tuple[GuideQuestion, ...] = (
    GuideQuestion(
        "lead",
        "Are you the Lead Professional for this child?",
        yes="rethink_held",
        no="raised",
    ),
    GuideQuestion(
        "raised",
        "Have you already shared your worries with the Lead Professional?",
        yes="family_meeting",
        no="1",
    ),
    GuideQuestion(
        "family_meeting",
        "Has a meeting with the family taken place, and left the worries unresolved?",
        yes="rethink_held",
        no="1",
    ),
    GuideQuestion(
        "rethink_held",
        "Has the network already held a professionals-only Re-think about these worries?",
        yes="still_stuck",
        no="2",
    ),
    GuideQuestion(
        "still_stuck",
        "Since that Re-think, is it still stuck, with little progress and more help needed?",
        yes="was_independent",
        no="2",
    ),
    GuideQuestion(
        "was_independent",
        "Was that Re-think led by an independent facilitator (Strategy 3)?",
        yes="escalation",
        no="3",
    ),
)

_BY_KEY = {q.key: q for q in QUESTIONS}


def recommend(answers: Mapping[str, bool]) -> str:
    """The strategy key that the answers lead to; only the answers on the path are read.

    Raises ValueError when an answer on the path is missing.
    """
    question = QUESTIONS[0]
    while True:
        if question.key not in answers:
            raise ValueError(f"no answer to {question.key!r}")
        following = question.yes if answers[question.key] else question.no
        if following in STRATEGY_KEYS:
            return following
        question = _BY_KEY[following]


def next_question(answers: Mapping[str, bool]) -> GuideQuestion | None:
    """The next question to ask, or None once the answers lead to a strategy."""
    question = QUESTIONS[0]
    while question.key in answers:
        following = question.yes if answers[question.key] else question.no
        if following in STRATEGY_KEYS:
            return None
        question = _BY_KEY[following]
    return question


def parse_strategy_key(value: str) -> str:
    """A strategy key from what was typed after --strategy; ValueError when it is none."""
    key = value.strip().lower()
    if key not in STRATEGY_KEYS:
        raise ValueError(f"must be 1, 2, 3 or escalation, not {value!r}")
    return key
