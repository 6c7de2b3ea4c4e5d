"""Step 9: the export is a deliberate choice, the page is clean, the calendar keeps no wording.

Scripted whole sessions, so each test fails if the behaviour it names stops: a
stray Enter that exported would leave the script unused; a page that did not
start afresh would show the read-back twice; a calendar with wording would hold
the actions' text.
"""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from rethink_cli.app.autosaving import GuardedAutosave
from rethink_cli.app.files import write_calendar_file, write_session_files
from rethink_cli.app.session import _run
from rethink_cli.app.terminal import SessionOptions, Terminal
from rethink_cli.cli.app import run as run_cli
from rethink_cli.core.facts import GivenFacts
from rethink_cli.core.privacy import CALENDAR_WORDING_WARNING
from rethink_cli.core.session import SessionState
from rethink_cli.dialogs.facts import adjust_plan, ask_setup
from rethink_cli.dialogs.ports import SelectQuestion
from rethink_cli.dialogs.session.step9_wrap_up import OUTCOME_LINES, outcome_line_prompt
from rethink_cli.formats.texts import Step, all_steps
from rethink_cli.storage.autosave import SessionStore
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers as f
from tests.scripted import FakeClock, ScriptedPrompter
from tests.test_flow import strategy2_script, strategy3_script

# A session's files go into a folder of their own, named for the meeting.
MEETING = "2026-11-26_PN-4471"
RECORD = "2026-11-26_PN-4471_actions.toml"
CALENDAR = "2026-11-26_PN-4471_actions.ics"
# The wording of the three actions the scripted session agrees.
WORDING = [
    "Arrange a joint home visit with the health visitor",
    "Share weekly attendance figures with the Lead Professional",
    "Book a developmental review at the clinic",
]


def _until_wrap_up(strategy: str) -> list[Any]:
    """The scripted session up to (not including) the first answer at wrap-up."""
    script = list((strategy2_script() if strategy == "2" else strategy3_script()).script)
    return script[: script.index(("select", "Everyone agrees: export"))]


def _strategy2_until_wrap_up() -> list[Any]:
    script = _until_wrap_up("2")
    # strategy2_script adds its statement at wrap-up: stop before that too.
    return script[: script.index(("select", "Add the agreed outcome statement"))]


# ------------------------------------------------------- a deliberate export


def test_arriving_at_wrap_up_export_is_the_default(tmp_path: Path) -> None:
    script = [*_until_wrap_up("3"), ("select", None)]
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path)
    assert (tmp_path / MEETING / RECORD) in outcome.paths


def test_a_stray_enter_after_the_outcome_statement_does_not_export(tmp_path: Path) -> None:
    script = [
        *_strategy2_until_wrap_up(),
        ("select", "Add the agreed outcome statement"),
        ("text", "The network shares one plan until the review."),
        ("text", ""),
        # Two stray Enters: "Change an action", then its own default, "None".
        ("select", None),
        ("select", None),
        ("select", "Everyone agrees: export"),
    ]
    prompter = ScriptedPrompter.of(*script)
    outcome = f.run_session(prompter, tmp_path)
    # Had the first Enter exported, the session would have ended with the script unused.
    assert prompter.asked[-3:] == [
        "select: Wrap up",
        "select: Change which action?",
        "select: Wrap up",
    ]
    record = tomllib.loads((tmp_path / MEETING / RECORD).read_text("utf-8"))
    assert record["outcome_summary"] == "The network shares one plan until the review."
    assert [a["what"] for a in record["actions"]] == WORDING
    assert outcome.paths


def test_a_stray_enter_after_changing_an_action_does_not_export(tmp_path: Path) -> None:
    script = [
        *_until_wrap_up("3"),
        ("select", "Change an action"),
        ("select", "Arrange a joint"),
        ("select", "Where it is recorded"),
        ("text", "Social care case file"),
        ("select", None),
        ("select", None),
        ("select", "Everyone agrees: export"),
    ]
    prompter = ScriptedPrompter.of(*script)
    f.run_session(prompter, tmp_path)
    assert prompter.asked.count("select: Change which action?") == 2
    record = tomllib.loads((tmp_path / MEETING / RECORD).read_text("utf-8"))
    assert record["actions"][0]["recorded_where"] == "Social care case file"


