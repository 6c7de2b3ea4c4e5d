"""What the room sees fits the screen: every step at 80x24 and 60x24, and the README's pictures.

``tests/harness/screens.py`` runs the scripted Strategy 3 session through the real
Rich screen and pictures the terminal at every question: what was drawn since
the screen was cleared, the answers left by earlier prompts, and the open
prompt laid out by the prompter's own wrapping code (``ui.fit``). These tests
check each picture for the step's title and the question, and for words cut
across two lines; and that the README's copies in docs/screens/ are still what
is drawn (if not, run ``.venv/bin/python -m tests.harness.screens``).
"""

from __future__ import annotations

import difflib
import io
import re
from collections import deque
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from rich.console import Console

from rethink_cli.app.session import new_session
from rethink_cli.app.terminal import SessionOptions, Terminal
from rethink_cli.core.facts import GivenFacts
from rethink_cli.dialogs.ports import (
    Choice,
    KeyChoice,
    KeyQuestion,
    SelectQuestion,
    TextQuestion,
)
from rethink_cli.ui import fit
from rethink_cli.ui.bigdigits import big, big_name
from rethink_cli.ui.prompter import TerminalPrompter
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers as f
from tests.harness import screens
from tests.harness.screens import Shot
from tests.scripted import FakeClock, ScriptedPrompter
from tests.test_flow import strategy3_script

ROOT = Path(__file__).resolve().parents[1]
NAMES = [name for name, _title, _prompt, _nth in screens.MOMENTS]
SIZES = [(80, 24), (60, 24)]
# Every step keeps its title and question in view at every question: long pages
# are split (step 1, and step 9's read-back at 60x24), and steps 7 and 8 ask about
# each action on a page of its own.
WHOLE_STEPS = tuple(range(1, 10))
OPENING_STEPS = {size: range(1, 10) for size in [(80, 24), (100, 30), (60, 24)]}


@pytest.fixture(scope="module")
def shots() -> dict[tuple[int, int], list[Shot]]:
    return {size: screens.capture(*size) for size in [*SIZES, (100, 30)]}


@pytest.fixture(scope="module")
def vocabulary() -> tuple[set[str], set[str]]:
    return screens.vocabulary()


def _opening(shots: dict[tuple[int, int], list[Shot]], step: int) -> Shot:
    return next(shot for shot in shots[(60, 24)] if shot.step == step)


def _problems(shot: Shot) -> list[str]:
    problems = []
    if not screens.heading_in_view(shot):
        problems.append("no step title")
    if not screens.question_in_view(shot):
        problems.append("no question")
    return [f"step {shot.step}, {shot.message!r}: {', '.join(problems)}"] if problems else []


# ----------------------------------------------------------------- fitting


@pytest.mark.parametrize("size", SIZES)
def test_every_step_is_pictured(
    shots: dict[tuple[int, int], list[Shot]], size: tuple[int, int]
) -> None:
    assert {shot.step for shot in shots[size]} == set(range(10))  # 0: the setup


@pytest.mark.parametrize("size", [*SIZES, (100, 30)])
def test_every_step_opens_with_its_title_and_question_in_view(
    shots: dict[tuple[int, int], list[Shot]], size: tuple[int, int]
) -> None:
    first: dict[int, Shot] = {}
    for shot in shots[size]:
        first.setdefault(shot.step, shot)
    problems = [p for step in OPENING_STEPS[size] for p in _problems(first[step])]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [*SIZES, (100, 30)])
def test_steps_1_to_6_keep_title_and_question_in_view_at_every_question(
    shots: dict[tuple[int, int], list[Shot]], size: tuple[int, int]
) -> None:
    asked = [shot for shot in shots[size] if shot.step in WHOLE_STEPS]
    assert len({shot.step for shot in asked}) == len(WHOLE_STEPS)
    problems = [p for shot in asked for p in _problems(shot)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [*SIZES, (100, 30)])
def test_no_word_is_cut_across_two_lines(
    shots: dict[tuple[int, int], list[Shot]],
    vocabulary: tuple[set[str], set[str]],
    size: tuple[int, int],
) -> None:
    words, typed = vocabulary
    cut = {
        f"step {shot.step}, {shot.message!r}: {piece}"
        for shot in shots[size]
        for piece in screens.split_words(shot, words, typed)
    }
    assert not cut, "\n".join(sorted(cut))


