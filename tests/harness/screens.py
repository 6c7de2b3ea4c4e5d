"""Draw every screen of a session as a terminal of a given size shows it, as SVG and text.

Runs the scripted Strategy 3 session from the tests through the real Rich
screen. At every question it takes a picture of what a WIDTH by HEIGHT
terminal shows: what Rich drew since the screen was last cleared, the answers
left on screen by earlier prompts, and the open prompt itself, laid out as
``ui.prompter`` lays it out (``ui.fit``, the same wrapping code). Only the
bottom HEIGHT lines are in view, as in a real terminal.

Three of those pictures are the README's (``MOMENTS``); tests/test_screens.py
checks them and, at 80 by 24 and 60 by 24, that every step keeps its title and
its question in view with no word split across two lines.

    .venv/bin/python -m tests.harness.screens                 # writes docs/screens/*.svg
    .venv/bin/python -m tests.harness.screens --text          # prints the README's screens
    .venv/bin/python -m tests.harness.screens --text --size 60x24 --all
"""

from __future__ import annotations

import argparse
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

from rich.console import Console
from rich.text import Text

from rethink_cli.dialogs.ports import ConfirmQuestion, KeyQuestion, SelectQuestion, TextQuestion
from rethink_cli.formats.texts import Step
from rethink_cli.ui import fit
from rethink_cli.ui.bigdigits import big
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers
from tests.harness import ROOT
from tests.scripted import ScriptedPrompter
from tests.test_flow import strategy3_script

T = TypeVar("T")

# (file name, title, the prompt at which the picture is taken, which time it is asked)
MOMENTS = [
    ("step2-introductions", "Step 2: introductions", "Introductions", 4),
    ("step4-go-round", "Step 4: a go-round", "Jo Reed is speaking", 1),
    ("step9-wrap-up", "Step 9: wrap up", "Wrap up", 1),
]
# The README's pictures: a laptop's terminal as it opens.
README_SIZE = (80, 24)
SELECT_HINT = "(arrow keys, Enter to choose)"
BOX_EDGES = "│╭╮╰╯─"


@dataclass
class Shot:
    """What the terminal shows while one question waits."""

    step: int  # 0 while setting up
    kind: str
    message: str
    lines: list[str]  # the visible screen, top to bottom
    prompt_top: int  # the line where the open prompt starts (negative: scrolled away)
    styled: list[str] = field(default_factory=list)  # the same lines with their colours

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class ShotScreen(RichScreen):
    """Clearing the screen forgets what was drawn, as the terminal does; knows the step."""

    step = 0

    def _clear(self) -> None:
        self.console.export_text(clear=True)

    def step_header(self, step: Step, *, minutes: int, compact: bool = False) -> None:
        self.step = step.number
        super().step_header(step, minutes=minutes, compact=compact)


