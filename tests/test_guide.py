"""`rethink guide`: every path through the questions, the pages in the area's words, the command."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from rethink_cli.cli.app import run
from rethink_cli.core.guide import (
    OPENING,
    QUESTIONS,
    RESOLVED,
    ROUTE_KEYS,
    STRATEGY_KEYS,
    all_paths,
    next_question,
    parse_strategy_key,
    recommend,
)
from rethink_cli.core.guide_area import PLACEHOLDERS, Area
from rethink_cli.dialogs.guide import (
    AREA_TIP,
    opening_lines,
    page_lines,
    route_page,
    run_guide,
)
from tests.scripted import CTRL_C, ScriptedPrompter
from tests.test_config import write_config

Y, N = True, False

# Every path through the guide: the answers in the order they are asked, and
# the route they reach. Each comment says which part of the guidance the row
# follows. test_the_table_is_every_path_of_the_tree keeps the table complete.
PATHS: list[tuple[tuple[tuple[str, bool], ...], str]] = [
    # A Re-think was held and the network moved on: nothing new, keep to the
    # agreed actions and their review.
    ((("rethink_tried", Y), ("still_stuck", N)), "resolved"),
    # Still stuck after an independent Re-think: every Re-think strategy has been
    # tried, so the escalation protocol starts.
    ((("rethink_tried", Y), ("still_stuck", Y), ("was_independent", Y)), "escalation"),
    # Still stuck after a Re-think led within the network (Strategy 2): ask for
    # an independent facilitator.
    ((("rethink_tried", Y), ("still_stuck", Y), ("was_independent", N)), "3"),
    # The Lead Professional skips Strategy 1 and, with progress still limited,
    # arranges a Re-think within the network.
    ((("rethink_tried", N), ("lead", Y), ("lead_progress", Y)), "2"),
    # The Lead Professional sees progress being made: no strategy is needed.
    ((("rethink_tried", N), ("lead", Y), ("lead_progress", N)), "resolved"),
    # The worries have not reached the Lead Professional yet: the first step is
    # a restorative conversation with them.
    ((("rethink_tried", N), ("lead", N), ("raised", N)), "1"),
    # The Lead Professional does not accept the worries: the guidance sends
    # this straight to the escalation protocol, not back to Strategy 1.
    ((("rethink_tried", N), ("lead", N), ("raised", Y), ("lead_agrees", N)), "escalation"),
    # The Lead Professional agrees but has not met the family yet: calling that
    # meeting is still part of Strategy 1.
    (
        (
            ("rethink_tried", N),
            ("lead", N),
            ("raised", Y),
            ("lead_agrees", Y),
            ("family_meeting", N),
        ),
        "1",
    ),
    # The meeting with the family settled the worries: keep to what it agreed.
    (
        (
            ("rethink_tried", N),
            ("lead", N),
            ("raised", Y),
            ("lead_agrees", Y),
            ("family_meeting", Y),
            ("meeting_unresolved", N),
        ),
        "resolved",
    ),
    # The family meeting did not settle them: a Re-think within the network.
    (
        (
            ("rethink_tried", N),
            ("lead", N),
            ("raised", Y),
            ("lead_agrees", Y),
            ("family_meeting", Y),
            ("meeting_unresolved", Y),
            ("more_help", N),
        ),
        "2",
    ),
    # After Strategy 1 alone it feels stuck and outside help is needed: Strategy
    # 3 may follow Strategy 1 directly, without Strategy 2 first.
    (
        (
            ("rethink_tried", N),
            ("lead", N),
            ("raised", Y),
            ("lead_agrees", Y),
            ("family_meeting", Y),
            ("meeting_unresolved", Y),
            ("more_help", Y),
        ),
        "3",
    ),
]

KEYS = tuple(q.key for q in QUESTIONS)
ALL_ANSWERS = [
    dict(zip(KEYS, combo, strict=True))
    for combo in itertools.product((True, False), repeat=len(KEYS))
]


def _path(answers: dict[str, bool]) -> dict[str, bool]:
    """Only the answers the guide would actually ask for."""
    asked: dict[str, bool] = {}
    while (question := next_question(asked)) is not None:
        asked[question.key] = answers[question.key]
    return asked


def test_questions_are_well_formed() -> None:
    keys = [q.key for q in QUESTIONS]
    assert len(set(keys)) == len(keys)
    assert not set(keys) & set(ROUTE_KEYS)
    for question in QUESTIONS:
        assert question.message.endswith("?")
        assert question.yes in keys or question.yes in ROUTE_KEYS
        assert question.no in keys or question.no in ROUTE_KEYS


def test_the_table_is_every_path_of_the_tree() -> None:
    assert sorted(all_paths()) == sorted(PATHS)
    assert len({answers for answers, _ in PATHS}) == len(PATHS)


@pytest.mark.parametrize(
    ("answers", "route"), PATHS, ids=[f"{n}-{route}" for n, (_, route) in enumerate(PATHS, 1)]
)
def test_each_path_reaches_its_route(answers: tuple[tuple[str, bool], ...], route: str) -> None:
    assert recommend(dict(answers)) == route
    # Asked one by one, the guide asks exactly these questions in this order.
    prompter = ScriptedPrompter.of(*[("confirm", answer) for _, answer in answers])
    assert run_guide(prompter) == route
    messages = {q.key: q.message for q in QUESTIONS}
    assert prompter.asked == [f"confirm: {messages[key]}" for key, _ in answers]
    assert not prompter.script


def test_any_set_of_answers_follows_exactly_one_row() -> None:
    # All 2**10 ways to answer every question: each follows one row of the table.
    for answers in ALL_ANSWERS:
        rows = [route for path, route in PATHS if all(answers[k] == v for k, v in path)]
        assert rows == [recommend(answers)], answers
        assert recommend(_path(answers)) == rows[0]


def test_every_route_and_question_is_reachable() -> None:
    assert {route for _, route in PATHS} == set(ROUTE_KEYS)
    assert {key for path, _ in PATHS for key, _ in path} == set(KEYS)


def test_a_lead_professional_is_never_sent_to_strategy_1() -> None:
    assert all(recommend(a) != "1" for a in ALL_ANSWERS if a["lead"])


def test_a_lead_professional_who_disagrees_leads_to_escalation() -> None:
    disagrees = [a for a in ALL_ANSWERS if _path(a).get("lead_agrees") is False]
    assert disagrees
    assert {recommend(a) for a in disagrees} == {"escalation"}


def test_strategy_3_follows_strategy_1_or_strategy_2() -> None:
    reached = [dict(path) for path, route in PATHS if route == "3"]
    after_1 = [p for p in reached if p.get("family_meeting") and not p["rethink_tried"]]
    after_2 = [p for p in reached if p["rethink_tried"] and not p["was_independent"]]
    assert after_1 and after_2


def test_no_longer_stuck_after_a_rethink_is_resolved() -> None:
    assert recommend({"rethink_tried": True, "still_stuck": False}) == "resolved"


def test_a_missing_answer_on_the_path_is_an_error() -> None:
    with pytest.raises(ValueError, match="lead"):
        recommend({"rethink_tried": False})
    with pytest.raises(ValueError, match="rethink_tried"):
        recommend({})


def test_answers_off_the_path_are_ignored() -> None:
    answers = {"rethink_tried": False, "lead": False, "raised": False, "still_stuck": True}
    assert recommend(answers) == "1"


def test_run_guide_defaults_to_no() -> None:
    prompter = ScriptedPrompter.of(("confirm", None), ("confirm", None), ("confirm", None))
    assert run_guide(prompter) == "1"


def test_ctrl_c_stops_the_guide() -> None:
    with pytest.raises(KeyboardInterrupt):
        run_guide(ScriptedPrompter.of(("confirm", False), CTRL_C))


@pytest.mark.parametrize("value", ["1", "2", "3", "escalation", " Escalation "])
def test_parse_strategy_key(value: str) -> None:
    assert parse_strategy_key(value) == value.strip().lower()


@pytest.mark.parametrize("value", ["", "0", "4", "one", "2.0", "strategy 2", "resolved"])
def test_parse_strategy_key_refuses(value: str) -> None:
    with pytest.raises(ValueError, match="must be 1, 2, 3 or escalation"):
        parse_strategy_key(value)


@pytest.mark.parametrize("key", ROUTE_KEYS)
def test_every_route_has_what_to_prepare(key: str) -> None:
    page = route_page(key)
    assert page.prepare, f"the {key} route needs a prepare list"
    assert all(item.strip() for item in page.prepare)


def test_the_resolved_page_keeps_to_the_review() -> None:
    assert route_page("resolved") == RESOLVED
    assert "review" in " ".join(RESOLVED.options)


# ------------------------------------------------------------------ the area's words

PORTSMOUTH = Area(
    name="Portsmouth",
    escalation_protocol="HIPS Escalation Protocol",
    escalation_protocol_link="https://example.org/hips-escalation",
    request_form="Re-think 3: request an independent facilitator",
    request_form_link="https://example.org/rethink-3-request",
)


def _page_texts(key: str) -> tuple[str, ...]:
    page = route_page(key)
    return (page.title, page.when, *page.options, *page.prepare, page.note)


def test_route_texts_use_only_known_placeholders() -> None:
    texts = [text for key in ROUTE_KEYS for text in _page_texts(key)] + list(OPENING)
    for text in texts:
        left = Area().fill(text)
        assert "{" not in left and "}" not in left, text
    # The routes that name the protocol or the form do so through a placeholder.
    assert "{escalation_protocol}" in " ".join(_page_texts("escalation"))
    assert "{escalation_protocol}" in " ".join(_page_texts("1"))
    assert "{request_form}" in " ".join(_page_texts("3"))
    assert "{escalation_protocol}" in " ".join(OPENING)


@pytest.mark.parametrize(
    ("area", "protocol", "form"),
    [
        (Area(), "your area's escalation protocol", "your area's request form"),
        (
            Area(name="Portsmouth"),
            "Portsmouth's escalation protocol",
            "Portsmouth's request form",
        ),
        (
            PORTSMOUTH,
            "the HIPS Escalation Protocol",
            'the form "Re-think 3: request an independent facilitator"',
        ),
        (Area(escalation_protocol="The Local Protocol"), "the Local Protocol", None),
    ],
)
def test_area_phrases(area: Area, protocol: str, form: str | None) -> None:
    assert area.fill("start {escalation_protocol} now") == f"start {protocol} now"
    if form is not None:
        assert area.fill("use {request_form}.") == f"use {form}."
    assert set(PLACEHOLDERS) == {"escalation_protocol", "request_form"}


def test_a_page_without_area_settings_says_your_areas_and_how_to_set_them() -> None:
    out = "\n".join(page_lines(route_page("escalation"), Area()))
    assert "start your area's escalation protocol" in _flat(out)
    assert "Links" not in out
    assert _flat(AREA_TIP) in _flat(out)


@pytest.mark.parametrize(
    ("key", "names", "links"),
    [
        ("escalation", ["the HIPS Escalation Protocol"], ["https://example.org/hips-escalation"]),
        ("1", ["the HIPS Escalation Protocol"], ["https://example.org/hips-escalation"]),
        (
            "3",
            ['the form "Re-think 3: request an independent facilitator"'],
            ["https://example.org/rethink-3-request", "https://example.org/hips-escalation"],
        ),
    ],
)
def test_a_page_uses_the_areas_names_and_links(
    key: str, names: list[str], links: list[str]
) -> None:
    out = _flat("\n".join(page_lines(route_page(key), PORTSMOUTH)))
    for name in names:
        assert name in out
    assert "your area's" not in out
    assert "Links -" in out
    for link in links:
        assert link in out
    assert _flat(AREA_TIP) not in out


def test_a_page_lists_only_the_links_it_mentions() -> None:
    out = "\n".join(page_lines(route_page("2"), PORTSMOUTH))
    assert "https://" not in out and "Links" not in out


def test_a_name_without_a_link_still_offers_the_tip() -> None:
    area = Area(escalation_protocol="HIPS Escalation Protocol")
    out = _flat("\n".join(page_lines(route_page("escalation"), area)))
    assert "start the HIPS Escalation Protocol" in out
    assert _flat(AREA_TIP) in out


def test_the_opening_says_talking_it_through_comes_first() -> None:
    lines = opening_lines(Area(), width=70)
    assert lines[0].startswith("First resort: talk the worry through")
    assert all(len(line) <= 70 for line in lines)
    assert "your area's escalation protocol" in _flat("\n".join(lines))
    named = _flat("\n".join(opening_lines(PORTSMOUTH)))
    assert "the HIPS Escalation Protocol is next" in named


# ------------------------------------------------------------------ the command


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("key", STRATEGY_KEYS)
def test_strategy_option_prints_everything(key: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["guide", "--strategy", key]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    out = _flat(captured.out)
    page = route_page(key)
    assert captured.out.startswith(page.title + "\n")
    for text in (page.when, *page.options, *page.prepare):
        assert _flat(Area().fill(text)) in out
    assert "What to prepare" in out
    if page.note:
        assert _flat(Area().fill(page.note)) in out
    assert "{" not in out
    assert all(len(line) <= 99 for line in captured.out.splitlines())


def test_strategy_option_needs_no_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["guide", "-s", "2"]) == 0
    assert "Strategy 2" in capsys.readouterr().out


def test_strategy_option_uses_the_config_file(capsys: pytest.CaptureFixture[str]) -> None:
    write_config(
        '[area]\nname = "Portsmouth"\nescalation_protocol = "HIPS Escalation Protocol"\n'
        'escalation_protocol_link = "https://example.org/hips"\n'
    )
    assert run(["guide", "-s", "escalation"]) == 0
    out = _flat(capsys.readouterr().out)
    assert "start the HIPS Escalation Protocol" in out
    assert "HIPS Escalation Protocol: https://example.org/hips" in out


def test_a_broken_config_stops_the_guide_with_its_problems(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_config('[area]\nescalation_protocol_link = "hips.example.org"\n')
    assert run(["guide", "-s", "1"]) == 3
    captured = capsys.readouterr()
    assert "area.escalation_protocol_link: must be a web link" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("value", ["4", "two", "", "resolved"])
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


def _interactive(monkeypatch: pytest.MonkeyPatch, prompter: ScriptedPrompter) -> list[str]:
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    called: list[str] = []

    def fake_prompter(**_: Any) -> ScriptedPrompter:
        return prompter

    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", called.append)
    monkeypatch.setattr(rethink_cli.ui.prompter, "TerminalPrompter", fake_prompter)
    return called


def test_interactive_guide_through_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Re-think within the network was held, and it is still stuck: Strategy 3.
    prompter = ScriptedPrompter.of(("confirm", True), ("confirm", True), ("confirm", False))
    called = _interactive(monkeypatch, prompter)
    assert run(["guide"]) == 0
    assert called == ["guide"]
    out = capsys.readouterr().out
    # The first resort is said before any question is asked.
    assert out.startswith("First resort: talk the worry through")
    assert "this fits now" in out
    assert route_page("3").title in out
    assert route_page("2").title not in out


def test_interactive_guide_can_end_resolved(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Re-think was held and the network is no longer stuck.
    _interactive(monkeypatch, ScriptedPrompter.of(("confirm", True), ("confirm", False)))
    assert run(["guide"]) == 0
    out = capsys.readouterr().out
    assert RESOLVED.title in out
    assert route_page("2").title not in out


def test_interactive_guide_ctrl_c_is_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _interactive(monkeypatch, ScriptedPrompter.of(CTRL_C))
    assert run(["guide"]) == 130
    # No traceback reaches the screen (cli.run's "Stopped." line is a known gap, see test_e2e).
    assert "Traceback" not in capsys.readouterr().err


def test_page_lines_wrap_to_the_width() -> None:
    lines = page_lines(route_page("2"), Area(), width=50)
    assert lines[0] == route_page("2").title
    assert all(len(line) <= 50 for line in lines)
    assert lines[-1] != ""
