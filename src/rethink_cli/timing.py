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
