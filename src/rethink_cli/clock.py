"""The program's one reading of time: today, now and a monotonic clock.

Everything that needs the time is handed a ``Clock``; nothing else in the
package reads the system clock (ruff's banned-api rule holds this). Tests pass
a fake one, so a session runs in milliseconds and passes on any date: across
midnight, on 29 February and through the autumn clock change.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds for measuring durations: never jumps when the wall clock is changed."""
        ...

    def wall(self) -> float:
        """Seconds since the epoch (UTC): compared with ``monotonic`` to notice sleep."""
        ...

    def now(self) -> dt.datetime:
        """The local time, aware of its zone, for what the room reads ("ends 11:30")."""
        ...

    def today(self) -> dt.date:
        """The local date: the default meeting date and what "next Friday" counts from."""
        ...


def clock_of(obj: object) -> Clock:
    """The clock a command was handed (Click's context object), else the system's."""
    return obj if isinstance(obj, Clock) else SystemClock()


class SystemClock:
    """The computer's own clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone()

    def today(self) -> dt.date:
        return self.now().date()
