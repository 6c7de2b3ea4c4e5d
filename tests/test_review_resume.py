"""``rethink review`` saves every confirmed answer and resumes at the exact question.

The command is driven with the scripted prompter. A review is stopped at every
question in turn (Ctrl-C then "Save and quit", a kill, a closed terminal), then
run again and resumed with the rest of the same script: if anything confirmed
were asked again, or anything skipped, the script would fall out of step; and
the files written must be exactly those of an uninterrupted run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.cli.app import run
from rethink_cli.core.errors import InvalidRecordError, SessionInterrupted, SessionTerminated
from rethink_cli.dialogs.review import run_review
from rethink_cli.formats.record import parse_record
from rethink_cli.formats.review_save import (
    SavedReview,
    read_saved_review,
    record_key,
    saved_review_json,
)
from rethink_cli.formats.review_subject import UnderReview, from_record
from rethink_cli.storage.autosave import list_sessions, state_folder
from rethink_cli.storage.review_store import ReviewStore
from tests.scripted import CTRL_C, FakeClock, Interrupt, ScriptedPrompter
from tests.test_review import (
    ALL_HERE,
    NEXT,
    NO_NEW,
    NOT_STUCK,
    PRESENT,
    REVIEW_DAY,
    SCRIPT,
    STUCK,
)

Entry = tuple[str, Any] | Interrupt
DATE = ["--date", "8/1/2027"]
# How much of SCRIPT answers up to action 2's new date typed (not yet read back), and
# up to it confirmed.
DATE_2_TYPED = len(PRESENT) + 3
DATE_2_CONFIRMED = len(PRESENT) + 4
# The review's files: the record, then the Lead's list and four agencies' copies, .md and .txt.
FILES = 11


def subject_of(record_data: dict[str, Any]) -> UnderReview:
    return from_record(parse_record(record_data))


class Killed(BaseException):
    """Stands for kill -9: nothing in the program sees it coming or cleans up after it."""


class Kill(Interrupt):
    """A script entry that kills the program at the next prompt."""


class Hangup(Interrupt):
    """A script entry that closes the terminal (SIGHUP) at the next prompt."""


KILL = Kill()
HANGUP = Hangup()


class Prompter(ScriptedPrompter):
    def _next(self, kind: str, message: str, **extra: Any) -> Any:
        if self.script and isinstance(self.script[0], Kill | Hangup):
            entry = self.script.popleft()
            self.asked.append(f"{kind}: {message}")
            raise Killed if isinstance(entry, Kill) else SessionTerminated(1)
        return super()._next(kind, message, **extra)


@dataclass
class Outcome:
    code: int
    prompter: Prompter
    out: str
    err: str


Review = Callable[..., Outcome]


@pytest.fixture
def record_file(tmp_path: Path, record_data: dict[str, Any]) -> Path:
    path = tmp_path / "record.toml"
    path.write_text(tomli_w.dumps(record_data), encoding="utf-8")
    return path


@pytest.fixture
def review(
    monkeypatch: pytest.MonkeyPatch, record_file: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[Review]:
    """Run ``rethink review RECORD`` in a pretend terminal answering from a script."""
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    # Files written without --out go to the current folder: a scratch one, never the repository.
    here = record_file.parent / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    waiting: list[Prompter] = []
    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(rethink_cli.ui.prompter, "TerminalPrompter", lambda **kw: waiting.pop())

    def go(*entries: Entry, args: list[str] = DATE) -> Outcome:
        prompter = Prompter(deque(entries))
        waiting.append(prompter)
        try:
            code = run(["review", str(record_file), *args], clock=FakeClock())
        except SystemExit as stop:  # a closed terminal leaves with 128 + the signal
            assert isinstance(stop.code, int)
            code = stop.code
        captured = capsys.readouterr()
        return Outcome(code, prompter, captured.out, captured.err)

    yield go


def folder(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


# The review's files go into one folder of their own inside --out.
REVIEW_FOLDER = "2027-01-08_PN-4471_review"


def written(out: Path) -> dict[str, str]:
    """Every file under ``out``, by its path inside it: the folder's name counts too."""
    files = sorted(p for p in out.rglob("*") if p.is_file())
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in files}


def review_files() -> list[Path]:
    return sorted(p for p in state_folder().iterdir() if ".review" in p.name)


