"""Which route fits now: a few yes/no questions as data, and a pure decision.

The questions form a small tree. Each answer leads either to the next question
or to a route: a strategy ("1", "2", "3"), the area's escalation protocol
("escalation"), or "resolved" when the network is no longer stuck. So
``recommend`` only reads the answers on its own path and ``dialogs.guide`` asks
only those.

The first question sorts out where the network already is: once a Re-think has
been tried, only whether it is still stuck, and who led that Re-think, matter.
Before that, the Lead Professional goes straight to Strategy 2, and anyone else
starts with the Lead Professional: a conversation, then a meeting with the
family. A Lead Professional who does not accept the worries sends them to the
escalation protocol; a network still stuck after the family meeting may ask
for an independent facilitator (Strategy 3) at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

STRATEGY_KEYS: tuple[str, ...] = ("1", "2", "3", "escalation")
# Every place a walk can end: the strategies, and "no longer stuck".
ROUTE_KEYS: tuple[str, ...] = (*STRATEGY_KEYS, "resolved")

# Said before the first question: most worries never need a strategy at all.
# ``{escalation_protocol}`` is filled in by ``core.guide_area.Area.fill``.
OPENING: tuple[str, ...] = (
    "First resort: talk the worry through, early, with the person who can act on it."
    " Most worries are settled that way, with actions agreed, written down and done"
    " promptly.",
    "When a worry needs exploring further, a Re-think brings the professionals together;"
    " when no Re-think can settle a disagreement, {escalation_protocol} is next.",
)


@dataclass(frozen=True)
class GuideQuestion:
    """One yes/no question; ``yes`` and ``no`` name the next question or a route key."""

    key: str
    message: str
    yes: str
    no: str


# The first question is where every walk starts.
QUESTIONS: tuple[GuideQuestion, ...] = (
    GuideQuestion(
        "rethink_tried",
        "Have these worries already been taken to a Re-think (Strategy 2 or 3), or to a"
        " review that a senior team member joined to help?",
        yes="still_stuck",
        no="lead",
    ),
    GuideQuestion(
        "still_stuck",
        "Since then, does it still feel stuck, with little progress and more help needed?",
        yes="was_independent",
        no="resolved",
    ),
    GuideQuestion(
        "was_independent",
        "Was that a Re-think led by an independent facilitator (Strategy 3)?",
        yes="escalation",
        no="3",
    ),
    GuideQuestion(
        "lead",
        "Are you the Lead Professional for this child?",
        yes="lead_progress",
        no="raised",
    ),
    GuideQuestion(
        "lead_progress",
        "Is progress on the child's plan still limited?",
        yes="2",
        no="resolved",
    ),
    GuideQuestion(
        "raised",
        "Have you already talked your worries through with the Lead Professional?",
        yes="lead_agrees",
        no="1",
    ),
    GuideQuestion(
        "lead_agrees",
        "Does the Lead Professional agree with the worries you raised?",
        yes="family_meeting",
        no="escalation",
    ),
    GuideQuestion(
        "family_meeting",
        "Has the Lead Professional held a meeting of the professionals with the family about them?",
        yes="meeting_unresolved",
        no="1",
    ),
    GuideQuestion(
        "meeting_unresolved",
        "After that meeting, are the worries still there, with progress not made?",
        yes="more_help",
        no="resolved",
    ),
    GuideQuestion(
        "more_help",
        "Does it feel stuck, needing more help than the network can give itself?",
        yes="3",
        no="2",
    ),
)

_BY_KEY = {q.key: q for q in QUESTIONS}


def _following(question: GuideQuestion, answer: bool) -> str:
    return question.yes if answer else question.no


def recommend(answers: Mapping[str, bool]) -> str:
    """The route key that the answers lead to; only the answers on the path are read.

    Raises ValueError when an answer on the path is missing.
    """
    question = QUESTIONS[0]
    while True:
        if question.key not in answers:
            raise ValueError(f"no answer to {question.key!r}")
        following = _following(question, answers[question.key])
        if following in ROUTE_KEYS:
            return following
        question = _BY_KEY[following]


def next_question(answers: Mapping[str, bool]) -> GuideQuestion | None:
    """The next question to ask, or None once the answers lead to a route."""
    question = QUESTIONS[0]
    while question.key in answers:
        following = _following(question, answers[question.key])
        if following in ROUTE_KEYS:
            return None
        question = _BY_KEY[following]
    return question


def all_paths() -> Iterator[tuple[tuple[tuple[str, bool], ...], str]]:
    """Every walk through the tree: the answers in the order asked, and the route reached."""

    def walk(
        key: str, so_far: tuple[tuple[str, bool], ...]
    ) -> Iterator[tuple[tuple[tuple[str, bool], ...], str]]:
        if key in ROUTE_KEYS:
            yield so_far, key
            return
        question = _BY_KEY[key]
        for answer in (True, False):
            yield from walk(_following(question, answer), (*so_far, (key, answer)))

    yield from walk(QUESTIONS[0].key, ())


def parse_strategy_key(value: str) -> str:
    """A strategy key from what was typed after --strategy; ValueError when it is none."""
    key = value.strip().lower()
    if key not in STRATEGY_KEYS:
        raise ValueError(f"must be 1, 2, 3 or escalation, not {value!r}")
    return key


@dataclass(frozen=True)
class RoutePage:
    """A route's page, for the routes that ``agreements/facilitator.toml`` does not hold."""

    title: str
    when: str
    options: tuple[str, ...]
    prepare: tuple[str, ...] = ()
    note: str = ""


# No strategy is needed: the network has moved on. The program's own words.
RESOLVED = RoutePage(
    title="Resolved: keep to what was agreed",
    when="The worries have eased and the network is no longer stuck: things are moving again.",
    options=(
        "carry out the agreed actions by their dates, each agency recording them on the"
        " child's file",
        "keep the review date, and check there that every action was done ('rethink review' helps)",
        "if things stall again, talk to the Lead Professional early, then run"
        " 'rethink guide' again",
    ),
    prepare=(
        "the agreed actions, their owners and dates, and where your agency recorded them",
        "the review date in your diary, and who calls the review",
    ),
)
