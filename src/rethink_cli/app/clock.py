"""The computer's own clock: the one place the program reads the system time."""

from __future__ import annotations

import datetime as dt
import time

from rethink_cli.core.clock import Clock


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


def clock_of(obj: object) -> Clock:
    """The clock a command was handed (Click's context object), else the system's."""
    return obj if isinstance(obj, Clock) else SystemClock()
