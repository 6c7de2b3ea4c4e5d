"""Taking turns in a go-round: one speaker at a time, everyone once, passes offered again.

Only the order of speaking lives here. Nothing said is ever captured: the
go-round has no text at all, whatever the strategy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class GoRound:
    """Turn-taking over attendee indexes; ``current`` is None when the round is done."""

    order: list[int]
    position: int = 0
    passed: list[int] = field(default_factory=list)
    spoken: list[int] = field(default_factory=list)

    @classmethod
    def starting_with(cls, count: int, first: int = 0) -> GoRound:
        order = list(range(count))
        return cls(order=order[first:] + order[:first])

    @classmethod
    def shuffled(cls, count: int, rng: random.Random) -> GoRound:
        order = list(range(count))
        rng.shuffle(order)
        return cls(order=order)

    @property
    def current(self) -> int | None:
        return self.order[self.position] if self.position < len(self.order) else None

    @property
    def upcoming(self) -> int | None:
        following = self.position + 1
        return self.order[following] if following < len(self.order) else None

    @property
    def done(self) -> bool:
        return self.current is None

    def next(self) -> None:
        """The current speaker has finished."""
        speaker = self.current
        if speaker is None:
            return
        self.spoken.append(speaker)
        self.position += 1

    def pass_turn(self) -> None:
        """The current speaker passes for now and is offered the floor again at the end."""
        speaker = self.current
        if speaker is None:
            return
        self.passed.append(speaker)
        self.order.append(speaker)
        self.position += 1

    def back(self) -> None:
        """Return to the previous speaker (for example after pressing next too soon)."""
        if self.position == 0:
            return
        self.position -= 1
        speaker = self.order[self.position]
        if speaker in self.spoken:
            self.spoken.remove(speaker)
        elif speaker in self.passed:
            # Undo a pass: the extra turn queued at the end goes away again.
            self.passed.remove(speaker)
            last = len(self.order) - 1 - self.order[::-1].index(speaker)
            if last > self.position:
                del self.order[last]

    def add_speaker(self, index: int) -> None:
        """A late arrival joins the end of this round."""
        self.order.append(index)