@pytest.fixture
def uninterrupted(review: Review, tmp_path: Path) -> dict[str, str]:
    """The files of the scripted review run straight through."""
    out = folder(tmp_path, "straight")
    done = review(*SCRIPT, args=[*DATE, "--out", str(out)])
    assert done.code == 0 and not done.prompter.script
    assert review_files() == []
    return written(out)


# ------------------------------------------------------------------ at every question


@pytest.mark.parametrize("how", ["save", "kill", "hangup"])
@pytest.mark.parametrize("at", range(len(SCRIPT)))
def test_stopped_at_every_question_resumes_to_the_same_files(
    review: Review,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_data: dict[str, Any],
    uninterrupted: dict[str, str],
    at: int,
    how: str,
) -> None:
    out = folder(tmp_path, "out")
    stop: tuple[Entry, ...] = {
        "save": (CTRL_C, ("select", "Save and quit")),
        "kill": (KILL,),
        "hangup": (HANGUP,),
    }[how]
    if how == "kill":
        with pytest.raises(Killed):
            review(*SCRIPT[:at], *stop, args=[*DATE, "--out", str(out)])
        # kill -9 leaves its lock behind, naming a process that is gone.
        store = ReviewStore.for_subject(subject_of(record_data))
        store.lock_path.write_text(json.dumps({"pid": 1, "host": "a-dead-laptop"}))
    else:
        stopped = review(*SCRIPT[:at], *stop, args=[*DATE, "--out", str(out)])
        assert stopped.code == (130 if how == "save" else 129)
        assert not stopped.prompter.script
        said = stopped.err.strip().splitlines()[-1]
        if at == 0:
            assert "nothing to save" in said
        else:
            assert "The review is saved." in said and "rethink review " in said
    assert list(out.iterdir()) == []
    # The second run: from another folder, with no options; the save knows the date and folder.
    # (Stopped before the first answer, nothing was saved: the review is simply run again.)
    monkeypatch.chdir(folder(tmp_path, "elsewhere"))
    resume = (("select", "Resume the review of Friday 8 January 2027"),) if at else ()
    again = review(*resume, *SCRIPT[at:], args=[] if at else [*DATE, "--out", str(out)])
    assert again.code == 0, again.err
    assert not again.prompter.script
    # Nothing confirmed was asked again: one question for each answer still to give.
    assert len(again.prompter.asked) == len(resume) + len(SCRIPT) - at
    assert written(out) == uninterrupted
    assert review_files() == []


@pytest.mark.parametrize("at", range(len(SCRIPT)))
def test_carry_on_at_every_question_asks_that_question_again(
    record_data: dict[str, Any], at: int
) -> None:
    record = subject_of(record_data)
    straight = run_review(record, ScriptedPrompter.of(*SCRIPT), REVIEW_DAY)
    prompter = ScriptedPrompter.of(*SCRIPT[:at], CTRL_C, ("select", "Carry on"), *SCRIPT[at:])
    kept: list[Any] = []
    result = run_review(record, prompter, REVIEW_DAY, keep=kept.append)
    assert result == straight and not prompter.script
    interrupted, again = prompter.asked[at], prompter.asked[at + 2]
    # The same question (a date question may name its action again, for context).
    assert interrupted.split(":")[0] == again.split(":")[0]
    assert again.endswith(interrupted.split(": ", 1)[1])
    # Every answer is kept as it is given: one save per answer, none for the pause.
    assert len(kept) == len(SCRIPT) - 1


def test_ctrl_c_that_cuts_a_save_short_is_saved_at_quit(record_data: dict[str, Any]) -> None:
    kept: list[Any] = []
    cut: list[bool] = []

    def keep(progress: Any) -> None:
        if len(progress.answers) == 2 and not cut:
            cut.append(True)
            raise KeyboardInterrupt  # pressed while the second answer was being written
        kept.append(progress)

    prompter = ScriptedPrompter.of(*SCRIPT[:DATE_2_CONFIRMED], ("select", "Save and quit"))
    with pytest.raises(SessionInterrupted, match="The review is saved"):
        run_review(subject_of(record_data), prompter, REVIEW_DAY, keep=keep)
    assert cut and [a.status for a in kept[-1].answers] == ["done", "not-done"]


