"""The end of a session: the closing screen, then an agency's text copied only on request."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.app.terminal import Terminal, signals_raise
from rethink_cli.core.errors import SessionTerminated

if TYPE_CHECKING:
    from rethink_cli.core.session import SessionState


def close_session(terminal: Terminal, state: SessionState, paths: Sequence[Path]) -> None:
    """Show what was written and what to do next; then offer to copy an agency's text.

    The files are written and the autosave is gone: Ctrl-C here is "Done", and
    SIGTERM or SIGHUP end the program with one line, leaving nothing to save.
    """
    from rethink_cli.ui.screen import show_closing

    show_closing(terminal.screen, state, paths)
    if terminal.clipboard is None or not paths:
        return
    from rethink_cli.dialogs.filing import offer_copies
    from rethink_cli.export.bundle import agency_texts
    from rethink_cli.formats.session_record import session_record

    texts = agency_texts(session_record(state))
    try:
        with signals_raise():
            offer_copies(
                terminal.prompter,
                terminal.screen,
                texts,
                terminal.clipboard,
                lead_agency=state.setup.lead_professional_agency,
            )
    except KeyboardInterrupt:
        return
    except SessionTerminated as signalled:
        with contextlib.suppress(OSError):
            print(
                "\nStopped by the system. The files are written; nothing else of the "
                "session is kept.",
                file=sys.stderr,
            )
        raise SystemExit(128 + signalled.signum) from None
