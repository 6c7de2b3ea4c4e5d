"""The one clock seam: who reads the time, and what the room is told about dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from rethink_cli.app.saved import saved_when
from rethink_cli.cli.app import run
from rethink_cli.core.timing import ACTION_RULE
from tests import flow_helpers as f
from tests.scripted import LONDON, FakeClock, ScriptedPrompter
from tests.test_flow import strategy3_script

ROOT = Path(__file__).resolve().parent.parent
# Reading the system clock directly: only rethink_cli/app/clock.py may (ruff bans it in src).
DIRECT = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|datetime\.today)\(")


def test_no_test_or_harness_reads_the_date_behind_the_clock_seam() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("src", "tests", "scripts")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "clock.py" and path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if DIRECT.search(line)
    ]
    assert offenders == []


def test_fake_clock_follows_london_through_the_autumn_change() -> None:
    clock = FakeClock(dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON))  # the first 01:30, BST
    first = clock.now()
    clock.advance(60 * 60)  # an hour later on a watch: 01:30 again, now GMT
    second = clock.now()
    assert (first.hour, first.minute) == (second.hour, second.minute) == (1, 30)
    assert first.utcoffset() == dt.timedelta(hours=1) and second.utcoffset() == dt.timedelta(0)
    assert clock.monotonic() - 1000.0 == 3600.0


def test_midnight_moves_today_and_nothing_else() -> None:
    clock = FakeClock(dt.datetime(2026, 12, 31, 23, 59, 30, tzinfo=LONDON))
    assert clock.today() == dt.date(2026, 12, 31)
    clock.advance(60)
    assert clock.today() == dt.date(2027, 1, 1)


def test_saved_sessions_show_local_time_from_utc() -> None:
    clock = FakeClock(dt.datetime(2026, 10, 25, 9, 0, tzinfo=LONDON))
    # 00:30 UTC was 01:30 BST; 01:20 UTC was 01:20 GMT, later though it reads earlier.
    assert saved_when(dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC), clock) == "today 01:30"
    assert saved_when(dt.datetime(2026, 10, 25, 1, 20, tzinfo=dt.UTC), clock) == "today 01:20"
    assert saved_when(dt.datetime(2026, 10, 24, 12, 0, tzinfo=dt.UTC), clock) == "24/10/2026 13:00"


def test_the_action_rule_is_stated_by_plan_and_readme(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["plan", "--minutes", "30"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert ACTION_RULE in printed
    # 30 minutes: a third, 10 minutes, for steps 6 to 8 together.
    minutes = [int(m) for m in re.findall(r"(\d+) min \(agreeing actions\)", printed)]
    assert sum(minutes) == 10
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert ACTION_RULE in readme


def _weekend_script(keep: bool) -> ScriptedPrompter:
    script = list(strategy3_script().script)
    first_due = script.index(("text", "4/12/2026"))
    # Saturday 5 December: read back with a note; "No" asks for the date again.
    script[first_due : first_due + 2] = [("text", "5/12/2026"), ("confirm", keep)]
    if not keep:
        script[first_due + 2 : first_due + 2] = [("text", "4/12/2026"), ("confirm", True)]
    return ScriptedPrompter.of(*script)


@pytest.mark.parametrize("keep", [True, False])
def test_a_weekend_due_date_gets_a_gentle_note(tmp_path: Path, keep: bool) -> None:
    prompter = _weekend_script(keep)
    outcome = f.run_session(prompter, tmp_path)
    assert "confirm: Saturday 5 December 2026: That is a Saturday. Keep it?" in prompter.asked
    due = outcome.flow.state.actions[0].due
    assert due == (dt.date(2026, 12, 5) if keep else dt.date(2026, 12, 4))


def test_a_bank_holiday_review_date_gets_a_note(tmp_path: Path) -> None:
    script = list(strategy3_script().script)
    review = script.index(("text", "8/1/2027"))
    script[review] = ("text", "28/12/2026")
    prompter = ScriptedPrompter.of(*script)
    f.run_session(prompter, tmp_path)
    asked = [q for q in prompter.asked if q.startswith("confirm: Monday 28 December 2026")]
    assert asked and "a bank holiday in England and Wales. Keep it?" in asked[0]


def _typed(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def relative_script(today: dt.date) -> tuple[ScriptedPrompter, list[dt.date], dt.date]:
    """A whole Strategy 3 session whose dates are typed relative to ``today``.

    Every date is read back with "Yes" (the default), whether or not it falls on
    a weekend, so the same script runs on any day of the year.
    """
    due = [today + dt.timedelta(days=8), today + dt.timedelta(days=14), today + dt.timedelta(22)]
    review = today + dt.timedelta(days=43)
    prompter = ScriptedPrompter.of(
        *f.setup_answers("Strategy 3"),
        *f.intro_pages(),
        *f.introductions(),
        *f.agreement(),
        *f.goround(4, "zz", 5),
        *f.goround(4, "zz", 6),
        *f.three_actions(),
        ("select", "Sam Patel"),
        ("text", _typed(due[0])),
        ("confirm", True),
        ("select", "Priya Shah"),
        ("text", "in 2 weeks"),
        ("confirm", True),
        ("select", "Someone who is not here"),
        ("text", "Dr Lee"),
        ("select", "Another agency"),
        ("text", "GP Practice"),
        ("select", None),  # the Lead Professional passes it on
        ("text", _typed(due[2])),
        ("confirm", True),
        ("select", "Done"),
        *(("text", where) for where in f.RECORDING.values()),
        ("text", _typed(review)),
        ("confirm", True),
        ("select", None),
        ("select", "Done"),
        ("select", None),  # not stuck
        ("select", "Everyone agrees: export"),
    )
    return prompter, due, review


def test_a_whole_session_on_any_date(tmp_path: Path, clock: FakeClock) -> None:
    """Run on 31 December at 23:59 the session crosses midnight; the meeting keeps its date."""
    today = clock.today()
    prompter, due, review = relative_script(today)
    prompter.clock = clock
    prompter.per_key = 30  # each key press half a minute: the session takes a while
    started = clock.now()
    outcome = f.run_session(prompter, tmp_path, clock=clock)
    assert clock.now() - started > dt.timedelta(minutes=5)
    folder = tmp_path / f"{today.isoformat()}_PN-4471"
    record = (folder / f"{today.isoformat()}_PN-4471_actions.toml").read_text("utf-8")
    assert f"date = {today.isoformat()}" in record
    assert [a.due for a in outcome.flow.state.actions] == due
    assert outcome.flow.state.review.date == review
