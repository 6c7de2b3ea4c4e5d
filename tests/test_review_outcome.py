"""``rethink review`` ends as the meeting did: is the network still stuck, and if so, what next.

The answer is kept as the meeting record keeps it: ``outcome`` ("resolved" or
"not resolved") and, only when still stuck, ``next_route``; never why.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.cli.app import run
from rethink_cli.core.guide_area import Area
from rethink_cli.dialogs.review import run_review
from rethink_cli.export.review import review_exports
from rethink_cli.formats.config import config_path
from rethink_cli.formats.record import parse_record
from rethink_cli.formats.review import load_review, parse_review, render_review_toml
from rethink_cli.formats.review_subject import from_record
from tests.scripted import ScriptedPrompter
from tests.test_review import (
    ALL_DONE,
    NOT_STUCK,
    REVIEW_DAY,
    SCRIPT,
    STUCK,
    quick,
    review_of,
    strategy_2,
    write_record,
)
from tests.test_review_format import REVIEW_V1

QUESTION = "select: Is the network still stuck?"
ESCALATE = "Take the concern on under your area's escalation protocol"


def files_of(result: Any) -> dict[str, str]:
    return {f.name: f.content for f in review_exports(result)}


def test_still_stuck_after_strategy_3_is_not_resolved_with_the_escalation_route(
    record_data: dict[str, Any],
) -> None:
    result, prompter = review_of(record_data, *SCRIPT)
    assert (result.outcome, result.next_route) == ("not resolved", ESCALATE)
    # Asked once, after the next review and before the overview.
    assert prompter.asked.count(QUESTION) == 1
    assert prompter.asked[-2] == QUESTION and prompter.asked[-1].startswith("select: Review of")
    assert prompter.asked[-1].endswith(f"Outcome: not resolved. Next: {ESCALATE}.")
    files = files_of(result)
    data = tomllib.loads(files["2027-01-08_PN-4471_review.toml"])
    assert (data["outcome"], data["next_route"]) == ("not resolved", ESCALATE)
    assert parse_review(data) == result
    for name, content in files.items():
        if name.endswith(".md"):
            outcome = content.split("## Outcome\n\n")[1].split("\n\n")[0]
            assert outcome == f"Not resolved: the network is still stuck.  \nNext: {ESCALATE}"
        if name.endswith(".txt"):
            assert f"Not resolved: the network is still stuck.\nNext: {ESCALATE}\n" in content


def test_still_stuck_after_strategy_2_asks_for_a_strategy_3_session_with_the_areas_form(
    record_data: dict[str, Any],
) -> None:
    area = Area(name="Portsmouth", request_form="Re-think 3", request_form_link="https://x.org/3")
    prompter = ScriptedPrompter.of(*quick(*ALL_DONE, stuck=STUCK))
    subject = from_record(parse_record(strategy_2(record_data)))
    result = run_review(subject, prompter, REVIEW_DAY, area=area)
    route = (
        'Ask for an independent facilitator for a Strategy 3 session, using the form "Re-think 3"'
    )
    assert (result.outcome, result.next_route) == ("not resolved", route)
    # The overview names the route and gives the area's link for it.
    assert prompter.asked[-1].endswith(f"Next: {route}. Re-think 3: https://x.org/3")
    toml = tomllib.loads(render_review_toml(result))
    assert toml["next_route"] == route
    school = files_of(result)["2027-01-08_PN-4471_review_School.md"]
    assert f"Next: {route}" in school


def test_not_stuck_is_resolved_with_no_route(record_data: dict[str, Any]) -> None:
    result, prompter = review_of(record_data, *quick(*ALL_DONE))
    assert (result.outcome, result.next_route) == ("resolved", None)
    assert prompter.asked[-1].endswith("Outcome: resolved.")
    files = files_of(result)
    data = tomllib.loads(files["2027-01-08_PN-4471_review.toml"])
    assert data["outcome"] == "resolved" and "next_route" not in data
    for name, content in files.items():
        if name.endswith(".md"):
            assert "## Outcome\n\nResolved: the network is moving on.\n" in content
            assert "Next:" not in content and "still stuck" not in content


def test_the_outcome_can_be_changed_at_the_overview(record_data: dict[str, Any]) -> None:
    kept: list[Any] = []
    *before, _, _ = quick(*ALL_DONE)
    prompter = ScriptedPrompter.of(
        *before,
        STUCK,
        ("select", "Change the outcome: still stuck"),
        ("select", None),  # Enter: the answer given stays the default
        ("select", "Change the outcome: still stuck"),
        NOT_STUCK,
        ("select", "Save"),
    )
    subject = from_record(parse_record(record_data))
    result = run_review(subject, prompter, REVIEW_DAY, keep=kept.append)
    assert (result.outcome, result.next_route) == ("resolved", None)
    assert prompter.asked.count(QUESTION) == 3
    assert prompter.asked[-1].endswith("Outcome: resolved.")
    # Choosing to change it is saved too: a stop there asks the question again.
    assert [p.stuck for p in kept[len(before) :]] == [True, None, True, None, False]


def test_an_older_review_without_an_outcome_still_loads(tmp_path: Path) -> None:
    data = {k: v for k, v in REVIEW_V1.items() if k not in ("outcome", "next_route")}
    path = tmp_path / "old_review.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    old = load_review(path)
    assert (old.outcome, old.next_route) == (None, None)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(outcome="resolved"), 'next_route is allowed only with outcome = "not'),
        (lambda d: d.pop("outcome"), "outcome: is missing"),
        (lambda d: d.update(outcome="maybe"), "outcome"),
        (lambda d: d.update(next_route="x" * 1001), "next_route"),
        (lambda d: d.update(next_route="Next\x1b[2J"), "next_route"),
    ],
)
def test_a_bad_outcome_is_refused(record_data: dict[str, Any], change: Any, expected: str) -> None:
    from rethink_cli.core.errors import InvalidRecordError

    result, _ = review_of(record_data, *SCRIPT)
    data = tomllib.loads(render_review_toml(result))
    change(data)
    with pytest.raises(InvalidRecordError) as caught:
        parse_review(data)
    assert any(expected in d for d in caught.value.details), caught.value.details


# ------------------------------------------------------------------ the command


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[ScriptedPrompter]:
    """A pretend terminal answering the review's SCRIPT (the network still stuck)."""
    import rethink_cli.app.terminal
    import rethink_cli.ui.prompter

    used: list[ScriptedPrompter] = []

    def scripted(**kwargs: Any) -> ScriptedPrompter:
        used.append(ScriptedPrompter.of(*SCRIPT))
        return used[-1]

    monkeypatch.setattr(rethink_cli.app.terminal, "require_terminal", lambda command: None)
    monkeypatch.setattr(rethink_cli.ui.prompter, "TerminalPrompter", scripted)
    return used


