"""The prompt adapter, driven through prompt_toolkit pipe input: real questionary, no terminal."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from rethink_cli.dialogs.ports import (
    Alarm,
    Choice,
    ConfirmQuestion,
    KeyChoice,
    KeyQuestion,
    SelectQuestion,
    TextQuestion,
    Watch,
)
from rethink_cli.ui.prompter import TerminalPrompter

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"
# What a real terminal answers to prompt_toolkit's cursor-position request. Bottom
# toolbars (the status line, validation errors) are drawn only once it arrives.
CPR = "\x1b[1;1R"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


@pytest.fixture
def screen() -> io.StringIO:
    return io.StringIO()


def send_later(pipe: PipeInput, *chunks: str) -> None:
    """Type in stages, as a person does, so the prompt redraws between key presses."""
    import threading

    def typing() -> None:
        import time

        for chunk in chunks:
            time.sleep(0.3)
            pipe.send_text(chunk)

    threading.Thread(target=typing, daemon=True).start()


def send_once_shown(pipe: PipeInput, screen: io.StringIO, shown: str, keys: str) -> None:
    """Type ``keys`` once ``shown`` is on the screen (at most 10 s): a busy machine may take
    longer than a fixed pause to draw the prompt's first frame."""
    import threading

    def typing() -> None:
        import time

        deadline = time.monotonic() + 10
        while shown not in screen.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        pipe.send_text(keys)

    threading.Thread(target=typing, daemon=True).start()


def prompter_for(pipe: PipeInput, screen: io.StringIO, *, live: bool = True) -> TerminalPrompter:
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=100), term="xterm")
    return TerminalPrompter(input=pipe, output=output, live=live)


