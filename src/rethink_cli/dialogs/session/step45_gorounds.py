"""Steps 4 and 5, the go-rounds: one speaker at a time, an equal slice each, nothing typed.

Keys act only when pressed on their own, so notes typed out of habit do nothing
and show nothing; no key opens a text field (a late arrival is asked about
first, and Esc leaves that form). The round under way is kept in
``state.goround`` (attendee indexes and seconds, saved before every question and
every few seconds while someone speaks), so after Ctrl-C, save and quit, or a
kill, the same speaker carries on, with their clock honest about the gap.
Afterwards the room sees one line on how evenly the time was shared; each
person's time is shown only when the facilitator asks, and is never saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from rethink_cli.core.goround import GoRound, GoRoundProgress, TurnClock
from rethink_cli.dialogs.ports import (
    Alarm,
    Cancelled,
    Choice,
    ConfirmQuestion,
    KeyChoice,
    KeyQuestion,
    SelectQuestion,
    Watch,
)
from rethink_cli.dialogs.session.common import Nav, clock_text, minutes_text
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.session.escapable import escapable
from rethink_cli.dialogs.session.goround_shares import after_round
from rethink_cli.dialogs.session.roster import add_attendee
from rethink_cli.dialogs.session.timekeeping import SLEEP_GAP
from rethink_cli.formats.texts import step

# Said under the keys while someone speaks: typing here goes nowhere.
QUIET = "Nothing typed here is shown or written anywhere."
# While someone speaks, the round's figures are saved this often (seconds), so a
# kill costs the speaker's clock at most this much.
SAVE_EVERY = 10.0


def run(ctx: SessionContext) -> Nav:
    turns, clock = _carry_on(ctx) or _begin(ctx, _choose_order(ctx))
    while True:
        said = _run_round(ctx, turns, clock)
        if after_round(ctx, turns, clock, said) == "finish":
            # The round is over: its shares go, and nothing of them is saved.
            ctx.time.round = None
            ctx.state.goround = None
            return ctx.moves.between_steps()
        turns, clock = _begin(ctx, GoRound.starting_with(len(ctx.state.roster)))


def _begin(ctx: SessionContext, turns: GoRound) -> tuple[GoRound, TurnClock]:
    clock = ctx.time.new_turn_clock(len(turns.order))
    ctx.time.round = (ctx.state.step, turns, clock)
    ctx.state.goround = GoRoundProgress(ctx.state.step, turns, clock.slice_seconds)
    return turns, clock


def _carry_on(ctx: SessionContext) -> tuple[GoRound, TurnClock] | None:
    """The round under way at this step, if any: after Ctrl-C, or resumed from the autosave."""
    current = ctx.state.step
    progress = ctx.state.goround
    if progress is None or progress.step != current:
        ctx.state.goround = None
        return None
    live = ctx.time.round
    if live is not None and live[0] == current and live[1] is progress.turns:
        # "Carry on" after Ctrl-C: the same clocks kept running meanwhile.
        turns, clock = live[1], live[2]
    else:
        turns = progress.turns
        clock = ctx.time.new_turn_clock(turns.people)
        clock.load(progress)
        ctx.time.round = (current, turns, clock)
        _count_the_gap(ctx, progress, clock)
    # Someone added while the round was stopped (a late arrival's form finished first).
    turns.add_missing(len(ctx.state.roster))
    _release(ctx, clock)
    return turns, clock


def _count_the_gap(ctx: SessionContext, progress: GoRoundProgress, clock: TurnClock) -> None:
    """The time between the last save and this resume: counted when short, asked when long."""
    speaker = progress.turns.current
    if progress.taken_at is None or speaker is None or progress.paused:
        return
    gap = ctx.parts.clock.wall() - progress.taken_at
    if gap <= 0:
        return
    if gap >= SLEEP_GAP:
        name = ctx.state.roster.attendees[speaker].name
        counted = ctx.ask.confirm(
            ConfirmQuestion(
                f"This go-round stopped about {minutes_text(max(1, round(gap / 60)))} ago, "
                f"while {name} was speaking. Count that time as part of {name}'s turn?",
                default=False,
            )
        )
        if not counted:
            return
    clock.start(speaker)
    clock.adjust(gap)
    current = ctx.state.step
    ctx.state.elapsed[current] = ctx.state.elapsed.get(current, 0.0) + gap


def _choose_order(ctx: SessionContext) -> GoRound:
    roster = ctx.state.roster
    count = len(roster)
    start = ctx.ask.select(
        SelectQuestion(
            "Who starts?",
            (
                Choice(f"{roster.attendees[0].name}, then down the list", "first"),
                Choice("Choose who starts", "choose"),
                Choice("Shuffle the order", "shuffle"),
            ),
            default="first",
            status=ctx.status,
        )
    )
    if start == "shuffle":
        return GoRound.shuffled(count, ctx.parts.rng)
    if start == "choose":
        first = ctx.ask.select(
            SelectQuestion(
                "Who starts?",
                tuple(Choice(a.describe(), i) for i, a in enumerate(roster.attendees)),
                default=0,
            )
        )
        return GoRound.starting_with(count, first)
    return GoRound.starting_with(count)


# ---------------------------------------------------------------- the round


def _run_round(ctx: SessionContext, turns: GoRound, clock: TurnClock) -> str:
    """Everyone's turn; returns what the last key had to say (such as a second pass)."""
    shown: int | None = None
    note = ""
    while not turns.done:
        speaker = turns.current
        assert speaker is not None
        clock.start(speaker)
        ctx.time.start_turn(speaker, clock)
        moved = shown != turns.position
        if moved or note:
            # Drawn afresh rather than added to, so notes never pile up on screen.
            if moved or not ctx.parts.plain:
                _show_speaker(ctx, turns, speaker)
            if note:
                ctx.screen.note(note)
            shown, note = turns.position, ""
        pressed = _ask_key(ctx, turns, clock, speaker)
        note, redraw = _on_key(ctx, pressed, turns, clock, speaker)
        if redraw:
            shown = None
    clock.stop()
    ctx.time.end_turn()
    _keep(ctx, clock)
    return note


