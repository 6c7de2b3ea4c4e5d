"""Once the files are written: which one to paste, which to keep, and copying on request.

Case systems mostly take pasted plain text or an uploaded document, so the
words that close a session say which file is for which. An agency's text goes
on the clipboard only when the facilitator chooses it: the screen may be shared,
and whatever the clipboard holds can be pasted anywhere, by anyone at this
computer, until something else replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Protocol

from rethink_cli.dialogs.ports import Cancelled, Choice, Prompter, Screen, SelectQuestion

# Which file is for what: the same words at step 9's export and on the closing screen.
PASTE_THIS = (
    "Paste each agency's .txt into its record for the child (the .md is the same, to upload)."
)
KEEP_THIS = "The Lead Professional keeps the .toml, for the review."

# Where copied text went: the system's clipboard, the terminal's (which may or may
# not allow it, and cannot say), or nowhere this program can reach.
Copied = Literal["system", "terminal", "nowhere"]


class Clipboard(Protocol):
    """Puts text on a clipboard; copying "" clears it."""

    def copy(self, text: str) -> Copied: ...


_COPY = "copy"
_CLEAR = "clear"
_DONE = "done"
# No agency is called "": an agency's name is never empty.
_BACK = ""


def offer_copies(
    prompter: Prompter,
    screen: Screen,
    texts: Mapping[str, str],
    clipboard: Clipboard,
    *,
    lead_agency: str = "",
) -> None:
    """Copy an agency's plain text (``texts``, by agency) when asked, until "Done".

    Nothing is copied unless chosen, and "Done" is the default, so a stray Enter
    copies nothing. Once something is copied, clearing the clipboard is offered.
    Esc at the menu is "Done"; Esc at the list of agencies goes back to the menu.
    """
    held = ""  # whose text the clipboard holds, as far as is known
    while (choice := _menu(prompter, held)) != _DONE:
        if choice == _CLEAR:
            screen.note(_cleared(clipboard.copy("")))
            held = ""
            continue
        agency = _pick(prompter, texts, lead_agency)
        if agency is None:
            continue
        copied = clipboard.copy(texts[agency])
        screen.note(_copied(agency, copied))
        if copied != "nowhere":
            held = agency
    if held:
        screen.note(f"The clipboard may still hold {held}'s text until something else is copied.")


def _menu(prompter: Prompter, held: str) -> str:
    choices = [Choice("Copy an agency's text", _COPY)]
    if held:
        choices.append(Choice("Clear the clipboard", _CLEAR))
    choices.append(Choice("Done", _DONE))
    question = SelectQuestion("Copy a text to paste?", tuple(choices), default=_DONE, escape=True)
    try:
        return prompter.select(question)
    except Cancelled:
        return _DONE


def _pick(prompter: Prompter, texts: Mapping[str, str], lead_agency: str) -> str | None:
    """The agency whose text to copy, or None to go back."""
    choices = [
        Choice(f"{agency} (Lead Professional)" if agency == lead_agency else agency, agency)
        for agency in texts
    ]
    # "Back" is the default, so a stray Enter copies nothing here either.
    choices.append(Choice("Back", _BACK))
    question = SelectQuestion("Whose text?", tuple(choices), default=_BACK, escape=True)
    try:
        agency = prompter.select(question)
    except Cancelled:
        return None
    return None if agency == _BACK else agency


def _copied(agency: str, copied: Copied) -> str:
    if copied == "system":
        return f"Copied {agency}'s text: paste it into {agency}'s record."
    if copied == "terminal":
        return (
            f"Sent {agency}'s text to the terminal's clipboard; if your terminal does not "
            f"allow that, open {agency}'s .txt file instead."
        )
    return f"No clipboard can be reached from here: open {agency}'s .txt file instead."


def _cleared(copied: Copied) -> str:
    if copied == "system":
        return "The clipboard is cleared."
    if copied == "terminal":
        return "Asked the terminal to clear its clipboard."
    return "No clipboard can be reached from here to clear."
