"""Time plan, replanning, speaker clocks, overtime, sleep gaps and plain mode, on a fake clock."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rethink_cli.bigdigits import big
from rethink_cli.goround import GoRound, TurnClock, equal_slice
from rethink_cli.steps import all_steps
from rethink_cli.timing import (
    MAX_MINUTES,
    MIN_MINUTES,
    PROTECTED_ACTION_MINUTES,
    make_plan,
    replan,
)
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
    assert "Agreeing actions keeps 28 minutes" in result.message
    assert "the time left for discussion is now: perspectives" in result.message


@given(st.integers(min_value=0, max_value=200 * 60))
def test_actions_never_drop_below_the_protected_minimum(overrun: int) -> None:
    plan = make_plan(90, WEIGHTS)
    used = {1: 300.0, 2: 300.0, 3: 300.0, 4: 1200.0 + overrun}
    new = replan(plan, used, 5).plan
    assert sum(new.for_step(n) for n in (6, 7, 8)) >= PROTECTED_ACTION_MINUTES


def test_hopeless_overrun_says_how_far_over() -> None:
    plan = make_plan(90, WEIGHTS)
    result = replan(plan, {1: 300, 2: 300, 3: 300, 4: 60 * 60, 5: 20 * 60}, 6)
    assert result.message is not None and "will run about" in result.message
    assert sum(result.plan.for_step(n) for n in (6, 7, 8)) == PROTECTED_ACTION_MINUTES


def test_equal_slices() -> None:
    assert equal_slice(20 * 60, 4) == 300
    assert equal_slice(60, 0) == 60


def test_turn_clock_slices_pause_and_extra_minute() -> None:
    clock = FakeClock()
    turns = TurnClock(300, clock)
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
    assert lines[0].startswith("███ ███")


def slow_speaker_script(extra: list[tuple[str, object]]) -> ScriptedPrompter:
    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    script[start + 1 : start + 1] = extra
    return ScriptedPrompter.of(*script)  # type: ignore[arg-type]


class TickingPrompter(ScriptedPrompter):
    """Moves the fake clock as each key is pressed: speakers take real time.

    Like the real prompt, the status line is redrawn every half second meanwhile.
    """

    clock: FakeClock
    per_key: float = 0.0

    def key(self, question):  # type: ignore[no-untyped-def]
        waited = 0.0
        while waited < self.per_key:
            self.clock.advance(0.5)
            waited += 0.5
            if question.status is not None:
                question.status()
            if question.live is not None:
                question.live()
        return super().key(question)


def test_sharing_picture_after_each_round(tmp_path: Path) -> None:
    clock = FakeClock()
    prompter = TickingPrompter(strategy3_script().script)
    prompter.clock = clock
    prompter.per_key = 30
    outcome = f.run_session(prompter, tmp_path, clock=clock)
    text = outcome.screen_text
    assert text.count("How the time was shared") == 2
    assert "Jo Reed" in text.split("How the time was shared")[1]
    # Shown only: no durations reach the exported files.
    for path in tmp_path.iterdir():
        assert "How the time was shared" not in path.read_text("utf-8")


def test_overtime_and_bell_ring_once(tmp_path: Path) -> None:
    clock = FakeClock()
    rings: list[int] = []
    prompter = TickingPrompter(strategy3_script().script)
    prompter.clock = clock
    prompter.per_key = 400  # each key press: nearly seven minutes
    f.run_session(prompter, tmp_path, clock=clock, bell=lambda: rings.append(1))
    overtime = [s for s in prompter.statuses if "over" in s]
    assert overtime and overtime[0].startswith("Step 1 of 9 · +")
    # One bell per step that ran over (and per speaker over their slice), not one per redraw.
    assert 0 < len(rings) < len(prompter.statuses)


def test_overrun_replans_and_says_so(tmp_path: Path) -> None:
    clock = FakeClock()
    prompter = TickingPrompter(strategy3_script().script)
    prompter.clock = clock
    prompter.per_key = 200
    outcome = f.run_session(prompter, tmp_path, clock=clock)
    assert "Discussion ran over. Agreeing actions keeps" in outcome.screen_flat
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
    prompter = SleepyPrompter.of(*script)  # type: ignore[arg-type]
    outcome = f.run_session(prompter, tmp_path, clock=clock)
    assert any("asleep for about 15 minute" in q for q in prompter.asked)
    # Not counted: step 4 shows no 15-minute overrun.
    assert outcome.flow.state.elapsed[4] < 60


def test_plain_mode_draws_nothing_by_itself(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    start = script.index(("select", "then down the list"))
    script.insert(start + 1, ("key", "t"))
    prompter = ScriptedPrompter.of(*script)  # type: ignore[arg-type]
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
            if question.live is not None:
                self.seen.append(question.live())
            return super().key(question)

    prompter = Peek(strategy3_script().script)
    f.run_session(prompter, tmp_path, large=True)
    assert any(line.count("█") > 20 and "left" in line for line in prompter.seen)
