"""Draw the main screens of a session as SVG (for the README) and as text.

Runs the scripted Strategy 3 session from the tests through the real Rich
screen, and keeps what the room sees at a few moments: introductions (step 2),
a speaker in the first go-round (step 4) and the wrap-up (step 9).

    .venv/bin/python -m tests.harness.screens            # writes docs/screens/*.svg
    .venv/bin/python -m tests.harness.screens --text     # prints the screens as text

tests/test_screens.py draws them in-process and checks the SVGs are still true.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from rich.console import Console

from rethink_cli.formats.texts import Step
from rethink_cli.ui.screen import RichScreen
from tests import flow_helpers
from tests.harness import ROOT
from tests.scripted import ScriptedPrompter
from tests.test_flow import strategy3_script

# (file name, title, the prompt at which the screen is kept)
MOMENTS = [
    ("step2-introductions", "Step 2: introductions", "Introductions", 4),
    ("step4-go-round", "Step 4: a go-round", "Jo Reed is speaking", 1),
    ("step9-wrap-up", "Step 9: wrap up", "Wrap up", 1),
]


class PagedScreen(RichScreen):
    """Forgets what was drawn before each step header, like the cleared terminal."""

    def step_header(self, step: Step, *, minutes: int, compact: bool = False) -> None:
        self.console.export_text(clear=True)
        super().step_header(step, minutes=minutes, compact=compact)


def capture(width: int = 88) -> dict[str, tuple[str, str, str]]:
    console = Console(file=io.StringIO(), width=width, record=True, force_terminal=True)
    taken: dict[str, tuple[str, str, str]] = {}
    seen: dict[str, int] = {}

    class Snapping(ScriptedPrompter):
        live: str = ""

        def key(self, question: Any) -> str:
            # What prompt_toolkit draws under the screen: the countdown and the keys.
            keys = "  ".join(f"{'/'.join(k.keys)} {k.label}" for k in question.keys)
            countdown = question.live() if question.live else ""
            self.live = f"{countdown}\n{keys}" if countdown else keys
            return super().key(question)

        def _next(self, kind: str, message: str) -> Any:
            for name, title, prompt, nth in MOMENTS:
                if message == prompt:
                    seen[prompt] = seen.get(prompt, 0) + 1
                    if seen[prompt] == nth and name not in taken:
                        console.print(f"› {message}", style="bold")
                        if kind == "key" and self.live:
                            console.print(self.live, style="cyan")
                        taken[name] = (
                            title,
                            console.export_svg(title=title, clear=False),
                            console.export_text(clear=False),
                        )
            return super()._next(kind, message)

    # run_session builds its own screen; swap in one that draws onto our recording console.
    def paged(_console: Console, plain: bool = False) -> PagedScreen:
        return PagedScreen(console, plain=plain)

    with (
        mock.patch.object(flow_helpers, "RichScreen", paged),
        tempfile.TemporaryDirectory() as out,
    ):
        flow_helpers.run_session(Snapping(strategy3_script().script), Path(out), width=width)
    return taken


SCREENS = ROOT / "docs" / "screens"


def svg_path(name: str) -> Path:
    return SCREENS / f"{name}.svg"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--text", action="store_true", help="print the screens as text")
    args = parser.parse_args(argv)
    taken = capture()
    for name, (title, svg, text) in taken.items():
        if args.text:
            print(f"==== {title}\n{text}")
        else:
            path = svg_path(name)
            path.write_text(svg, encoding="utf-8")
            print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