def test_resumed_date_question_names_the_action_and_its_status(review: Review) -> None:
    stopped = review(*SCRIPT[: DATE_2_TYPED - 1], CTRL_C, ("select", "Save and quit"))
    assert stopped.code == 130
    again = review(("select", "Resume"), *SCRIPT[DATE_2_TYPED - 1 :])
    assert again.code == 0
    question = again.prompter.asked[1]
    assert question.startswith("text: Action 2 of 3: Share this term's attendance")
    assert "(Priya Shah, School, due Wednesday 2 December 2026): not done." in question
    assert "Resuming the review. The files will be written to" in again.out


# ------------------------------------------------------------------ the outcome

STUCK_QUESTION = "select: Is the network still stuck?"
# SCRIPT's answers up to the next review: the outcome question comes next.
ACTIONS_ANSWERED = SCRIPT.index(STUCK)


def test_stopped_right_after_the_outcome_resumes_at_the_overview(
    review: Review, tmp_path: Path, uninterrupted: dict[str, str]
) -> None:
    stopped = review(*SCRIPT[: ACTIONS_ANSWERED + 1], CTRL_C, ("select", "Save and quit"))
    assert stopped.code == 130 and stopped.prompter.asked[-3] == STUCK_QUESTION
    latest = next(p for p in review_files() if p.name.endswith(".review"))
    saved = json.loads(latest.read_text(encoding="utf-8"))
    assert saved["progress"]["stuck"] is True
    out = folder(tmp_path, "out")
    again = review(("select", "Resume"), ("select", "Save"), args=["--out", str(out)])
    assert again.code == 0, again.err
    # Not asked again: straight to the overview, which says the outcome and the route.
    assert STUCK_QUESTION not in again.prompter.asked
    assert again.prompter.asked[1].endswith(
        "Outcome: not resolved. Next: Take the concern on under your area's escalation protocol."
    )
    assert written(out) == uninterrupted


@pytest.mark.parametrize("saved_by", ["this rethink", "an older rethink"])
def test_stopped_before_the_outcome_asks_it_on_resume(
    review: Review, tmp_path: Path, uninterrupted: dict[str, str], saved_by: str
) -> None:
    data = saved_data(review, upto=ACTIONS_ANSWERED)
    assert data["progress"]["stuck"] is None and len(data["progress"]["answers"]) == 3
    if saved_by == "an older rethink":
        # Saved before the question existed: no "stuck" at all.
        del data["progress"]["stuck"]
        write_latest(data)
    out = folder(tmp_path, "out")
    again = review(("select", "Resume"), *SCRIPT[ACTIONS_ANSWERED:], args=["--out", str(out)])
    assert again.code == 0, again.err
    assert again.prompter.asked[1] == STUCK_QUESTION
    assert written(out) == uninterrupted


# ------------------------------------------------------------------ the files