def _show_speaker(ctx: SessionContext, turns: GoRound, speaker: int) -> None:
    roster = ctx.state.roster
    upcoming = turns.upcoming
    ctx.redraw()
    ctx.screen.speaker(
        roster.attendees[speaker],
        turn=turns.position + 1,
        total=turns.people,
        upcoming=None if upcoming is None else roster.attendees[upcoming],
        is_lead=roster.is_lead(roster.attendees[speaker]),
        again=turns.offered_again,
        cues=step(ctx.state.step).say,
    )


def _ask_key(ctx: SessionContext, turns: GoRound, clock: TurnClock, speaker: int) -> str:
    _keep(ctx, clock)
    try:
        return ctx.ask.key(
            KeyQuestion(
                f"{ctx.state.roster.attendees[speaker].name} is speaking",
                _keys(ctx, turns, clock),
                status=ctx.status,
                live=None if ctx.parts.plain else _turn_line(ctx, clock, speaker),
                large=ctx.time.large,
                watch=_watch(ctx, clock),
                single_keys=True,
                note=QUIET,
            )
        )
    except BaseException:
        # Ctrl-C, or the system stopping the program: the speaker's time so far is kept.
        _keep(ctx, clock)
        raise


def _on_key(
    ctx: SessionContext, pressed: str, turns: GoRound, clock: TurnClock, speaker: int
) -> tuple[str, bool]:
    """Act on one key: what to say, and whether the speaker's page must be drawn again."""
    name = ctx.state.roster.attendees[speaker].name
    if pressed == "pass":
        again = speaker in turns.passed
        turns.pass_turn()
        if again:
            return f"{name} would rather not speak this round.", False
        return f"{name} passes for now and will be offered a turn at the end.", False
    if pressed == "pause":
        clock.toggle_pause()
        return ("Paused." if clock.paused else "Running again."), False
    if pressed == "more":
        clock.add_minute()
        return f"One more minute for {name}.", False
    if pressed == "time":
        return f"{_turn_text(ctx, clock, speaker)} · {ctx.status()}", False
    if pressed == "late":
        return _late_arrival(ctx, turns, clock, name), True
    if pressed == "back":
        turns.back()
    else:
        turns.next()
    return "", False


