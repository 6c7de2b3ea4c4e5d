"""Never lose an agreed action, never leak a word: small runs of the two figure scripts.

``tests/harness/killtest.py`` kills scripted sessions with SIGKILL and checks the autosave
against a journal of every save; ``tests/harness/hostile_corpus.py`` puts hostile text
through every text prompt and everything after it. The full runs print figures;
these run a few kills and the whole corpus, and check that each harness notices
the failures it exists to catch.
"""

from __future__ import annotations

import datetime as dt
import signal
from pathlib import Path

import pytest

from rethink_cli.core.facts import MeetingFacts
from rethink_cli.core.session import SessionState
from rethink_cli.export import document
from rethink_cli.formats.texts import all_steps
from rethink_cli.storage.autosave import SessionStore, ensure_private_folder
from rethink_cli.ui import screen
from tests.harness import hostile_corpus, killtest

posix_only = pytest.mark.posix  # kill -9


# ------------------------------------------------------------------ kill -9


@posix_only
@pytest.mark.timeout(40)
def test_ten_kills_lose_nothing() -> None:
    report = killtest.run_kills(10, seed=20261126, jobs=2)
    figures = "\n".join(report.lines())
    assert report.lost == 0, figures
    assert report.ok, figures
    assert report.survived + report.too_early + report.after_end == report.attempted == 10
    # The kills really landed inside sessions that had saved something.
    assert report.survived >= 1, figures
    assert report.saves_per_session >= 10, figures


def _state(step: int) -> SessionState:
    setup = MeetingFacts("PN-4471", dt.date(2026, 11, 26), "Alex Morgan", 3, "Sam Patel", "CSC", 90)
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    state.step = step
    return state


def _killed_session(tmp_path: Path, journal: list[tuple[str, int, SessionState]]) -> Path:
    """A work folder as a killed child leaves it: its journal and whatever was saved."""
    work = tmp_path / "attempt"
    (work / "out").mkdir(parents=True)
    ensure_private_folder(work / "state" / "sessions")
    (work / "stderr").write_text("", "utf-8")
    lines = [f"{kind} {n} {killtest.state_digest(s)} t=0.1" for kind, n, s in journal]
    (work / "journal").write_text("\n".join(lines) + "\n", "utf-8")
    return work


@posix_only
def test_the_kill_check_calls_an_older_autosave_a_loss(tmp_path: Path) -> None:
    first, second = _state(2), _state(3)
    work = _killed_session(
        tmp_path,
        [("about", 1, first), ("saved", 1, first), ("about", 2, second), ("saved", 2, second)],
    )
    SessionStore(work / "state" / "sessions", killtest.SESSION_ID).save(first)
    attempt = killtest.check_after_kill(work, -signal.SIGKILL)
    assert attempt.outcome == "lost", attempt
    assert "save #2" in attempt.problem


@posix_only
def test_the_kill_check_accepts_the_save_under_way(tmp_path: Path) -> None:
    first, second = _state(2), _state(3)
    work = _killed_session(
        tmp_path, [("about", 1, first), ("saved", 1, first), ("about", 2, second)]
    )
    store = SessionStore(work / "state" / "sessions", killtest.SESSION_ID)
    store.save(first)
    store.save(second)
    attempt = killtest.check_after_kill(work, -signal.SIGKILL)
    assert attempt.outcome == "survived", attempt
    assert attempt.mid_write
    assert not attempt.bad_modes


@posix_only
def test_the_kill_check_notices_a_readable_autosave(tmp_path: Path) -> None:
    first = _state(2)
    work = _killed_session(tmp_path, [("about", 1, first), ("saved", 1, first)])
    store = SessionStore(work / "state" / "sessions", killtest.SESSION_ID)
    store.save(first)
    store.path.chmod(0o644)
    attempt = killtest.check_after_kill(work, -signal.SIGKILL)
    assert attempt.outcome == "survived"
    assert attempt.bad_modes == [f"{killtest.SESSION_ID}.json is 644, not 600"]


# ------------------------------------------------------------------ hostile text


def test_hostile_corpus_is_refused_or_kept_exactly_and_shown_harmlessly() -> None:
    report = hostile_corpus.run_corpus()
    figures = "\n".join(report.lines(verbose=True))
    assert report.tried >= 200, figures
    assert report.accepted and report.refused, figures
    assert not report.round_trip_failures, figures
    assert not report.leaks, figures
    assert report.ok, figures


def test_corpus_holds_every_family_of_hostile_text() -> None:
    texts = [text for _, text in hostile_corpus.corpus()]
    assert len(texts) == len(set(texts)) >= 200
    joined = "".join(texts)
    for needle in [
        "\x1b[2J",
        "\x1b]0;title\x07",
        "\x1b]8;;",
        "\u202e",
        "\u2066",
        "\u200b",
        "\x00",
        "\x9b",
        "{__class__}",
        "[bold red]x[/]",
        "[link=",
        "<script>",
        "../",
        "C:\\CON",
        "\u200d\U0001f467",
        "\U0001f3fd",
        "\u0301",
        '"""',
        "'''",
        "\r\n",
        "\udcff",
    ]:
        assert needle in joined, needle
    assert any(len(t) >= 10_000 for t in texts)
    assert any(t and not t.strip() for t in texts)


_FEW = [
    ("markup", "[bold red]x[/] and [link=https://evil.example]y[/link]"),
    ("html", "<script>alert(1)</script> # [a](b)"),
]


def test_corpus_notices_markdown_that_is_not_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "escape_markdown", lambda text: text)
    report = hostile_corpus.run_corpus(_FEW)
    assert any("Markdown" in leak for leak in report.leaks), report.lines()


def test_corpus_notices_markup_taken_as_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    def note(self: screen.RichScreen, text: str) -> None:
        self.console.print(text)  # a str is read as Rich markup

    monkeypatch.setattr(screen.RichScreen, "note", note)
    report = hostile_corpus.run_corpus(_FEW)
    assert any("does not show the text as typed" in leak for leak in report.leaks), report.lines()


def test_corpus_notices_raw_escapes_on_screen() -> None:
    state_keys = frozenset({"name"})
    report = hostile_corpus.CorpusReport()
    hostile_corpus.check_screens("Sam \x1b]0;pwned\x07", state_keys, 3, report, "forced")
    assert len(report.leaks) == 2, report.leaks  # boxed and plain
    assert "raw ESC" in report.leaks[0]