def unwrapped(text: str) -> str:
    """What the screen said, with the terminal's line wrapping undone."""
    return " ".join(text.split())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_save_is_private_and_gone_after_export(review: Review, tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        stopped = review(*SCRIPT[:DATE_2_CONFIRMED], CTRL_C, ("select", "Save and quit"))
    finally:
        os.umask(old)
    assert stopped.code == 130
    assert mode(state_folder()) == 0o700
    names = [p.name for p in review_files()]
    assert len(names) == 2 and all(n.endswith((".review", ".review.prev")) for n in names)
    assert all(mode(p) == 0o600 for p in review_files())
    # Not in the current folder, nor anywhere near the record.
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["here", "record.toml"]
    saved = json.loads(review_files()[0].read_text(encoding="utf-8"))
    assert saved["format"] == "rethink-review-save/2"
    assert [a["status"] for a in saved["progress"]["answers"]] == ["done", "not-done"]
    assert [p["name"] for p in saved["progress"]["present"]] == [
        "Sam Patel",
        "Priya Shah",
        "Dr Lee",
    ]
    again = review(
        ("select", "Resume"), *SCRIPT[DATE_2_CONFIRMED:], args=[*DATE, "--out", str(tmp_path)]
    )
    assert again.code == 0
    assert review_files() == []
    assert len(list((tmp_path / REVIEW_FOLDER).glob("2027-01-08_PN-4471_review*"))) == FILES


def test_a_saved_review_is_not_a_session(
    review: Review, capsys: pytest.CaptureFixture[str]
) -> None:
    assert review(*SCRIPT[:3], CTRL_C, ("select", "Save and quit")).code == 130
    assert len(review_files()) == 2
    assert list_sessions(state_folder()) == []
    assert run(["session", "list"]) == 0
    listed = capsys.readouterr()
    assert "PN-4471" not in listed.out + listed.err
    assert run(["session", "discard", "--all", "--yes"]) == 0
    capsys.readouterr()
    # The session commands leave the review alone.
    assert len(review_files()) == 2


def test_a_review_open_elsewhere_is_refused(review: Review, record_data: dict[str, Any]) -> None:
    from tests.lock_holder import holding

    store = ReviewStore.for_subject(subject_of(record_data))
    with holding(store.lock_path.parent, store.key, review=True):
        refused = review(*SCRIPT)
    assert refused.code == 1 and refused.prompter.asked == []
    assert refused.err.strip() == (
        "Error: A review of this record is open in another rethink. Close that one first."
    )


# ------------------------------------------------------------------ choices on the way


def test_start_again_deletes_the_saved_answers(review: Review, tmp_path: Path) -> None:
    assert review(*SCRIPT[:14], CTRL_C, ("select", "Save and quit")).code == 130
    again = review(
        ("select", "Start the review again"),
        *ALL_HERE,
        ("select", "No longer needed"),
        ("select", "Done"),
        CTRL_C,
        ("select", "Save and quit"),
    )
    assert again.code == 130
    offer = again.prompter.asked[0]
    assert "A review of PN-4471 was interrupted" in offer
    # Resume is the default choice: one flustered Enter keeps the answers.
    out = folder(tmp_path, "out")
    third = review(
        ("select", None),
        ("select", "Done"),
        *NO_NEW,
        *NEXT,
        NOT_STUCK,
        ("select", "Save"),
        args=["--out", str(out)],
    )
    assert third.code == 0, third.err
    # The answers of the second run, none of the first: action 1 no longer needed.
    record = (out / REVIEW_FOLDER / "2027-01-08_PN-4471_review.toml").read_text(encoding="utf-8")
    statuses = [line for line in record.splitlines() if line.startswith("status")]
    assert statuses == ['status = "dropped"', 'status = "done"', 'status = "done"']


def test_discard_at_the_pause_deletes_the_save(review: Review) -> None:
    discarded = review(
        *SCRIPT[:3],
        CTRL_C,
        ("select", "Discard this review"),
        ("confirm", False),  # not sure: back to the pause
        ("select", "Discard this review"),
        ("confirm", True),
    )
    assert discarded.code == 130 and not discarded.prompter.script
    assert "The review was discarded" in discarded.err
    assert review_files() == []


def test_second_ctrl_c_at_the_pause_saves(review: Review) -> None:
    stopped = review(*SCRIPT[:1], CTRL_C, CTRL_C)
    assert stopped.code == 130 and "The review is saved." in stopped.err
    assert len(review_files()) == 1


def test_an_explicit_out_wins_over_the_saved_folder(review: Review, tmp_path: Path) -> None:
    first, second = folder(tmp_path, "first"), folder(tmp_path, "second")
    assert (
        review(
            *SCRIPT[:1], CTRL_C, ("select", "Save and quit"), args=[*DATE, "--out", str(first)]
        ).code
        == 130
    )
    again = review(("select", "Resume"), *SCRIPT[1:], args=["--out", str(second)])
    assert again.code == 0
    assert f"The files will be written to {second / REVIEW_FOLDER}." in unwrapped(again.out)
    assert list(first.iterdir()) == [] and len(list((second / REVIEW_FOLDER).iterdir())) == FILES


def test_a_failed_write_keeps_the_answers(
    review: Review, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rethink_cli.export.writer
    from rethink_cli.core.errors import ExportError

    real = rethink_cli.export.writer.write_file_set

    def full_disk(*args: Any, **kwargs: Any) -> list[Path]:
        raise ExportError("The disk is full.")

    monkeypatch.setattr(rethink_cli.export.writer, "write_file_set", full_disk)
    failed = review(*SCRIPT, args=[*DATE, "--out", str(tmp_path)])
    assert failed.code == 1
    assert "The answers are saved: run the same command again to write them." in failed.err
    monkeypatch.setattr(rethink_cli.export.writer, "write_file_set", real)
    # Back at the overview: only "Save" is left to answer.
    again = review(("select", "Resume"), ("select", "Save"), args=[])
    assert again.code == 0 and again.prompter.asked[1].startswith("select: Review of 3 actions")
    assert review_files() == []


@pytest.mark.parametrize("when", ["writing", "after the rename"])
def test_a_review_killed_while_writing_finishes_when_run_again(
    review: Review,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    uninterrupted: dict[str, str],
    when: str,
) -> None:
    """Killed with the files half in a hidden folder, or just after they went in."""
    from rethink_cli.export import folder_set

    real_put, real_move, real_remove = (
        folder_set.put_file,
        folder_set.move_folder_in,
        folder_set.remove_tree,
    )
    put: list[Path] = []

    def put_then_die(path: Path, content: bytes) -> None:
        if len(put) == 2:
            raise Killed
        put.append(path)
        real_put(path, content)

    def move_then_die(source: Path, target: Path) -> None:
        real_move(source, target)
        raise Killed

    if when == "writing":
        monkeypatch.setattr(folder_set, "put_file", put_then_die)
    else:
        monkeypatch.setattr(folder_set, "move_folder_in", move_then_die)
    monkeypatch.setattr(folder_set, "remove_tree", lambda path: False)  # a kill cleans nothing
    out = folder(tmp_path, "out")
    with pytest.raises(Killed):
        review(*SCRIPT, args=[*DATE, "--out", str(out)])
    shown = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    assert shown == ([] if when == "writing" else [REVIEW_FOLDER])
    monkeypatch.setattr(folder_set, "put_file", real_put)
    monkeypatch.setattr(folder_set, "move_folder_in", real_move)
    monkeypatch.setattr(folder_set, "remove_tree", real_remove)
    # Every answer was saved: only "Save" is left, and the files are written (or found written).
    again = review(("select", "Resume"), ("select", "Save"), args=[])
    assert again.code == 0, again.err
    assert written(out) == uninterrupted
    assert [p.name for p in out.iterdir()] == [REVIEW_FOLDER]  # the hidden leftover is gone
    assert review_files() == []


# ------------------------------------------------------------------ damaged or edited saves


def saved_data(review: Review, upto: int = DATE_2_CONFIRMED) -> dict[str, Any]:
    assert review(*SCRIPT[:upto], CTRL_C, ("select", "Save and quit")).code == 130
    latest = next(p for p in review_files() if p.name.endswith(".review"))
    data: dict[str, Any] = json.loads(latest.read_text(encoding="utf-8"))
    return data


def write_latest(data: dict[str, Any] | bytes) -> None:
    latest = next(p for p in review_files() if p.name.endswith(".review"))
    latest.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: b"{ not json", "Invalid JSON"),
        (lambda d: d["progress"]["answers"][1].update(status="maybe"), "answers[2].status"),
        (lambda d: d["progress"].update(notes="what was said"), "progress.notes"),
        (lambda d: d.update(review_date="2026-11-20"), "after the meeting date"),
        (lambda d: d["progress"]["answers"][0].update(what="Something else"), "action 1"),
        (lambda d: d.update(record="0" * 16), "another record"),
        # The outcome is asked only once every action has its answer.
        (lambda d: d["progress"].update(stuck=True), "do not fit"),
        # Strategy 3 keeps no reason, so a save cannot bring one in.
        (lambda d: d["progress"]["answers"][1].update(why_not="Busy"), "does not fit this"),
        (lambda d: d["progress"].update(checked=4), "do not fit"),
    ],
)
def test_a_damaged_save_is_refused_in_one_line_and_the_previous_copy_used(
    review: Review, change: Callable[[dict[str, Any]], Any], expected: str
) -> None:
    data = saved_data(review)
    changed = change(data)
    write_latest(changed if isinstance(changed, bytes) else data)
    # The previous copy (one answer fewer: the date of action 2 not yet confirmed) is good.
    again = review(("select", "Resume"), *SCRIPT[DATE_2_TYPED:])
    assert again.code == 0, again.err
    said = unwrapped(again.out)
    # One message (the screen may wrap it), naming the problem, then the previous copy.
    refusal = said.split(" Using the previous copy: the very last answer may be missing.")[0]
    assert refusal.startswith("The saved review of this record ") and expected in refusal, said
    assert said.count("The saved review") == 1
    assert review_files() == []