def write_config(text: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_command_names_the_route_from_the_config_area(
    tmp_path: Path, record_data: dict[str, Any], terminal: list[ScriptedPrompter]
) -> None:
    write_config(
        '[area]\nescalation_protocol = "HIPS Escalation Protocol"\n'
        'escalation_protocol_link = "https://example.org/hips"\n'
    )
    args = ["review", str(write_record(tmp_path, record_data)), "--out", str(tmp_path)]
    assert run([*args, "--date", "8/1/2027"]) == 0
    folder = tmp_path / "2027-01-08_PN-4471_review"
    data = tomllib.loads((folder / "2027-01-08_PN-4471_review.toml").read_text(encoding="utf-8"))
    route = "Take the concern on under the HIPS Escalation Protocol"
    assert (data["outcome"], data["next_route"]) == ("not resolved", route)
    overview = terminal[0].asked[-1]
    assert overview.endswith(f"Next: {route}. HIPS Escalation Protocol: https://example.org/hips")


def test_a_broken_config_is_said_before_any_question(
    tmp_path: Path,
    record_data: dict[str, Any],
    terminal: list[ScriptedPrompter],
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_config('[area]\nescalation_protocol_link = "ftp://example.org/protocol"\n')
    args = ["review", str(write_record(tmp_path, record_data)), "--out", str(tmp_path)]
    assert run([*args, "--date", "8/1/2027"]) == 3
    assert "area.escalation_protocol_link" in capsys.readouterr().err
    assert terminal == []
    assert not (tmp_path / "2027-01-08_PN-4471_review").exists()