def test_text_returns_what_was_typed(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text("Jo Reed" + ENTER)
    assert prompter_for(pipe, screen).text(TextQuestion("Name")) == "Jo Reed"


def test_text_default_is_kept_on_enter(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text(ENTER)
    answer = prompter_for(pipe, screen).text(TextQuestion("Length", default="90"))
    assert answer == "90"


def test_text_validation_blocks_until_fixed(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text(CPR)
    send_later(pipe, ENTER, "Jo" + ENTER)

    def not_empty(text: str) -> str | None:
        return "Type a name first." if not text.strip() else None

    answer = prompter_for(pipe, screen).text(TextQuestion("Name", validate=not_empty))
    assert answer == "Jo"
    assert "Type a name first." in screen.getvalue()


def test_select_returns_values_that_look_falsy(pipe: PipeInput, screen: io.StringIO) -> None:
    question: SelectQuestion[object] = SelectQuestion(
        "Pick",
        (Choice("zero", 0), Choice("empty", ""), Choice("none", None)),
        default=0,
    )
    pipe.send_text(DOWN + ENTER)
    assert prompter_for(pipe, screen).select(question) == ""
    with create_pipe_input() as again:
        again.send_text(DOWN + DOWN + ENTER)
        assert prompter_for(again, screen).select(question) is None
    with create_pipe_input() as third:
        third.send_text(ENTER)
        assert prompter_for(third, screen).select(question) == 0


def test_select_starts_on_the_default(pipe: PipeInput, screen: io.StringIO) -> None:
    question = SelectQuestion("Pick", (Choice("a", "a"), Choice("b", "b")), default="b")
    pipe.send_text(ENTER)
    assert prompter_for(pipe, screen).select(question) == "b"


@pytest.mark.parametrize(("keys", "expected"), [(ENTER, True), (DOWN + ENTER, False)])
def test_confirm(pipe: PipeInput, screen: io.StringIO, keys: str, expected: bool) -> None:
    pipe.send_text(keys)
    assert prompter_for(pipe, screen).confirm(ConfirmQuestion("Agreed?")) is expected


def test_confirm_default_no(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text(ENTER)
    assert prompter_for(pipe, screen).confirm(ConfirmQuestion("Quit?", default=False)) is False


GO_ROUND_KEYS = KeyQuestion(
    "Jo is speaking",
    (
        KeyChoice(("enter", "n"), "next speaker", "next"),
        KeyChoice(("s",), "pass for now", "pass"),
        KeyChoice(("b",), "back one speaker", "back"),
    ),
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(ENTER, "next"), ("n", "next"), ("s", "pass"), ("b", "back")],
)
def test_key_prompt_maps_keys(
    pipe: PipeInput, screen: io.StringIO, typed: str, expected: str
) -> None:
    pipe.send_text(typed)
    assert prompter_for(pipe, screen).key(GO_ROUND_KEYS) == expected


def test_key_prompt_swallows_other_typing(pipe: PipeInput, screen: io.StringIO) -> None:
    marker = "QXZ-secret-words"  # holds s, which is bound: only its first part is swallowed
    pipe.send_text("QXZ-" + "n")
    assert prompter_for(pipe, screen).key(GO_ROUND_KEYS) == "next"
    assert "QXZ" not in screen.getvalue()
    assert marker.startswith("QXZ-")


def test_key_prompt_shows_its_keys(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text("n")
    prompter_for(pipe, screen).key(GO_ROUND_KEYS)
    shown = screen.getvalue()
    assert "next speaker" in shown and "pass for now" in shown and "Enter" in shown


@pytest.mark.parametrize("kind", ["text", "select", "key"])
def test_ctrl_c_raises_keyboard_interrupt(pipe: PipeInput, screen: io.StringIO, kind: str) -> None:
    pipe.send_text(CTRL_C)
    prompter = prompter_for(pipe, screen)
    with pytest.raises(KeyboardInterrupt):
        if kind == "text":
            prompter.text(TextQuestion("Name"))
        elif kind == "select":
            prompter.select(SelectQuestion("Pick", (Choice("a", 1),)))
        else:
            prompter.key(GO_ROUND_KEYS)


def test_status_line_is_drawn_under_prompts(pipe: PipeInput, screen: io.StringIO) -> None:
    def status() -> str:
        return "Step 4 of 9 · 03:00 left"

    pipe.send_text(CPR)
    send_later(pipe, ENTER)
    prompter_for(pipe, screen).select(
        SelectQuestion("Pick", (Choice("a", 1),), default=1, status=status)
    )
    with create_pipe_input() as again:
        again.send_text(CPR)
        send_later(again, "x" + ENTER)
        prompter_for(again, screen).text(TextQuestion("Name", status=status))
    assert screen.getvalue().count("Step 4 of 9 · 03:00 left") >= 2


def test_overtime_is_styled_as_a_warning(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text("n")
    prompter_for(pipe, screen).key(
        KeyQuestion("Jo is speaking", GO_ROUND_KEYS.keys, status=lambda: "+02:10 over")
    )
    # Yellow bold: the overtime stands out from the calm grey status.
    assert "+02:10 over" in screen.getvalue()
    assert "\x1b[0;33;1m +02:10 over" in screen.getvalue()


def test_plain_mode_sets_no_refresh(pipe: PipeInput, screen: io.StringIO) -> None:
    prompter = prompter_for(pipe, screen, live=False)
    assert prompter._refresh(lambda: "x") == {}
    assert prompter_for(pipe, screen)._refresh(lambda: "x") == {"refresh_interval": 0.5}


@pytest.mark.parametrize("kind", ["text", "select", "key"])
def test_pasted_colour_code_is_not_a_crash(pipe: PipeInput, screen: io.StringIO, kind: str) -> None:
    # ESC[31m looks like a mouse report to prompt_toolkit; it must be ignored quietly.
    prompter = prompter_for(pipe, screen)
    if kind == "text":
        pipe.send_text("Jo\x1b[31m Reed" + ENTER)
        assert prompter.text(TextQuestion("Name")) == "Jo Reed"
    elif kind == "select":
        pipe.send_text("\x1b[31m" + DOWN + ENTER)
        assert prompter.select(SelectQuestion("Pick", (Choice("a", 1), Choice("b", 2)))) == 2
    else:
        pipe.send_text("\x1b[31m" + "n")
        assert prompter.key(GO_ROUND_KEYS) == "next"
    assert "Traceback" not in screen.getvalue()
    assert "Unhandled exception" not in screen.getvalue()


def test_letters_do_not_move_a_menu(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text("jjkj" + ENTER)
    question = SelectQuestion("Pick", (Choice("a", 1), Choice("b", 2)), default=1)
    assert prompter_for(pipe, screen).select(question) == 1


TIME_UP = "Time is up for Jo Reed."


class TimeUpWatch:
    """Finds nothing on its first look, then time up 0.2 s later; counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Alarm:
        self.calls += 1
        if self.calls == 1:
            return Alarm((), 0.2)
        return Alarm((TIME_UP,), None)


class TickingWatch:
    """Looks again every ``next_in`` seconds for ever, and counts its calls."""

    def __init__(self, next_in: float = 0.05) -> None:
        self.calls = 0
        self.next_in = next_in

    def __call__(self) -> Alarm:
        self.calls += 1
        return Alarm((), self.next_in)


def answer_late(pipe: PipeInput, answer: str) -> None:
    """Answer about 0.6 s in: well after the watch's second look at 0.2 s."""
    send_later(pipe, "", answer)


def watched_keys(watch: Watch) -> KeyQuestion:
    return KeyQuestion("Jo is speaking", GO_ROUND_KEYS.keys, watch=watch)


def test_plain_mode_announces_time_up_while_a_key_prompt_waits(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    watch = TimeUpWatch()
    answer_late(pipe, "n")
    assert prompter_for(pipe, screen, live=False).key(watched_keys(watch)) == "next"
    assert watch.calls >= 2
    # Said once, as one plain line of its own.
    assert screen.getvalue().count(TIME_UP) == 1
    assert TIME_UP + "\r\n" in screen.getvalue()


def test_live_mode_calls_the_watch_but_does_not_print_its_lines(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    watch = TimeUpWatch()
    answer_late(pipe, "n")
    assert prompter_for(pipe, screen, live=True).key(watched_keys(watch)) == "next"
    # The second call is the one that rings the bell: it must still happen.
    assert watch.calls == 2
    assert TIME_UP not in screen.getvalue()


@pytest.mark.parametrize("kind", ["text", "select", "confirm"])
def test_plain_mode_announces_under_text_and_menu_prompts(
    pipe: PipeInput, screen: io.StringIO, kind: str
) -> None:
    watch = TimeUpWatch()
    prompter = prompter_for(pipe, screen, live=False)
    if kind == "text":
        answer_late(pipe, "Jo" + ENTER)
        assert prompter.text(TextQuestion("Name", watch=watch)) == "Jo"
    elif kind == "select":
        answer_late(pipe, DOWN + ENTER)
        question = SelectQuestion("Pick", (Choice("a", 1), Choice("b", 2)), watch=watch)
        assert prompter.select(question) == 2
    else:
        answer_late(pipe, DOWN + ENTER)
        assert prompter.confirm(ConfirmQuestion("Agreed?", watch=watch)) is False
    assert watch.calls >= 2
    assert screen.getvalue().count(TIME_UP) == 1


class BrokenWatch:
    """Raises on its ``breaks_on``-th call (the first is made as the prompt opens)."""

    def __init__(self, breaks_on: int) -> None:
        self.calls = 0
        self.breaks_on = breaks_on

    def __call__(self) -> Alarm:
        self.calls += 1
        if self.calls >= self.breaks_on:
            raise RuntimeError("the clock fell over")
        return Alarm((), 0.05)


# Short limit: left unhandled, the failure waits for "Press ENTER" instead of failing.
@pytest.mark.timeout(10)
@pytest.mark.parametrize("kind", ["text", "key"])
@pytest.mark.parametrize("breaks_on", [1, 2])
def test_a_broken_watch_is_dropped_quietly(
    pipe: PipeInput, screen: io.StringIO, kind: str, breaks_on: int
) -> None:
    watch = BrokenWatch(breaks_on)
    prompter = prompter_for(pipe, screen, live=False)
    if kind == "text":
        answer_late(pipe, "Jo" + ENTER)
        assert prompter.text(TextQuestion("Name", watch=watch)) == "Jo"
    else:
        answer_late(pipe, "n")
        assert prompter.key(watched_keys(watch)) == "next"
    # Watching stopped at the failure; the prompt carried on without it.
    assert watch.calls == breaks_on
    shown = screen.getvalue()
    assert "Traceback" not in shown
    assert "Unhandled exception" not in shown
    assert "the clock fell over" not in shown


@pytest.mark.parametrize("ending", ["answer", "ctrl-c"])
def test_the_watch_stops_when_the_prompt_ends(
    pipe: PipeInput, screen: io.StringIO, ending: str
) -> None:
    import time

    watch = TickingWatch()
    prompter = prompter_for(pipe, screen, live=False)
    # Late (about 0.6 s): a busy machine still gets the watch's second look in first.
    if ending == "answer":
        answer_late(pipe, "n")
        assert prompter.key(watched_keys(watch)) == "next"
    else:
        answer_late(pipe, CTRL_C)
        with pytest.raises(KeyboardInterrupt):
            prompter.key(watched_keys(watch))
    calls = watch.calls
    assert calls >= 2  # it was being called while the prompt waited
    time.sleep(0.5)
    assert watch.calls == calls


def test_a_zero_wait_does_not_spin(pipe: PipeInput, screen: io.StringIO) -> None:
    watch = TickingWatch(next_in=0)
    answer_late(pipe, "n")
    assert prompter_for(pipe, screen, live=False).key(watched_keys(watch)) == "next"
    # About 0.6 s at the 0.05 s minimum is a dozen calls; unclamped it is thousands.
    assert 2 <= watch.calls < 40


def test_large_live_text_is_drawn_in_big_digits(pipe: PipeInput, screen: io.StringIO) -> None:
    question = KeyQuestion(
        "Jo Reed is speaking",
        (KeyChoice(("enter",), "next", "next"),),
        live=lambda: "04:59 left",
        large=True,
    )
    send_later(pipe, ENTER)
    assert prompter_for(pipe, screen).key(question) == "next"
    drawn = screen.getvalue()
    assert drawn.count("█") > 20  # block digits, not "04:59"
    assert "left" in drawn and "04:59" not in drawn


# ---------------------------------------------------------------- keys typing cannot press

GO_ROUND = KeyQuestion(
    "Jo is speaking",
    (
        KeyChoice(("enter", "n"), "next", "next"),
        KeyChoice(("s",), "pass", "pass"),
        KeyChoice(("a",), "someone has arrived", "late"),
        KeyChoice(("p",), "pause", "pause"),
    ),
    single_keys=True,
    note="Nothing typed here is shown or written anywhere.",
)
NOTES = "mum says dad is back and the baby has a bruise + pass"


def type_at(pipe: PipeInput, *steps: tuple[float, str]) -> None:
    """Type each text ``delay`` seconds after the one before, from another thread."""
    import threading

    def typing() -> None:
        import time

        for delay, text in steps:
            time.sleep(delay)
            pipe.send_text(text)

    threading.Thread(target=typing, daemon=True).start()


def timed_key(prompter: TerminalPrompter, question: KeyQuestion) -> tuple[str, float]:
    import time

    began = time.monotonic()
    answer = prompter.key(question)
    return answer, time.monotonic() - began


def test_a_key_pressed_on_its_own_acts_once_nothing_follows(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    type_at(pipe, (0.1, "s"))
    answer, took = timed_key(prompter_for(pipe, screen), GO_ROUND)
    assert answer == "pass"
    assert took >= 0.1 + 0.4  # it waited to see that no typing followed


def test_a_run_of_typing_does_nothing_and_shows_nothing(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    # "s" would pass the speaker, "a" open the late-arrival question, "p" pause...
    type_at(pipe, (0.1, NOTES), (1.0, "n"))
    assert prompter_for(pipe, screen).key(GO_ROUND) == "next"
    shown = screen.getvalue()
    assert "mum" not in shown and "bruise" not in shown
    assert "Nothing typed here is shown or written anywhere." in shown


def test_typing_one_key_at_a_time_is_still_typing(pipe: PipeInput, screen: io.StringIO) -> None:
    prompter = TerminalPrompter(
        input=pipe,
        output=Vt100_Output(screen, lambda: Size(rows=30, columns=100), term="xterm"),
        typing_gap=1.0,
    )
    letters = [(0.15, ch) for ch in "sap sap"]
    type_at(pipe, *letters, (2.0, "n"))
    assert prompter.key(GO_ROUND) == "next"


def test_enter_straight_after_typing_does_not_move_on(pipe: PipeInput, screen: io.StringIO) -> None:
    type_at(pipe, (0.1, "dad is back" + ENTER), (1.0, "s"))
    # Had that Enter counted, this would be "next".
    assert prompter_for(pipe, screen).key(GO_ROUND) == "pass"


def test_a_key_followed_at_once_by_another_does_not_act(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    type_at(pipe, (0.1, "s"), (0.1, "o"), (1.0, "p"))
    assert prompter_for(pipe, screen).key(GO_ROUND) == "pause"


def test_typing_carried_over_from_the_last_prompt_is_still_typing(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    import time

    prompter = prompter_for(pipe, screen)
    # A key was typed a moment ago, while the previous prompt was closing.
    prompter._key_times.last = time.monotonic()
    pipe.send_text("s")
    type_at(pipe, (1.0, "n"))
    assert prompter.key(GO_ROUND) == "next"


def test_keys_act_at_once_where_typing_is_not_guarded(pipe: PipeInput, screen: io.StringIO) -> None:
    pipe.send_text("s")
    answer, took = timed_key(prompter_for(pipe, screen), GO_ROUND_KEYS)
    assert answer == "pass" and took < 0.4


# ---------------------------------------------------------------- Esc


@pytest.mark.parametrize("kind", ["text", "select", "confirm"])
def test_esc_leaves_a_form_that_allows_it(pipe: PipeInput, screen: io.StringIO, kind: str) -> None:
    from rethink_cli.dialogs.ports import Cancelled

    prompter = prompter_for(pipe, screen)
    pipe.send_text("Jo" + "\x1b" if kind == "text" else "\x1b")
    with pytest.raises(Cancelled):
        if kind == "text":
            prompter.text(TextQuestion("Name", escape=True))
        elif kind == "select":
            prompter.select(SelectQuestion("Pick", (Choice("a", 1),), escape=True))
        else:
            prompter.confirm(ConfirmQuestion("Add them?", escape=True))


def test_esc_does_nothing_elsewhere(pipe: PipeInput, screen: io.StringIO) -> None:
    # Esc then Enter once answered a menu with "" instead of a choice (and crashed).
    pipe.send_text("\x1b" + ENTER)
    question = SelectQuestion("Pick", (Choice("a", 1), Choice("b", 2)), default=2)
    assert prompter_for(pipe, screen).select(question) == 2
    with create_pipe_input() as again:
        type_at(again, (0.1, "\x1b"), (0.8, "Jo" + ENTER))
        assert prompter_for(again, screen).text(TextQuestion("Name")) == "Jo"


# ---------------------------------------------------------------- a signal at any moment


class Stopped(BaseException):
    """Stands for SessionTerminated: what a signal handler ends the prompt with."""


def test_a_signal_at_a_waiting_prompt_ends_it_quietly(pipe: PipeInput, screen: io.StringIO) -> None:
    from rethink_cli.ui.prompter import stop_prompt

    def watch() -> Alarm:
        # Called inside the prompt's event loop, as a signal handler would be.
        assert stop_prompt(Stopped())
        return Alarm()

    with pytest.raises(Stopped):
        prompter_for(pipe, screen).key(replace_watch(GO_ROUND, watch))
    assert "Unhandled exception" not in screen.getvalue()


def replace_watch(question: KeyQuestion, watch: Watch) -> KeyQuestion:
    from dataclasses import replace

    return replace(question, watch=watch)


def test_a_signal_as_a_prompt_closes_is_raised_once_it_has_closed(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from rethink_cli.ui.stopping import stop_prompt, stoppable

    bindings = KeyBindings()

    @bindings.add("x")
    def _answered(event: KeyPressEvent) -> None:
        event.app.exit(result="x")
        # The signal lands just after the answer, while the prompt closes.
        assert stop_prompt(Stopped())

    output = Vt100_Output(screen, lambda: Size(rows=30, columns=100), term="xterm")
    app: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl("?"))),
        key_bindings=bindings,
        input=pipe,
        output=output,
    )
    pipe.send_text("x")
    with pytest.raises(Stopped), stoppable(app):
        app.run()
    assert "Unhandled exception" not in screen.getvalue()


def test_a_signal_before_the_prompt_has_begun_still_ends_it(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    import asyncio

    from prompt_toolkit.application import Application
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    from rethink_cli.ui.stopping import stop_prompt, stoppable

    output = Vt100_Output(screen, lambda: Size(rows=30, columns=100), term="xterm")
    app: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl("?"))), input=pipe, output=output
    )

    async def opening() -> str:
        assert stop_prompt(Stopped())  # the loop runs, the prompt is not there yet
        return await app.run_async()

    with pytest.raises(Stopped), stoppable(app):
        asyncio.run(opening())
    # Before any loop exists, once the prompt is being opened: ended as it begins.
    with create_pipe_input() as keys:
        again: Application[str] = Application(
            layout=Layout(Window(FormattedTextControl("?"))), input=keys, output=output
        )
        with pytest.raises(Stopped), stoppable(again):
            assert stop_prompt(Stopped())
            again.run()
    assert "Unhandled exception" not in screen.getvalue()


def test_a_signal_between_two_prompts_is_raised_as_the_next_opens(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    from rethink_cli.ui.prompter import stop_prompt

    # Never raised by the handler itself: it might be inside anything at all.
    assert stop_prompt(Stopped()) is True
    pipe.send_text("n")
    with pytest.raises(Stopped):
        prompter_for(pipe, screen).key(GO_ROUND_KEYS)
    # Raised once only: the prompt after that is an ordinary one.
    with create_pipe_input() as again:
        again.send_text("n")
        assert prompter_for(again, screen).key(GO_ROUND_KEYS) == "next"


@pytest.mark.posix  # os.kill of this very process: on Windows, that ends it
@pytest.mark.timeout(60)
def test_sigterm_while_keys_pour_in_never_prints_press_enter(
    pipe: PipeInput, screen: io.StringIO
) -> None:
    """A real SIGTERM, through the program's own handler, at many moments of key handling."""
    import os
    import signal
    import threading

    from rethink_cli.app.terminal import signals_raise
    from rethink_cli.core.errors import SessionTerminated

    for attempt in range(40):
        with create_pipe_input() as keys:
            out = io.StringIO()
            prompter = prompter_for(keys, out)
            keys.send_text("Q" * 2000)
            delay = (attempt % 10) * 0.005
            kill = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGTERM))
            with signals_raise(), pytest.raises(SessionTerminated):
                kill.start()  # only once the program's handler is in place
                question = GO_ROUND if attempt % 2 else GO_ROUND_KEYS
                prompter.key(replace_watch(question, TickingWatch()))
            kill.join()
            shown = out.getvalue()
            assert "Unhandled exception" not in shown, attempt
            assert "Press ENTER" not in shown, attempt


@pytest.mark.parametrize(
    "sequence",
    ["\x1b]52;c;SEVMTE8=\x07", "\x1b]0;title\x1b\\", "\x1bPq#0;2;0;0;0\x1b\\"],
    ids=["osc-bel", "osc-st", "dcs"],
)
def test_a_control_string_typed_in_leaves_nothing_behind(
    pipe: PipeInput, screen: io.StringIO, sequence: str
) -> None:
    pipe.send_text("Jo" + sequence + " Reed" + ENTER)
    assert prompter_for(pipe, screen).text(TextQuestion("Name")) == "Jo Reed"


def test_a_check_that_breaks_refuses_in_one_line(pipe: PipeInput, screen: io.StringIO) -> None:
    def fragile(text: str) -> str | None:
        if text == "²":
            raise ValueError("invalid literal")
        return None

    pipe.send_text(CPR)
    send_later(pipe, "²" + ENTER, "\x7f" + "12" + ENTER)
    answer = prompter_for(pipe, screen).text(TextQuestion("Minutes", validate=fragile))
    assert answer == "12"
    assert "That cannot be used here. Try again." in screen.getvalue()
    assert "Traceback" not in screen.getvalue()


@pytest.mark.posix  # os.kill of this very process: on Windows, that ends it
@pytest.mark.parametrize("kind", ["text", "select", "key"])
def test_a_sigint_from_another_program_pauses_like_ctrl_c(
    pipe: PipeInput, screen: io.StringIO, kind: str
) -> None:
    import os
    import signal
    import threading

    # prompt_toolkit turns SIGINT into a <sigint> key while a prompt is open; unbound,
    # the prompt would wait on (this test would time out instead of raising).
    threading.Timer(0.8, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    prompter = prompter_for(pipe, screen)
    with pytest.raises(KeyboardInterrupt):
        if kind == "text":
            prompter.text(TextQuestion("Name"))
        elif kind == "select":
            prompter.select(SelectQuestion("Pick", (Choice("a", 1),)))
        else:
            prompter.key(GO_ROUND_KEYS)


# ---------------------------------------------------------------- a narrow status line

FULL_STATUS = "Not saved (disk full) · Step 4 of 9 · 12:34 left · session 83:45 left · ends 15:30"


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("kind", ["text", "key"])
def test_a_narrow_status_line_keeps_the_end_time(
    pipe: PipeInput, screen: io.StringIO, columns: int, kind: str
) -> None:
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=columns), term="xterm")
    prompter = TerminalPrompter(input=pipe, output=output)
    pipe.send_text(CPR)
    if kind == "text":
        send_once_shown(pipe, screen, "ends 15:30", "x" + ENTER)
        prompter.text(TextQuestion("Name", status=lambda: FULL_STATUS))
    else:
        send_once_shown(pipe, screen, "ends 15:30", "n")
        prompter.key(KeyQuestion("Jo is speaking", GO_ROUND_KEYS.keys, status=lambda: FULL_STATUS))
    shown = screen.getvalue()
    # Shortened, not cropped: the autosave's warning and the end time both stay.
    assert "Not saved" in shown and "ends 15:30" in shown


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (100, FULL_STATUS),
        (80, "Not saved (disk full) · Step 4 · 12:34 left · session 83:45 left · ends 15:30"),
        (60, "Not saved (disk full) · Step 4 · 12:34 left · ends 15:30"),
        (50, "Not saved · Step 4 · 12:34 left · ends 15:30"),
    ],
)
def test_the_status_line_gives_up_its_least_needed_parts_first(columns: int, expected: str) -> None:
    from rethink_cli.ui import fit

    assert fit.status(FULL_STATUS, columns) == expected


def test_a_status_line_past_its_session_keeps_the_overtime() -> None:
    from rethink_cli.ui import fit

    over = "Not saved (disk full) · Step 9 of 9 · +12:34 over · session +05:00 over"
    assert fit.status(over, 60) == "Not saved · Step 9 · +12:34 over · session +05:00 over"
