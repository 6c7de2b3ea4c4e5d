"""A signal (SIGTERM, SIGHUP) at any moment: the prompt ends, and nothing else breaks.

A Python signal handler runs between two instructions of whatever the main
thread is doing, and an exception raised there is not always an exception of
the program's. Inside prompt_toolkit's event loop (handling a key, redrawing,
closing an answered prompt) asyncio catches it and prompt_toolkit shows
"Unhandled exception in event loop ... Press ENTER to continue", on a screen
that may be projected to the room. While a loop is being built or taken down, a
half-built loop later reports its own failure; inside a garbage-collection
callback the exception is swallowed and printed as "Exception ignored in ...".

So the handler never raises. It notes the exception (``stop_prompt``), and:

- while a prompt's loop runs, asks the loop (``call_soon_threadsafe``, which
  wakes it) to end the prompt with it, as a callback of its own;
- a prompt that has not begun yet is ended as it begins;
- a prompt answered meanwhile raises it as soon as it returns;
- between two prompts, the next prompt raises it before it opens.

The program waits for nothing but its prompts, so the exception always comes
out of a prompt call, where the session saves and stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prompt_toolkit.application import Application

# Until the prompt has begun: look again this often (a prompt opens within milliseconds).
RETRY_SECONDS = 0.02

# The exception a signal is ending the prompt with, until it has been raised.
_stopping: list[BaseException] = []


def stop_prompt(exception: BaseException) -> bool:
    """End the prompt that is open now, or the next one, by raising ``exception`` from it.

    For a signal handler: it never raises, and returns True (the exception is on
    its way out through a prompt call).
    """
    if not _stopping:
        _stopping.append(exception)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return True
    loop.call_soon_threadsafe(_deliver, loop)
    return True


def _deliver(loop: asyncio.AbstractEventLoop) -> None:
    """In the loop, between two callbacks: end the running prompt, or look again soon."""
    from prompt_toolkit.application.current import get_app_or_none

    if not _stopping:
        return
    app = get_app_or_none()
    future = None if app is None else app.future
    if app is not None and app.is_running and future is not None and not future.done():
        app.exit(exception=_stopping.pop())
        return
    # Not begun yet, or already answered and closing: once it has closed,
    # ``stoppable`` raises the exception; until then, keep looking.
    loop.call_later(RETRY_SECONDS, _deliver, loop)


def raise_stopped() -> None:
    """Raise the exception a signal left, if any."""
    if _stopping:
        raise _stopping.pop()


def _as_it_begins() -> None:
    """The prompt's first moment in its loop: a signal that came before it ends it now."""
    if _stopping:
        _deliver(asyncio.get_running_loop())


@contextmanager
def stoppable(app: Application[Any]) -> Iterator[None]:
    """Around running ``app``: a signal that comes before or meanwhile is raised from it.

    It takes the place of any other ending (an answer, Ctrl-C): the system's
    request to stop comes first.
    """
    # One that came between two prompts: this prompt does not open.
    raise_stopped()
    app.pre_run_callables.append(_as_it_begins)
    try:
        yield
    finally:
        raise_stopped()
