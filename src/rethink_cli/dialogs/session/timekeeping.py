"""The session's clocks: time per step, the status line, time-up bells, sleep, replanning.

Every question passes through ``Timekeeper.ask``, which first moves the time
since the last look into the current step, asks about a laptop that slept,
autosaves, and hands timed questions the ``watch`` that rings at time-up.
"""

from __future__ import annotations

import datetime as dt

from rethink_cli.core.goround import GoRound, TurnClock, equal_slice
from rethink_cli.core.room import RoomState
from rethink_cli.core.session import SessionState
from rethink_cli.core.timing import Replan, replan
from rethink_cli.dialogs.ports import Alarm, Choice, ConfirmQuestion, SelectQuestion
from rethink_cli.dialogs.session.common import (
    Checkpointed,
    SessionParts,
    clock_text,
    minutes_text,
)
from rethink_cli.dialogs.session.room import room_state
from rethink_cli.formats.texts import STEP_COUNT, step

# A minute with no redraw while a live prompt is open means the laptop slept.
SLEEP_GAP = 60.0

ROOM_WINDOW_ON = (
    "The room's window is following this session: it shows the step, the time, the "
    "speaker and the agreed actions, never this screen's menus or typing."
)
ROOM_WINDOW_OFF = "The room's window has closed."
QUIETER = (
    "The room's window shows the speaker and the time in large type. "
    "Keep this window in ordinary type while it follows?"
)

# What rang already: (what, step, round serial, speaker), so each time-up rings once.
Event = tuple[str, int, int, int]


