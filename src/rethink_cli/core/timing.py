"""The time plan: the session's minutes shared over the nine steps.

Pure arithmetic, no clock: the plan always sums to exactly the session length,
and the time for agreeing actions (steps 6 to 8) is protected when discussion
runs over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The session's length and one step's minutes: the only place these bounds live.
# The nine steps of a Re-think session.
STEP_COUNT = 9
MIN_MINUTES = 20
MAX_MINUTES = 240
DEFAULT_MINUTES = 90
MIN_STEP_MINUTES = 1
MAX_STEP_MINUTES = 120
ACTION_STEPS = (6, 7, 8)
GOROUND_STEPS = (4, 5)
# Below this, actions get rushed and end up vague; the guidance asks the
# facilitator to leave enough time to agree them.
PROTECTED_ACTION_MINUTES = 15
# A session shorter than this cannot spare 15 minutes: it keeps a third instead.
SHORT_SESSION_MINUTES = 45
# Each speaker keeps about this much of a go-round before actions lose anything:
# hearing everyone, and reflecting, is the point of the meeting.
MINUTES_PER_SPEAKER = 1
# When nobody has been introduced yet, plan the go-rounds' floor for this many.
ASSUMED_SPEAKERS = 4

ACTION_RULE = (
    "Agreeing actions (steps 6 to 8) keeps at least 15 minutes, "
    "or a third of a session shorter than 45 minutes."
)


def action_floor(session_minutes: int) -> int:
    """The minutes steps 6 to 8 keep together, whatever runs over: ACTION_RULE."""
    if session_minutes >= SHORT_SESSION_MINUTES:
        return PROTECTED_ACTION_MINUTES
    return -(-session_minutes // 3)  # a third, rounded up: "at least" a third


def goround_floor(speakers: int) -> int:
    """The minutes one go-round keeps: about a minute for each person in the room."""
    return MINUTES_PER_SPEAKER * max(speakers, 1)


@dataclass(frozen=True)
class TimePlan:
    """Minutes per step, steps 1 to 9."""

    minutes: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.minutes)

    def for_step(self, number: int) -> int:
        return self.minutes[number - 1]

    def with_step(self, number: int, minutes: int) -> TimePlan:
        """The plan with one step changed; the total changes with it."""
        check_step_minutes(minutes)
        changed = list(self.minutes)
        changed[number - 1] = minutes
        return TimePlan(tuple(changed))


def check_length(minutes: int) -> int:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(
            f"a session lasts between {MIN_MINUTES} and {MAX_MINUTES} minutes, not {minutes}"
        )
    return minutes


def check_step_minutes(minutes: int) -> int:
    if not MIN_STEP_MINUTES <= minutes <= MAX_STEP_MINUTES:
        raise ValueError(
            f"a step takes {MIN_STEP_MINUTES} to {MAX_STEP_MINUTES} minutes, not {minutes}"
        )
    return minutes


def make_plan(total_minutes: int, weights: Sequence[int]) -> TimePlan:
    """Share ``total_minutes`` by weight, every step at least one minute, summing exactly.

    Largest remainders decide who gets the spare minutes, ties going to the
    heavier (then earlier) step, so the same inputs always give the same plan.
    """
    check_length(total_minutes)
    if not weights or any(w <= 0 for w in weights):
        raise ValueError("every step needs a positive weight")
    if total_minutes < len(weights):
        raise ValueError(f"{total_minutes} minutes cannot give {len(weights)} steps a minute each")
    total_weight = sum(weights)
    shares = [total_minutes * w / total_weight for w in weights]
    minutes = [max(1, int(share)) for share in shares]
    _share_spare_minutes(minutes, shares, weights, total_minutes)
    if len(minutes) == 9:
        _lift_actions(minutes, shares, action_floor(total_minutes))
    return TimePlan(tuple(minutes))


def _share_spare_minutes(
    minutes: list[int], shares: list[float], weights: Sequence[int], total: int
) -> None:
    """Round ``minutes`` to sum to ``total``: largest remainders first, ties to the heavier."""
    order = sorted(
        range(len(weights)),
        key=lambda i: (-(shares[i] - int(shares[i])), -weights[i], i),
    )
    spare = total - sum(minutes)
    for i in (order * (spare // len(order) + 1))[: max(spare, 0)]:
        minutes[i] += 1
    while sum(minutes) > total:
        # Only reachable when the one-minute floor lifted tiny steps: take from the largest.
        largest = max(range(len(minutes)), key=lambda i: (minutes[i], -i))
        minutes[largest] -= 1


def _lift_actions(minutes: list[int], shares: list[float], floor: int) -> None:
    """Short sessions: move minutes to steps 6 to 8 until they hold ``floor`` together.

    Taken from the largest other step (never below a minute), given to the
    action step furthest below its weighted share, so the promise made in
    ``rethink plan`` holds from the very first plan.
    """
    others = [n for n in range(1, 10) if n not in ACTION_STEPS]
    while sum(minutes[n - 1] for n in ACTION_STEPS) < floor:
        donors = [n for n in others if minutes[n - 1] > 1]
        if not donors:
            return
        donor = max(donors, key=lambda n: (minutes[n - 1], -n))
        taker = max(ACTION_STEPS, key=lambda n: (shares[n - 1] - minutes[n - 1], -n))
        minutes[donor - 1] -= 1
        minutes[taker - 1] += 1


@dataclass(frozen=True)
class Replan:
    """The plan fitted to the time left, and what to tell the room about it.

    ``over`` is how many minutes the session still runs over with both floors
    kept. Then ``rounds_first`` and ``actions_first`` are the two ways to keep
    to time instead, each breaking one floor: the facilitator chooses, the
    program never does.
    """

    plan: TimePlan
    message: str | None
    over: int = 0
    rounds_first: TimePlan | None = None
    actions_first: TimePlan | None = None


def replan(
    plan: TimePlan,
    used_seconds: dict[int, float],
    entering: int,
    *,
    booked: int | None = None,
    speakers: int = 0,
) -> Replan:
    """Fit the steps still to come into the time left, protecting both floors.

    Called as step ``entering`` begins. Finished steps keep the minutes they
    really took. If the rest no longer fits the ``booked`` minutes, the steps
    before the go-rounds shrink first (to a minute each), then the go-rounds
    down to about a minute a speaker, then steps 6 to 8 down to ACTION_RULE's
    floor, then the wrap-up. Anything still over is said plainly, with the two
    ways to keep to time; nobody is cut off.
    """
    total = plan.total if booked is None else booked
    minutes = list(plan.minutes)
    for n in range(1, entering):
        minutes[n - 1] = max(0, round(used_seconds.get(n, 0.0) / 60))
    used_minutes = sum(used_seconds.get(n, 0.0) for n in range(1, entering)) / 60
    remaining = list(range(entering, 10))
    short = sum(minutes[n - 1] for n in remaining) - (total - round(used_minutes))
    if short <= 0:
        return Replan(TimePlan(tuple(minutes)), None)
    groups = _Remaining(remaining)
    short = _shrink_to_floors(minutes, groups, short, total, speakers)
    kept = TimePlan(tuple(minutes))
    message = _replan_message(kept, entering)
    if short <= 0:
        return Replan(kept, message)
    rounds_first = list(minutes)
    _shrink(rounds_first, groups.rounds, short, 1)
    actions_first = list(minutes)
    _shrink_group(actions_first, groups.actions, short, 1)
    return Replan(
        kept,
        message,
        over=short,
        rounds_first=TimePlan(tuple(rounds_first)) if rounds_first != minutes else None,
        actions_first=TimePlan(tuple(actions_first)) if actions_first != minutes else None,
    )


@dataclass(frozen=True)
class _Remaining:
    """The steps still to come, by what they are for."""

    steps: list[int]

    @property
    def early(self) -> list[int]:
        return [n for n in self.steps if n in (1, 2, 3)]

    @property
    def rounds(self) -> list[int]:
        return [n for n in self.steps if n in GOROUND_STEPS]

    @property
    def actions(self) -> list[int]:
        return [n for n in self.steps if n in ACTION_STEPS]


def _shrink_to_floors(
    minutes: list[int], groups: _Remaining, short: int, total: int, speakers: int
) -> int:
    """Take ``short`` minutes in the promised order; returns what could not be taken."""
    rounds_floor = goround_floor(speakers or ASSUMED_SPEAKERS)
    actions_floor = min(action_floor(total), sum(minutes[n - 1] for n in groups.actions))
    short = _shrink(minutes, groups.early, short, 1)
    short = _shrink(minutes, groups.rounds, short, rounds_floor)
    short = _shrink_group(minutes, groups.actions, short, actions_floor)
    return _shrink(minutes, [n for n in groups.steps if n == 9], short, 1)


def _shrink(minutes: list[int], steps: list[int], short: int, least: int) -> int:
    """Take up to ``short`` minutes from ``steps``, largest first, none below ``least``."""
    while short > 0:
        candidates = [n for n in steps if minutes[n - 1] > least]
        if not candidates:
            break
        biggest = max(candidates, key=lambda n: (minutes[n - 1], -n))
        minutes[biggest - 1] -= 1
        short -= 1
    return short


def _shrink_group(minutes: list[int], steps: list[int], short: int, floor: int) -> int:
    while short > 0 and sum(minutes[n - 1] for n in steps) > floor:
        if _shrink(minutes, steps, 1, 1):
            break
        short -= 1
    return short


_STEP_NAMES = {
    1: "the introduction",
    2: "introductions",
    3: "the agreement",
    4: "perspectives",
    5: "reflections",
}


def _replan_message(plan: TimePlan, entering: int) -> str:
    actions = sum(plan.for_step(n) for n in ACTION_STEPS)
    left = [n for n in range(entering, 6)]
    message = f"Discussion ran over. Steps 6 to 8 now have {_minutes(actions)}"
    if left:
        shares = ", ".join(f"{_STEP_NAMES[n]} {_minutes(plan.for_step(n))}" for n in left)
        message += f"; the time left for discussion is now: {shares}"
    return f"{message}. {ACTION_RULE}"


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"
