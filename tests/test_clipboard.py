"""Copying an agency's text after the export: only when chosen, and said honestly.

The clipboard is a seam (``dialogs.filing.Clipboard``): the menu is driven here
through the scripted prompter with a fake clipboard, and the real one
(``ui.clipboard``) with a stand-in for pyperclip and a stream for the terminal.
"""

from __future__ import annotations

import base64
import io
import sys
import types
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from rich.console import Console

from rethink_cli.app.session import new_session
from rethink_cli.app.terminal import SessionOptions, Terminal
from rethink_cli.core.errors import SessionTerminated
from rethink_cli.core.facts import GivenFacts
from rethink_cli.dialogs.filing import Copied, offer_copies
from rethink_cli.dialogs.ports import SelectQuestion
from rethink_cli.ui.clipboard import SystemClipboard, osc52
from rethink_cli.ui.screen import RichScreen
from tests.scripted import CTRL_C, ESC, FakeClock, Interrupt, ScriptedPrompter
from tests.test_flow import MEETING, strategy3_script

T = TypeVar("T")

TEXTS = {
    "Children's Social Care": "Re-think actions for Children's Social Care: PN-4471\n",
    "School": "Re-think actions for School: PN-4471\n\n2. Share attendance\n",
}


@dataclass
class FakeClipboard:
    """Keeps what was copied, and says it went where ``goes`` says."""

    goes: Copied = "system"
    copied: list[str] = field(default_factory=list)

    def copy(self, text: str) -> Copied:
        self.copied.append(text)
        return self.goes


@dataclass
class MenuPrompter(ScriptedPrompter):
    """The scripted prompter, also keeping the choices each select offered."""

    offered: list[list[str]] = field(default_factory=list)

    def select(self, question: SelectQuestion[T]) -> T:
        self.offered.append([c.title for c in question.choices])
        return super().select(question)


def menu(*entries: tuple[str, Any] | Interrupt | Any) -> MenuPrompter:
    return MenuPrompter(deque(entries))


@dataclass
class Notes:
    lines: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.lines.append(text)


def offer(prompter: MenuPrompter, clipboard: FakeClipboard) -> list[str]:
    notes = Notes()
    offer_copies(prompter, notes, TEXTS, clipboard, lead_agency="Children's Social Care")  # type: ignore[arg-type]
    assert not prompter.script, "the menu did not ask what the script answers"
    return notes.lines


# ---------------------------------------------------------------- the menu


def test_done_copies_nothing() -> None:
    clipboard = FakeClipboard()
    assert offer(menu(("select", "Done")), clipboard) == []
    assert clipboard.copied == []


def test_a_stray_enter_at_the_menu_copies_nothing() -> None:
    clipboard = FakeClipboard()
    prompter = menu(("select", None))  # Enter on the default
    offer(prompter, clipboard)
    assert clipboard.copied == []
    # Before anything is copied there is nothing to clear.
    assert prompter.offered == [["Copy an agency's text", "Done"]]


def test_esc_at_the_menu_is_done() -> None:
    clipboard = FakeClipboard()
    offer(menu(ESC), clipboard)
    assert clipboard.copied == []


def test_an_agencys_text_is_copied_when_chosen_and_can_be_cleared() -> None:
    clipboard = FakeClipboard()
    prompter = menu(
        ("select", "Copy an agency's text"),
        ("select", "School"),
        ("select", "Clear the clipboard"),
        ("select", "Done"),
    )
    said = offer(prompter, clipboard)
    assert clipboard.copied == [TEXTS["School"], ""]
    assert said == [
        "Copied School's text: paste it into School's record.",
        "The clipboard is cleared.",
    ]
    # The agencies to choose from, the Lead Professional's marked; then clearing is offered.
    assert prompter.offered[1] == [
        "Children's Social Care (Lead Professional)",
        "School",
        "Back",
    ]
    assert prompter.offered[2] == ["Copy an agency's text", "Clear the clipboard", "Done"]
    assert prompter.offered[3] == ["Copy an agency's text", "Done"]


