"""The time plan: the session's minutes shared over the nine steps.

Pure arithmetic, no clock: the plan always sums to exactly the session length,
and the time for agreeing actions (steps 6 to 8) is protected when discussion
runs over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_MINUTES = 20
MAX_MINUTES = 240
DEFAULT_MINUTES = 90
ACTION_STEPS = (6, 7, 8)
# Below this, actions get rushed and end up vague; the guidance asks the
# facilitator to leave enough time to agree them.
PROTECTED_ACTION_MINUTES = 15


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
        if minutes < 1:
            raise ValueError("a step needs at least 1 minute")
        changed = list(self.minutes)
        changed[number - 1] = minutes
        return TimePlan(tuple(changed))


def check_length(minutes: int) -> int:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(
            f"a session lasts between {MIN_MINUTES} and {MAX_MINUTES} minutes, not {minutes}"
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
    # Largest remainders first; ties to the heavier, then earlier, step.
    order = sorted(
        range(len(weights)),
        key=lambda i: (-(shares[i] - int(shares[i])), -weights[i], i),
    )
    while sum(minutes) < total_minutes:
        for i in order:
            if sum(minutes) == total_minutes:
                break
            minutes[i] += 1
    while sum(minutes) > total_minutes:
        # Only reachable when the one-minute floor lifted tiny steps: take from the largest.
        largest = max(range(len(minutes)), key=lambda i: (minutes[i], -i))
        minutes[largest] -= 1
    return TimePlan(tuple(minutes))


@dataclass(frozen=True)
class Replan:
    plan: TimePlan
    message: str | None


DISCUSSION_STEPS = (1, 2, 3, 4, 5)


def replan(plan: TimePlan, used_seconds: dict[int, float], entering: int) -> Replan:
    """Fit the steps still to come into the time left, protecting time for actions.

    Called as step ``entering`` begins. Finished steps keep the minutes they
    really took; if the rest no longer fits, the remaining discussion steps
    shrink first (to a minute each at least), then steps 6 to 8 down to
    PROTECTED_ACTION_MINUTES together, then the wrap-up. Anything still over
    is said plainly: the session will run over; nobody is cut off.
    """
    used_minutes = [used_seconds.get(n, 0.0) / 60 for n in range(1, entering)]
    budget = plan.total - round(sum(used_minutes))
    minutes = list(plan.minutes)
    for n in range(1, entering):
        minutes[n - 1] = max(0, round(used_seconds.get(n, 0.0) / 60))
    remaining = list(range(entering, 10))
    wanted = sum(minutes[n - 1] for n in remaining)
    short = wanted - budget
    if short <= 0:
        return Replan(TimePlan(tuple(minutes)), None)
    protected_now = sum(minutes[n - 1] for n in ACTION_STEPS if n in remaining)
    floor = min(PROTECTED_ACTION_MINUTES, protected_now)
    short = _shrink(minutes, [n for n in remaining if n in DISCUSSION_STEPS], short, 1)
    short = _shrink_group(minutes, [n for n in remaining if n in ACTION_STEPS], short, floor)
    short = _shrink(minutes, [n for n in remaining if n == 9], short, 1)
    new_plan = TimePlan(tuple(minutes))
    return Replan(new_plan, _replan_message(new_plan, entering, short, floor))


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


def _replan_message(plan: TimePlan, entering: int, over: int, floor: int) -> str:
    actions = sum(plan.for_step(n) for n in ACTION_STEPS)
    left = [n for n in range(entering, 6)]
    if left:
        shares = ", ".join(f"{_STEP_NAMES[n]} {_minutes(plan.for_step(n))}" for n in left)
        message = (
            f"Discussion ran over. Agreeing actions keeps {actions} minutes; "
            f"the time left for discussion is now: {shares}."
        )
    else:
        message = f"Discussion ran over. Agreeing actions keeps {actions} minutes."
    if over > 0:
        message += f" Even so, the session will run about {_minutes(over)} over."
    return message


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"
