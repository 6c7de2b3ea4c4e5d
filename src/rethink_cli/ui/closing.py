"""The session's closing screen: what was written, where, who keeps what, what to do next.

Drawn once the files are written and the autosave is gone, so the last thing
on the screen is not a menu's echo or a bare shell prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text

from rethink_cli.core.dates import format_long
from rethink_cli.core.session import SessionState
from rethink_cli.dialogs.filing import KEEP_THIS, PASTE_THIS
from rethink_cli.ui.pages import CALM, bullets


def page(state: SessionState, paths: Sequence[Path], *, plain: bool) -> RenderableType:
    setup = state.setup
    parts: list[RenderableType] = [
        Text(f"{setup.case_reference} · {format_long(setup.meeting_date)}", style="bold")
    ]
    folders = ", ".join(sorted({str(path.parent) for path in paths}))
    if paths and not plain:
        parts += [
            Text(f"Written to {folders}", style=CALM),
            bullets(file_lines(paths)),
            Text(""),
            Text(hand_over(state)),
        ]
    elif paths:
        # The files and who keeps them were read out as they were written: not twice.
        parts.append(Text(f"The files are in {folders}."))
    parts += [
        Text(""),
        Text("Next", style="bold"),
        bullets(next_steps(state, _one_folder(paths)), plain=plain),
        Text(""),
        Text("Nothing else from this session is kept on this computer.", style=CALM),
    ]
    return Group(*parts)


def hand_over(state: SessionState) -> str:
    """Who keeps what: the same words as the step 9 export's."""
    from rethink_cli.formats.texts import texts

    setup = state.setup
    if setup.independent:
        return f"{texts().no_notes_independent} Lead Professional: {setup.lead_professional}."
    return texts().no_notes_network


def _one_folder(paths: Sequence[Path]) -> Path | None:
    folders = {path.parent for path in paths}
    return folders.pop() if len(folders) == 1 else None


def file_lines(paths: Sequence[Path]) -> list[str]:
    """One line a file, but a document's plain text and Markdown share one:
    ``..._Police.txt, .md``. The list stays short enough to leave the next steps in view."""
    lines: dict[str, list[str]] = {}
    for path in paths:
        if path.suffix in _PAIRED:
            lines.setdefault(path.stem, []).append(path.suffix)
        else:
            lines[path.name] = []
    return [f"{name}{', '.join(sorted(ends, key=_PAIRED.index))}" for name, ends in lines.items()]


# The one to paste first, then the same as a document.
_PAIRED = (".txt", ".md")


def next_steps(state: SessionState, folder: Path | None = None) -> list[str]:
    steps = [
        # Step 9's last word to the room, kept for the closing screen.
        "Before the room breaks up, thank everyone for speaking openly and listening.",
        PASTE_THIS,
        KEEP_THIS,
        _delete_copies(state, folder),
    ]
    review = state.review
    if review.date is not None:
        who = f", called by {review.convened_by}" if review.convened_by else ""
        steps.append(f"The review is on {format_long(review.date)}{who}.")
    if state.ending.stuck and state.ending.next_route:
        steps.append(f"The network is still stuck. Next: {state.ending.next_route}.")
    return steps


def _delete_copies(state: SessionState, folder: Path | None) -> str:
    """An independent facilitator hands the files over and keeps none (Strategy 3)."""
    if not (state.setup.independent and state.receiver):
        return "Once everything is filed, delete these files from this computer."
    where = f" {folder}" if folder is not None else " FOLDER"
    if state.receiver != state.setup.lead_professional:
        # The command names the Lead Professional unless told otherwise.
        where += f' --to "{state.receiver}"'
    return (
        f"Hand the files to {state.receiver}. Once they have them, delete this computer's "
        f"copies with: rethink actions handed-over{where}"
    )