def test_the_outcome_statement_shows_its_limit_and_says_when_it_is_full(tmp_path: Path) -> None:
    lines = [f"Agreed line {n}." for n in range(1, OUTCOME_LINES + 1)]
    script = [
        *_strategy2_until_wrap_up(),
        ("select", "Add the agreed outcome statement"),
        *[("text", line) for line in lines],
        # What the facilitator types next lands on the menu: Enter there writes nothing.
        ("select", None),
        ("select", None),
        ("select", "Everyone agrees: export"),
    ]
    prompter = ScriptedPrompter.of(*script)
    outcome = f.run_session(prompter, tmp_path)
    asked = [q for q in prompter.asked if q.startswith("text: Line ")]
    assert asked == [
        "text: Line 1 of up to 5 (Enter on an empty line to finish)",
        "text: Line 2 of up to 5 (Enter on an empty line to finish)",
        "text: Line 3 of up to 5 (Enter on an empty line to finish)",
        "text: Line 4 of up to 5 (Enter on an empty line to finish)",
        "text: Line 5 of 5, the last (Enter on an empty line to finish)",
    ]
    assert "Up to 5 lines the whole network agrees" in outcome.screen_flat
    assert "The statement is full: 5 lines is the most it holds." in outcome.screen_flat
    record = tomllib.loads((tmp_path / MEETING / RECORD).read_text("utf-8"))
    assert record["outcome_summary"] == "\n".join(lines)


def test_outcome_line_prompt_counts_to_the_limit() -> None:
    assert outcome_line_prompt(1).startswith(f"Line 1 of up to {OUTCOME_LINES} ")
    assert outcome_line_prompt(OUTCOME_LINES).startswith(
        f"Line {OUTCOME_LINES} of {OUTCOME_LINES}, the last "
    )


# ------------------------------------------------------------ a clean page


class _PagedScreen(RichScreen):
    """Forgets what was drawn before each step header, as the cleared terminal does."""

    def step_header(self, step: Step, *, minutes: int, compact: bool = False) -> None:
        self.console.export_text(clear=True)
        super().step_header(step, minutes=minutes, compact=compact)


@pytest.fixture
def wrap_up_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the room sees each time the wrap-up menu opens, from the last clear."""
    pages: list[str] = []
    screens: list[_PagedScreen] = []

    def paged(console: Console, plain: bool = False) -> _PagedScreen:
        screens.append(_PagedScreen(console, plain=plain))
        return screens[-1]

    original = ScriptedPrompter.select

    def select(self: ScriptedPrompter, question: SelectQuestion[Any]) -> Any:
        if question.message == "Wrap up":
            pages.append(screens[-1].console.export_text(clear=False))
        return original(self, question)

    monkeypatch.setattr(f, "RichScreen", paged)
    monkeypatch.setattr(ScriptedPrompter, "select", select)
    yield pages


def _lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.strip()]


def _line_of(text: str, lines: list[str]) -> int:
    return next(n for n, line in enumerate(lines) if text in line)


def test_wrap_up_starts_a_clean_page_with_the_title_and_action_1_on_top(
    tmp_path: Path, wrap_up_pages: list[str]
) -> None:
    script = [
        *_until_wrap_up("3"),
        ("select", "Change the review"),
        ("text", "15/1/2027"),
        ("confirm", True),
        ("select", None),
        ("select", "Everyone agrees: export"),
    ]
    f.run_session(ScriptedPrompter.of(*script), tmp_path)
    assert len(wrap_up_pages) == 2
    for page in wrap_up_pages:
        lines = _lines(page)
        # The compact title, then the read-back at once: no "Say" box pushes it down.
        assert _line_of("Step 9 of 9  Wrap up", lines) <= 1
        assert _line_of("1. Arrange a joint home visit with the health visitor", lines) <= 4
        assert "Say" not in page
        # Drawn once: the page before it is gone, not scrolled above.
        assert page.count("Actions (3)") == 1
    assert "Friday 15 January 2027" in wrap_up_pages[1]


def test_plain_wrap_up_reads_the_title_once(tmp_path: Path, wrap_up_pages: list[str]) -> None:
    f.run_session(ScriptedPrompter.of(*_until_wrap_up("3"), ("select", None)), tmp_path, plain=True)
    (page,) = wrap_up_pages
    # A screen reader hears the step's header once, then the read-back.
    assert page.count("Step 9 of 9  Wrap up") == 1
    assert "1. Arrange a joint home visit" in page


# ----------------------------------------------- the calendar, from a session


def _run_real_session(tmp_path: Path, options: SessionOptions, last: str) -> tuple[Path, str]:
    """A whole session through the program's own wiring (``_run``), ending with ``last``."""
    prompter = ScriptedPrompter.of(*_until_wrap_up("3"), ("select", last))
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    terminal = Terminal(prompter, RichScreen(console), plain=False)
    setup = ask_setup(GivenFacts(), prompter=prompter, screen=terminal.screen, today=f.TODAY)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    adjust_plan(state, prompter=prompter, screen=terminal.screen)
    (tmp_path / "state").mkdir()
    assert options.out_dir is not None
    options.out_dir.mkdir()
    _run(
        state,
        GuardedAutosave(SessionStore(tmp_path / "state", "s1")),
        options,
        terminal,
        FakeClock(),
    )
    assert not prompter.script
    return options.out_dir / MEETING / CALENDAR, " ".join(console.export_text().split())