def test_the_check_finds_a_word_cut_in_two() -> None:
    # The check itself: prompt_toolkit's old cut of the step 8 hint, and a lone star.
    shot = Shot(
        step=8,
        kind="text",
        message="Where",
        lines=["› Where (for example: the child's record in its cas", "e system)"],
        prompt_top=0,
    )
    words = {"›", "Where", "(for", "example:", "the", "child's", "record", "in", "its", "case"}
    assert screens.split_words(shot, words | {"system)"}, set()) == ["'cas' / 'e'"]
    star = Shot(step=2, kind="select", message="x", lines=["│ Sam  ★ │", "│ Lead │"], prompt_top=0)
    assert screens.split_words(star, {"Sam", "Lead"}, set())


def test_step_1_page_1_is_no_longer_than_a_small_screen(
    shots: dict[tuple[int, int], list[Shot]],
) -> None:
    page1 = next(shot for shot in shots[(60, 24)] if shot.message == "Page 1 of 5")
    # Nothing scrolled away: the whole page, from its heading, is on the screen.
    assert page1.lines[0].startswith("╭")
    assert "Step 1 of 9" in page1.lines[1]
    # The step's "Say" list would only repeat the pages: it is not drawn.
    assert not [line for line in page1.lines if line.strip("│ ") == "Say"]
    # (Step 2, whose pages do not say it already, keeps its list.)
    assert any(line.strip("│ ") == "Say" for line in _opening(shots, 2).lines)


# ----------------------------------------------------------------- the prompts


def test_prompts_break_between_words() -> None:
    message, instruction = fit.question(
        "Where does Children's Social Care record it?",
        "(for example: the child's record in its case system)",
        60,
        gap=2,
    )
    shown = f"› {message}  {instruction}"
    assert all(len(line) < 60 for line in shown.splitlines())
    assert "(for example: the child's record in its case system)" in shown
    # Lines after the first start under the message, not at the edge.
    assert all(line.startswith("  ") for line in shown.splitlines()[1:])
    title = fit.choice("Everyone agrees: export, with the dates as a calendar (.ics)", 60)
    assert title.splitlines()[-1].strip().endswith("(.ics)")
    assert all(3 + len(line.strip()) < 60 for line in title.splitlines())


def test_a_choice_keeps_its_first_line_whole_and_its_answer_breaks_between_words() -> None:
    title = "Strategy 3 · independent facilitator, no notes kept"
    drawn = _drawn(
        Size(rows=24, columns=80),
        SelectQuestion("Which strategy is this session?", (Choice(title, "3"),), default="3"),
    )
    # In the menu the title is one line at 80 columns (it was cut short after "no").
    assert f"❯ \n{title}\n" in drawn
    # Once chosen, what stays breaks between words, under the question.
    answered = drawn[drawn.rindex("›") :].replace("\r", "")
    assert answered.startswith(
        "›\n Which strategy is this session? \nStrategy 3 · independent facilitator, no\n"
        "  notes kept\n"
    )
    assert fit.answered("Which strategy is this session?", title, 80).split("\n") == [
        "Strategy 3 · independent facilitator, no",
        "  notes kept",
    ]


def test_a_key_and_its_label_stay_together() -> None:
    keys = [("Enter / n", "next"), ("p", "pause"), ("+", "a minute more"), ("s", "pass")]
    keys += [("a", "late arrival")]
    line = "".join(token[1] for token in fit.keys(keys, 60))
    rows = line.split("\n")
    assert len(rows) == 2 and all(len(row) < 60 for row in rows)
    assert rows[1] == " a late arrival "


def _drawn(size: Size, question: TextQuestion | SelectQuestion[str] | KeyQuestion) -> str:
    """What the real prompter writes to a terminal of ``size``, escape codes taken out."""
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("\r")
        prompter = TerminalPrompter(
            input=pipe, output=Vt100_Output(out, lambda: size, term="xterm")
        )
        if isinstance(question, TextQuestion):
            prompter.text(question)
        elif isinstance(question, SelectQuestion):
            prompter.select(question)
        else:
            prompter.key(question)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", out.getvalue())