@dataclass
class Camera(ScriptedPrompter):
    """Answers from the script, taking a picture as each question waits."""

    console: Console | None = None
    screen: ShotScreen | None = None
    width: int = 80
    height: int = 24
    shots: list[Shot] = field(default_factory=list)

    # ------------------------------------------------------------ the prompts

    def text(self, question: TextQuestion) -> str:
        message, instruction = fit.question(
            question.message, question.instruction, self.width, gap=2
        )
        asked = f"› {message}  {instruction} " if instruction else f"› {message} "
        self._shoot(
            "text",
            question.message,
            [asked + question.default, *self._status_line(question.status)],
        )
        answer = super().text(question)
        # What stays once answered: the question without its hint, then the answer.
        fitted, _ = fit.question(question.message, "", self.width)
        self._echo(f"› {fitted} {fit.answered(fitted, answer, self.width)}")
        return answer

    def select(self, question: SelectQuestion[T]) -> T:
        titles = [(c.title, c.value == question.default) for c in question.choices]
        fitted = self._menu("select", question.message, titles, question.status)
        answer = super().select(question)
        chosen = next(c.title for c in question.choices if c.value == answer)
        # What stays once answered: the question, then the answer after it.
        self._echo(f"› {fitted} {fit.answered(fitted, chosen, self.width)}")
        return answer

    def confirm(self, question: ConfirmQuestion) -> bool:
        titles = [("Yes", question.default), ("No", not question.default)]
        fitted = self._menu("confirm", question.message, titles, question.status)
        answer = super().confirm(question)
        self._echo(f"› {fitted} {'Yes' if answer else 'No'}")
        return answer

    def key(self, question: KeyQuestion) -> str:
        drawn: list[str] = []
        if question.live is not None:
            live = question.live()
            if question.large and " " in live:
                digits, label = live.split(" ", 1)
                rows = [*big(digits).splitlines(), label]
                drawn += [row.center(self.width).rstrip() for row in rows]
            else:
                drawn.append(live)
            drawn.append("")
        keys = [(" / ".join(_key_name(k) for k in c.keys), c.label) for c in question.keys]
        line = "".join(token[1] for token in fit.keys(keys, self.width))
        drawn += [question.message, *line.split("\n")]
        drawn += [question.note] if question.note else []
        drawn += self._status_line(question.status)
        self._shoot("key", question.message, drawn)
        # A key prompt leaves nothing behind (erase_when_done).
        return super().key(question)

    def _menu(self, kind: str, message: str, titles: list[tuple[str, bool]], status: Any) -> str:
        fitted, hint = fit.question(message, SELECT_HINT, self.width)
        lines = [f"› {fitted} {hint}"]
        for title, pointed in titles:
            shown = fit.choice(title, self.width)
            lines.append((" ❯ " if pointed else "   ") + shown)
        self._shoot(kind, message, [*lines, *self._status_line(status)])
        return fitted

    def _status_line(self, status: Any) -> list[str]:
        # One line, cropped: the prompter's status window is one line high.
        return [f" {status()} "[: self.width]] if status is not None else []

    # ------------------------------------------------------------ the terminal

    def _rows(self, text: str) -> list[str]:
        """``text`` as the terminal shows it: long lines cut at the edge, wherever that falls."""
        out: list[str] = []
        for line in text.split("\n"):
            while fit.cells(line) > self.width:
                cut = self.width
                while fit.cells(line[:cut]) > self.width:
                    cut -= 1
                out.append(line[:cut])
                line = line[cut:]
            out.append(line)
        return out

    def _echo(self, text: str) -> None:
        assert self.console is not None
        for row in self._rows(text):
            self.console.print(Text(row), no_wrap=True, crop=True)

    def _shoot(self, kind: str, message: str, prompt: list[str]) -> None:
        assert self.console is not None and self.screen is not None
        drawn = self.console.export_text(clear=False).split("\n")
        styled = self.console.export_text(clear=False, styles=True).split("\n")
        if drawn and drawn[-1] == "":
            drawn, styled = drawn[:-1], styled[:-1]
        rows = [row for line in prompt for row in self._rows(line)]
        everything = drawn + rows
        top = len(everything) - self.height
        shown = everything[max(top, 0) :]
        self.shots.append(
            Shot(
                step=self.screen.step,
                kind=kind,
                message=message,
                lines=shown,
                prompt_top=len(drawn) - max(top, 0),
                styled=(styled + rows)[max(top, 0) :],
            )
        )


def _key_name(key: str) -> str:
    return {"enter": "Enter", "space": "Space"}.get(key, key)


def capture(width: int, height: int, *, large: bool = False) -> list[Shot]:
    """Every question of the scripted Strategy 3 session, as a WIDTH by HEIGHT terminal shows it."""
    console = Console(
        file=io.StringIO(), width=width, height=height, record=True, force_terminal=True
    )
    screen = ShotScreen(console, large=large)
    camera = Camera(
        strategy3_script().script, console=console, screen=screen, width=width, height=height
    )

    # run_session builds its own screen; swap in one that draws onto our recording console.
    def ours(_console: Console, plain: bool = False) -> ShotScreen:
        return screen

    with (
        mock.patch.object(flow_helpers, "RichScreen", ours),
        tempfile.TemporaryDirectory() as out,
    ):
        flow_helpers.run_session(camera, Path(out), width=width, large=large)
    return camera.shots


# ---------------------------------------------------------------- checks


def heading_in_view(shot: Shot) -> bool:
    """The step's heading above the prompt (the status line under it does not count)."""
    drawn = shot.lines[: max(shot.prompt_top, 0)]
    return any(line.lstrip(" " + BOX_EDGES).startswith(f"Step {shot.step} of 9") for line in drawn)


def question_in_view(shot: Shot) -> bool:
    return shot.prompt_top >= 0 and shot.message.split()[0] in "\n".join(shot.lines)


def words_of(texts: list[str]) -> set[str]:
    return {word for text in texts for word in _tokens(text)}