def test_a_session_calendar_has_no_action_wording_by_default(tmp_path: Path) -> None:
    options = SessionOptions(out_dir=tmp_path / "out")
    calendar, screen = _run_real_session(tmp_path, options, "with the dates as a calendar (.ics)")
    text = calendar.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert text.count("BEGIN:VEVENT") == 4
    assert "SUMMARY:Re-think PN-4471: action 1 due (Sam Patel)" in text
    assert not any(what in text for what in WORDING)
    assert CALENDAR_WORDING_WARNING not in screen


def test_calendar_wording_is_added_only_when_asked_with_a_warning(tmp_path: Path) -> None:
    options = SessionOptions(out_dir=tmp_path / "out", calendar_wording=True)
    calendar, screen = _run_real_session(
        tmp_path, options, "with the dates and each action's wording as a calendar (.ics)"
    )
    text = calendar.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert all(
        f"SUMMARY:Re-think action {n} due: {what}" in text for n, what in enumerate(WORDING, 1)
    )
    assert CALENDAR_WORDING_WARNING in screen


def test_write_calendar_file_keeps_the_wording_out_unless_asked(tmp_path: Path) -> None:
    prompter = ScriptedPrompter.of(*_until_wrap_up("3"), ("select", "Everyone agrees: export"))
    (tmp_path / "done").mkdir()
    outcome = f.run_session(prompter, tmp_path / "done")
    state = outcome.flow.state
    plain, worded = tmp_path / "plain", tmp_path / "worded"
    plain.mkdir()
    worded.mkdir()
    # The calendar goes beside the session's files, in the meeting's folder.
    write_session_files(state, plain)
    write_session_files(state, worded)
    (written,) = write_calendar_file(state, plain)
    assert written == plain / MEETING / CALENDAR
    assert WORDING[0] not in written.read_bytes().decode("utf-8").replace("\r\n ", "")
    (written,) = write_calendar_file(state, worded, wording=True)
    assert WORDING[0] in written.read_bytes().decode("utf-8").replace("\r\n ", "")


@pytest.mark.parametrize(
    ("argv", "target"),
    [
        (["session", "start", "--calendar-wording"], "rethink_cli.app.session.start_session"),
        (["session", "resume", "--calendar-wording"], "rethink_cli.app.session.resume_session"),
        (["session", "demo", "--calendar-wording"], "rethink_cli.app.demo.demo_session"),
    ],
)
def test_every_session_command_takes_calendar_wording(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], target: str
) -> None:
    seen: list[SessionOptions] = []

    def capture(*args: Any, **kwargs: Any) -> None:
        seen.extend(a for a in args if isinstance(a, SessionOptions))

    monkeypatch.setattr(target, capture)
    assert run_cli(argv) == 0
    assert run_cli(argv[:2]) == 0
    assert [o.calendar_wording for o in seen] == [True, False]