def test_the_prompter_wraps_between_words_at_60_columns() -> None:
    size = Size(rows=24, columns=60)
    text = _drawn(
        size,
        TextQuestion(
            "Where does Children's Social Care record it?",
            default="GP notes",
            instruction="(for example: the child's record in its case system)",
        ),
    )
    # One row holds the whole hint: cut at the edge, "cas" and "e system)" were two.
    assert "(for example: the child's record in its case system)" in text
    menu = _drawn(
        size,
        SelectQuestion(
            "Wrap up",
            (Choice("Everyone agrees: export, with the dates as a calendar (.ics)", "ics"),),
            default="ics",
        ),
    )
    assert "(.ics)" in menu
    keys = _drawn(
        size,
        KeyQuestion(
            "Jo Reed is speaking",
            (
                KeyChoice(("enter", "n"), "next", "next"),
                KeyChoice(("p",), "pause", "pause"),
                KeyChoice(("+",), "a minute more", "more"),
                KeyChoice(("s",), "pass", "pass"),
                KeyChoice(("a",), "late arrival", "late"),
            ),
        ),
    )
    assert "late arrival" in keys


# ----------------------------------------------------------------- projector mode


def test_large_mode_centres_the_digits_and_shows_the_name_large() -> None:
    digits = big("04:59").splitlines()
    # Five rows of one width: centred row by row, they stay aligned.
    assert len(digits) == 5 and len({len(row) for row in digits}) == 1
    assert len(digits[0]) > 30  # wider than the old three-column digits (19)
    name = big_name("Jo Reed", 56)
    assert name is not None and len(name.splitlines()) == 3
    # Too long for the screen: the first name alone; no glyph at all: plain text.
    assert big_name("Christopher Montgomery-Wellington", 56) == big_name("Christopher", 56)
    assert big_name("Łukasz", 56) is None
    for width, height in SIZES:
        shots = screens.capture(width, height, large=True)
        speaking = [shot for shot in shots if shot.message.endswith("is speaking")]
        assert speaking
        problems = [p for shot in speaking for p in _problems(shot)]
        assert not problems, "\n".join(problems)
        # The speaker's name in half-block capitals, and the countdown centred.
        first = speaking[0].text
        assert "▀" in first
        countdown = next(line for line in speaking[0].lines if "██████" in line)
        assert countdown.startswith(" " * 8)


# ----------------------------------------------------------------- plain mode and the end


def test_plain_mode_says_the_status_when_it_changes_or_when_asked(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    first_page = script.index(("key", "enter"))
    script.insert(first_page, ("key", "t"))  # "t" on step 1's first page
    outcome = f.run_session(ScriptedPrompter.of(*script), tmp_path, plain=True)
    lines = outcome.screen_text.splitlines()
    said = [line.strip() for line in lines if re.match(r"\s*Step \d of 9 · ", line)]
    # Step 2 asks 17 questions (four people added); the time is said once, as it opens.
    assert sum(line.startswith("Step 2 of 9 · ") for line in said) == 1
    # Step 1: as it opens, and once more when asked with "t".
    assert sum(line.startswith("Step 1 of 9 · ") for line in said) == 2
    assert {line.split(" · ")[0] for line in said} == {f"Step {n} of 9" for n in range(1, 10)}


def test_the_session_ends_on_a_closing_screen(tmp_path: Path) -> None:
    console = Console(file=io.StringIO(), width=80, record=True, color_system=None)
    prompter = ScriptedPrompter(deque(strategy3_script().script))
    terminal = Terminal(prompter, RichScreen(console), plain=False)
    new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal, FakeClock())
    shown = console.export_text()
    closing = " ".join(shown[shown.rindex("Session complete") :].replace("│", " ").split())
    # What was written, where, and what to do next: the last thing on the screen.
    # The folder the files are in: the meeting's own, inside the one chosen (a long
    # path is folded across lines, so compared without the spaces).
    folder = tmp_path.resolve() / "2026-11-26_PN-4471"
    assert f"Writtento{folder}•2026-11-26_PN-4471_actions.toml" in "".join(closing.split())
    # A document's plain text and Markdown share a line, the one to paste first.
    assert "• 2026-11-26_PN-4471_Police.txt, .md •" in closing
    assert "Paste each agency's .txt into its record for the child" in closing
    assert "The Lead Professional keeps the .toml, for the review." in closing
    # Strategy 3: the files go to the Lead Professional, and the facilitator keeps none.
    wanted = (
        "Hand the files to Sam Patel. Once they have them, delete this computer's copies "
        f"with: rethink actions handed-over {folder}"
    )
    assert "".join(wanted.split()) in "".join(closing.replace("│", "").split())
    assert "The review is on Friday 8 January 2027, called by Sam Patel." in closing
    assert closing.rstrip(" ╰╯─").endswith(
        "Nothing else from this session is kept on this computer."
    )


