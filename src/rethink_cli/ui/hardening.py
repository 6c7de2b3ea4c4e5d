"""Keys a prompt must survive: mouse reports it never asked for, Esc, and control strings.

Kept apart from ``prompter.py`` so each stays small.
"""

from __future__ import annotations

from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys

from rethink_cli.dialogs.ports import Cancelled

# Mouse reporting is never switched on, yet a pasted colour code such as ESC[31m
# looks like a mouse report to prompt_toolkit, whose parser then fails and prints
# a traceback onto a possibly projected screen. Such "events" are ignored here.
_SAFETY = KeyBindings()


@_SAFETY.add(Keys.Vt100MouseEvent)
def _ignore_mouse(event: KeyPressEvent) -> None:
    return None


# SIGINT from another program (kill -INT) reaches prompt_toolkit as a <sigint> key,
# which questionary's prompts leave unbound: it pauses like Ctrl-C instead.
@_SAFETY.add(Keys.SIGINT)
def _interrupted(event: KeyPressEvent) -> None:
    event.app.exit(exception=KeyboardInterrupt())


# A form that may be abandoned: Esc leaves it at once (the dialog goes back where
# it was). Elsewhere in a menu Esc does nothing: left to prompt_toolkit, Esc then
# Enter would answer the menu with an empty text instead of a choice.
_ESCAPE = KeyBindings()
_NO_ESCAPE = KeyBindings()


@_ESCAPE.add(Keys.Escape, eager=True)
def _leave(event: KeyPressEvent) -> None:
    event.app.exit(exception=Cancelled())


@_NO_ESCAPE.add(Keys.Escape, eager=True)
def _stay(event: KeyPressEvent) -> None:
    return None


def _control_strings() -> KeyBindings:
    """Drop a terminal control string (ESC ] … BEL, ESC P … ESC \\ and kin) whole.

    prompt_toolkit knows no such sequences: it reads ESC, then types the rest in as
    text, so ``ESC ]52;c;SEVMTE8= BEL`` left ``]52;c;SEVMTE8=`` in a name. A
    pasted one is cleaned later (``core.plaintext``); this catches one typed in.
    """
    bindings = KeyBindings()
    inside = {"string": False, "escape": False}
    swallowing = Condition(lambda: inside["string"])

    for intro in "]P_^X":

        @bindings.add(Keys.Escape, intro, filter=~swallowing)
        def _begin(event: KeyPressEvent) -> None:
            inside["string"] = True

    @bindings.add(Keys.Any, filter=swallowing, eager=True)
    @bindings.add(Keys.ControlG, filter=swallowing, eager=True)
    @bindings.add(Keys.Escape, filter=swallowing, eager=True)
    def _drop(event: KeyPressEvent) -> None:
        key = event.key_sequence[0]
        # The end: BEL, or ESC then a backslash (the "string terminator").
        if key.key == Keys.ControlG or (inside["escape"] and key.data == "\\"):
            inside["string"] = False
        inside["escape"] = key.key == Keys.Escape

    return bindings


def harden(
    app: Application[Any], *, escape: bool = False, menu: bool = False, text: bool = False
) -> None:
    """The program's own key handling added to a questionary prompt: odd input is
    ignored, Esc leaves a form only where asked (``escape``), does nothing in a menu,
    and a control string typed into a text field (``text``) is dropped whole."""
    bindings = [app.key_bindings] if app.key_bindings is not None else []
    extra = [_ESCAPE] if escape else [_NO_ESCAPE] if menu else []
    typed = [_control_strings()] if text and not escape else []
    app.key_bindings = merge_key_bindings([*bindings, _SAFETY, *typed, *extra])
