"""The prompt adapter: the one place that turns questions into questionary prompts.

It also draws the live status line (the step's time left) under every prompt,
redrawn by prompt_toolkit's own refresh, so no Rich ``Live`` fights the prompt
for the screen, and calls a question's watch while its prompt waits, so time-up
is told the moment it happens. ``input`` and ``output`` can be given, so tests
drive it through a prompt_toolkit pipe without a real terminal.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import Application, get_app, run_in_terminal
from prompt_toolkit.filters import is_done
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window, WindowAlign
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output, create_output
from prompt_toolkit.styles import Style

from rethink_cli.dialogs.ports import (
    Alarm,
    Choice,
    ConfirmQuestion,
    KeyQuestion,
    SelectQuestion,
    StatusLine,
    TextQuestion,
    Watch,
)
from rethink_cli.ui import fit
from rethink_cli.ui.bigdigits import big
from rethink_cli.ui.glyphs import TextOnlyStdout, is_unicode
from rethink_cli.ui.hardening import harden
from rethink_cli.ui.single_keys import TYPING_GAP, KeyTimes, SingleKeys, key_bindings
from rethink_cli.ui.stopping import stop_prompt as stop_prompt  # for app.terminal
from rethink_cli.ui.stopping import stoppable
from rethink_cli.ui.text_field import TextField, limit_for

T = TypeVar("T")

STYLE = Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansicyan"),
        ("instruction", "fg:ansibrightblack"),
        ("status", "fg:ansibrightblack"),
        ("status-over", "fg:ansiyellow bold"),
        ("key", "fg:ansicyan bold"),
        ("live", "fg:ansicyan bold"),
    ]
)

# Twice a second is smooth enough for a seconds display and costs next to no CPU.
REFRESH_SECONDS = 0.5

# The shortest wait between two calls of a watch: a zero or negative ``next_in``
# must not turn the prompt's event loop into a busy spin.
MIN_WATCH_SECONDS = 0.05


class TerminalPrompter:
    """Asks questions in the terminal (or through the given prompt_toolkit input/output)."""

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        live: bool = True,
        typing_gap: float = TYPING_GAP,
    ) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        elif not is_unicode(getattr(sys.stdout, "encoding", None)) and sys.stdout.isatty():
            # An 8-bit console: prompt_toolkit would print "?" for "❯" and "·";
            # through sys.stdout they get plain stand-ins (ui.glyphs).
            self._io["output"] = create_output(stdout=TextOnlyStdout())  # type: ignore[arg-type]
        # Plain mode: nothing redraws by itself, so screen readers are not flooded.
        self.live = live
        # Single-key prompts: keys closer together than this are typing (ui.single_keys).
        self.typing_gap = typing_gap
        self._key_times = KeyTimes()

    def _refresh(self, status: StatusLine | None) -> dict[str, Any]:
        return {"refresh_interval": REFRESH_SECONDS} if status and self.live else {}

    def text(self, question: TextQuestion) -> str:
        def validate(text: str) -> bool | str:
            if question.validate is None:
                return True
            try:
                problem = question.validate(text)
            except Exception:
                # A check that fails on odd input must refuse it in one line, never
                # print prompt_toolkit's traceback and "Press ENTER" to the room.
                return "That cannot be used here. Try again."
            return True if problem is None else problem

        extra: dict[str, Any] = {}
        if question.status and self.live:
            status = question.status
            extra = {
                "bottom_toolbar": lambda: _status_tokens(status),
                "refresh_interval": REFRESH_SECONDS,
            }
        # Broken between words, never inside one (questionary puts two spaces between).
        message, instruction = fit.question(
            question.message, question.instruction, fit.columns(self._io), gap=2
        )
        prompt = questionary.text(
            message,
            default=question.default,
            validate=validate,
            instruction=instruction or None,
            qmark="›",
            style=STYLE,
            **extra,
            **self._io,
        )
        field = TextField(limit_for(question))
        harden(prompt.application, escape=question.escape, field=field)
        field.add_note(prompt.application)
        # As with menus: the answer stays broken between words, without the hint.
        prompt.application.erase_when_done = True
        with (
            stoppable(prompt.application),
            _watching(prompt.application, question.watch, say=not self.live),
        ):
            answer: str = prompt.unsafe_ask()
        columns = fit.columns(self._io)
        self._say_answer(fit.question(question.message, "", columns)[0], answer, columns)
        return answer

    def select(self, question: SelectQuestion[T]) -> T:
        # Values are passed by position: questionary treats a None value as "use
        # the title", and choices here may legitimately hold None, "" or 0.
        columns = fit.columns(self._io)
        message, instruction = fit.question(
            question.message, "(arrow keys, Enter to choose)", columns
        )
        choices = [
            questionary.Choice(fit.choice(c.title, columns), value=i)
            for i, c in enumerate(question.choices)
        ]
        default = next(
            (choices[i] for i, c in enumerate(question.choices) if c.value == question.default),
            None,
        )
        prompt = questionary.select(
            message,
            choices=choices,
            default=default,
            qmark="›",
            pointer="❯",
            instruction=instruction,
            # Letters typed at a menu must not move the choice unseen.
            use_jk_keys=False,
            use_emacs_keys=False,
            style=STYLE,
            **self._refresh(question.status),
            **self._io,
        )
        if question.status and self.live:
            _add_status_line(prompt.application, question.status)
        harden(prompt.application, escape=question.escape, menu=True)
        # questionary would leave the answer after the question cut at the screen's
        # edge wherever it falls: the menu goes, and the answer is printed between words.
        prompt.application.erase_when_done = True
        with (
            stoppable(prompt.application),
            _watching(prompt.application, question.watch, say=not self.live),
        ):
            picked: int = prompt.unsafe_ask()
        chosen = question.choices[picked]
        self._say_answer(message, chosen.title, columns)
        return chosen.value

    def _say_answer(self, message: str, answer: str, columns: int) -> None:
        """``› message answer``, as questionary draws an answered question, wrapped to fit."""
        tokens = FormattedText(
            [
                ("class:qmark", "›"),
                ("class:question", f" {message} "),
                ("class:answer", fit.answered(message, answer, columns)),
            ]
        )
        output = self._io.get("output")
        print_formatted_text(tokens, style=STYLE, **({"output": output} if output else {}))

    def confirm(self, question: ConfirmQuestion) -> bool:
        # A Yes/No list rather than y/n typing: the same keys as every other menu.
        return self.select(
            SelectQuestion(
                question.message,
                (Choice("Yes", True), Choice("No", False)),
                default=question.default,
                status=question.status,
                watch=question.watch,
                escape=question.escape,
            )
        )

    def key(self, question: KeyQuestion) -> str:
        guard = SingleKeys(self._key_times, self.typing_gap) if question.single_keys else None
        bindings = key_bindings(question, guard)

        def tokens() -> StyleAndTextTuples:
            keys = [(" / ".join(_key_name(k) for k in c.keys), c.label) for c in question.keys]
            # A key and its label stay together: a line breaks only between two keys.
            width = get_app().output.get_size().columns
            note: StyleAndTextTuples = [("class:instruction", f"\n{question.note}")]
            return [
                ("class:question", f"{question.message}\n"),
                *fit.keys(keys, width),
                *(note if question.note else []),
            ]

        parts: list[Any] = []
        if question.live is not None:
            live = question.live
            parts.append(
                ConditionalContainer(
                    Window(
                        FormattedTextControl(lambda: _live_tokens(live, large=question.large)),
                        dont_extend_height=True,
                        # Big digits are centred, for a projector.
                        align=WindowAlign.CENTER if question.large else WindowAlign.LEFT,
                    ),
                    filter=~is_done,
                )
            )
        # Wrapped between keys above; wrap_lines only cuts a key wider than the screen.
        parts.append(Window(FormattedTextControl(tokens), dont_extend_height=True, wrap_lines=True))
        # Plain mode: the flow says the time once as the prompt opens; a second,
        # static copy under the keys would only be read out again.
        if question.status and self.live:
            status = question.status
            parts.append(
                ConditionalContainer(
                    Window(FormattedTextControl(lambda: _status_tokens(status)), height=1),
                    filter=~is_done,
                )
            )
        app: Application[str] = Application(
            layout=Layout(HSplit(parts)),
            key_bindings=bindings,
            style=STYLE,
            refresh_interval=REFRESH_SECONDS
            if (question.status or question.live) and self.live
            else None,
            erase_when_done=True,
            **self._io,
        )
        try:
            with stoppable(app), _watching(app, question.watch, say=not self.live):
                return app.run()
        finally:
            if guard is not None:
                guard.stop()


def _key_name(key: str) -> str:
    return {"enter": "Enter", "space": "Space"}.get(key, key)


def _status_tokens(status: StatusLine) -> StyleAndTextTuples:
    line = fit.status(status(), get_app().output.get_size().columns)
    style = "class:status-over" if "over" in line else "class:status"
    return [(style, f" {line} ")]


def _live_tokens(live: StatusLine, *, large: bool = False) -> StyleAndTextTuples:
    text = live()
    style = "class:status-over" if "over" in text else "class:live"
    if large and " " in text:
        # A projector mode: the countdown in block digits, its label beneath.
        digits, label = text.split(" ", 1)
        text = f"{big(digits)}\n{label}"
    return [(style, text + "\n")]


@contextmanager
def _watching(app: Application[Any], watch: Watch | None, *, say: bool) -> Iterator[None]:
    """Call ``watch`` while ``app`` runs inside this block; ``say`` prints its lines."""
    if watch is None:
        yield
        return
    watcher = _Watcher(app, watch, say=say)
    # Pre-run callables run inside the running event loop, where timers can be set.
    app.pre_run_callables.append(watcher.tick)
    try:
        yield
    finally:
        # However the prompt ended (answer, Ctrl-C, error), no call may outlive it.
        watcher.stop()


class _Watcher:
    """Calls a question's watch now and again after each ``next_in``, while the prompt is open."""

    def __init__(self, app: Application[Any], watch: Watch, *, say: bool) -> None:
        self._app = app
        self._watch = watch
        self._say = say
        self._timer: asyncio.TimerHandle | None = None
        self._stopped = False

    def tick(self) -> None:
        self._timer = None
        # Once an answer is in, the prompt is closing: a late call would announce
        # time-up under a question that has already gone.
        if self._stopped or self._app.is_done:
            return
        try:
            alarm = self._watch()
            if self._say and alarm.lines:
                _announce(self._app, alarm)
            if alarm.next_in is not None:
                # max(minimum, x) also turns a NaN into the minimum.
                delay = max(MIN_WATCH_SECONDS, alarm.next_in)
                self._timer = asyncio.get_running_loop().call_later(delay, self.tick)
        except Exception:
            # The screen may be projected to the room: a broken watch must not
            # show a traceback or prompt_toolkit's "Press ENTER". The question
            # itself still works, so only the watching stops.
            self.stop()

    def stop(self) -> None:
        self._stopped = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _announce(app: Application[Any], alarm: Alarm) -> None:
    """Print the alarm's lines above the prompt, which is then drawn again below them."""
    output = app.output

    def write() -> None:
        for line in alarm.lines:
            # One plain line each, as a screen reader reads it; the output
            # itself turns escape codes into "?" so nothing can restyle the screen.
            output.write(" ".join(line.splitlines()) + "\r\n")
        output.flush()

    done = asyncio.ensure_future(run_in_terminal(write))
    # Read the outcome, so a failed write is dropped rather than reported as a
    # "never retrieved" error through prompt_toolkit's "Press ENTER" handler.
    done.add_done_callback(_ignore_outcome)


def _ignore_outcome(done: asyncio.Future[None]) -> None:
    if not done.cancelled():
        done.exception()


def _add_status_line(app: Application[Any], status: StatusLine) -> None:
    """questionary's select has no bottom toolbar; add one line under its choices."""
    container = app.layout.container
    if isinstance(container, HSplit):
        container.children.append(
            ConditionalContainer(
                Window(FormattedTextControl(lambda: _status_tokens(status)), height=1),
                filter=~is_done,
            )
        )
