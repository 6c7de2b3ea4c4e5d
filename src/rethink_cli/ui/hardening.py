"""Keys a prompt must survive: mouse reports it never asked for, a SIGINT, and Esc.

Kept apart from ``prompter.py`` so each stays small.
"""

from __future__ import annotations

from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys

from rethink_cli.dialogs.ports import Cancelled
from rethink_cli.ui.text_field import TextField

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


def harden(
    app: Application[Any],
    *,
    escape: bool = False,
    menu: bool = False,
    field: TextField | None = None,
) -> None:
    """The program's own key handling added to a questionary prompt: odd input is
    ignored, Esc leaves a form only where asked (``escape``), does nothing in a menu,
    and a text prompt's ``field`` keeps what goes into it plain (``ui.text_field``)."""
    bindings = [app.key_bindings] if app.key_bindings is not None else []
    if field is not None:
        # The field tells a lone Esc from the start of a sequence typed in.
        extra = [field.key_bindings(escape=escape)]
    else:
        extra = [_ESCAPE] if escape else [_NO_ESCAPE] if menu else []
    app.key_bindings = merge_key_bindings([*bindings, _SAFETY, *extra])