# ----------------------------------------------------------------- README pictures


@pytest.fixture(scope="module")
def pictures(shots: dict[tuple[int, int], list[Shot]]) -> dict[str, tuple[str, str, str]]:
    return screens.readme_pictures(shots[screens.README_SIZE])


def test_every_moment_is_reached(pictures: dict[str, tuple[str, str, str]]) -> None:
    # A renamed prompt would silently drop a picture: the run must reach all three.
    assert sorted(pictures) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_readme_picture_is_what_is_drawn_now(
    pictures: dict[str, tuple[str, str, str]], name: str
) -> None:
    _title, svg, text = pictures[name]
    path = screens.svg_path(name)
    assert path.name in (ROOT / "README.md").read_text("utf-8")
    kept = path.read_text("utf-8")
    if kept != svg:
        # The SVG alone is hard to read: show the screen as text, then the start of the diff.
        diff = "\n".join(difflib.unified_diff(kept.splitlines(), svg.splitlines(), lineterm=""))
        pytest.fail(
            f"{path.relative_to(ROOT)} is out of date: run "
            f"`.venv/bin/python -m tests.harness.screens`.\nNow drawn:\n{text}\n{diff[:3000]}"
        )


def test_the_room_window_picture_is_what_is_drawn_now() -> None:
    _title, svg, text = screens.room_picture()
    path = screens.svg_path(screens.ROOM_PICTURE[0])
    assert path.name in (ROOT / "README.md").read_text("utf-8")
    assert "Jo Reed" in text or "▀" in text  # the speaker, in large type at 80 by 24
    assert "Next: Priya Shah" in text
    if path.read_text("utf-8") != svg:
        pytest.fail(
            f"{path.relative_to(ROOT)} is out of date: run "
            f"`.venv/bin/python -m tests.harness.screens`.\nNow drawn:\n{text}"
        )


def test_a_read_back_longer_than_the_screen_is_read_in_pages(tmp_path: Path) -> None:
    """At 60x24 step 9 reads back a page at a time; "Read on" (the default) shows the rest."""
    console = Console(
        file=io.StringIO(), width=60, height=24, record=True, force_terminal=True, color_system=None
    )
    script = deque(strategy3_script().script)
    export = script.pop()
    assert export == ("select", "Everyone agrees: export")
    # Enter on the default ("Read on") until every page is read, then agree.
    script += [("select", None)] * 3 + [export]
    prompter = ScriptedPrompter(script)
    terminal = Terminal(prompter, RichScreen(console), plain=False)
    new_session(GivenFacts(), SessionOptions(out_dir=tmp_path), terminal, FakeClock())
    shown = console.export_text()
    pages = shown.split("Step 9 of 9  Wrap up")[-4:]
    assert "Actions (1 of 3)" in pages[0] and "Review:" not in pages[0]
    # Each action on exactly one page, in order; the review only after the last one.
    found = []
    for what in ["Arrange a joint home visit", "Share weekly attendance", "Book a developmental"]:
        holding = [n for n, page in enumerate(pages) if what in page]
        assert len(holding) == 1, what
        found += holding
    assert found == sorted(found)
    assert "Review: Friday 8 January 2027" in pages[-1]
    assert all("Review:" not in page for page in pages[:-1])
    asked = [q for q in prompter.asked if q.startswith("select: Wrap up")]
    assert len(asked) == 4
    assert list(tmp_path.iterdir())


def test_read_back_pages_fit_the_room_and_keep_every_action_once() -> None:
    from rethink_cli.ui.readback import pages_of

    # Everything fits: one page.
    assert pages_of([3, 3, 3], 3, 20) == [[0, 1, 2]]
    # Two actions, then the third with the review under it.
    assert pages_of([5, 5, 5], 3, 13) == [[0, 1], [2]]
    # The review would not fit under the last action: a page of its own.
    assert pages_of([5, 5], 4, 8) == [[0], [1], []]
    # An action taller than the room still gets shown, alone.
    chunks = pages_of([30, 2], 3, 10)
    assert chunks[0] == [0] and sorted(i for c in chunks for i in c) == [0, 1]