def _tokens(line: str) -> list[str]:
    return re.sub(f"[{BOX_EDGES}]", " ", line).split()


def split_words(shot: Shot, words: set[str], typed: set[str]) -> list[str]:
    """Words cut across two lines: the end of one line and the start of the next make
    a word seen whole elsewhere, and one of the pieces is no word at all.

    ``typed`` are words typed in: an input line is cut at the edge like any
    terminal's, and that is not the program's layout.
    """
    found: list[str] = []
    for upper, lower in zip(shot.lines, shot.lines[1:], strict=False):
        ends, starts = _tokens(upper), _tokens(lower)
        if upper.rstrip(" " + BOX_EDGES).endswith("★"):
            found.append(f"{upper.strip()!r} ends with a star cut from its words")
        if not ends or not starts:
            continue
        joined = ends[-1] + starts[0]
        whole = joined in words and (ends[-1] not in words or starts[0] not in words)
        if whole and joined not in typed:
            found.append(f"{ends[-1]!r} / {starts[0]!r}")
    return found


def vocabulary() -> tuple[set[str], set[str]]:
    """Every word the session shows, from a screen too wide to wrap; and the words typed."""
    shots = capture(400, 10_000)
    typed = {
        word
        for entry in strategy3_script().script
        if isinstance(entry, tuple) and isinstance(entry[1], str)
        for word in entry[1].split()
    }
    return words_of([line for shot in shots for line in shot.lines]), typed


# ---------------------------------------------------------------- README pictures

SCREENS = ROOT / "docs" / "screens"


def svg_path(name: str) -> Path:
    return SCREENS / f"{name}.svg"


def readme_pictures(shots: list[Shot] | None = None) -> dict[str, tuple[str, str, str]]:
    """The README's moments: name → (title, SVG, text)."""
    shots = shots if shots is not None else capture(*README_SIZE)
    width = README_SIZE[0]
    taken: dict[str, tuple[str, str, str]] = {}
    for name, title, prompt, nth in MOMENTS:
        matching = [shot for shot in shots if shot.message == prompt]
        if len(matching) < nth:
            continue
        shot = matching[nth - 1]
        console = Console(file=io.StringIO(), width=width, record=True, force_terminal=True)
        for line in shot.styled:
            console.print(Text.from_ansi(line), no_wrap=True, crop=True)
        taken[name] = (title, console.export_svg(title=title), shot.text)
    return taken


# The room's own window (``rethink session room``), at the go-round picture's moment.
ROOM_PICTURE = ("room-go-round", "The room's window, at the same moment", "Jo Reed")


def room_picture() -> tuple[str, str, str]:
    """The room's window as it follows the same scripted session: (title, SVG, text)."""
    from rethink_cli.core.room import RoomState
    from rethink_cli.ui.room_view import RoomView, render

    _name, title, speaker = ROOM_PICTURE
    told: list[RoomState] = []

    def tell(room: RoomState) -> bool:
        told.append(room)
        return True  # this window is the one following

    with tempfile.TemporaryDirectory() as out:
        flow_helpers.run_session(strategy3_script(), Path(out), room=tell)
    room = next(r for r in told if r.step == 4 and r.speaker == speaker)
    width, height = README_SIZE
    console = Console(
        file=io.StringIO(), width=width, height=height, record=True, force_terminal=True
    )
    # As drawn the moment the session told it: the clocks as they were then.
    console.print(render(RoomView("live", room, room.taken_at, width, height)))
    text = console.export_text(clear=False)
    return title, console.export_svg(title=title), text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--text", action="store_true", help="print the screens as text")
    parser.add_argument("--size", default="80x24", help="WIDTHxHEIGHT for --text (80x24)")
    parser.add_argument("--all", action="store_true", help="with --text: every question")
    args = parser.parse_args(argv)
    if args.text and args.all:
        width, height = (int(n) for n in args.size.split("x"))
        for shot in capture(width, height):
            print(f"==== step {shot.step}: {shot.kind} {shot.message!r}\n{shot.text}")
        return 0
    pictures = {**readme_pictures(), ROOM_PICTURE[0]: room_picture()}
    for name, (title, svg, text) in pictures.items():
        if args.text:
            print(f"==== {title}\n{text}")
        else:
            path = svg_path(name)
            path.write_text(svg, encoding="utf-8")
            print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
