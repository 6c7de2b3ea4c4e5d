"""Taking turns in a go-round: one speaker at a time, everyone once, passes offered again.

Only the order of speaking and how long each person had live here, and a
round under way is kept as a ``GoRoundProgress`` so a resume carries on with
the same speaker. Nothing said is ever captured: the go-round has no text at
all, whatever the strategy.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class GoRound:
    """Turn-taking over attendee indexes; ``current`` is None when the round is done."""

    order: list[int]
    position: int = 0
    passed: list[int] = field(default_factory=list)
    spoken: list[int] = field(default_factory=list)
    # Passed when offered again: they choose not to speak this round, and that is fine.
    declined: list[int] = field(default_factory=list)

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

    @property
    def people(self) -> int:
        """How many different people this round is for."""
        return len(dict.fromkeys(self.order))

    @property
    def offered_again(self) -> bool:
        """Whether the current turn is a second offer to someone who passed."""
        return self.position >= self.people

    def pass_turn(self) -> None:
        """The current speaker passes for now and is offered the floor again at the end.

        Passing a second time means they would rather not speak: the round moves
        on without queuing them again, so it always ends.
        """
        speaker = self.current
        if speaker is None:
            return
        if speaker in self.passed:
            self.declined.append(speaker)
            self.position += 1
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
        elif speaker in self.declined:
            self.declined.remove(speaker)
        elif speaker in self.passed:
            # Undo a pass: the extra turn queued at the end goes away again.
            self.passed.remove(speaker)
            last = len(self.order) - 1 - self.order[::-1].index(speaker)
            if last > self.position:
                del self.order[last]

    def add_speaker(self, index: int) -> None:
        """A late arrival joins the end of this round."""
        self.order.append(index)

    def add_missing(self, people: int) -> list[int]:
        """Everyone of ``people`` not yet in the round joins its end (who arrived meanwhile)."""
        missing = [i for i in range(people) if i not in self.order]
        self.order.extend(missing)
        return missing


@dataclass
class GoRoundProgress:
    """A go-round under way, as the autosave keeps it: enough to carry on mid-round.

    Who speaks in what order, who has spoken, passed or declined (``turns``), the
    equal slice, the seconds each person has had and any minutes added, whether
    the speaker's clock is paused (``held``: only while a late arrival is added),
    and the wall-clock time these figures were taken, so a resume can be honest
    about the gap. Attendee indexes and seconds only: nothing said.
    """

    step: int
    turns: GoRound
    slice_seconds: float
    used: dict[int, float] = field(default_factory=dict)
    extra: dict[int, float] = field(default_factory=dict)
    paused: bool = False
    held: bool = False
    taken_at: float | None = None


class TurnClock:
    """How long each speaker has had, against an equal slice. The clock is injected.

    Only durations are kept, per attendee: enough to show the room how fairly
    the time was shared, and nothing about what was said.
    """

    def __init__(self, slice_seconds: float, clock: Callable[[], float]) -> None:
        self.slice_seconds = slice_seconds
        self.clock = clock
        self.used: dict[int, float] = {}
        self.extra: dict[int, float] = {}
        self.speaker: int | None = None
        self.paused = False
        self._since: float | None = None

    def _settle(self) -> None:
        now = self.clock()
        if self.speaker is not None and self._since is not None:
            self.used[self.speaker] = self.used.get(self.speaker, 0.0) + (now - self._since)
        self._since = None if self.paused else now

    def start(self, speaker: int) -> None:
        """``speaker`` has the floor now (the clock of the previous one stops)."""
        if speaker == self.speaker:
            return
        self._settle()
        self.speaker = speaker
        self.used.setdefault(speaker, 0.0)

    def stop(self) -> None:
        self._settle()
        self.speaker = None
        self._since = None

    def toggle_pause(self) -> None:
        self._settle()
        self.paused = not self.paused
        self._since = None if self.paused else self.clock()

    def add_minute(self) -> None:
        if self.speaker is not None:
            self.extra[self.speaker] = self.extra.get(self.speaker, 0.0) + 60.0

    def allowed(self, speaker: int) -> float:
        return self.slice_seconds + self.extra.get(speaker, 0.0)

    def spent(self, speaker: int) -> float:
        running = 0.0
        if speaker == self.speaker and self._since is not None:
            running = self.clock() - self._since
        return self.used.get(speaker, 0.0) + running

    def remaining(self, speaker: int) -> float:
        return self.allowed(speaker) - self.spent(speaker)

    def adjust(self, seconds: float) -> None:
        """Add (or, negative, take back) time for the current speaker: a sleeping laptop."""
        if self.speaker is not None:
            self.used[self.speaker] = max(0.0, self.used.get(self.speaker, 0.0) + seconds)

    def keep(self, progress: GoRoundProgress) -> None:
        """Write the figures so far (the running speaker's time included) into ``progress``."""
        self._settle()
        progress.slice_seconds = self.slice_seconds
        progress.used = dict(self.used)
        progress.extra = dict(self.extra)
        progress.paused = self.paused

    def load(self, progress: GoRoundProgress) -> None:
        """Carry on from kept figures (a resume): nobody has the floor until ``start``."""
        self.slice_seconds = progress.slice_seconds
        self.used = dict(progress.used)
        self.extra = dict(progress.extra)
        self.paused = progress.paused
        self.speaker = None
        self._since = None


def equal_slice(step_seconds: float, speakers: int) -> float:
    """Everyone present gets the same share of the step's time."""
    return step_seconds / max(speakers, 1)


def spread(shares: list[float]) -> float:
    """Seconds between the longest and the shortest share (0 with fewer than two)."""
    return max(shares) - min(shares) if len(shares) > 1 else 0.0