def test_back_enter_or_esc_at_the_agencies_copies_nothing() -> None:
    clipboard = FakeClipboard()
    prompter = menu(
        ("select", "Copy an agency's text"),
        ("select", "Back"),
        ("select", "Copy an agency's text"),
        ("select", None),  # Enter on the default: "Back"
        ("select", "Copy an agency's text"),
        ESC,
        ("select", "Done"),
    )
    assert offer(prompter, clipboard) == []
    assert clipboard.copied == []


def test_leaving_with_text_on_the_clipboard_says_so() -> None:
    clipboard = FakeClipboard()
    prompter = menu(
        ("select", "Copy an agency's text"),
        ("select", "Children's Social Care"),
        ("select", "Done"),
    )
    said = offer(prompter, clipboard)
    assert clipboard.copied == [TEXTS["Children's Social Care"]]
    assert said[-1] == (
        "The clipboard may still hold Children's Social Care's text until something else is copied."
    )


def test_sent_to_the_terminal_is_said_as_no_more_than_that() -> None:
    clipboard = FakeClipboard(goes="terminal")
    prompter = menu(
        ("select", "Copy an agency's text"),
        ("select", "School"),
        ("select", "Clear the clipboard"),
        ("select", "Done"),
    )
    said = offer(prompter, clipboard)
    assert said == [
        "Sent School's text to the terminal's clipboard; if your terminal does not allow "
        "that, open School's .txt file instead.",
        "Asked the terminal to clear its clipboard.",
    ]


def test_no_clipboard_at_all_says_to_open_the_file() -> None:
    clipboard = FakeClipboard(goes="nowhere")
    prompter = menu(("select", "Copy an agency's text"), ("select", "School"), ("select", "Done"))
    said = offer(prompter, clipboard)
    assert said == ["No clipboard can be reached from here: open School's .txt file instead."]
    # Nothing is held, so there is nothing to clear or to warn about.
    assert prompter.offered[-1] == ["Copy an agency's text", "Done"]


# ---------------------------------------------------------------- the real clipboard


def fake_pyperclip(monkeypatch: pytest.MonkeyPatch, *, works: bool) -> list[str]:
    """A stand-in pyperclip that copies, or (like Linux without xclip) has no mechanism."""
    copied: list[str] = []
    module = types.ModuleType("pyperclip")

    class PyperclipException(RuntimeError):
        pass

    def copy(text: str) -> None:
        if not works:
            raise PyperclipException("Pyperclip could not find a copy/paste mechanism")
        copied.append(text)

    module.PyperclipException = PyperclipException  # type: ignore[attr-defined]
    module.copy = copy  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pyperclip", module)
    return copied


def test_osc52_is_the_base64_of_the_utf8_text_between_esc_and_bel() -> None:
    text = "Re-think actions for Children's Social Care: PN-4471\n1. Café visit 😀\n"
    sequence = osc52(text)
    assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\x07")
    payload = sequence[len("\x1b]52;c;") : -1]
    assert base64.b64decode(payload, validate=True).decode("utf-8") == text
    assert osc52("School") == "\x1b]52;c;U2Nob29s\x07"
    # Clearing sends an empty payload.
    assert osc52("") == "\x1b]52;c;\x07"


def test_pyperclip_takes_the_text_when_it_can(monkeypatch: pytest.MonkeyPatch) -> None:
    copied = fake_pyperclip(monkeypatch, works=True)
    terminal = io.StringIO()
    assert SystemClipboard(terminal).copy(TEXTS["School"]) == "system"
    assert copied == [TEXTS["School"]]
    assert terminal.getvalue() == ""  # nothing sent to the terminal as well


