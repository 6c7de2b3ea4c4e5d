"""`rethink guide`: the questions as data, the decision's full truth table, and the command."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from rethink_cli.cli.app import run
from rethink_cli.core.guide import (
    QUESTIONS,
    STRATEGY_KEYS,
    next_question,
    parse_strategy_key,
    recommend,
)
from rethink_cli.dialogs.guide import run_guide, strategy_lines
from rethink_cli.formats.texts import strategy
from tests.scripted import CTRL_C, ScriptedPrompter

KEYS = ("lead", "raised", "family_meeting", "rethink_held", "still_stuck", "was_independent")
_: None = None  # any answer

# Every row: lead, raised, family meeting unresolved, Re-think held, still stuck,
# that Re-think was independent -> the strategy. Rows never overlap.
TABLE: list[tuple[tuple[bool | None, ...], str]] = [
    ((False, False, _, _, _, _), "1"),
    ((False, True, False, _, _, _), "1"),
    ((False, True, True, False, _, _), "2"),
    ((False, True, True, True, False, _), "2"),
    ((False, True, True, True, True, False), "3"),
    ((False, True, True, True, True, True), "escalation"),
    ((True, _, _, False, _, _), "2"),
    ((True, _, _, True, False, _), "2"),
    ((True, _, _, True, True, False), "3"),
    ((True, _, _, True, True, True), "escalation"),
]

ALL_ANSWERS = [
    dict(zip(KEYS, combo, strict=True)) for combo in itertools.product((True, False), repeat=6)
]


def _matching(answers: dict[str, bool]) -> list[str]:
    return [
        result
        for pattern, result in TABLE
        if all(
            want is None or answers[key] == want for key, want in zip(KEYS, pattern, strict=True)
        )
    ]


def _path(answers: dict[str, bool]) -> dict[str, bool]:
    """Only the answers the guide would actually ask for."""
    asked: dict[str, bool] = {}
    while (question := next_question(asked)) is not None:
        asked[question.key] = answers[question.key]
    return asked


def test_questions_are_well_formed() -> None:
    keys = [q.key for q in QUESTIONS]
    assert keys == list(KEYS)
    assert len(set(keys)) == len(keys)
    assert not set(keys) & set(STRATEGY_KEYS)
    for question in QUESTIONS:
        assert question.message.endswith("?")
        assert question.yes in keys or question.yes in STRATEGY_KEYS
        assert question.no in keys or question.no in STRATEGY_KEYS


@pytest.mark.parametrize(
    "answers", ALL_ANSWERS, ids=lambda a: "".join("YN"[not v] for v in a.values())
)
def test_full_truth_table(answers: dict[str, bool]) -> None:
    matches = _matching(answers)
    assert len(matches) == 1, f"the table must cover {answers} exactly once"
    assert recommend(answers) == matches[0]
    # Asking only the questions on the path leads to the same place.
    assert recommend(_path(answers)) == matches[0]


def test_every_outcome_and_question_is_reachable() -> None:
    assert {recommend(a) for a in ALL_ANSWERS} == set(STRATEGY_KEYS)
    asked = {key for a in ALL_ANSWERS for key in _path(a)}
    assert asked == set(KEYS)


def test_a_lead_professional_is_never_sent_to_strategy_1() -> None:
    assert all(recommend(a) != "1" for a in ALL_ANSWERS if a["lead"])
    assert "raised" not in _path({**ALL_ANSWERS[0], "lead": True})


def test_a_missing_answer_on_the_path_is_an_error() -> None:
    with pytest.raises(ValueError, match="raised"):
        recommend({"lead": False})
    with pytest.raises(ValueError, match="lead"):
        recommend({})


def test_answers_off_the_path_are_ignored() -> None:
    assert recommend({"lead": False, "raised": False, "still_stuck": True}) == "1"


def test_run_guide_asks_only_the_questions_on_the_path() -> None:
    prompter = ScriptedPrompter.of(("confirm", False), ("confirm", False))
    assert run_guide(prompter) == "1"
    assert prompter.asked == [
        "confirm: Are you the Lead Professional for this child?",
        "confirm: Have you already shared your worries with the Lead Professional?",
    ]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ([True, False], "2"),
        ([True, True, False], "2"),
        ([True, True, True, False], "3"),
        ([True, True, True, True], "escalation"),
        ([False, True, False], "1"),
        ([False, True, True, False], "2"),
        ([False, True, True, True, True, False], "3"),
        ([False, True, True, True, True, True], "escalation"),
    ],
)
def test_run_guide_paths(script: list[bool], expected: str) -> None:
    prompter = ScriptedPrompter.of(*[("confirm", answer) for answer in script])
    assert run_guide(prompter) == expected
    assert not prompter.script, "every scripted answer is used"
    assert len(prompter.asked) == len(script)


def test_run_guide_defaults_to_no() -> None:
    prompter = ScriptedPrompter.of(("confirm", None), ("confirm", None))
    assert run_guide(prompter) == "1"


def test_ctrl_c_stops_the_guide() -> None:
    with pytest.raises(KeyboardInterrupt):
        run_guide(ScriptedPrompter.of(("confirm", False), CTRL_C))


@pytest.mark.parametrize("value", ["1", "2", "3", "escalation", " Escalation "])
def test_parse_strategy_key(value: str) -> None:
    assert parse_strategy_key(value) == value.strip().lower()


@pytest.mark.parametrize("value", ["", "0", "4", "one", "2.0", "strategy 2"])
def test_parse_strategy_key_refuses(value: str) -> None:
    with pytest.raises(ValueError, match="must be 1, 2, 3 or escalation"):
        parse_strategy_key(value)


@pytest.mark.parametrize("key", STRATEGY_KEYS)
def test_every_strategy_has_what_to_prepare(key: str) -> None:
    chosen = strategy(key)
    assert chosen.prepare, f"strategies.{key} needs a prepare list"
    assert all(item.strip() for item in chosen.prepare)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("key", STRATEGY_KEYS)
def test_strategy_option_prints_everything(key: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["guide", "--strategy", key]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    out = _flat(captured.out)
    chosen = strategy(key)
    assert captured.out.startswith(chosen.title + "\n")
    for text in (chosen.when, *chosen.options, *chosen.prepare):
        assert _flat(text) in out
    assert "What to prepare" in out
    if chosen.note:
        assert _flat(chosen.note) in out
    assert all(len(line) <= 99 for line in captured.out.splitlines())


def test_strategy_option_needs_no_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["guide", "-s", "2"]) == 0
    assert "Strategy 2" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["4", "two", ""])
def test_bad_strategy_is_exit_2_with_one_line(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["guide", "--strategy", value]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"Error: --strategy must be 1, 2, 3 or escalation, not {value!r}."
    ]


def test_questions_need_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    # Under pytest standard input is not a terminal.
    assert run(["guide"]) == 2
    err = capsys.readouterr().err
    assert "rethink guide needs a terminal" in err
    assert len(err.splitlines()) == 1


def test_interactive_guide_through_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    prompter = ScriptedPrompter.of(
        ("confirm", True), ("confirm", True), ("confirm", True), ("confirm", False)
    )
    called: list[str] = []

    def fake_prompter(**_: Any) -> ScriptedPrompter:
        return prompter

    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", called.append)
    monkeypatch.setattr(rethink_cli.ui.prompter, "TerminalPrompter", fake_prompter)
    assert run(["guide"]) == 0
    assert called == ["guide"]
    out = capsys.readouterr().out
    assert "this fits now" in out
    assert strategy("3").title in out
    assert strategy("2").title not in out


def test_interactive_guide_ctrl_c_is_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(
        rethink_cli.ui.prompter, "TerminalPrompter", lambda **_: ScriptedPrompter.of(CTRL_C)
    )
    assert run(["guide"]) == 130
    # No traceback reaches the screen (cli.run's "Stopped." line is a known gap, see test_e2e).
    assert "Traceback" not in capsys.readouterr().err


def test_strategy_lines_wrap_to_the_width() -> None:
    lines = strategy_lines(strategy("2"), width=50)
    assert lines[0] == strategy("2").title
    assert all(len(line) <= 50 for line in lines)
    assert lines[-1] != ""
