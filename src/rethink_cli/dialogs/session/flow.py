"""The nine steps, run in order: what to show, what to ask, where to go next.

The flow talks to the room only through a ``Prompter`` and a ``Screen``, and
keeps everything confirmed in ``SessionState``. A step can be re-entered at any
time (after going back, or after Ctrl-C) and picks up from the state, so
nothing already confirmed is asked again or lost.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import replace
from enum import Enum, auto
from pathlib import Path
from typing import Any, TypeVar

from rethink_cli.core import plaintext
from rethink_cli.core.action import DraftAction, due_problem, vague_hint
from rethink_cli.core.attendee import Attendee
from rethink_cli.core.clock import Clock
from rethink_cli.core.dates import DateError, day_note, format_long, parse_date
from rethink_cli.core.errors import (
    ExportError,
    RethinkError,
    SessionDiscarded,
    SessionInterrupted,
)
from rethink_cli.core.goround import GoRound, TurnClock, equal_slice
from rethink_cli.core.session import SessionState
from rethink_cli.core.timing import Replan, replan
from rethink_cli.dialogs.ports import (
    Alarm,
    Choice,
    ConfirmQuestion,
    KeyChoice,
    KeyQuestion,
    Prompter,
    Screen,
    SelectQuestion,
    TextQuestion,
    Validator,
    Watch,
)
from rethink_cli.formats.agreement import Agreement
from rethink_cli.formats.texts import STEP_COUNT, step, texts
from rethink_cli.storage.synced import synced_service
from rethink_cli.ui.bigdigits import big

T = TypeVar("T")
Q = TypeVar("Q", TextQuestion, SelectQuestion[Any], ConfirmQuestion, KeyQuestion)

Exporter = Callable[[SessionState, Path], list[Path]]
Checkpoint = Callable[[SessionState], object]

MIN_ATTENDEES = 2
# A minute with no redraw while a live prompt is open means the laptop slept.
SLEEP_GAP = 60.0


class Nav(Enum):
    NEXT = auto()
    BACK = auto()
    STAY = auto()
    DONE = auto()


def text_validator(max_length: int) -> Validator:
    def validate(text: str) -> str | None:
        try:
            plaintext.check_text(plaintext.tidy(text), max_length=max_length)
        except ValueError as error:
            return f"This {error}."
        return None

    return validate


_NAME = text_validator(plaintext.NAME_MAX)
_ROLE = text_validator(plaintext.ROLE_MAX)
_AGENCY = text_validator(plaintext.AGENCY_MAX)
_ACTION = text_validator(plaintext.ACTION_MAX)
_WHERE = text_validator(plaintext.RECORDED_WHERE_MAX)


class SessionFlow:
    """Runs a session from ``state.step`` to the export, through prompts and screens."""

    def __init__(
        self,
        state: SessionState,
        *,
        prompter: Prompter,
        screen: Screen,
        agreement: Agreement,
        exporter: Exporter,
        out_dir: Path,
        clock: Clock,
        rng: random.Random | None = None,
        checkpoint: Checkpoint | None = None,
        bell: Callable[[], None] | None = None,
        plain: bool = False,
        large: bool = False,
        calendar: Exporter | None = None,
    ) -> None:
        self.state = state
        self.checkpoint = checkpoint
        self.screen = screen
        self.agreement = agreement
        self.exporter = exporter
        self.out_dir = out_dir
        self.clock = clock
        # Only used to shuffle speaking order: not security-sensitive.
        self.rng = rng or random.Random()  # noqa: S311
        self.exported: list[Path] = []
        self.bell = bell
        self.plain = plain
        self.large = large
        self.calendar = calendar
        self._mark = clock.monotonic()
        self._wall_mark = clock.wall()
        # Each time-up rings and is announced once: (what, step, round, speaker).
        self._rung: set[tuple[str, int, int, int]] = set()
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
        # Said under the next step header when the plan was fitted to the time left.
        self._replan_note: str | None = None
        # The go-round under way (step, order, clocks): kept across Ctrl-C, never saved.
        self._round: tuple[int, GoRound, TurnClock] | None = None
        self.ask = _Checkpointed(prompter, self._before_prompt, self.watch)

    # ----------------------------------------------------------------- driving

    def run(self) -> list[Path]:
        """Run to the end; returns the files written. Raises SessionInterrupted on quit."""
        handlers: dict[int, Callable[[], Nav]] = {
            1: self.introduction,
            2: self.introductions,
            3: self.group_agreement,
            4: self.goround,
            5: self.goround,
            6: self.agree_actions,
            7: self.owners_and_dates,
            8: self.recording_and_review,
            9: self.wrap_up,
        }
        while True:
            current = self.state.step
            self._account_time()
            self.screen.step_header(step(current), minutes=self.state.plan.for_step(current))
            if self._replan_note:
                self.screen.warn(self._replan_note)
                self._replan_note = None
            try:
                nav = handlers[current]()
            except KeyboardInterrupt:
                nav = self._interrupted()
            if nav is Nav.DONE:
                return self.exported
            if nav is Nav.NEXT:
                self._account_time()
                self.state.step = min(current + 1, STEP_COUNT)
                self._replan()
            elif nav is Nav.BACK:
                self.state.step = max(current - 1, 1)

    def _interrupted(self) -> Nav:
        """Ctrl-C: the facilitator chooses; the step is shown again if they carry on."""
        choices = [Choice("Carry on with this step", "continue")]
        if self.checkpoint is not None:
            choices += [
                Choice("Save and quit (resume later)", "save"),
                Choice("Discard this session", "discard"),
            ]
        else:
            choices.append(Choice("Quit the session", "quit"))
        choice = self.ask.select(
            SelectQuestion("Paused. What would you like to do?", tuple(choices), default="continue")
        )
        self._stop(choice)
        return Nav.STAY

    def _quit(self) -> None:
        """The menu's Quit: save for later (or, without autosave, warn what is lost)."""
        if self.checkpoint is None:
            self._stop("quit")
            return
        choice = self.ask.select(
            SelectQuestion(
                "Stop the session here?",
                (
                    Choice("Save and quit (resume later)", "save"),
                    Choice("Carry on", "continue"),
                    Choice("Discard this session", "discard"),
                ),
                default="save",
            )
        )
        self._stop(choice)

    def _stop(self, choice: str) -> None:
        if choice == "save":
            raise SessionInterrupted("The session is saved.")
        if choice == "discard":
            sure = self.ask.confirm(
                ConfirmQuestion(
                    "Discard this session? Attendees and actions typed so far are deleted.",
                    default=False,
                )
            )
            if sure:
                raise SessionDiscarded("The session was discarded: nothing was kept.")
        if choice == "quit":
            attendees = len(self.state.roster)
            actions = len(self.state.actions)
            sure = self.ask.confirm(
                ConfirmQuestion(
                    f"Quit without exporting? Nothing has been written: the {attendees} "
                    f"attendee(s) and {actions} action(s) typed so far will be lost.",
                    default=False,
                )
            )
            if sure:
                raise SessionInterrupted("The session was closed without exporting.")

    def _account_time(self) -> None:
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
        elif not self.plain and passed >= SLEEP_GAP and self._live_prompt_open:
            self._sleep = (passed, True)

    def _before_prompt(self) -> None:
        """Runs before every question: by now every earlier answer is in the state."""
        self._account_time()
        self._live_prompt_open = False
        if self._sleep is not None:
            self._ask_about_sleep()
        if self.checkpoint is not None:
            self.checkpoint(self.state)
        if self.plain:
            # Nothing redraws by itself in plain mode: say the time as each prompt opens.
            self.screen.note(self.status())
        self._live_prompt_open = True

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
        if self._round is not None:
            self._round[2].adjust(change)

    def _replan(self) -> None:
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

    def _choose_overrun(self, result: Replan) -> None:
        """Both floors kept, the session still runs over: the facilitator decides, not us."""
        over = _minutes_text(result.over)
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
            self.screen.warn(self._replan_note or "")
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

    def _ring_once(self, event: tuple[str, int, int, int]) -> bool:
        """True the first time ``event`` happens (and then the bell rings, unless quiet)."""
        if event in self._rung:
            return False
        self._rung.add(event)
        if self.bell is not None:
            self.bell()
        return True

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

    def status(self) -> str:
        """The live line under each prompt: this step's time left, the session's, the end."""
        self._account_time()
        current = self.state.step
        session = self.session_left()
        line = f"Step {current} of {STEP_COUNT} · {_clock_text(self.step_left())} · "
        if session < 0:
            return line + f"session {_clock_text(session)}"
        ends = self.clock.now() + dt.timedelta(seconds=session)
        # Rounded to the nearest minute, so the end time does not flicker as seconds pass.
        ends += dt.timedelta(seconds=30)
        return line + f"session {_clock_text(session)} · ends {ends:%H:%M}"

    def watch(self) -> Alarm:
        """While a prompt waits: ring and announce each time-up as it happens, once."""
        self._account_time()
        current = self.state.step
        lines: list[str] = []
        waits: list[float] = []
        step_left = self.step_left()
        if step_left > 0:
            waits.append(step_left)
        elif self._ring_once(("step", current, 0, 0)):
            lines.append(f"Time is up for step {current}, {step(current).title.lower()}.")
        if self._turn is not None:
            serial, speaker, turn_clock = self._turn
            speaker_left = turn_clock.remaining(speaker)
            if speaker_left > 0:
                if not turn_clock.paused:
                    waits.append(speaker_left)
            elif self._ring_once(("speaker", current, serial, speaker)):
                name = self.state.roster.attendees[speaker].name
                lines.append(f"{name}'s time is up.")
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

    def _between_steps(self, *, can_go_on: bool = True, hold: str = "") -> Nav:
        """The same small menu after every step: on, back, late arrival, actions, quit."""
        current = self.state.step
        while True:
            choices: list[Choice[str]] = []
            if current < STEP_COUNT and can_go_on:
                choices.append(
                    Choice(f"Go on to step {current + 1}: {step(current + 1).title}", "next")
                )
            if current >= 3:
                choices.append(Choice("Add someone who has just arrived", "late"))
            if self.state.actions:
                choices.append(Choice("Show the actions so far", "actions"))
            if current > 1:
                choices.append(
                    Choice(f"Back to step {current - 1}: {step(current - 1).title}", "back")
                )
            choices.append(Choice("Quit the session", "quit"))
            if not can_go_on and hold:
                self.screen.hint(hold)
            choice = self.ask.select(
                SelectQuestion(
                    "What next?", tuple(choices), default=choices[0].value, status=self.status
                )
            )
            if choice == "next":
                return Nav.NEXT
            if choice == "back":
                return Nav.BACK
            if choice == "late":
                self._add_attendee(late=True)
            elif choice == "actions":
                self.screen.actions(self.state.actions)
            elif choice == "quit":
                self._quit()

    # ------------------------------------------------------------------ step 1

    def introduction(self) -> Nav:
        # Four short pages rather than one long scroll: each fits a projected screen.
        pages = self.screen.introduction_pages
        page = 0
        while page < pages:
            if page:
                self._redraw()
            self.screen.introduction(page, self.state)
            if page == pages - 1:
                break
            keys = [KeyChoice(("enter", "n"), "next page", "next")]
            if page:
                keys.append(KeyChoice(("b",), "previous page", "back"))
            pressed = self.ask.key(
                KeyQuestion(f"Page {page + 1} of {pages}", tuple(keys), status=self.status)
            )
            page = page - 1 if pressed == "back" else page + 1
        return self._between_steps()

    # ------------------------------------------------------------------ step 2

    def introductions(self) -> Nav:
        roster = self.state.roster
        setup = self.state.setup
        if self.state.expected:
            self._check_expected()
        if not roster.attendees:
            self.screen.note(
                f"Start with the Lead Professional, {setup.lead_professional} "
                f"({setup.lead_professional_agency})."
            )
            role = self._text("Their role", default="Lead Professional", validate=_ROLE)
            roster.add(
                Attendee(setup.lead_professional, role, setup.lead_professional_agency), lead=True
            )
        first = True
        while True:
            if not first:
                self._redraw()
            first = False
            self.screen.roster(roster)
            choices = [Choice("Add the next person", "add")]
            if len(roster) >= MIN_ATTENDEES:
                choices.append(Choice("Everyone has introduced themselves", "done"))
            choices += [
                Choice("Change who is the Lead Professional", "lead"),
                Choice("Remove someone", "remove"),
            ]
            if self.state.step > 1:
                choices.append(Choice(f"Back to step 1: {step(1).title}", "back"))
            choice = self.ask.select(
                SelectQuestion(
                    "Introductions", tuple(choices), default=choices[0].value, status=self.status
                )
            )
            if choice == "done":
                return self._between_steps()
            if choice == "add":
                self._add_attendee(late=False)
            elif choice == "lead":
                self._change_lead()
            elif choice == "remove":
                self._remove_attendee()
            elif choice == "back":
                return Nav.BACK

    def _check_expected(self) -> None:
        """People from the prepared plan: confirm each one is actually here."""
        roster = self.state.roster
        self.screen.note("From the plan: check who is here.")
        while self.state.expected:
            person = self.state.expected[0]
            self.screen.note(person.describe())
            here = self.ask.confirm(ConfirmQuestion(f"Is {person.name} here?", status=self.status))
            self.state.expected.pop(0)
            if here and roster.find(person.name) is None:
                is_lead = person.name.casefold() == self.state.setup.lead_professional.casefold()
                roster.add(person, lead=is_lead)

    def _add_attendee(self, *, late: bool) -> None:
        roster = self.state.roster
        if late:
            self.screen.note("Welcome them, and ask for their name, role and agency only.")
        name = self._text(
            "Name",
            validate=lambda text: (
                _NAME(text)
                or (
                    f"{plaintext.tidy(text)} is already on the list." if roster.find(text) else None
                )
            ),
        )
        role = self._text(f"{name}'s role in this child's network", validate=_ROLE)
        agency = self._pick_agency(f"{name}'s agency")
        roster.add(Attendee(name, role, agency))
        self.screen.note(f"Added {name}.")

    def _pick_agency(self, message: str, default: str | None = None) -> str:
        known = self._known_agencies()
        if known:
            choices = [Choice(a, a) for a in known] + [Choice("Another agency…", "")]
            picked = self.ask.select(
                SelectQuestion(
                    message,
                    tuple(choices),
                    default=default if default in known else "",
                    status=self.status,
                )
            )
            if picked:
                return picked
        return self._text(message if not known else "Agency name", validate=_AGENCY)

    def _known_agencies(self) -> list[str]:
        agencies = dict.fromkeys(self.state.roster.agencies())
        for action in self.state.actions:
            if action.agency:
                agencies.setdefault(action.agency, None)
        return list(agencies)

    def _change_lead(self) -> None:
        roster = self.state.roster
        index = self.ask.select(
            SelectQuestion(
                "Who is the Lead Professional?",
                tuple(Choice(a.describe(), i) for i, a in enumerate(roster.attendees)),
                default=roster.lead_index,
            )
        )
        roster.lead_index = index
        lead = roster.attendees[index]
        self.state.setup.lead_professional = lead.name
        self.state.setup.lead_professional_agency = lead.agency

    def _remove_attendee(self) -> None:
        roster = self.state.roster
        index = self.ask.select(
            SelectQuestion(
                "Remove whom?",
                (
                    *(Choice(a.describe(), i) for i, a in enumerate(roster.attendees)),
                    Choice("Nobody", -1),
                ),
                default=-1,
            )
        )
        if index >= 0:
            removed = roster.remove(index)
            self.screen.note(f"Removed {removed.name}.")

    # ------------------------------------------------------------------ step 3

    def group_agreement(self) -> Nav:
        self.screen.agreement_intro(self.agreement)
        points = self.agreement.points
        position = 0
        while position < len(points):
            if position:
                self._redraw()
            self.screen.agreement_point(position + 1, len(points), points[position])
            keys = [KeyChoice(("enter", "n"), "next point", "next")]
            if position:
                keys.append(KeyChoice(("b",), "previous point", "back"))
            pressed = self.ask.key(
                KeyQuestion(
                    f"Point {position + 1} of {len(points)}", tuple(keys), status=self.status
                )
            )
            position = position - 1 if pressed == "back" else position + 1
        agreed = self.ask.confirm(
            ConfirmQuestion("Does everyone in the room agree to work this way?", status=self.status)
        )
        self.state.agreement_confirmed = agreed
        if not agreed:
            return self._agreement_not_reached()
        return self._between_steps()

    def _agreement_not_reached(self) -> Nav:
        self.screen.hint(
            "Talk through what would need to change. The go-rounds begin once everyone agrees."
        )
        choice = self.ask.select(
            SelectQuestion(
                "When the room is ready",
                (
                    Choice("Read the agreement again", "again"),
                    Choice(f"Back to step 2: {step(2).title}", "back"),
                    Choice("Quit the session", "quit"),
                ),
                default="again",
            )
        )
        if choice == "back":
            return Nav.BACK
        if choice == "quit":
            self._quit()
        return Nav.STAY

    # -------------------------------------------------------------- steps 4, 5

    def goround(self) -> Nav:
        current = self.state.step
        if self._round is not None and self._round[0] == current:
            # Back from Ctrl-C: carry on with the same speaker and the same clocks.
            turns, clock = self._round[1], self._round[2]
        else:
            turns = self._choose_order()
            clock = self._new_turn_clock(len(turns.order))
            self._round = (current, turns, clock)
        while True:
            self._run_round(turns, clock)
            again = self.ask.select(
                SelectQuestion(
                    "Everyone has had a turn.",
                    (
                        Choice("Finish this go-round", "finish"),
                        Choice("Another round", "again"),
                    ),
                    default="finish",
                    status=self.status,
                )
            )
            if again == "finish":
                self._round = None
                return self._between_steps()
            turns = GoRound.starting_with(len(self.state.roster))
            clock = self._new_turn_clock(len(turns.order))
            self._round = (current, turns, clock)

    def _choose_order(self) -> GoRound:
        roster = self.state.roster
        count = len(roster)
        start = self.ask.select(
            SelectQuestion(
                "Who starts?",
                (
                    Choice(f"{roster.attendees[0].name}, then down the list", "first"),
                    Choice("Choose who starts", "choose"),
                    Choice("Shuffle the order", "shuffle"),
                ),
                default="first",
                status=self.status,
            )
        )
        if start == "shuffle":
            return GoRound.shuffled(count, self.rng)
        if start == "choose":
            first = self.ask.select(
                SelectQuestion(
                    "Who starts?",
                    tuple(Choice(a.describe(), i) for i, a in enumerate(roster.attendees)),
                    default=0,
                )
            )
            return GoRound.starting_with(count, first)
        return GoRound.starting_with(count)

    def _new_turn_clock(self, speakers: int) -> TurnClock:
        self._round_serial += 1
        return TurnClock(self._slice_seconds(speakers), self.clock.monotonic)

    def _slice_seconds(self, speakers: int) -> float:
        current = self.state.step
        left = self.state.plan.for_step(current) * 60 - self.state.elapsed.get(current, 0.0)
        return equal_slice(max(left, 60.0 * speakers), speakers)

    def _run_round(self, turns: GoRound, clock: TurnClock) -> None:
        roster = self.state.roster
        shown: int | None = None
        while not turns.done:
            speaker_index = turns.current
            assert speaker_index is not None
            speaker = roster.attendees[speaker_index]
            clock.start(speaker_index)
            self._turn = (self._round_serial, speaker_index, clock)
            if shown != turns.position:
                upcoming = turns.upcoming
                self._redraw()
                self.screen.speaker(
                    speaker,
                    turn=turns.position + 1,
                    total=turns.people,
                    upcoming=None if upcoming is None else roster.attendees[upcoming],
                    is_lead=roster.is_lead(speaker),
                    again=turns.offered_again,
                    cues=step(self.state.step).say,
                )
                shown = turns.position
            pressed = self.ask.key(
                KeyQuestion(
                    f"{speaker.name} is speaking",
                    self._goround_keys(turns),
                    status=self.status,
                    live=None if self.plain else self._turn_line(clock, speaker_index),
                )
            )
            if pressed == "next":
                turns.next()
            elif pressed == "pass":
                again = speaker_index in turns.passed
                turns.pass_turn()
                self.screen.note(
                    f"{speaker.name} would rather not speak this round."
                    if again
                    else f"{speaker.name} passes for now and will be offered a turn at the end."
                )
            elif pressed == "back":
                turns.back()
            elif pressed == "pause":
                clock.toggle_pause()
                self.screen.note("Paused." if clock.paused else "Running again.")
            elif pressed == "more":
                clock.add_minute()
                self.screen.note(f"One more minute for {speaker.name}.")
            elif pressed == "time":
                self.screen.note(f"{self._turn_text(clock, speaker_index)} · {self.status()}")
            elif pressed == "late":
                self._add_attendee(late=True)
                turns.add_speaker(len(roster) - 1)
                shown = None
        clock.stop()
        self._turn = None
        self.screen.time_shared(
            [
                (roster.attendees[i], clock.spent(i), clock.allowed(i))
                for i in dict.fromkeys(turns.order)
            ]
        )

    def _goround_keys(self, turns: GoRound) -> tuple[KeyChoice, ...]:
        keys = [
            KeyChoice(("enter", "n"), "next", "next"),
            KeyChoice(("p",), "pause", "pause"),
            KeyChoice(("+",), "a minute more", "more"),
            KeyChoice(("s",), "pass", "pass"),
        ]
        if turns.position:
            keys.append(KeyChoice(("b",), "back", "back"))
        keys.append(KeyChoice(("a",), "late arrival", "late"))
        if self.plain:
            keys.append(KeyChoice(("t",), "time left", "time"))
        return tuple(keys)

    def _turn_text(self, clock: TurnClock, speaker: int) -> str:
        text = _clock_text(clock.remaining(speaker))
        if self.large:
            digits = text.split()[0]
            label = "paused" if clock.paused else text.split(maxsplit=1)[1]
            return f"{big(digits)}\n{label}"
        slice_text = _clock_text(clock.allowed(speaker)).split()[0]
        return f"{'Paused · ' if clock.paused else ''}{text} of {slice_text}"

    def _turn_line(self, clock: TurnClock, speaker: int) -> Callable[[], str]:
        return lambda: self._turn_text(clock, speaker)

    # ------------------------------------------------------------------ step 6

    def agree_actions(self) -> Nav:
        actions = self.state.actions
        first = True
        while True:
            if not first:
                self._redraw()
            first = False
            self.screen.actions(actions)
            choices = [Choice("Add an action", "add")]
            if actions:
                choices += [
                    Choice(f"Done: on to step 7, {step(7).title.lower()}", "done"),
                    Choice("Reword an action", "edit"),
                    Choice("Remove an action", "remove"),
                ]
            choices.append(Choice("More options (back, late arrival, quit)", "menu"))
            choice = self.ask.select(
                SelectQuestion(
                    "Actions", tuple(choices), default=choices[0].value, status=self.status
                )
            )
            if choice == "done":
                return Nav.NEXT
            if choice == "add":
                what = self._action_wording("What is the action?")
                actions.append(DraftAction(what))
            elif choice == "edit":
                number = self._pick_action("Reword which action?")
                if number is not None:
                    action = actions[number - 1]
                    action.what = self._action_wording("The action", default=action.what)
            elif choice == "remove":
                number = self._pick_action("Remove which action?")
                if number is not None:
                    removed = actions.pop(number - 1)
                    self.screen.note(f"Removed: {removed.what}")
            elif choice == "menu":
                return self._between_steps(
                    can_go_on=bool(actions), hold="Agree at least one action to go on."
                )

    def _action_wording(self, message: str, default: str = "") -> str:
        what = self._text(message, default=default, validate=_ACTION)
        while True:
            hint = vague_hint(what)
            if hint is None:
                return what
            self.screen.hint(hint)
            keep = self.ask.select(
                SelectQuestion(
                    "Keep this wording?",
                    (Choice("Reword it", "reword"), Choice("Keep it as it is", "keep")),
                    default="reword",
                    status=self.status,
                )
            )
            if keep == "keep":
                return what
            what = self._text(message, default=what, validate=_ACTION)

    def _pick_action(self, message: str) -> int | None:
        choices = [
            Choice(f"{n}. {_shorten(a.what)}", n) for n, a in enumerate(self.state.actions, start=1)
        ]
        choices.append(Choice("None", 0))
        picked = self.ask.select(SelectQuestion(message, tuple(choices), default=0))
        return picked or None

    # ------------------------------------------------------------------ step 7

    def owners_and_dates(self) -> Nav:
        for number, action in enumerate(self.state.actions, start=1):
            if action.owner is None:
                self._ask_owner(number, action)
            if action.due is None:
                self._ask_due(number, action)
        while True:
            self.screen.actions(self.state.actions)
            choice = self._step_menu(
                "Who and by when",
                Choice("Change an owner", "owner"),
                Choice("Change a date", "due"),
            )
            if choice == "done":
                return Nav.NEXT
            if choice == "menu":
                return self._between_steps()
            picked = self._pick_action("Which action?")
            if picked is None:
                continue
            action = self.state.actions[picked - 1]
            if choice == "owner":
                self._ask_owner(picked, action)
            else:
                self._ask_due(picked, action)

    def _ask_owner(self, number: int, action: DraftAction) -> None:
        self.screen.note(f"Action {number}: {action.what}")
        attendees = self.state.roster.attendees
        choices = [Choice(a.describe(), i) for i, a in enumerate(attendees)]
        choices.append(Choice("Someone who is not here", -1))
        current = next((i for i, a in enumerate(attendees) if a.name == action.owner), None)
        picked = self.ask.select(
            SelectQuestion("Who owns it?", tuple(choices), default=current, status=self.status)
        )
        before = action.agency
        if picked >= 0:
            action.owner = attendees[picked].name
            action.agency = attendees[picked].agency
        else:
            action.owner = self._text("Their name", validate=_NAME)
            action.agency = self._pick_agency(f"{action.owner}'s agency")
        if before is not None and action.agency != before:
            # Where it is recorded belonged to the old agency: it must be agreed again.
            action.recorded_where = None

    def _ask_due(self, number: int, action: DraftAction) -> None:
        action.due = self._ask_date(
            f"Action {number}, by when? (for example 4/12/2026, next Friday, in 2 weeks)",
            default=action.due,
            check=lambda day: due_problem(day, self.state.setup.meeting_date),
        )

    def _ask_date(
        self, message: str, *, default: dt.date | None, check: Callable[[dt.date], str | None]
    ) -> dt.date:
        base = self.state.setup.meeting_date

        def validate(text: str) -> str | None:
            try:
                day = parse_date(text, today=base)
            except DateError as error:
                return str(error)
            return check(day)

        while True:
            typed = self._text(
                message,
                default=default.strftime("%d/%m/%Y") if default else "",
                validate=validate,
            )
            day = parse_date(typed, today=base)
            # A weekend or a bank holiday is often a slip; the room may still mean it.
            note = day_note(day)
            question = f"{format_long(day)}: {note} Keep it?" if note else None
            if self.ask.confirm(
                ConfirmQuestion(
                    question or f"{format_long(day)}, is that right?", status=self.status
                )
            ):
                return day

    # ------------------------------------------------------------------ step 8

    def recording_and_review(self) -> Nav:
        for number, action in enumerate(self.state.actions, start=1):
            if action.recorded_where is None:
                self._ask_recorded_where(number, action)
        review = self.state.review
        if review.date is None:
            self._ask_review_date()
        if review.convened_by is None:
            self._ask_convener()
        while True:
            self.screen.summary(self.state)
            choice = self._step_menu(
                "Where recorded and the review",
                Choice("Change where an action is recorded", "where"),
                Choice("Change the review date", "date"),
                Choice("Change who calls the review", "convener"),
            )
            if choice == "done":
                return Nav.NEXT
            if choice == "menu":
                return self._between_steps()
            if choice == "date":
                self._ask_review_date()
            elif choice == "convener":
                self._ask_convener()
            else:
                picked = self._pick_action("Which action?")
                if picked is not None:
                    self._ask_recorded_where(picked, self.state.actions[picked - 1])

    def _ask_recorded_where(self, number: int, action: DraftAction) -> None:
        agency = action.agency or "the agency"
        previous = action.recorded_where or next(
            (
                a.recorded_where
                for a in self.state.actions
                if a.agency == action.agency and a.recorded_where and a is not action
            ),
            "",
        )
        self.screen.note(f"Action {number}: {action.what} ({action.owner}, {agency})")
        action.recorded_where = self._text(
            f"Where does {agency} record it?",
            instruction="(for example: the child's record in its case system)",
            default=previous,
            validate=_WHERE,
        )

    def _ask_review_date(self) -> None:
        meeting = self.state.setup.meeting_date
        self.state.review.date = self._ask_date(
            "Review date: when will the network meet again to check the actions?",
            default=self.state.review.date,
            check=lambda day: (
                None if day > meeting else "The review must be after today's meeting."
            ),
        )
        review = self.state.review.date
        later = [n for n, a in enumerate(self.state.actions, 1) if a.due and a.due > review]
        if later:
            self.screen.hint(
                f"The review comes before action {', '.join(map(str, later))} is due. "
                "A later review may let the network report on it."
            )

    def _ask_convener(self) -> None:
        roster = self.state.roster
        attendees = roster.attendees
        choices = [Choice(a.describe(), a.name) for a in attendees]
        choices.append(Choice("Someone who is not here", ""))
        default = self.state.review.convened_by or (roster.lead.name if roster.lead else None)
        picked = self.ask.select(
            SelectQuestion(
                "Who will call the review meeting?",
                tuple(choices),
                default=default,
                status=self.status,
            )
        )
        self.state.review.convened_by = picked or self._text("Their name", validate=_NAME)

    # ------------------------------------------------------------------ step 9

    def wrap_up(self) -> Nav:
        while True:
            self.screen.summary(self.state)
            missing = self.state.incomplete_actions()
            if missing:
                number, fields = missing[0]
                self.screen.warn(f"Action {number} still needs: {', '.join(fields)}.")
            choices: list[Choice[str]] = []
            if not missing and self.state.review.date and self.state.review.convened_by:
                choices.append(Choice("Everyone agrees: export the actions", "export"))
                if self.calendar is not None:
                    choices.append(
                        Choice(
                            "Everyone agrees: export, with the dates as a calendar (.ics)", "ics"
                        )
                    )
            choices += [
                Choice("Change an action", "change"),
                Choice("Change the review", "review"),
            ]
            if not self.state.setup.independent:
                label = "Change" if self.state.outcome_summary else "Add"
                choices.append(
                    Choice(f"{label} the agreed outcome statement (optional)", "outcome")
                )
            choices += [
                Choice(f"Back to step 8: {step(8).title}", "back"),
                Choice("Quit the session", "quit"),
            ]
            choice = self.ask.select(
                SelectQuestion(
                    "Wrap up", tuple(choices), default=choices[0].value, status=self.status
                )
            )
            if choice in ("export", "ics") and self._export(with_calendar=choice == "ics"):
                return Nav.DONE
            if choice == "change":
                self._change_action()
            elif choice == "review":
                self._ask_review_date()
                self._ask_convener()
            elif choice == "outcome":
                self._ask_outcome()
            elif choice == "back":
                return Nav.BACK
            elif choice == "quit":
                self._quit()

    def _change_action(self) -> None:
        number = self._pick_action("Change which action?")
        if number is None:
            return
        action = self.state.actions[number - 1]
        part = self.ask.select(
            SelectQuestion(
                "Change what?",
                (
                    Choice("The wording", "what"),
                    Choice("Who owns it", "owner"),
                    Choice("The date", "due"),
                    Choice("Where it is recorded", "where"),
                ),
                default="what",
            )
        )
        if part == "what":
            action.what = self._action_wording("The action", default=action.what)
        elif part == "owner":
            self._ask_owner(number, action)
            if action.recorded_where is None:
                self._ask_recorded_where(number, action)
        elif part == "due":
            self._ask_due(number, action)
        else:
            self._ask_recorded_where(number, action)

    def _ask_outcome(self) -> None:
        self.screen.note(
            "A few lines the whole network agrees, such as the shared view of what happens next. "
            "This is not a minute: record no discussion. Leave it empty to have none."
        )
        lines: list[str] = []
        while len(lines) < 5:
            # The limit is for the whole statement, so each line gets what is left.
            used = sum(len(line) + 1 for line in lines)
            line = self.ask.text(
                TextQuestion(
                    f"Line {len(lines) + 1} (Enter on an empty line to finish)",
                    validate=_optional(text_validator(plaintext.OUTCOME_MAX - used)),
                    status=self.status,
                )
            )
            if not line.strip():
                break
            lines.append(plaintext.tidy(line))
        self.state.set_outcome("\n".join(lines) or None)

    def _export(self, *, with_calendar: bool = False) -> bool:
        try:
            self.state.to_record()
        except RethinkError as error:
            self.screen.warn(error.message)
            for detail in error.details:
                self.screen.warn(detail)
            return False
        while True:
            service = synced_service(self.out_dir)
            if service and not self._write_to_synced(service):
                self._choose_folder("Choose a folder that stays on this computer.")
                continue
            try:
                self.exported = self.exporter(self.state, self.out_dir)
            except ExportError as error:
                self.screen.warn(error.message)
                self._choose_folder("Everything is kept. Choose another folder to write to.")
                continue
            if with_calendar:
                self._write_calendar()
            self.screen.exported(self.exported, self._closing_words())
            return True

    def _write_calendar(self) -> None:
        """The due dates and the review as all-day calendar events, beside the actions."""
        if self.calendar is None:
            return
        try:
            self.exported += self.calendar(self.state, self.out_dir)
        except ExportError as error:
            # The actions are already written: the calendar is a convenience.
            self.screen.warn(f"{error.message} The actions themselves are written.")

    def _write_to_synced(self, service: str) -> bool:
        self.screen.warn(
            f"{self.out_dir} is synced by {service}: the files would be copied off this "
            "computer straight away."
        )
        return self.ask.confirm(
            ConfirmQuestion(f"Write the actions to this {service} folder anyway?", default=False)
        )

    def _choose_folder(self, why: str) -> None:
        self.screen.note(why)
        folder = self._text("Folder", default=str(self.out_dir), validate=_folder_problem)
        self.out_dir = Path(folder).expanduser()

    def _closing_words(self) -> str:
        setup = self.state.setup
        after = (
            "\n\nNext: give each agency its own file, or paste it into that agency's record "
            "for the child. Once everything is filed, delete these files from this computer."
        )
        if setup.independent:
            return (
                f"{texts().no_notes_independent} "
                f"Lead Professional: {setup.lead_professional}.{after}"
            )
        return texts().no_notes_network + after

    # ----------------------------------------------------------------- helpers

    def _step_menu(self, title: str, *changes: Choice[str]) -> str:
        """Go on (the default), one of this step's changes, or the general menu."""
        following = self.state.step + 1
        return self.ask.select(
            SelectQuestion(
                title,
                (
                    Choice(
                        f"Done: on to step {following}, {step(following).title.lower()}", "done"
                    ),
                    *changes,
                    Choice("More options (back, late arrival, quit)", "menu"),
                ),
                default="done",
                status=self.status,
            )
        )

    def _redraw(self) -> None:
        """Start the screen afresh for this step, so the room sees one calm page."""
        current = self.state.step
        self.screen.step_header(
            step(current), minutes=self.state.plan.for_step(current), compact=True
        )

    def _text(
        self, message: str, *, default: str = "", validate: Validator, instruction: str = ""
    ) -> str:
        typed = self.ask.text(
            TextQuestion(
                message,
                default=default,
                validate=validate,
                instruction=instruction,
                status=self.status,
            )
        )
        return plaintext.tidy(typed)