def test_with_no_good_copy_the_review_starts_again(review: Review) -> None:
    saved_data(review, upto=1)  # one answer: no previous copy yet
    write_latest(b"\x00\xff")
    declined = review(("confirm", False))
    assert declined.code == 130 and "kept as it was" in declined.err
    assert len(review_files()) == 1
    again = review(("confirm", True), *SCRIPT)
    assert again.code == 0 and again.prompter.asked[0] == (
        "confirm: Start the review again? The saved answers are deleted."
    )
    assert review_files() == []


# ------------------------------------------------------------------ the format


def test_saved_review_round_trips_and_is_strict(record_data: dict[str, Any]) -> None:
    record = parse_record(record_data)
    subject = from_record(record)
    kept: list[Any] = []
    prompter = ScriptedPrompter.of(*SCRIPT[:DATE_2_TYPED], CTRL_C, ("select", "Save and quit"))
    with pytest.raises(SessionInterrupted, match="The review is saved"):
        run_review(subject, prompter, REVIEW_DAY, keep=kept.append)
    saved = SavedReview(
        format="rethink-review-save/2",
        record=record_key(record),
        case_reference="PN-4471",
        meeting_date=dt.date(2026, 11, 26),
        review_date=REVIEW_DAY,
        out_dir="/somewhere",
        progress=kept[-1],
    )
    # Action 2's date is typed, not yet confirmed: it is kept as such.
    draft = saved.progress.draft
    assert draft is not None and getattr(draft, "typed_due", None) == dt.date(2027, 2, 5)
    assert read_saved_review(saved_review_json(saved)) == saved
    assert saved.mismatch(subject) is None
    broken = json.loads(saved_review_json(saved))
    broken["progress"]["draft"]["status"] = "done"
    with pytest.raises(InvalidRecordError, match="draft"):
        read_saved_review(json.dumps(broken).encode())
    broken = json.loads(saved_review_json(saved))
    broken["progress"]["draft"]["number"] = 3
    with pytest.raises(InvalidRecordError, match="half-given answer"):
        read_saved_review(json.dumps(broken).encode())
    broken = json.loads(saved_review_json(saved))
    broken["progress"]["changing"] = 3
    with pytest.raises(InvalidRecordError, match="changing must name an action"):
        read_saved_review(json.dumps(broken).encode())


