"""Building many files at once without CPython's cyclic collector in the way."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_cycle_collector(build: Callable[P, R]) -> Callable[P, R]:
    """Run ``build`` with the cyclic garbage collector paused.

    Building an export makes a great many short-lived strings and lists and no
    reference cycles. The collector runs on allocation counts and each full pass
    rescans every live object (a parsed record of 10,000 actions is a lot of them),
    so 10 times the actions cost 12 times the time; paused, the cost grows in
    step with the actions (DESIGN.md, "Performance budgets"). Reference counting
    still frees everything as usual; the collector resumes when the build ends.
    """

    @functools.wraps(build)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return build(*args, **kwargs)
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            gc.enable()

    return paused
