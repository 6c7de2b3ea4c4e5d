"""Steps 4 and 5, the go-rounds: one speaker at a time, an equal slice each, nothing typed.

The order and clocks of the round under way live on the timekeeper, so after
Ctrl-C the same speaker carries on with the same clock; they are never saved.
"""

from __future__ import annotations

from collections.abc import Callable

from rethink_cli.core.goround import GoRound, TurnClock
from rethink_cli.dialogs.ports import Choice, KeyChoice, KeyQuestion, SelectQuestion
from rethink_cli.dialogs.session.common import Nav, clock_text
from rethink_cli.dialogs.session.context import SessionContext
from rethink_cli.dialogs.session.roster import add_attendee
from rethink_cli.formats.texts import step


def run(ctx: SessionContext) -> Nav:
    current = ctx.state.step
    time = ctx.time
    if time.round is not None and time.round[0] == current:
        # Back from Ctrl-C: carry on with the same speaker and the same clocks.
        turns, clock = time.round[1], time.round[2]
    else:
        turns = _choose_order(ctx)
        clock = time.new_turn_clock(len(turns.order))
        time.round = (current, turns, clock)
    while True:
        _run_round(ctx, turns, clock)
        again = ctx.ask.select(
            SelectQuestion(
                "Everyone has had a turn.",
                (
                    Choice("Finish this go-round", "finish"),
                    Choice("Another round", "again"),
                ),
                default="finish",
                status=ctx.status,
            )
        )
        if again == "finish":
            time.round = None
            return ctx.moves.between_steps()
        turns = GoRound.starting_with(len(ctx.state.roster))
        clock = time.new_turn_clock(len(turns.order))
        time.round = (current, turns, clock)


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


def _run_round(ctx: SessionContext, turns: GoRound, clock: TurnClock) -> None:
    roster = ctx.state.roster
    shown: int | None = None
    while not turns.done:
        speaker = turns.current
        assert speaker is not None
        clock.start(speaker)
        ctx.time.start_turn(speaker, clock)
        if shown != turns.position:
            _show_speaker(ctx, turns, speaker)
            shown = turns.position
        pressed = ctx.ask.key(
            KeyQuestion(
                f"{roster.attendees[speaker].name} is speaking",
                _keys(ctx, turns),
                status=ctx.status,
                live=None if ctx.parts.plain else _turn_line(ctx, clock, speaker),
                large=ctx.parts.large,
            )
        )
        if _on_key(ctx, pressed, turns, clock, speaker):
            shown = None
    clock.stop()
    ctx.time.end_turn()
    ctx.screen.time_shared(
        [
            (roster.attendees[i], clock.spent(i), clock.allowed(i))
            for i in dict.fromkeys(turns.order)
        ]
    )


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


def _on_key(
    ctx: SessionContext, pressed: str, turns: GoRound, clock: TurnClock, speaker: int
) -> bool:
    """Act on one key; True when someone joined and the speaker page must be drawn again."""
    name = ctx.state.roster.attendees[speaker].name
    if pressed == "next":
        turns.next()
    elif pressed == "pass":
        again = speaker in turns.passed
        turns.pass_turn()
        ctx.screen.note(
            f"{name} would rather not speak this round."
            if again
            else f"{name} passes for now and will be offered a turn at the end."
        )
    elif pressed == "back":
        turns.back()
    elif pressed == "pause":
        clock.toggle_pause()
        ctx.screen.note("Paused." if clock.paused else "Running again.")
    elif pressed == "more":
        clock.add_minute()
        ctx.screen.note(f"One more minute for {name}.")
    elif pressed == "time":
        ctx.screen.note(f"{_turn_text(ctx, clock, speaker)} · {ctx.status()}")
    elif pressed == "late":
        add_attendee(ctx, late=True)
        turns.add_speaker(len(ctx.state.roster) - 1)
        return True
    return False


def _keys(ctx: SessionContext, turns: GoRound) -> tuple[KeyChoice, ...]:
    keys = [
        KeyChoice(("enter", "n"), "next", "next"),
        KeyChoice(("p",), "pause", "pause"),
        KeyChoice(("+",), "a minute more", "more"),
        KeyChoice(("s",), "pass", "pass"),
    ]
    if turns.position:
        keys.append(KeyChoice(("b",), "back", "back"))
    keys.append(KeyChoice(("a",), "late arrival", "late"))
    if ctx.parts.plain:
        # Nothing redraws in plain mode: the facilitator asks for the time instead.
        keys.append(KeyChoice(("t",), "time left", "time"))
    return tuple(keys)


def _turn_text(ctx: SessionContext, clock: TurnClock, speaker: int) -> str:
    text = clock_text(clock.remaining(speaker))
    if ctx.parts.large:
        # "04:59 left" or "04:59 paused": the screen draws the digits large.
        digits, label = text.split(maxsplit=1)
        return f"{digits} {'paused' if clock.paused else label}"
    slice_text = clock_text(clock.allowed(speaker)).split()[0]
    return f"{'Paused · ' if clock.paused else ''}{text} of {slice_text}"


def _turn_line(ctx: SessionContext, clock: TurnClock, speaker: int) -> Callable[[], str]:
    return lambda: _turn_text(ctx, clock, speaker)