def test_same_record_same_key_wherever_it_is(record_data: dict[str, Any]) -> None:
    key = record_key(parse_record(record_data))
    assert key == record_key(parse_record(record_data)) and len(key) == 16
    record_data["actions"][0]["what"] = "Something else"
    assert record_key(parse_record(record_data)) != key


def test_a_save_from_an_older_rethink_is_refused_in_one_line(
    review: Review, record_data: dict[str, Any], tmp_path: Path
) -> None:
    store = ReviewStore.for_subject(subject_of(record_data))
    old = {
        "format": "rethink-review-save/1",
        "record": store.key,
        "case_reference": "PN-4471",
        "meeting_date": "2026-11-26",
        "review_date": "2027-01-08",
        "out_dir": str(tmp_path),
        "progress": {"answers": [], "changing": None, "draft": None, "stuck": None},
    }
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps(old), encoding="utf-8")
    store.previous_path.write_text(json.dumps(old), encoding="utf-8")
    out = folder(tmp_path, "out")
    again = review(("confirm", True), *SCRIPT, args=[*DATE, "--out", str(out)])
    assert again.code == 0, again.err
    said = unwrapped(again.out)
    # Said once (its previous copy is as old), then the review starts afresh.
    assert said.count("made by an older rethink") == 1
    assert (
        "The saved review of this record was made by an older rethink, before a review asked "
        "who is here, so it cannot be continued." in said
    )
    assert again.prompter.asked[0] == (
        "confirm: Start the review again? The saved answers are deleted."
    )
    assert review_files() == []


def test_a_review_of_a_review_is_saved_under_its_own_name(record_data: dict[str, Any]) -> None:
    from rethink_cli.formats.review_subject import from_review

    result = run_review(subject_of(record_data), ScriptedPrompter.of(*SCRIPT), REVIEW_DAY)
    assert from_review(result).key != subject_of(record_data).key
    assert len(from_review(result).key) == 16