def _optional(validate: Validator) -> Validator:
    """An empty answer is fine (it ends a list); anything else must pass ``validate``."""
    return lambda text: None if not text.strip() else validate(text)


def _folder_problem(text: str) -> str | None:
    folder = Path(text.strip()).expanduser()
    if not text.strip():
        return "Type a folder."
    if not folder.is_dir():
        return f"{folder} is not a folder."
    return None


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _minutes_text(minutes: int) -> str:
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _clock_text(seconds: float) -> str:
    if seconds < 0:
        over = int(-seconds)
        return f"+{over // 60:02d}:{over % 60:02d} over"
    whole = int(seconds + 0.999)
    return f"{whole // 60:02d}:{whole % 60:02d} left"


class _Checkpointed:
    """A prompter that saves the session before every question it asks.

    It also gives every timed question (one with a status line) the flow's
    watch, so time-up rings and is announced while that question waits.
    """

    def __init__(self, inner: Prompter, before: Callable[[], None], watch: Watch) -> None:
        self.inner = inner
        self.before = before
        self.watch = watch

    def _timed(self, question: Q) -> Q:
        if question.status is None or question.watch is not None:
            return question
        return replace(question, watch=self.watch)

    def text(self, question: TextQuestion) -> str:
        self.before()
        return self.inner.text(self._timed(question))

    def select(self, question: SelectQuestion[T]) -> T:
        self.before()
        timed: SelectQuestion[T] = self._timed(question)
        return self.inner.select(timed)

    def confirm(self, question: ConfirmQuestion) -> bool:
        self.before()
        return self.inner.confirm(self._timed(question))

    def key(self, question: KeyQuestion) -> str:
        self.before()
        return self.inner.key(self._timed(question))