class Timekeeper:
    """Counts each step's time, keeps the plan honest and rings each time-up once."""

    def __init__(self, state: SessionState, parts: SessionParts) -> None:
        self.state = state
        self.parts = parts
        self.clock = parts.clock
        self._mark = self.clock.monotonic()
        self._wall_mark = self.clock.wall()
        self._rung: set[Event] = set()
        # How the facilitator chose to fit an overrun ("keep", "r" or "a"): asked once.
        self._overrun_choice: str | None = None
        # Numbers each go-round, "Another round" included, so each rings at its own time-up.
        self._round_serial = 0
        # The speaker whose clock is running now (round serial, speaker, clock), for the watch.
        self._turn: tuple[int, int, TurnClock] | None = None
        # (seconds, already counted) of a suspected sleep, asked about at the next prompt.
        self._sleep: tuple[float, bool] | None = None
        # Set between two prompts of a live screen: a long silence then means sleep.
        self._live_prompt_open = False
        # Plain mode: what the status line last said (step, step over, session over, end).
        self._said: tuple[int, bool, bool, str, str | None] | None = None
        # Said under the next step header when the plan was fitted to the time left.
        self._replan_note: str | None = None
        # The go-round under way (step, order, live clocks), kept across Ctrl-C; what a
        # resume needs of it is saved as state.goround (dialogs.session.step45_gorounds).
        self.round: tuple[int, GoRound, TurnClock] | None = None
        # Whether a room's window (``rethink session room``) follows this session.
        self.room_window = False
        # Ctrl-C was pressed and the facilitator is choosing: the room's window says paused.
        self.interrupted = False
        # The facilitator chose ordinary type here while a room's window shows large type.
        self.quieter = False
        # The prompter every part of the session asks through.
        self.ask = Checkpointed(parts.prompter, self._before_prompt, self.watch)

    def start(self) -> None:
        """Count from now: the time before (setting up) belongs to no step."""
        self._mark = self.clock.monotonic()
        self._wall_mark = self.clock.wall()

    # ------------------------------------------------------------ accounting

    def account(self) -> None:
        """Move the time since the last look into the current step's elapsed total."""
        now = self.clock.monotonic()
        passed = now - self._mark
        step_now = self.state.step
        self.state.elapsed[step_now] = self.state.elapsed.get(step_now, 0.0) + passed
        self._mark = now
        self._notice_sleep(passed)

    def _notice_sleep(self, passed: float) -> None:
        """A laptop that slept must not silently burn a speaker's or a step's time.

        Monotonic clocks stop during sleep on some systems (the wall clock runs
        on) and keep going on others; while a live prompt redraws twice a
        second, a long silent gap means the same thing.
        """
        wall_now = self.clock.wall()
        wall_passed = wall_now - self._wall_mark
        self._wall_mark = wall_now
        if wall_passed - passed >= SLEEP_GAP:
            self._sleep = (wall_passed - passed, False)
        elif not self.parts.plain and passed >= SLEEP_GAP and self._live_prompt_open:
            self._sleep = (passed, True)

    def _before_prompt(self) -> None:
        """Runs before every question: by now every earlier answer is in the state."""
        self.account()
        self._live_prompt_open = False
        if self._sleep is not None:
            self._ask_about_sleep()
        if self.parts.checkpoint is not None:
            self.parts.checkpoint(self.state)
        if self.parts.room is not None:
            self._note_room_window(self.parts.room(self.room_state()))
        if self.parts.plain:
            self._say_status_when_changed()
        self._live_prompt_open = True

    def _say_status_when_changed(self) -> None:
        """Plain mode: the time is said when it says something new, not at every prompt.

        Nothing redraws by itself there, and a screen reader reads every line: so
        the status line comes at a new step, when the step or the session runs
        over, when the planned finish moves, and when the autosave stops or starts
        working again. ``t`` asks for it at any time.
        """
        session = self.session_left()
        ends = self.clock.now() + dt.timedelta(seconds=session + 30)
        autosave = self.parts.autosave
        problem = autosave.problem if autosave else None
        gist = (self.state.step, self.step_left() <= 0, session <= 0, f"{ends:%H:%M}", problem)
        if gist != self._said:
            self._said = gist
            self.parts.screen.note(self.status())

    def _ask_about_sleep(self) -> None:
        seconds, counted = self._sleep or (0.0, False)
        self._sleep = None
        minutes = max(1, round(seconds / 60))
        # _sleep is cleared above, so this nested prompt does not ask again.
        count = self.ask.confirm(
            ConfirmQuestion(
                f"The laptop seems to have been asleep for about {minutes} minute(s). "
                "Count that time against this step?",
                default=False,
            )
        )
        if count == counted:
            return
        current = self.state.step
        change = seconds if count else -seconds
        self.state.elapsed[current] = max(0.0, self.state.elapsed.get(current, 0.0) + change)
        if self.round is not None:
            self.round[2].adjust(change)

    # ------------------------------------------------------------ replanning

    def replan(self) -> None:
        """Entering a step: fit the steps still to come into the time left."""
        entering = self.state.step
        speakers = len(self.state.roster) or len(self.state.expected)
        result = replan(
            self.state.plan,
            self.state.elapsed,
            entering,
            booked=self.state.setup.minutes,
            speakers=speakers,
        )
        self._replan_note = None
        if not result.message or result.plan == self.state.plan:
            return
        self.state.plan = result.plan
        self._replan_note = result.message
        if result.over:
            self._choose_overrun(result)

    def take_replan_note(self) -> str | None:
        """What the replan said, once: shown under the next step header."""
        note, self._replan_note = self._replan_note, None
        return note

    def _choose_overrun(self, result: Replan) -> None:
        """Both floors kept, the session still runs over: the facilitator decides, not us."""
        over = minutes_text(result.over)
        self._replan_note = (
            f"{result.message} Even so, the session will run about {over} over."
            if result.message
            else None
        )
        choices = [Choice(f"Keep both and run about {over} over", "keep")]
        if result.rounds_first is not None:
            choices.append(Choice("Keep to time: shorten the go-rounds below a minute each", "r"))
        if result.actions_first is not None:
            choices.append(Choice("Keep to time: shorten agreeing actions below the rule", "a"))
        if len(choices) == 1:
            return
        picked = self._overrun_choice
        if picked is None:
            self.parts.screen.warn(self._replan_note or "")
            self._replan_note = None
            picked = self.ask.select(
                SelectQuestion(
                    "The go-rounds' and the actions' minimum times no longer both fit.",
                    tuple(choices),
                    default="keep",
                    status=self.status,
                )
            )
            # Asked once: later steps follow the same choice instead of asking again.
            self._overrun_choice = picked
        chosen = {"r": result.rounds_first, "a": result.actions_first}.get(picked)
        if chosen is not None:
            self.state.plan = chosen

    # ------------------------------------------------------------ go-round turns

    def new_turn_clock(self, speakers: int) -> TurnClock:
        """Clocks for a new go-round: an equal slice each, never under a minute."""
        self._round_serial += 1
        left = self.step_left()
        return TurnClock(equal_slice(max(left, 60.0 * speakers), speakers), self.clock.monotonic)

    def start_turn(self, speaker: int, clock: TurnClock) -> None:
        """From now on the watch also rings when this speaker's time is up."""
        self._turn = (self._round_serial, speaker, clock)

    def end_turn(self) -> None:
        self._turn = None

    # ------------------------------------------------------------ what is shown

    def step_left(self) -> float:
        """Seconds left of the current step's planned minutes (negative: overtime)."""
        current = self.state.step
        return self.state.plan.for_step(current) * 60 - self.state.elapsed.get(current, 0.0)

    def session_left(self) -> float:
        """The booked length less the time gone since the session began (negative: over).

        Time gone is the sum of every step's time, so minutes saved by finishing a
        step early stay with the room, and a step that runs over costs the session.
        """
        return self.state.setup.minutes * 60 - sum(self.state.elapsed.values())

    def _note_room_window(self, following: bool) -> None:
        """Say when a room's window starts or stops following: the facilitator then knows
        the room sees its own view, not this screen."""
        if following == self.room_window:
            return
        # Set first: the question below passes through here again, and must not ask twice.
        self.room_window = following
        self.parts.screen.note(ROOM_WINDOW_ON if following else ROOM_WINDOW_OFF)
        # Projector mode is for the room: with a window of its own, this one can be quieter.
        self.quieter = following and self.parts.large and self.ask.confirm(ConfirmQuestion(QUIETER))
        self.parts.screen.large = self.large

    @property
    def large(self) -> bool:
        """Whether this window draws the speaker and the countdown large now."""
        return self.parts.large and not self.quieter

    def room_state(self) -> RoomState:
        """What the room's window shows now (``dialogs.session.room``)."""
        turn = None
        if self._turn is not None and self.round is not None:
            _, speaker, clock = self._turn
            turn = (speaker, clock, self.round[1])
        return room_state(
            self.state,
            self.parts.agreement,
            step_left=self.step_left(),
            session_left=self.session_left(),
            taken_at=self.clock.wall(),
            turn=turn,
            paused=self.interrupted,
        )

    def status(self) -> str:
        """The live line under each prompt: this step's time left, the session's, the end."""
        self.account()
        current = self.state.step
        session = self.session_left()
        autosave = self.parts.autosave
        # First, so a narrow screen crops the end time rather than this.
        line = f"Not saved ({autosave.problem}) · " if autosave and autosave.problem else ""
        line += f"Step {current} of {STEP_COUNT} · {clock_text(self.step_left())} · "
        if session < 0:
            return line + f"session {clock_text(session)}"
        ends = self.clock.now() + dt.timedelta(seconds=session)
        # Rounded to the nearest minute, so the end time does not flicker as seconds pass.
        ends += dt.timedelta(seconds=30)
        return line + f"session {clock_text(session)} · ends {ends:%H:%M}"

    def watch(self) -> Alarm:
        """While a prompt waits: ring and announce each time-up as it happens, once."""
        self.account()
        lines: list[str] = []
        waits: list[float] = []
        self._watch_step(lines, waits)
        self._watch_speaker(lines, waits)
        session = self.session_left()
        if session > 0:
            waits.append(session)
        elif self._ring_once(("session", 0, 0, 0)):
            lines.append("The session's booked time is up.")
        # A paused speaker's clock stands still: look again in a second, cheaply.
        paused = self._turn is not None and self._turn[2].paused
        next_in = min(waits) if waits else None
        if paused:
            next_in = 1.0 if next_in is None else min(next_in, 1.0)
        return Alarm(tuple(lines), next_in)

    def _watch_step(self, lines: list[str], waits: list[float]) -> None:
        current = self.state.step
        step_left = self.step_left()
        if step_left > 0:
            waits.append(step_left)
        elif self._ring_once(("step", current, 0, 0)):
            lines.append(f"Time is up for step {current}, {step(current).title.lower()}.")

    def _watch_speaker(self, lines: list[str], waits: list[float]) -> None:
        if self._turn is None:
            return
        serial, speaker, turn_clock = self._turn
        speaker_left = turn_clock.remaining(speaker)
        if speaker_left > 0:
            if not turn_clock.paused:
                waits.append(speaker_left)
        elif self._ring_once(("speaker", self.state.step, serial, speaker)):
            name = self.state.roster.attendees[speaker].name
            lines.append(f"{name}'s time is up.")

    def _ring_once(self, event: Event) -> bool:
        """True the first time ``event`` happens (and then the bell rings, unless quiet)."""
        if event in self._rung:
            return False
        self._rung.add(event)
        if self.parts.bell is not None:
            self.parts.bell()
        return True