def _keys(ctx: SessionContext, turns: GoRound, clock: TurnClock) -> tuple[KeyChoice, ...]:
    keys = [
        KeyChoice(("enter", "n"), "next", "next"),
        # While paused, the same key resumes: the key line says so.
        KeyChoice(("p",), "resume" if clock.paused else "pause", "pause"),
        KeyChoice(("+",), "a minute more", "more"),
        KeyChoice(("s",), "pass", "pass"),
    ]
    if turns.position:
        keys.append(KeyChoice(("b",), "back", "back"))
    keys.append(KeyChoice(("a",), "someone has arrived", "late"))
    if ctx.parts.plain:
        # Nothing redraws in plain mode: the facilitator asks for the time instead.
        keys.append(KeyChoice(("t",), "time left", "time"))
    return tuple(keys)


# ---------------------------------------------------------------- a late arrival


def _late_arrival(ctx: SessionContext, turns: GoRound, clock: TurnClock, name: str) -> str:
    """Asked first (no text field opens from a key); the speaker's clock waits meanwhile."""
    progress = ctx.state.goround
    if progress is not None and not clock.paused:
        clock.toggle_pause()
        progress.held = True
    # Kept as it stands now, so a kill in the form resumes with the clock still waiting.
    _keep(ctx, clock)
    try:
        with escapable(ctx.time.ask):
            _ask_to_add(ctx, name)
    except Cancelled:
        # Esc: back to the speaker; anything typed into the form is dropped.
        pending = ctx.state.pending
        if pending is not None and pending.kind == "attendee":
            ctx.state.pending = None
    _release(ctx, clock)
    joined = turns.add_missing(len(ctx.state.roster))
    if not joined:
        return f"Back to {name}."
    newcomer = ctx.state.roster.attendees[joined[-1]].name
    return f"{newcomer} will have a turn at the end of this round. Back to {name}."


def _ask_to_add(ctx: SessionContext, name: str) -> None:
    wanted = ctx.ask.select(
        SelectQuestion(
            f"Has someone arrived? {name}'s clock waits meanwhile.",
            (
                Choice(f"No: back to {name}", "back"),
                Choice("Yes: add them now (Esc leaves the form)", "add"),
            ),
            default="back",
            status=ctx.status,
        )
    )
    if wanted == "add":
        add_attendee(ctx, late=True)


def _release(ctx: SessionContext, clock: TurnClock) -> None:
    """The speaker's clock runs again if it only waited for a late arrival."""
    progress = ctx.state.goround
    if progress is not None and progress.held:
        progress.held = False
        if clock.paused:
            clock.toggle_pause()


# ---------------------------------------------------------------- kept figures


def _keep(ctx: SessionContext, clock: TurnClock) -> None:
    """Put the round's figures so far into the state, for the next autosave."""
    progress = ctx.state.goround
    if progress is not None:
        clock.keep(progress)
        progress.taken_at = ctx.parts.clock.wall()


def _watch(ctx: SessionContext, clock: TurnClock) -> Watch:
    """The session's watch (time-up bells), which also saves the round now and again."""
    saved = [ctx.parts.clock.monotonic()]
    checkpoint = ctx.parts.checkpoint

    def look() -> Alarm:
        alarm = ctx.time.watch()
        now = ctx.parts.clock.monotonic()
        if checkpoint is not None and now - saved[0] >= SAVE_EVERY:
            saved[0] = now
            _keep(ctx, clock)
            # A failed save must not stop the bells; the next question saves again.
            with contextlib.suppress(Exception):
                checkpoint(ctx.state)
        wait = SAVE_EVERY if alarm.next_in is None else min(alarm.next_in, SAVE_EVERY)
        return Alarm(alarm.lines, wait)

    return look


def _turn_text(ctx: SessionContext, clock: TurnClock, speaker: int) -> str:
    text = clock_text(clock.remaining(speaker))
    if ctx.time.large:
        # "04:59 left" or "04:59 paused": the screen draws the digits large.
        digits, label = text.split(maxsplit=1)
        return f"{digits} {'paused' if clock.paused else label}"
    slice_text = clock_text(clock.allowed(speaker)).split()[0]
    return f"{'Paused · ' if clock.paused else ''}{text} of {slice_text}"


def _turn_line(ctx: SessionContext, clock: TurnClock, speaker: int) -> Callable[[], str]:
    return lambda: _turn_text(ctx, clock, speaker)
