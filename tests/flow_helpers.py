"""Build a whole session around a scripted prompter, a fake clock and a recording screen."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from rethink_cli.app.files import write_session_files
from rethink_cli.core.facts import GivenFacts
from rethink_cli.core.room import RoomState
from rethink_cli.core.session import SessionState
from rethink_cli.dialogs.facts import adjust_plan, ask_setup
from rethink_cli.dialogs.session import SessionFlow, SessionParts
from rethink_cli.formats.agreement import load_agreement
from rethink_cli.formats.texts import all_steps
from rethink_cli.ui.screen import RichScreen
from tests.scripted import FakeClock, ScriptedPrompter

TODAY = dt.date(2026, 11, 26)  # a Thursday


@dataclass
class Outcome:
    prompter: ScriptedPrompter
    flow: SessionFlow
    console: Console
    paths: list[Path]

    @property
    def screen_text(self) -> str:
        return self.console.export_text(clear=False)

    @property
    def screen_flat(self) -> str:
        """The screen as one line of words: wrapping and box edges removed."""
        return " ".join(self.screen_text.replace("│", " ").split())


def run_session(
    prompter: ScriptedPrompter,
    out_dir: Path,
    answers: GivenFacts | None = None,
    *,
    clock: FakeClock | None = None,
    width: int = 100,
    bell: Callable[[], None] | None = None,
    plain: bool = False,
    large: bool = False,
    checkpoint: Callable[[SessionState], object] | None = None,
    room: Callable[[RoomState], bool] | None = None,
) -> Outcome:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    screen = RichScreen(console, plain=plain)
    clock = clock or FakeClock()
    # The default clock's today is TODAY; a test handed the ``clock`` fixture runs on its date.
    setup = ask_setup(
        answers or GivenFacts(), prompter=prompter, screen=screen, today=clock.today()
    )
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    adjust_plan(state, prompter=prompter, screen=screen)

    parts = SessionParts(
        prompter=prompter,
        screen=screen,
        agreement=load_agreement(),
        exporter=write_session_files,
        out_dir=out_dir,
        clock=clock,
        rng=random.Random(4),
        bell=bell,
        plain=plain,
        large=large,
        checkpoint=checkpoint,
        room=room,
    )
    flow = SessionFlow(state, parts)
    paths = flow.run()
    assert not prompter.script, f"script not used up: {list(prompter.script)[:3]}"
    return Outcome(prompter, flow, console, paths)


def setup_answers(strategy: str = "Strategy 3") -> list[tuple[str, object]]:
    return [
        ("text", "PN-4471"),
        ("text", None),  # meeting date: today
        ("text", "Alex Morgan"),
        ("select", strategy),
        ("text", "Sam Patel"),
        ("text", "Children's Social Care"),
        ("text", None),  # 90 minutes
    ]


def intro_pages() -> list[tuple[str, object]]:
    pages: list[tuple[str, object]] = [("select", "Use this plan")]
    return pages + [("key", "enter")] * 4 + [("select", "Go on to step 2")]


def introductions() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [("text", "Social worker")]
    for name, role, agency in [
        ("Jo Reed", "Health visitor", "Health Visiting"),
        ("Priya Shah", "Designated safeguarding lead", "Northside Primary School"),
        ("Chris Doyle", "Neighbourhood officer", "Police"),
    ]:
        out += [
            ("select", "Add the next person"),
            ("text", name),
            ("text", role),
            ("select", "Another agency"),
            ("text", agency),
        ]
    return out + [("select", "Everyone has introduced")]


def agreement(points: int = 8) -> list[tuple[str, object]]:
    return [("key", "enter")] * points + [("confirm", True), ("select", "Go on to step 4")]


def goround(speakers: int, marker: str, next_step: int) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [("select", "then down the list")]
    for _ in range(speakers):
        # Someone types at the go-round prompt: every key of the marker is offered.
        out += [("key", ch) for ch in marker] + [("key", "enter")]
    return out + [("select", "Finish this go-round"), ("select", f"Go on to step {next_step}")]


def three_actions() -> list[tuple[str, object]]:
    return [
        ("select", "Add an action"),
        ("text", "Arrange a joint home visit with the health visitor"),
        ("select", "Add an action"),
        ("text", "Monitor attendance"),
        ("select", "Reword it"),
        ("text", "Share weekly attendance figures with the Lead Professional"),
        ("select", "Add an action"),
        ("text", "Book a developmental review at the clinic"),
        ("select", "Done"),
    ]


def owners_and_dates() -> list[tuple[str, object]]:
    return [
        ("select", "Sam Patel"),
        ("text", "4/12/2026"),
        ("confirm", True),
        ("select", "Priya Shah"),
        ("text", "next Friday"),
        ("confirm", True),
        ("select", "Someone who is not here"),
        ("text", "Dr Lee"),
        ("select", "Another agency"),
        ("text", "GP Practice"),
        ("select", None),  # the Lead Professional passes it on, by default
        ("text", "in 2 weeks"),
        ("confirm", True),
        ("select", "Done"),
    ]


# Where each agency records the actions: every agency present, in the order they
# introduced themselves, then the absent owner's.
RECORDING = {
    "Children's Social Care": "Child's record in the social care case system",
    "Health Visiting": "Health visiting record",
    "Northside Primary School": "School safeguarding file",
    "Police": "Police case file",
    "GP Practice": "GP notes",
}


def recording() -> list[tuple[str, object]]:
    return [
        *(("text", where) for where in RECORDING.values()),
        ("text", "8/1/2027"),
        ("confirm", True),
        ("select", None),  # the Lead Professional convenes by default
        ("select", "Done"),
        ("select", None),  # wrap-up: is the network still stuck? No, by default
    ]
