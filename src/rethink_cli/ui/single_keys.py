"""Keys that typing cannot press: a go-round acts only on a key pressed on its own.

A facilitator who takes notes out of habit types words such as "mum says", and
a go-round's one-letter keys (``s`` pass, ``a`` someone has arrived) must not
fire from them. Typing is told apart from a deliberate key by the time between
key presses, measured on the prompt's own event loop (``loop.time()``): a key
with another key less than ``gap`` seconds before or after it is typing and does
nothing; a bound key that stands alone acts once ``gap`` seconds have passed
with no other key. Nothing typed is shown or kept: only the time of the last key
press is remembered, so typing that carries on into the next prompt is still
typing there.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

from rethink_cli.dialogs.ports import KeyQuestion

# Typing runs at several keys a second; a deliberate key stands alone for longer.
TYPING_GAP = 0.4

# What the terminal sends by itself, never a key press: not typing.
_NOT_PRESSED = frozenset({Keys.CPRResponse, Keys.Vt100MouseEvent, Keys.SIGINT, Keys.Ignore})


@dataclass
class KeyTimes:
    """When the last key was pressed (event-loop seconds), kept from prompt to prompt."""

    last: float | None = None


class SingleKeys:
    """Decides, key by key, whether a prompt's bound key was pressed on its own."""

    def __init__(self, times: KeyTimes, gap: float = TYPING_GAP) -> None:
        self.times = times
        self.gap = gap
        self._timer: asyncio.TimerHandle | None = None

    def pressed(self, event: KeyPressEvent, value: str | None) -> None:
        """A key was pressed; ``value`` is what it means on its own (None: unbound)."""
        if event.key_sequence and event.key_sequence[0].key in _NOT_PRESSED:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        last, self.times.last = self.times.last, now
        if self._timer is not None:
            # Another key straight after a bound one: it was typing, so neither acts.
            self.stop()
            return
        if value is None or (last is not None and now - last < self.gap):
            return
        self._timer = loop.call_later(self.gap, self._act, event.app, value)

    def _act(self, app: Application[Any], value: str) -> None:
        self._timer = None
        if app.is_running and not app.is_done:
            app.exit(result=value)

    def stop(self) -> None:
        """No key waits to act any more (the prompt is closing, or typing began)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def key_bindings(question: KeyQuestion, guard: SingleKeys | None) -> KeyBindings:
    """The question's keys (through ``guard``, if any); Ctrl-C; every other key swallowed.

    Nothing typed at a key prompt is shown or kept: a key that is not bound does
    nothing at all, except, with a guard, mark that typing is under way.
    """
    bindings = KeyBindings()
    for choice in question.keys:
        for key in choice.keys:
            _bind(bindings, key, choice.value, guard)

    # Ctrl-C, or SIGINT sent by another program (prompt_toolkit turns it into <sigint>).
    @bindings.add(Keys.ControlC)
    @bindings.add(Keys.SIGINT)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @bindings.add(Keys.Any)
    def _ignore(event: KeyPressEvent) -> None:
        if guard is not None:
            guard.pressed(event, None)

    @bindings.add(Keys.Vt100MouseEvent)
    def _ignore_mouse(event: KeyPressEvent) -> None:
        return None

    return bindings


def _bind(bindings: KeyBindings, key: str, value: str, guard: SingleKeys | None) -> None:
    names = {"enter": Keys.ControlM, "space": " "}

    @bindings.add(names.get(key, key))
    def _chosen(event: KeyPressEvent) -> None:
        if guard is not None:
            guard.pressed(event, value)
        else:
            event.app.exit(result=value)
