"""The terminal a session runs in: its options, prompts, screen, bell and signals."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

from rethink_cli.core.errors import (
    SessionTerminated,
    UsageError,
)

if TYPE_CHECKING:
    from rethink_cli.dialogs.filing import Clipboard
    from rethink_cli.dialogs.ports import Prompter, Screen


@dataclass(frozen=True)
class SessionOptions:
    out_dir: Path | None = None
    agreement: str | None = None
    no_color: bool = False
    plain: bool = False
    quiet: bool = False
    large: bool = False
    # The calendar file says what each action is (asked for each time, never carried on).
    calendar_wording: bool = False


def is_plain(requested: bool) -> bool:
    return requested or os.environ.get("TERM") == "dumb"


def require_terminal(command: str) -> None:
    """Refuse (exit 2) unless typing and the screen are both a terminal.

    Standard input may be a file or /dev/null (``< /dev/null``), or closed
    altogether (``0<&-``, when Python leaves ``sys.stdin`` as None): each is the
    same one line, never an AttributeError.
    """
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        raise UsageError(
            f"rethink {command} needs a terminal to type in; standard input or output "
            "is not one. Run it directly in a terminal window."
        )


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return bool(isatty())
    except (OSError, ValueError):  # a stream whose file was closed under it
        return False


@dataclass
class Terminal:
    prompter: Prompter
    screen: Screen
    plain: bool
    # Where an agency's text is copied after the export; None offers no copying.
    clipboard: Clipboard | None = None


def open_terminal(options: SessionOptions) -> Terminal:
    from rethink_cli.ui.clipboard import SystemClipboard
    from rethink_cli.ui.prompter import TerminalPrompter
    from rethink_cli.ui.screen import terminal_screen

    plain = is_plain(options.plain)
    if options.no_color:
        # Both Rich and prompt_toolkit honour NO_COLOR, so one switch covers every screen.
        os.environ["NO_COLOR"] = "1"
    screen = terminal_screen(plain=plain, large=options.large)
    return Terminal(TerminalPrompter(live=not plain), screen, plain, SystemClipboard())


# What a closed terminal or a shutdown sends (Windows has no SIGHUP).
_STOPS = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
Handler = Callable[[int, FrameType | None], None]


_T = TypeVar("_T")


@contextlib.contextmanager
def _handling_stops(handler: Handler) -> Iterator[None]:
    """``handler`` for SIGTERM and SIGHUP inside the block; the old ones after it."""
    previous = {sig: signal.signal(sig, handler) for sig in _STOPS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP become SessionTerminated, raised wherever the program is waiting."""

    def handler(signum: int, frame: FrameType | None) -> None:
        from rethink_cli.ui.prompter import stop_prompt

        if not stop_prompt(SessionTerminated(signum)):
            raise SessionTerminated(signum)

    with _handling_stops(handler):
        yield


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGTERM and SIGHUP wait until the block is done, then raise SessionTerminated.

    For the clean-up after an export: a shutdown then can neither save the session
    again nor stop half-way with the meeting's names left in the autosave.
    """
    came: list[int] = []
    with _handling_stops(lambda signum, frame: came.append(signum)):
        yield
    if came:
        raise SessionTerminated(came[0])


def before_any_session(ask: Callable[[], _T]) -> _T:
    """A question asked before any session is open (which saved one to take up).

    SIGTERM or SIGHUP here stops the prompt properly, so the terminal is left as
    it was, and changes nothing: no session is open, so none is saved or locked.
    """
    try:
        with signals_raise():
            return ask()
    except SessionTerminated as signalled:
        with contextlib.suppress(OSError):
            print("\nStopped by the system. Nothing was changed.", file=sys.stderr)
        raise SystemExit(128 + signalled.signum) from None


def no_core_dumps() -> None:
    """A crash must not write the process's memory to disk: keys typed in a go-round
    pass through it, and a core file would keep them. POSIX only; the limit can
    only be lowered, so this is for the life of the process."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def ring_bell() -> None:
    # One BEL: most terminals play a soft sound or flash; nothing is drawn.
    with contextlib.suppress(OSError):
        sys.stdout.write("\a")
        sys.stdout.flush()