def test_without_a_mechanism_the_terminal_gets_osc52(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    copied = fake_pyperclip(monkeypatch, works=False)
    terminal = io.StringIO()
    assert SystemClipboard(terminal).copy(TEXTS["School"]) == "terminal"
    assert copied == []
    assert terminal.getvalue() == osc52(TEXTS["School"])


def test_without_pyperclip_installed_the_terminal_gets_osc52(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setitem(sys.modules, "pyperclip", None)  # import pyperclip: ImportError
    terminal = io.StringIO()
    assert SystemClipboard(terminal).copy("School") == "terminal"
    assert terminal.getvalue() == "\x1b]52;c;U2Nob29s\x07"


def test_a_dumb_terminal_is_sent_no_escape_sequence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    fake_pyperclip(monkeypatch, works=False)
    terminal = io.StringIO()
    assert SystemClipboard(terminal).copy("School") == "nowhere"
    assert terminal.getvalue() == ""


def test_a_closed_terminal_is_nowhere_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    fake_pyperclip(monkeypatch, works=False)
    terminal = io.StringIO()
    terminal.close()
    assert SystemClipboard(terminal).copy("School") == "nowhere"


# ---------------------------------------------------------------- at the end of a session


def run_to_the_end(
    tmp_path: Path, *menu_answers: tuple[str, Any] | Interrupt, clipboard: FakeClipboard | None
) -> tuple[Console, ScriptedPrompter]:
    console = Console(file=io.StringIO(), width=80, record=True, color_system=None)
    prompter = ScriptedPrompter(deque([*strategy3_script().script, *menu_answers]))
    terminal = Terminal(prompter, RichScreen(console), plain=False, clipboard=clipboard)
    new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal, FakeClock())
    assert not prompter.script, f"script not used up: {list(prompter.script)}"
    return console, prompter


def test_the_session_offers_to_copy_after_the_closing_screen(tmp_path: Path) -> None:
    clipboard = FakeClipboard()
    console, prompter = run_to_the_end(
        tmp_path,
        ("select", "Copy an agency's text"),
        ("select", "Northside Primary School"),
        ("select", "Done"),
        clipboard=clipboard,
    )
    # Asked only once the files are written and the closing screen is drawn.
    assert prompter.asked[-3:] == [
        "select: Copy a text to paste?",
        "select: Whose text?",
        "select: Copy a text to paste?",
    ]
    shown = console.export_text()
    assert shown.index("Session complete") < shown.index("Copied Northside Primary School's")
    school = tmp_path / MEETING / f"{MEETING}_Northside-Primary-School.txt"
    assert clipboard.copied == [school.read_text("utf-8")]


def test_the_session_copies_nothing_unless_asked(tmp_path: Path) -> None:
    clipboard = FakeClipboard()
    run_to_the_end(tmp_path, ("select", None), clipboard=clipboard)
    assert clipboard.copied == []


def test_ctrl_c_at_the_copy_menu_ends_the_session_quietly(tmp_path: Path) -> None:
    clipboard = FakeClipboard()
    console, _ = run_to_the_end(tmp_path, CTRL_C, clipboard=clipboard)
    assert clipboard.copied == []
    # The closing screen stays the last thing shown: no error, no traceback.
    words = console.export_text().replace("│", " ").split()
    assert " ".join(words).rstrip(" ╰╯─").endswith("kept on this computer.")
    assert len(list((tmp_path / MEETING).iterdir())) == 13


def test_without_a_clipboard_no_copying_is_offered(tmp_path: Path) -> None:
    _, prompter = run_to_the_end(tmp_path, clipboard=None)
    assert not any("Copy a text" in asked for asked in prompter.asked)


class StoppedPrompter(ScriptedPrompter):
    """SIGTERM arrives while the copy menu waits."""

    def select(self, question: SelectQuestion[T]) -> T:
        if question.message == "Copy a text to paste?":
            raise SessionTerminated(15)
        return super().select(question)


def test_a_shutdown_at_the_copy_menu_exits_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    console = Console(file=io.StringIO(), width=80, record=True, color_system=None)
    prompter = StoppedPrompter(deque(strategy3_script().script))
    terminal = Terminal(prompter, RichScreen(console), plain=False, clipboard=FakeClipboard())
    with pytest.raises(SystemExit) as stopped:
        new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal, FakeClock())
    assert stopped.value.code == 128 + 15
    assert capsys.readouterr().err == (
        "\nStopped by the system. The files are written; nothing else of the session is kept.\n"
    )
    assert len(list((tmp_path / MEETING).iterdir())) == 13
