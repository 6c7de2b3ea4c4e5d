"""Every file the program reads goes through one bounded reader (``formats.reading``).

A pipe, a device, a huge file or tables nested thousands deep are each refused
at once in one line with the "bad file" exit code (3); a file of a newer format
says so; numbers and dates out of any sane range, and someone listed twice, are
refused; and an autosave is refused only ever as DamagedSave (a ValueError).

The command-line cases run the real program in a subprocess with a timeout: on
a program that reads a pipe it would otherwise wait for ever.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.core.bounds import MAX_ACTIONS
from rethink_cli.core.errors import ExitCode, InvalidRecordError
from rethink_cli.formats.autosave import (
    decode_saved,
    read_saved,
    saved_from_dict,
    state_from_dict,
    state_to_dict,
)
from rethink_cli.formats.reading import (
    LIMITS,
    MAX_NESTING,
    DamagedSave,
    SaveFromNewerRethink,
    read_bounded,
    read_toml,
)
from tests.conftest import SAMPLE
from tests.platform_helpers import POSIX
from tests.test_autosave_form import OLD_AUTOSAVE

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _limit_memory() -> None:
    # A program that reads /dev/zero to its end must fail, not take the machine with it.
    import resource  # POSIX only: Windows has no such limit (nor a /dev/zero)

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def rethink(
    *args: str, tmp_path: Path, env: dict[str, str] | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """The real program, without a terminal, with its own state and config folders."""
    base = {
        **os.environ,
        "RETHINK_STATE_DIR": str(tmp_path / "state"),
        "RETHINK_CONFIG_DIR": str(tmp_path / "config"),
        "NO_COLOR": "1",
    }
    base.pop("RETHINK_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "rethink_cli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=timeout,
        check=False,
        preexec_fn=_limit_memory if POSIX else None,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    message = result.stderr.strip()
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "\n" not in message, message
    return message


def fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def write_toml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


# ------------------------------------------------------------------ pipes and devices


@needs_fifo
@pytest.mark.parametrize("command", [["actions", "check"], ["actions", "render"]])
def test_a_pipe_given_as_a_record_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    started = time.monotonic()
    result = rethink(*command, str(fifo(tmp_path, "record.toml")), tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    assert "not an ordinary file" in one_line(result)
    assert time.monotonic() - started < 20


def test_dev_zero_given_as_a_record_is_refused_at_once(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    result = rethink("actions", "check", "/dev/zero", tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    assert "not an ordinary file" in one_line(result)


@needs_fifo
def test_a_pipe_as_a_plan_is_refused_before_any_question(tmp_path: Path) -> None:
    result = rethink("session", "start", str(fifo(tmp_path, "plan.toml")), tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    assert "not an ordinary file" in one_line(result)


@needs_fifo
def test_a_pipe_as_an_agreement_file_is_refused(tmp_path: Path) -> None:
    agreement = fifo(tmp_path, "ours.toml")
    result = rethink("agreement", "show", "--file", str(agreement), tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    assert "not an ordinary file" in one_line(result)


@needs_fifo
def test_a_pipe_as_the_config_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    fifo(tmp_path / "config", "config.toml")
    result = rethink("config", "show", tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    assert "not an ordinary file" in one_line(result)


@needs_fifo
def test_a_pipe_named_by_the_configs_agreement_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    fifo(config, "ours.toml")
    (config / "config.toml").write_text('agreement = "ours.toml"\n', encoding="utf-8")
    result = rethink("session", "start", tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    assert "not an ordinary file" in one_line(result)


@needs_fifo
def test_the_reader_refuses_a_pipe_for_every_kind(tmp_path: Path) -> None:
    path = fifo(tmp_path, "x.toml")
    for kind in LIMITS:
        with pytest.raises(InvalidRecordError, match="not an ordinary file"):
            read_bounded(path, what=kind)


def test_a_folder_and_a_missing_file_keep_their_words(tmp_path: Path) -> None:
    with pytest.raises(InvalidRecordError, match="is a folder, not a plan file"):
        read_bounded(tmp_path, what="plan")
    with pytest.raises(InvalidRecordError, match="No config file at"):
        read_bounded(tmp_path / "none.toml", what="config")
    with pytest.raises(InvalidRecordError, match="Cannot read"):
        read_bounded(tmp_path / ("x" * 300), what="record")


# ------------------------------------------------------------------ size


def test_a_50_mb_record_is_refused_quickly_by_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.monotonic()
    result = rethink("actions", "check", str(huge), tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    message = one_line(result)
    assert "too large for a record file (50.0 MB" in message
    assert time.monotonic() - started < 10


def test_each_kind_has_its_limit(tmp_path: Path) -> None:
    for kind, limit in LIMITS.items():
        path = tmp_path / f"{kind}.toml"
        path.write_bytes(b"#" * (limit + 1))
        with pytest.raises(InvalidRecordError, match="too large"):
            read_bounded(path, what=kind)
        path.write_bytes(b"#" * limit)
        assert len(read_bounded(path, what=kind)) == limit


def test_the_largest_record_a_session_writes_fits_its_limit(tmp_path: Path) -> None:
    """200 attendees and 200 actions, every text at its longest in 4-byte characters."""
    from rethink_cli.core import plaintext
    from rethink_cli.core.bounds import MAX_ATTENDEES, MEETING_MAX_ACTIONS
    from rethink_cli.formats.toml import load_record

    wide = "\U0001f600"
    data = copy.deepcopy(SAMPLE)
    data["meeting"]["strategy"] = 2
    data["meeting"]["independent_facilitator"] = False
    data["outcome_summary"] = wide * plaintext.OUTCOME_MAX
    data["attendees"] = [
        {
            "name": f"{n:03d}" + wide * (plaintext.NAME_MAX - 3),
            "role": wide * plaintext.ROLE_MAX,
            "agency": wide * plaintext.AGENCY_MAX,
        }
        for n in range(MAX_ATTENDEES)
    ]
    action = data["actions"][0]
    data["actions"] = [
        {
            **action,
            "number": n,
            "what": wide * plaintext.ACTION_MAX,
            "owner": wide * plaintext.NAME_MAX,
            "agency": wide * plaintext.AGENCY_MAX,
            "recorded_where": wide * plaintext.RECORDED_WHERE_MAX,
        }
        for n in range(1, MEETING_MAX_ACTIONS + 1)
    ]
    path = write_toml(tmp_path / "largest.toml", data)
    assert path.stat().st_size <= LIMITS["record"]
    assert len(load_record(path).actions) == MEETING_MAX_ACTIONS


def test_a_record_of_ten_thousand_actions_is_read(tmp_path: Path) -> None:
    """DESIGN.md budgets ``actions render`` for 10,000 actions: such a record must be readable."""
    from rethink_cli.formats.toml import load_record
    from tests.harness.bench_helpers.records import record_data

    path = write_toml(tmp_path / "big.toml", record_data(MAX_ACTIONS, 20))
    assert len(load_record(path).actions) == MAX_ACTIONS


# ------------------------------------------------------------------ nesting


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000 + "]" * 5000,
        "a = " + "{b = " * 3000 + "1" + "}" * 3000,
        "a = [" + "[" * 20 + "]" * 20 + "]",
        ".".join(["a"] * 40) + " = 1",
    ],
    ids=["lists", "inline-tables", "just-too-deep", "dotted-keys"],
)
def test_deeply_nested_toml_is_a_bad_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    result = rethink("actions", "check", str(path), tmp_path=tmp_path)
    # Not 1 ("something unexpected"), but the documented code for a bad file.
    assert result.returncode == ExitCode.INVALID_RECORD
    assert f"more than {MAX_NESTING} levels" in one_line(result)


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text("a = " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1), encoding="utf-8")
    assert "a" in read_toml(path, what="record")


# ------------------------------------------------------------------ newer formats


@pytest.mark.parametrize(
    ("schema", "command"),
    [("rethink-actions/2", "actions"), ("rethink-plan/9", "plan")],
)
def test_a_file_from_a_newer_rethink_says_so(tmp_path: Path, schema: str, command: str) -> None:
    path = write_toml(tmp_path / "new.toml", {"schema": schema, "brand_new_table": {"x": 1}})
    if command == "actions":
        result = rethink("actions", "check", str(path), tmp_path=tmp_path)
    else:
        result = rethink("session", "start", str(path), tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    message = one_line(result)
    assert "made by a newer rethink" in message
    assert "update rethink to open it" in message
    assert "damaged" not in message


def test_an_older_or_odd_schema_is_still_just_wrong(tmp_path: Path) -> None:
    from rethink_cli.formats.toml import load_record

    path = write_toml(tmp_path / "old.toml", {**SAMPLE, "schema": "rethink-actions/0"})
    with pytest.raises(InvalidRecordError) as raised:
        load_record(path)
    assert "newer" not in raised.value.message
    assert any(d.startswith("schema: must be") for d in raised.value.details)


def test_an_autosave_from_a_newer_rethink_is_told_apart_from_damage() -> None:
    with pytest.raises(SaveFromNewerRethink, match="made by a newer rethink"):
        saved_from_dict({**copy.deepcopy(OLD_AUTOSAVE), "format": 2})
    with pytest.raises(SaveFromNewerRethink):
        saved_from_dict({"format": 3, "stage": "setup", "given": {}})


# ------------------------------------------------------------------ records: people and ranges


def _record_problems(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    from rethink_cli.formats.toml import load_record

    with pytest.raises(InvalidRecordError) as raised:
        load_record(write_toml(tmp_path / "record.toml", data))
    return raised.value.details


def test_someone_listed_twice_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    # The same person, typed again with other case and spacing.
    data["attendees"].append({"name": " jo  REED", "role": "Nurse", "agency": "health visiting"})
    assert _record_problems(tmp_path, data) == [
        "attendees: must not list anyone twice: attendees[2] and attendees[4] have the same "
        "name and agency"
    ]


def test_the_same_name_in_another_agency_is_someone_else(tmp_path: Path) -> None:
    from rethink_cli.formats.toml import load_record

    data = copy.deepcopy(SAMPLE)
    data["attendees"].append({"name": "Jo Reed", "role": "Teacher", "agency": "School"})
    assert len(load_record(write_toml(tmp_path / "record.toml", data)).attendees) == 4


def test_someone_listed_twice_in_a_plan_is_refused(tmp_path: Path) -> None:
    plan = {
        "schema": "rethink-plan/1",
        "case_reference": "PN-4471",
        "strategy": 3,
        "facilitator": "Alex Morgan",
        "lead_professional": "Sam Patel",
        "lead_professional_agency": "CSC",
        "attendees": [
            {"name": "Jo Reed", "role": "Health visitor", "agency": "Health"},
            {"name": "JO REED", "role": "Health visitor", "agency": " Health "},
        ],
    }
    result = rethink(
        "session", "start", str(write_toml(tmp_path / "p.toml", plan)), tmp_path=tmp_path
    )
    assert result.returncode == ExitCode.INVALID_RECORD
    assert "must not list anyone twice" in result.stderr


@pytest.mark.parametrize(
    ("where", "value", "problem"),
    [
        (("meeting", "date"), "0001-01-01", "meeting.date: must be a date from 2000 to 2199"),
        (("actions", 0, "due"), "9999-12-31", "actions[1].due: must be a date from 2000 to 2199"),
        (("review", "date"), "2300-01-01", "review.date: must be a date from 2000 to 2199"),
        (("actions", 0, "number"), 10**6, "actions[1].number: must be 10000 or less"),
    ],
)
def test_record_values_out_of_any_sane_range_are_refused(
    tmp_path: Path, where: tuple[Any, ...], value: Any, problem: str
) -> None:
    import datetime as dt

    data = copy.deepcopy(SAMPLE)
    target: Any = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = dt.date.fromisoformat(value) if isinstance(value, str) else value
    assert any(p.startswith(problem) for p in _record_problems(tmp_path, data))


def test_too_many_actions_are_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    action = data["actions"][0]
    data["actions"] = [{**action, "number": n} for n in range(1, MAX_ACTIONS + 2)]
    assert any(
        p.startswith(f"actions: must have at most {MAX_ACTIONS}")
        for p in _record_problems(tmp_path, data)
    )


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ("minutes = -5\n", "minutes: must be from 20 to 240"),
        ("minutes = 100000\n", "minutes: must be from 20 to 240"),
        ("minutes = inf\n", "minutes: must be a whole number"),
        ("step_minutes = [120, 120, 120, 120, 120, 120, 120, 120, 120]\n", "must add up to"),
        ("step_minutes = [1, 1, 1, 1, 1, 1, 1, 1, 1]\n", "must add up to"),
        ("step_minutes = [10, 10, 10, 10, 10, 10, 10, 10, -10]\n", "each from 1 to 120"),
    ],
)
def test_config_numbers_out_of_range_are_refused(tmp_path: Path, toml: str, problem: str) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(toml, encoding="utf-8")
    result = rethink("config", "show", tmp_path=tmp_path)
    assert result.returncode == ExitCode.INVALID_RECORD
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------ the autosave: one error type


def _autosave(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(OLD_AUTOSAVE)
    for dotted, value in changes.items():
        target: Any = data
        keys = dotted.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    "data",
    [
        _autosave(setup__strategy=7),
        _autosave(setup__minutes=-5),
        _autosave(plan=[-5, 4, 4, 18, 18, 14, 7, 4, 6]),
        _autosave(plan=[500, 4, 4, 18, 18, 14, 7, 4, 6]),
        _autosave(elapsed={"1": float("inf")}),
        _autosave(elapsed={"1": float("nan")}),
        _autosave(elapsed={"²": 5.0}),
        _autosave(agreement_point=10**9),
        _autosave(step=2**70),
        _autosave(setup="not a table"),
        _autosave(attendees="Sam Patel"),
        _autosave(attendees=[["Sam", "Social worker", "CSC"]]),
        _autosave(actions=[None]),
        _autosave(pending={"kind": "action", "parts": {"number": "abc"}}),
        _autosave(pending={"kind": "action", "parts": {"number": "9"}}),
        _autosave(pending={"kind": "reading", "parts": {"page": "9" * 5000}}),
        _autosave(pending={"kind": "due", "action": 1, "parts": {"date": "next week"}}),
        _autosave(goround={"step": 4, "order": "x"}),
        _autosave(carried={"agreement": {"points": [[[[[]]]]]}}),
        ["a", "list"],
        "text",
        None,
        {"stage": "setup"},
        {"format": 1, "stage": "setup", "given": {"strategy": 7}},
        {"format": 1, "stage": "setup", "given": {"minutes": -5}},
    ],
)
def test_any_bad_autosave_is_refused_as_damaged_save(data: Any) -> None:
    with pytest.raises(DamagedSave) as raised:
        saved_from_dict(data)
    assert isinstance(raised.value, ValueError)
    assert "\n" not in raised.value.message


def test_a_deeply_nested_autosave_is_damage_not_a_recursion_error() -> None:
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(DamagedSave, match="nested too deeply"):
        saved_from_dict({**copy.deepcopy(OLD_AUTOSAVE), "setup": deep})
    payload = "[" * 100_000 + "]" * 100_000
    with pytest.raises(DamagedSave):
        decode_saved(payload)


def test_an_autosave_round_trips_and_a_resume_finds_its_action() -> None:
    state = state_from_dict(copy.deepcopy(OLD_AUTOSAVE))
    data = state_to_dict(state)
    data["pending"] = {"kind": "action", "parts": {"number": "1"}}
    assert saved_from_dict(data).pending is not None  # type: ignore[union-attr]


@needs_fifo
def test_an_autosave_file_is_read_bounded(tmp_path: Path) -> None:
    with pytest.raises(DamagedSave, match="not an ordinary file"):
        read_saved(fifo(tmp_path, "s1.json"))
    with pytest.raises(FileNotFoundError):
        read_saved(tmp_path / "none.json")
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(LIMITS["autosave"] + 1)
    with pytest.raises(DamagedSave, match="too large"):
        read_saved(big)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(OLD_AUTOSAVE), encoding="utf-8")
    assert read_saved(good).setup.case_reference == "PN-4471"  # type: ignore[union-attr]


# ------------------------------------------------------------------ a saved review


def test_a_saved_review_is_bounded_and_says_when_it_is_newer() -> None:
    from rethink_cli.formats.reading import NewerFileError
    from rethink_cli.formats.review_save import read_saved_review

    with pytest.raises(NewerFileError, match="made by a newer rethink"):
        read_saved_review(b'{"format": "rethink-review-save/3", "anything": [1]}')
    with pytest.raises(InvalidRecordError, match="too large"):
        read_saved_review(b" " * (LIMITS["saved review"] + 1))
    with pytest.raises(InvalidRecordError) as raised:
        read_saved_review(b"[" * 100_000)
    assert not isinstance(raised.value, NewerFileError)
