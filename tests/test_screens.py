"""The README's pictures are what the program draws now.

``tests/harness/screens.py`` runs the scripted Strategy 3 session through the real
Rich screen and keeps three moments as SVG; the README shows the copies in
docs/screens/. If a screen changes, this fails until they are drawn again with
``.venv/bin/python -m tests.harness.screens``.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.harness import screens

ROOT = Path(__file__).resolve().parents[1]

NAMES = [name for name, _title, _prompt, _nth in screens.MOMENTS]


@pytest.fixture(scope="module")
def drawn() -> dict[str, tuple[str, str, str]]:
    return screens.capture()


def test_every_moment_is_reached(drawn: dict[str, tuple[str, str, str]]) -> None:
    # A renamed prompt would silently drop a picture: the run must reach all three.
    assert sorted(drawn) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_readme_picture_is_what_is_drawn_now(
    drawn: dict[str, tuple[str, str, str]], name: str
) -> None:
    _title, svg, text = drawn[name]
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
