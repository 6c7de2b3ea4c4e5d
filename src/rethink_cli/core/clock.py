"""What a clock is, for everything that needs the time.

Everything that needs the time is handed a ``Clock``; only ``app.clock`` reads
the system's (ruff's banned-api rule holds this). Tests pass a fake one, so a
session runs in milliseconds and passes on any date: across midnight, on 29
February and through the autumn clock change.
"""

from __future__ import annotations

import datetime as dt
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
