"""Time plan, replanning, speaker clocks, overtime, sleep gaps and plain mode, on a fake clock."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rethink_cli.core.goround import GoRound, TurnClock, equal_slice
from rethink_cli.core.timing import (
    ACTION_RULE,
    MAX_MINUTES,
    MIN_MINUTES,
    PROTECTED_ACTION_MINUTES,
    action_floor,
    make_plan,
    replan,
)
from rethink_cli.formats.texts import all_steps
from rethink_cli.ui.bigdigits import big
from tests import flow_helpers as f
from tests.scripted import FakeClock, ScriptedPrompter
from tests.test_flow import strategy3_script

WEIGHTS = [s.weight for s in all_steps()]


@given(st.integers(min_value=MIN_MINUTES, max_value=MAX_MINUTES))
def test_plan_sums_exactly(minutes: int) -> None:
    plan = make_plan(minutes, WEIGHTS)
    assert plan.total == minutes
    assert all(m >= 1 for m in plan.minutes)


def test_default_plan_favours_go_rounds_and_actions() -> None:
    plan = make_plan(90, WEIGHTS)
    assert plan.minutes == (5, 5, 5, 20, 20, 15, 8, 5, 7)
    biggest = sorted(range(9), key=lambda i: -plan.minutes[i])[:3]
    assert {b + 1 for b in biggest} == {4, 5, 6}


@pytest.mark.parametrize("minutes", [19, 241, 0, -5])
def test_plan_limits(minutes: int) -> None:
    with pytest.raises(ValueError, match="between 20 and 240"):
        make_plan(minutes, WEIGHTS)


def test_changing_a_step_changes_the_total() -> None:
    plan = make_plan(90, WEIGHTS).with_step(4, 30)
    assert plan.for_step(4) == 30 and plan.total == 100
    with pytest.raises(ValueError):
        plan.with_step(1, 0)


def test_no_replan_when_on_time() -> None:
    plan = make_plan(90, WEIGHTS)
    result = replan(plan, {1: 280, 2: 300, 3: 290}, 4)
    assert result.message is None


def test_overrun_shrinks_discussion_first() -> None:
    plan = make_plan(90, WEIGHTS)
    # Introductions took 20 minutes instead of 5: 15 minutes over.
    result = replan(plan, {1: 300, 2: 1200, 3: 300}, 4)
    new = result.plan
    assert sum(new.for_step(n) for n in (6, 7, 8)) == 28  # actions untouched
    assert new.for_step(4) + new.for_step(5) == 25  # 40 planned, 15 taken back
    assert result.message is not None
    assert "Steps 6 to 8 now have 28 minutes" in result.message
    assert result.message.endswith(ACTION_RULE)
    assert "the time left for discussion is now: perspectives" in result.message


@given(st.integers(min_value=0, max_value=200 * 60))
def test_actions_never_drop_below_the_protected_minimum(overrun: int) -> None:
    plan = make_plan(90, WEIGHTS)
    used = {1: 300.0, 2: 300.0, 3: 300.0, 4: 1200.0 + overrun}
    new = replan(plan, used, 5).plan
    assert sum(new.for_step(n) for n in (6, 7, 8)) >= PROTECTED_ACTION_MINUTES


def test_hopeless_overrun_says_how_far_over() -> None:
    plan = make_plan(90, WEIGHTS)
    result = replan(plan, {1: 300, 2: 300, 3: 300, 4: 60 * 60, 5: 20 * 60}, 6, booked=90)
    # 95 minutes used of 90: even the floors (15 for actions, 1 for wrap-up) run 21 over.
    assert result.over == 21
    assert sum(result.plan.for_step(n) for n in (6, 7, 8)) == PROTECTED_ACTION_MINUTES
    # The go-rounds are over, so only actions could give way, and only if chosen.
    assert result.rounds_first is None
    assert result.actions_first is not None
    assert sum(result.actions_first.for_step(n) for n in (6, 7, 8)) == 3


def test_equal_slices() -> None:
    assert equal_slice(20 * 60, 4) == 300
    assert equal_slice(60, 0) == 60


def test_turn_clock_slices_pause_and_extra_minute() -> None:
    clock = FakeClock()
    turns = TurnClock(300, clock.monotonic)
    turns.start(0)
    clock.advance(100)
    assert turns.remaining(0) == 200
    turns.toggle_pause()
    clock.advance(1000)  # a paused speaker loses nothing
    assert turns.remaining(0) == 200
    turns.toggle_pause()
    clock.advance(250)
    assert turns.remaining(0) == -50  # overtime, never cut off
    turns.add_minute()
    assert turns.remaining(0) == 10
    turns.start(1)
    clock.advance(30)
    assert turns.spent(0) == 350 and turns.spent(1) == 30
    turns.stop()
    clock.advance(999)
    assert turns.spent(1) == 30


def test_pass_back_and_order() -> None:
    turns = GoRound.starting_with(3, first=1)
    assert turns.order == [1, 2, 0]
    turns.pass_turn()  # 1 passes
    assert turns.current == 2 and turns.order == [1, 2, 0, 1]
    turns.back()  # undo the pass
    assert turns.current == 1 and turns.order == [1, 2, 0]
    turns.next()
    turns.next()
    turns.next()
    assert turns.done and turns.spoken == [1, 2, 0]


def test_big_digits_are_five_rows() -> None:
    lines = big("03:12").splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("██████  ██████")


def slow_speaker_script(extra: list[tuple[str, object]]) -> ScriptedPrompter:
    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    script[start + 1 : start + 1] = extra
    return ScriptedPrompter.of(*script)


def ticking(
    per_key: float, script: ScriptedPrompter | None = None, *, slow: str = ""
) -> ScriptedPrompter:
    """The Strategy 3 script with key presses (those at ``slow`` prompts) taking ``per_key`` s."""
    prompter = script or strategy3_script()
    prompter.clock = FakeClock()
    prompter.per_key = per_key
    prompter.slow = slow
    return prompter


SPEAKING = "is speaking"


def test_sharing_picture_after_each_round(tmp_path: Path) -> None:
    prompter = ticking(30)
    outcome = f.run_session(prompter, tmp_path, clock=prompter.clock)
    text = outcome.screen_flat
    # One line for the room after each round, naming no one (tests/test_gorounds.py).
    assert text.count("How the time was shared: every share within a minute") == 2
    assert "0:30 of 5:00" not in text  # no chart of named shares unless asked for
    # Shown only: no durations reach the exported files.
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written
    for path in written:
        assert "How the time was shared" not in path.read_text("utf-8")


def test_overtime_and_bell_ring_once(tmp_path: Path) -> None:
    rings: list[int] = []
    prompter = ticking(400, slow=SPEAKING)  # each speaker: nearly seven minutes of five
    f.run_session(prompter, tmp_path, clock=prompter.clock, bell=lambda: rings.append(1))
    overtime = [s for s in prompter.statuses if "over" in s]
    assert overtime and overtime[0].startswith("Step 4 of 9 · +")
    # One bell per time-up (a step, a speaker, the session), not one per redraw.
    assert len(rings) == len(prompter.announced) > 0
    assert len(rings) < len(prompter.timeline)


def test_overrun_replans_and_says_so(tmp_path: Path) -> None:
    prompter = ticking(200)
    outcome = f.run_session(prompter, tmp_path, clock=prompter.clock)
    assert "Discussion ran over. Steps 6 to 8 now have" in outcome.screen_flat
    assert ACTION_RULE in outcome.screen_flat
    plan = outcome.flow.state.plan
    assert sum(plan.for_step(n) for n in (6, 7, 8)) >= PROTECTED_ACTION_MINUTES


def test_add_a_minute_and_pause_keys(tmp_path: Path) -> None:
    prompter = slow_speaker_script([("key", "p"), ("key", "p"), ("key", "+")])
    outcome = f.run_session(prompter, tmp_path)
    assert "Paused." in outcome.screen_text and "Running again." in outcome.screen_text
    assert "One more minute for Sam Patel." in outcome.screen_text


def test_sleeping_laptop_is_asked_about(tmp_path: Path) -> None:
    clock = FakeClock()

    class SleepyPrompter(ScriptedPrompter):
        slept = False

        def key(self, question):  # type: ignore[no-untyped-def]
            if not self.slept and "is speaking" in question.message:
                self.slept = True
                clock.sleep_laptop(15 * 60)
            return super().key(question)

    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    # After the first speaker's Enter, the next prompt asks about the gap.
    first_enter = script.index(("key", "enter"), start)
    script.insert(first_enter + 1, ("confirm", False))
    prompter = SleepyPrompter.of(*script)
    outcome = f.run_session(prompter, tmp_path, clock=clock)
    assert any("asleep for about 15 minute" in q for q in prompter.asked)
    # Not counted: step 4 shows no 15-minute overrun.
    assert outcome.flow.state.elapsed[4] < 60


def test_plain_mode_draws_nothing_by_itself(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    script.insert(start + 1, ("key", "t"))
    prompter = ScriptedPrompter.of(*script)
    outcome = f.run_session(prompter, tmp_path, plain=True)
    # No box drawing, and the time is printed as prompts open and on "t".
    assert "╭" not in outcome.screen_text and "│" not in outcome.screen_text
    assert "Step 4 of 9 · 20:00 left" in outcome.screen_text
    assert "05:00 left of 05:00" in outcome.screen_text


def test_plain_prompter_never_refreshes() -> None:
    from rethink_cli.ui.prompter import TerminalPrompter

    assert TerminalPrompter(live=False)._refresh(lambda: "x") == {}


def test_large_mode_shows_big_digits(tmp_path: Path) -> None:
    class Peek(ScriptedPrompter):
        seen: ClassVar[list[str]] = []

        def key(self, question):  # type: ignore[no-untyped-def]
            if question.live is not None and question.large:
                self.seen.append(question.live())
            return super().key(question)

    prompter = Peek(strategy3_script().script)
    f.run_session(prompter, tmp_path, large=True)
    # The dialog asks for big digits; the prompter draws them (tests/test_prompter.py).
    assert "05:00 left" in prompter.seen


# ----------------------------------------------------------- the session clock

_SESSION = re.compile(r"session (\d+):(\d\d) left")


def _session_seconds(status: str) -> int | None:
    found = _SESSION.search(status)
    return None if found is None else int(found[1]) * 60 + int(found[2])


def test_session_clock_matches_a_watch_at_every_step(tmp_path: Path) -> None:
    prompter = ticking(30)  # every key press: half a minute of the room's time
    started = prompter.clock.mono  # type: ignore[union-attr]
    f.run_session(prompter, tmp_path, clock=prompter.clock)
    steps_seen = set()
    for moment, status in prompter.timeline:
        shown = _session_seconds(status)
        if shown is None:
            continue
        steps_seen.add(status.split(" · ")[0])
        # Booked 90 minutes, less the time gone on a watch, to the second (shown rounded up).
        assert shown == math.ceil(90 * 60 - (moment - started)), status
    assert {"Step 1 of 9", "Step 3 of 9", "Step 4 of 9", "Step 5 of 9"} <= steps_seen


def test_time_saved_early_stays_with_the_room(tmp_path: Path) -> None:
    prompter = ticking(10)  # step 1's three pages take 30 s of its 5 minutes
    f.run_session(prompter, tmp_path, clock=prompter.clock)
    step3 = next(s for _, s in prompter.timeline if s.startswith("Step 3 of 9"))
    seconds = _session_seconds(step3)
    # The old "sum of the steps still planned" would say 80:00 here.
    assert seconds is not None and seconds > 85 * 60


def test_session_counts_down_while_a_step_runs_over(tmp_path: Path) -> None:
    prompter = ticking(400, slow=SPEAKING)  # perspectives runs well over its 20 minutes
    f.run_session(prompter, tmp_path, clock=prompter.clock)
    shown = [_session_seconds(s) for _, s in prompter.timeline if s.startswith("Step 4 of 9 · +")]
    over_in_step1 = [seconds for seconds in shown if seconds is not None]
    assert len(over_in_step1) > 10
    assert over_in_step1 == sorted(over_in_step1, reverse=True)
    assert over_in_step1[0] != over_in_step1[-1]  # it moves, it does not freeze


def test_session_overtime_and_the_planned_end(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    # Each speaker takes nearly 12 minutes: the booked 90 run out during reflections,
    # and entering step 6 the facilitator is asked how to fit what is left.
    step6 = script.index(("select", "Go on to step 6"))
    script.insert(step6 + 1, ("select", "Keep both"))
    prompter = ticking(700, ScriptedPrompter.of(*script), slow=SPEAKING)
    f.run_session(prompter, tmp_path, clock=prompter.clock)
    on_time = [s for _, s in prompter.timeline if "left · ends" in s]
    # Started 10:00 in London with 90 minutes booked: the end stays put, minute-rounded.
    assert on_time and all(s.endswith("ends 11:30") for s in on_time)
    over = [s for _, s in prompter.timeline if "session +" in s]
    assert over and all(re.search(r"session \+\d+:\d\d over$", s) for s in over)
    assert any(line == "The session's booked time is up." for _, line in prompter.announced)


def test_the_end_time_follows_a_clock_fixture(tmp_path: Path, clock: FakeClock) -> None:
    """On any start (31 December 23:59, 29 February, the autumn change) the end is now + 90."""
    from tests.test_clock import relative_script

    prompter, _, _ = relative_script(clock.today())
    prompter.clock = clock
    prompter.per_key = 1
    started = clock.now()
    f.run_session(prompter, tmp_path, clock=clock)
    first = next(s for _, s in prompter.timeline if "ends" in s)
    expected = started + dt.timedelta(minutes=90, seconds=30)
    assert first.endswith(f"ends {expected:%H:%M}")


# ------------------------------------------------------------------ floors


@pytest.mark.parametrize(("minutes", "floor"), [(20, 7), (30, 10), (44, 15), (45, 15), (90, 15)])
def test_every_plan_keeps_the_action_rule(minutes: int, floor: int) -> None:
    assert action_floor(minutes) == floor
    plan = make_plan(minutes, WEIGHTS)
    assert sum(plan.for_step(n) for n in (6, 7, 8)) >= floor
    assert plan.total == minutes


@given(st.integers(min_value=MIN_MINUTES, max_value=MAX_MINUTES))
def test_the_action_rule_holds_for_any_length(minutes: int) -> None:
    plan = make_plan(minutes, WEIGHTS)
    assert sum(plan.for_step(n) for n in (6, 7, 8)) >= action_floor(minutes)


def test_reflections_keep_a_minute_a_speaker_before_actions_give() -> None:
    plan = make_plan(90, WEIGHTS)
    # Perspectives took 50 minutes instead of 20: 30 over, entering reflections.
    result = replan(plan, {1: 300, 2: 300, 3: 300, 4: 50 * 60}, 5, booked=90, speakers=6)
    new = result.plan
    assert new.for_step(5) >= 6  # six people, a minute each at least
    assert sum(new.for_step(n) for n in (6, 7, 8)) >= 15
    assert result.over == 0


def test_when_both_floors_cannot_be_kept_both_ways_are_offered() -> None:
    plan = make_plan(90, WEIGHTS)
    result = replan(plan, {1: 300, 2: 75 * 60, 3: 300}, 4, booked=90, speakers=6)
    assert result.over > 0
    kept = result.plan
    assert kept.for_step(4) == 6 and kept.for_step(5) == 6
    assert sum(kept.for_step(n) for n in (6, 7, 8)) == 15
    assert result.rounds_first is not None and result.rounds_first.for_step(4) < 6
    assert result.actions_first is not None
    assert sum(result.actions_first.for_step(n) for n in (6, 7, 8)) < 15


def _overrun_at_step_2(choice: str, tmp_path: Path) -> f.Outcome:
    script = list(strategy3_script().script)
    # Step 1's first page takes 75 minutes of 90: entering step 2, both floors cannot fit.
    go_on = script.index(("select", "Go on to step 2"))
    script.insert(go_on + 1, ("select", choice))
    prompter = ticking(75 * 60, ScriptedPrompter.of(*script), slow="Page 1 of 5")
    tmp_path.mkdir()
    return f.run_session(prompter, tmp_path, clock=prompter.clock)


def test_the_facilitator_chooses_when_floors_collide(tmp_path: Path) -> None:
    def first(outcome: f.Outcome, prefix: str) -> str:
        return next(s for s in outcome.prompter.statuses if s.startswith(prefix))

    kept = _overrun_at_step_2("Keep both", tmp_path / "a")
    assert any("no longer both fit" in q for q in kept.prompter.asked)
    assert "the session will run about" in kept.screen_flat
    # Four people assumed before introductions: each go-round keeps 4 minutes.
    assert first(kept, "Step 4 of 9").startswith("Step 4 of 9 · 04:00 left")
    assert first(kept, "Step 6 of 9").startswith("Step 6 of 9 · 05:00 left")

    rounds = _overrun_at_step_2("shorten the go-rounds", tmp_path / "b")
    assert first(rounds, "Step 4 of 9").startswith("Step 4 of 9 · 01:00 left")
    assert first(rounds, "Step 6 of 9").startswith("Step 6 of 9 · 05:00 left")

    actions = _overrun_at_step_2("shorten agreeing actions", tmp_path / "c")
    assert first(actions, "Step 4 of 9").startswith("Step 4 of 9 · 04:00 left")
    assert first(actions, "Step 6 of 9").startswith("Step 6 of 9 · 01:00 left")
    # Asked once: later steps keep to the same choice without asking again.
    assert sum("no longer both fit" in q for q in actions.prompter.asked) == 1


# ------------------------------------------------------------------- bells


def test_plain_mode_announces_time_up_while_the_prompt_waits(tmp_path: Path) -> None:
    prompter = ticking(400, slow=SPEAKING)
    rings: list[int] = []
    f.run_session(
        prompter, tmp_path, clock=prompter.clock, plain=True, bell=lambda: rings.append(1)
    )
    lines = [line for _, line in prompter.announced]
    assert "Sam Patel's time is up." in lines
    # Once a round: perspectives, then reflections. Each time-up rings once.
    assert lines.count("Sam Patel's time is up.") == 2
    assert len(lines) == len(rings)
    # Said the moment it happened (the prompt had no key press meanwhile), not later.
    said_at = next(t for t, line in prompter.announced if line.startswith("Time is up for step 4"))
    shown = dict(prompter.timeline)[said_at]
    assert re.match(r"Step 4 of 9 · (\+00:00 over|00:0[01] left)", shown), shown


def test_every_round_rings_at_its_own_time_up(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    finish = script.index(("select", "Finish this go-round"))
    script[finish : finish + 1] = [
        ("select", "Another round"),
        *[("key", "enter")] * 4,
        ("select", "Finish this go-round"),
    ]
    # Two rounds of perspectives leave too little for both floors by step 6.
    step6 = script.index(("select", "Go on to step 6"))
    script.insert(step6 + 1, ("select", "Keep both"))
    prompter = ticking(400, ScriptedPrompter.of(*script), slow=SPEAKING)
    rings: list[int] = []
    f.run_session(prompter, tmp_path, clock=prompter.clock, bell=lambda: rings.append(1))
    lines = [line for _, line in prompter.announced]
    # Round one of perspectives, its "Another round", then reflections: three times each.
    assert lines.count("Sam Patel's time is up.") == 3
    assert len(rings) == len(lines)


def test_quiet_rings_nothing_but_plain_still_announces(tmp_path: Path) -> None:
    prompter = ticking(400, slow=SPEAKING)
    f.run_session(prompter, tmp_path, clock=prompter.clock, plain=True, bell=None)
    assert any(line == "Jo Reed's time is up." for _, line in prompter.announced)
