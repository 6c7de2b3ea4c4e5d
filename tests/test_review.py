"""``rethink review``: the questions, the rethink-review/1 record, per-agency Markdown, the CLI."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from markdown_it import MarkdownIt

from rethink_cli.cli.app import run
from rethink_cli.core.errors import InvalidRecordError, SessionInterrupted
from rethink_cli.dialogs.review import run_review
from rethink_cli.export.review import review_exports
from rethink_cli.formats.record import parse_record
from rethink_cli.formats.review import ReviewRecord, parse_review, render_review_toml
from tests.scripted import CTRL_C, FakeClock, ScriptedPrompter
from tests.test_exports import check_golden

REVIEW_DAY = dt.date(2027, 1, 8)

# The answers to "Is the network still stuck?", asked once every action has its answer.
STUCK = ("select", "Yes: it is still stuck")
NOT_STUCK = ("select", "No: the network is moving on")

# Action 1 done; action 2 (due 2 December) not done, new date; action 3 partly done;
# the network still stuck.
SCRIPT: tuple[tuple[str, Any], ...] = (
    ("select", "Done"),
    ("select", "Not done"),
    ("text", "5/2/2027"),
    ("confirm", True),
    ("select", "Partly"),
    ("text", "in 2 weeks"),
    ("confirm", True),
    STUCK,
    ("select", "Save"),
)


def review_of(data: dict[str, Any], *script: tuple[str, Any], today: dt.date = REVIEW_DAY) -> Any:
    prompter = ScriptedPrompter.of(*script)
    result = run_review(parse_record(data), prompter, today)
    assert not prompter.script, "script not used up"
    return result, prompter


def test_each_action_gets_a_status_and_open_ones_a_new_date(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(record_data, *SCRIPT)
    assert isinstance(result, ReviewRecord)
    assert result.review.date == REVIEW_DAY
    assert result.review.case_reference == "PN-4471"
    assert result.review.meeting_date == dt.date(2026, 11, 26)
    got = [(a.number, a.status, a.original_due, a.new_due) for a in result.actions]
    assert got == [
        (1, "done", dt.date(2026, 12, 4), None),
        (2, "not-done", dt.date(2026, 12, 2), dt.date(2027, 2, 5)),
        (3, "partly", dt.date(2026, 12, 11), dt.date(2027, 1, 22)),
    ]
    assert result.actions[1].owner == "Priya Shah" and result.actions[1].agency == "School"
    # The new dates are read back in words before they are kept.
    assert "confirm: Friday 5 February 2027, is that right?" in prompter.asked
    # Only selects, dates and confirmations: nowhere to type a note.
    assert all(q.startswith(("select", "confirm")) or "new date" in q for q in prompter.asked)


def test_dropped_action_needs_no_date(record_data: dict[str, Any]) -> None:
    result, _ = review_of(
        record_data,
        ("select", "No longer needed"),
        ("select", "Done"),
        ("select", "Done"),
        NOT_STUCK,
        ("select", "Save"),
    )
    assert [a.status for a in result.actions] == ["dropped", "done", "done"]
    assert result.overdue() == []


def test_new_date_must_be_after_the_review(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        ("select", "Not done"),
        ("text", "8/1/2027"),  # the review day itself
        ("text", "1/1/2027"),  # before it
        ("text", "31/2/2027"),  # not a date
        ("text", "soon-ish"),
        ("text", "next Friday"),
        ("confirm", False),  # misheard: type it again
        ("text", "22/1/2027"),
        ("confirm", True),
        ("select", "Done"),
        ("select", "Done"),
        NOT_STUCK,
        ("select", "Save"),
    )
    assert result.actions[0].new_due == dt.date(2027, 1, 22)
    assert len(prompter.refusals) == 4
    assert "is not after the review (Friday 8 January 2027)" in prompter.refusals[0]
    assert "is not after the review" in prompter.refusals[1]
    assert "not a real date" in prompter.refusals[2]
    assert "confirm: Friday 15 January 2027, is that right?" in prompter.asked


def test_answers_can_be_changed_before_saving(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(
        record_data,
        ("select", "Done"),
        ("select", "Done"),
        ("select", "Done"),
        NOT_STUCK,
        ("select", "Change action 2"),
        ("select", "Partly"),
        ("text", "12/2/2027"),
        ("confirm", True),
        ("select", "Save"),
    )
    assert [a.status for a in result.actions] == ["done", "partly", "done"]
    overview = [q for q in prompter.asked if q.startswith("select: Review of")]
    assert overview[0].endswith(
        "3 done, 0 partly done, 0 not done, 0 no longer needed; 0 overdue. Outcome: resolved."
    )
    assert overview[1].endswith(
        "2 done, 1 partly done, 0 not done, 0 no longer needed; 1 overdue. Outcome: resolved."
    )
    # The outcome was asked once: changing an action goes straight back to the overview.
    assert sum(q == "select: Is the network still stuck?" for q in prompter.asked) == 1


def test_question_names_the_action_and_warns_when_late(record_data: dict[str, Any]) -> None:
    _, prompter = review_of(
        record_data,
        ("select", "Done"),
        ("select", "Done"),
        ("select", "Done"),
        NOT_STUCK,
        ("select", "Save"),
    )
    first = prompter.asked[0]
    assert "Action 1 of 3: Arrange a joint home visit" in first
    assert "Sam Patel, Children's Social Care, due Friday 4 December 2026" in first
    assert "overdue unless done" in first
    # Reviewed before action 3 was due: no warning for it.
    _, early = review_of(
        record_data,
        ("select", "Done"),
        ("select", "Done"),
        ("select", "Done"),
        NOT_STUCK,
        ("select", "Save"),
        today=dt.date(2026, 12, 5),
    )
    assert "overdue" not in early.asked[2]


def test_ctrl_c_pauses_and_quitting_unsaved_is_confirmed(record_data: dict[str, Any]) -> None:
    # With nowhere to save (no keep), the pause offers carry on or quit, never "save".
    prompter = ScriptedPrompter.of(
        ("select", "Done"),
        CTRL_C,
        ("select", "Quit the review"),
        ("confirm", False),  # not sure: back to the pause
        ("select", "Carry on"),
        CTRL_C,
        ("select", "Quit the review"),
        ("confirm", True),
    )
    with pytest.raises(SessionInterrupted, match="nothing was kept"):
        run_review(parse_record(record_data), prompter, REVIEW_DAY)
    assert "Save and quit" not in str(prompter.asked)
    assert "confirm: Quit without saving? The answers given so far are lost." in prompter.asked
    # Carry on asked action 2 again, the question Ctrl-C had stopped.
    assert prompter.asked[1] == prompter.asked[5] and "Action 2 of 3" in prompter.asked[1]
    # A second Ctrl-C at the pause, with nothing saved, stops.
    twice = ScriptedPrompter.of(CTRL_C, CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        run_review(parse_record(record_data), twice, REVIEW_DAY)


def test_review_before_the_meeting_is_refused(record_data: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="after the meeting"):
        run_review(parse_record(record_data), ScriptedPrompter.of(), dt.date(2026, 11, 26))


def test_overdue_means_late_and_still_open(record_data: dict[str, Any]) -> None:
    result, _ = review_of(record_data, *SCRIPT)
    # 1 is done (not overdue); 2 and 3 were due before the review and are still open.
    assert [a.number for a in result.overdue()] == [2, 3]


# ------------------------------------------------------------------ record and files


def test_review_record_toml_round_trips(record_data: dict[str, Any]) -> None:
    result, _ = review_of(record_data, *SCRIPT)
    text = render_review_toml(result)
    assert text.startswith('schema = "rethink-review/1"\n')
    data = tomllib.loads(text)
    assert data["review"] == {
        "date": REVIEW_DAY,
        "case_reference": "PN-4471",
        "meeting_date": dt.date(2026, 11, 26),
    }
    assert "new_due" not in data["actions"][0]
    assert data["actions"][1]["new_due"] == dt.date(2027, 2, 5)
    assert parse_review(data) == result


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["actions"][0].update(new_due=dt.date(2027, 3, 1)), "only for partly"),
        (lambda d: d["actions"][1].pop("new_due"), "new_due is needed"),
        (lambda d: d["actions"][1].update(new_due=dt.date(2027, 1, 8)), "after the review date"),
        (lambda d: d["actions"][1].update(status="maybe"), "actions[2].status"),
        (lambda d: d["actions"][1].update(notes="what was said"), "actions[2].notes"),
        (lambda d: d.update(schema="rethink-actions/1"), "schema"),
        (lambda d: d["review"].update(date="2027-01-08"), "review.date"),
    ],
)
def test_bad_review_records_are_refused(
    record_data: dict[str, Any], change: Any, expected: str
) -> None:
    result, _ = review_of(record_data, *SCRIPT)
    data = tomllib.loads(render_review_toml(result))
    change(data)
    with pytest.raises(InvalidRecordError) as caught:
        parse_review(data)
    assert any(expected in d for d in caught.value.details), caught.value.details


def test_golden_files(record_data: dict[str, Any]) -> None:
    result, _ = review_of(record_data, *SCRIPT)
    files = review_exports(parse_record(record_data), result)
    assert [f.name for f in files] == [
        "2027-01-08_PN-4471_review.toml",
        "2027-01-08_PN-4471_review_Childrens-Social-Care.md",
        "2027-01-08_PN-4471_review_Health-Visiting.md",
        "2027-01-08_PN-4471_review_School.md",
        "2027-01-08_PN-4471_review_GP-Practice.md",
    ]
    for output in files:
        check_golden(f"review_{output.name}", output.content)


def test_overdue_actions_stand_out(record_data: dict[str, Any]) -> None:
    result, _ = review_of(record_data, *SCRIPT)
    files = {f.name: f.content for f in review_exports(parse_record(record_data), result)}
    school = files["2027-01-08_PN-4471_review_School.md"]
    own, everything = school.split("## All actions")
    assert "2. Share this term" in own and "1. Arrange" not in own
    assert "OVERDUE: was due Wednesday 2 December 2026" in own
    assert "New date: Friday 5 February 2027" in own
    assert "Overdue: 2 of 3 (actions 2, 3)" in school
    # Done on time or not: a done action is never marked overdue.
    first = everything.split("\n2. ")[0]
    assert "OVERDUE" not in first and "Status: Done" in first
    health = files["2027-01-08_PN-4471_review_Health-Visiting.md"]
    assert "No action is owned by Health Visiting." in health


def test_markdown_is_escaped_and_has_no_tables(record_data: dict[str, Any]) -> None:
    record_data["actions"][1]["what"] = "# not a heading [link](https://example.org) | x |"
    result, _ = review_of(record_data, *SCRIPT)
    for output in review_exports(parse_record(record_data), result)[1:]:
        tokens = MarkdownIt("commonmark").enable(["table"]).parse(output.content)
        children = {c.type for t in tokens for c in (t.children or [])}
        assert "link_open" not in children
        assert "table_open" not in {t.type for t in tokens}
        # The title, own actions, all actions, outcome and recording: no heading from a text.
        assert sum(t.type == "heading_open" for t in tokens) == 5


def test_long_agency_names_still_give_safe_distinct_file_names(
    record_data: dict[str, Any],
) -> None:
    long_a = "A" * 110 + " one"
    long_b = "A" * 110 + " two"
    record_data["attendees"][1]["agency"] = long_a
    record_data["attendees"][2]["agency"] = long_b
    record_data["actions"][1]["agency"] = long_b
    result, _ = review_of(record_data, *SCRIPT)
    names = [f.name for f in review_exports(parse_record(record_data), result)]
    assert len(set(names)) == len(names) == 5
    stems = [n.removeprefix("2027-01-08_PN-4471_").removesuffix(".md") for n in names[1:]]
    assert all(len(s) <= 60 and s.startswith("review_") for s in stems)


# ------------------------------------------------------------------ the command


def write_record(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "record.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[ScriptedPrompter]:
    """Pretend to be in a terminal, with a scripted prompter in place of the real one."""
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    used: list[ScriptedPrompter] = []

    def scripted(**kwargs: Any) -> ScriptedPrompter:
        prompter = ScriptedPrompter.of(*SCRIPT)
        used.append(prompter)
        return prompter

    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(rethink_cli.ui.prompter, "TerminalPrompter", scripted)
    return used


def test_command_writes_the_review(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ["review", str(write_record(tmp_path, record_data)), "--out", str(out)]
    assert run([*args, "--date", "8/1/2027"]) == 0
    # The review's files are one folder, named for the review date and the case.
    folder = out / "2027-01-08_PN-4471_review"
    assert list(out.iterdir()) == [folder]
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 5 and "2027-01-08_PN-4471_review.toml" in written
    assert all((folder / n).stat().st_mode & 0o077 == 0 for n in written)
    printed = capsys.readouterr().out
    assert all(f"Wrote {folder / n}" in printed for n in written)
    data = tomllib.loads((folder / "2027-01-08_PN-4471_review.toml").read_text(encoding="utf-8"))
    assert [a["status"] for a in data["actions"]] == ["done", "not-done", "partly"]
    # A second review of the same record on the same day is refused before any question.
    assert run([*args, "--date", "8/1/2027"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Error: A review of this record on Friday 8 January 2027 is already exported to "
        f"{folder}. Choose another folder with --out."
    )
    assert len(terminal) == 1


def test_command_defaults_to_today(
    tmp_path: Path,
    record_data: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    today = clock.today()
    meeting = today - dt.timedelta(days=40)
    record_data["meeting"]["date"] = meeting
    for action in record_data["actions"]:
        action["due"] = meeting + dt.timedelta(days=7)
    record_data["review"]["date"] = today
    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(
        rethink_cli.ui.prompter,
        "TerminalPrompter",
        lambda **kwargs: ScriptedPrompter.of(
            ("select", "Done"),
            ("select", "Done"),
            ("select", "Done"),
            NOT_STUCK,
            ("select", "Save"),
        ),
    )
    args = ["review", str(write_record(tmp_path, record_data)), "--out", str(tmp_path)]
    # The command reads "today" from the clock it is handed, not the computer's.
    assert run(args, clock=clock) == 0
    name = f"{today.isoformat()}_PN-4471_review.toml"
    folder = tmp_path / f"{today.isoformat()}_PN-4471_review"
    data = tomllib.loads((folder / name).read_text(encoding="utf-8"))
    assert data["review"]["date"] == today


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No record file at"),
        (b"\xff\xfe not utf8", "is not UTF-8 text"),
        (b"schema = ", "is not valid TOML"),
    ],
)
def test_broken_record_file_is_one_line_exit_3(
    tmp_path: Path,
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    expected: str,
) -> None:
    path = tmp_path / "broken.toml"
    if content is not None:
        path.write_bytes(content)
    assert run(["review", str(path), "--date", "8/1/2027"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0]
    assert terminal == []


def test_invalid_record_exits_3(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_data["actions"][0]["owner"] = " "
    assert run(["review", str(write_record(tmp_path, record_data)), "--date", "8/1/2027"]) == 3
    assert "actions[1].owner: must not be empty" in capsys.readouterr().err
    assert terminal == []


def test_not_a_terminal_exits_2(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # Under pytest, standard input is not a terminal.
    assert run(["review", str(write_record(tmp_path, record_data))]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs a terminal" in err[0]
    assert list(tmp_path.iterdir()) == [tmp_path / "record.toml"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--date", "someday soon"], "--date: I could not read"),
        (["--date", "26/11/2026"], "must come after the meeting"),
        (["--date", "8/1/2027", "--out", "no-such-folder"], "does not exist"),
    ],
)
def test_bad_options_exit_2_before_any_question(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    record = write_record(tmp_path, record_data)
    fixed = [a if a != "no-such-folder" else str(tmp_path / a) for a in args]
    assert run(["review", str(record), *fixed]) == 2
    assert expected in capsys.readouterr().err
    assert terminal == []


def test_help_lists_review(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["review", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--date" in out and "--out" in out


def test_a_meeting_that_agreed_no_action_has_nothing_to_review(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = {**record_data, "actions": [], "outcome": "not resolved"}
    data["next_route"] = "Take the concern on under your area's escalation protocol"
    args = ["review", str(write_record(tmp_path, data)), "--out", str(tmp_path)]
    assert run([*args, "--date", "8/1/2027"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Error: This meeting agreed no action (outcome: not resolved), so there is nothing to "
        "review. Next route: Take the concern on under your area's escalation protocol."
    )
    assert not terminal or not terminal[0].asked  # refused before any question
