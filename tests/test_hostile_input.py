"""Hostile typing and a hostile environment: one calm line, never a traceback on the screen.

- Number prompts given "²" or 5,000 digits, and the export folder prompt given
  ``~nosuchuser/x``, a name too long for the system or a folder that cannot be
  looked into, refuse in one line (checked directly, and through the real
  prompt adapter driven by prompt_toolkit pipe input).
- Escape sequences pasted into a text prompt are dropped whole; refused text is
  never echoed raw.
- Closed standard input, a full disk as standard output, and a true ASCII
  locale, each run as the real program in a subprocess or a pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from rethink_cli.core import plaintext
from rethink_cli.core.errors import ExitCode, UsageError
from rethink_cli.core.timing import TimePlan
from rethink_cli.dialogs.facts import (
    meeting_date_problem,
    session_minutes_problem,
    step_minutes_problem,
)
from rethink_cli.dialogs.ports import TextQuestion
from rethink_cli.dialogs.validators import folder_problem, text_validator, whole_number
from rethink_cli.ui.prompter import TerminalPrompter
from tests.conftest import SAMPLE
from tests.platform_helpers import RUNNING_AS_ROOT

ENTER = "\r"
CLEAR_LINE = "\x15"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
OSC_52 = "\x1b]52;c;SEVMTE8=\x07"  # "set the clipboard to HELLO"
PLAN = TimePlan((5, 4, 4, 18, 18, 14, 7, 4, 6))


def is_one_calm_line(message: str | None) -> bool:
    return (
        message is not None
        and "\n" not in message
        and len(message) < 200
        and plaintext.find_forbidden(message) is None
    )


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("typed", ["²", "٣", "9" * 5000, "-5", "1e3", " ", "0x10", "12.5"])
def test_minutes_for_a_step_refuse_in_one_line(typed: str) -> None:
    assert is_one_calm_line(step_minutes_problem(typed, PLAN, 4))
    assert is_one_calm_line(session_minutes_problem(typed))


def test_minutes_that_fit_are_taken() -> None:
    assert step_minutes_problem(" 20 ", PLAN, 4) is None
    assert session_minutes_problem("90") is None
    assert whole_number("120", 1, 120) == 120
    assert whole_number("121", 1, 120) is None


def test_a_step_change_that_takes_the_session_out_of_range_is_refused() -> None:
    # 90 minutes with step 4 at 18: 120 there makes 192 (fine); on a 240 plan it would not.
    assert step_minutes_problem("120", PLAN, 4) is None
    full = TimePlan((20, 20, 20, 40, 40, 40, 20, 20, 20))
    problem = step_minutes_problem("120", full, 4)
    assert problem is not None and "a session lasts between 20 and 240 minutes" in problem


def test_a_meeting_date_the_record_would_refuse_is_refused_when_typed() -> None:
    import datetime as dt

    today = dt.date(2026, 11, 26)
    assert meeting_date_problem("today", today) is None
    problem = meeting_date_problem("31/12/9999", today)
    assert problem is not None and "from 2000 to 2199" in problem


# ------------------------------------------------------------------ the folder prompt


@pytest.mark.parametrize(
    "typed",
    [
        "~nosuchuser_rethink/x",
        "a" * 5000,
        "a" * 300 + "/x",
        "/tmp/" + "b" * 300,
        "nul\x00byte",
        "\x1b[2J\u202e/nowhere",
        "/definitely/not/here",
    ],
    ids=["no-such-user", "5000-chars", "long-part", "long-last-part", "nul", "escapes", "none"],
)
def test_a_folder_that_cannot_be_used_is_one_line(typed: str) -> None:
    problem = folder_problem(typed)
    assert is_one_calm_line(problem), problem
    assert "\x1b" not in (problem or "") and "\u202e" not in (problem or "")


def test_a_folder_that_cannot_be_looked_into_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refused(self: Path) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_dir", refused)
    problem = folder_problem(str(tmp_path / "locked" / "x"))
    assert is_one_calm_line(problem)
    assert problem is not None and "permission denied" in problem


@pytest.mark.posix  # chmod 0 shuts a folder only on POSIX
@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root can look into anything")
def test_a_real_folder_that_cannot_be_looked_into(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    (locked / "inner").mkdir(parents=True)
    locked.chmod(0)
    try:
        assert is_one_calm_line(folder_problem(str(locked / "inner")))
    finally:
        locked.chmod(0o700)


def test_a_real_folder_is_taken(tmp_path: Path) -> None:
    assert folder_problem(f"  {tmp_path}  ") is None
    assert folder_problem("") == "Type a folder."


# ------------------------------------------------------------------ through the real prompt


# Typing still under way when a test ends: finished before its pipe closes, since a
# later test's pipe may get the same file descriptors and would be typed into.
_typists: list[threading.Thread] = []


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input
        while _typists:
            _typists.pop().join(timeout=10)


def prompter_for(pipe: PipeInput, screen: io.StringIO) -> TerminalPrompter:
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=100), term="xterm")
    return TerminalPrompter(input=pipe, output=output)


def type_later(pipe: PipeInput, *chunks: str) -> None:
    """Type in stages, as a person does, so each refusal is drawn before the next try."""

    def typing() -> None:
        for chunk in chunks:
            time.sleep(0.4)
            # The prompt may have answered, and the pipe closed, before a fallback is due.
            with contextlib.suppress(Exception):
                pipe.send_text(chunk)

    typist = threading.Thread(target=typing, daemon=True)
    _typists.append(typist)
    typist.start()


def drawn(screen: io.StringIO) -> str:
    return re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", screen.getvalue())


def test_the_folder_prompt_refuses_a_missing_users_home_without_a_traceback(
    pipe: PipeInput, tmp_path: Path
) -> None:
    screen = io.StringIO()
    type_later(
        pipe,
        "~nosuchuser_rethink/x" + ENTER,
        CLEAR_LINE + "a" * 5000 + ENTER,
        CLEAR_LINE + str(tmp_path) + ENTER,
    )
    question = TextQuestion("Folder", validate=folder_problem)
    assert prompter_for(pipe, screen).text(question) == str(tmp_path)
    shown = drawn(screen)
    assert "There is no home folder for nosuchuser_rethink" in shown
    assert "Traceback" not in shown and "Press ENTER" not in shown


def test_the_minutes_prompt_refuses_superscript_two_without_a_traceback(pipe: PipeInput) -> None:
    screen = io.StringIO()
    type_later(pipe, "²" + ENTER, CLEAR_LINE + "9" * 5000 + ENTER, CLEAR_LINE + "20" + ENTER)
    question = TextQuestion(
        "Minutes for this step", validate=lambda text: step_minutes_problem(text, PLAN, 4)
    )
    assert prompter_for(pipe, screen).text(question) == "20"
    shown = drawn(screen)
    assert "Type a whole number of minutes from 1 to 120." in shown
    assert "Traceback" not in shown and "Press ENTER" not in shown


def test_a_pasted_escape_sequence_is_dropped_whole(pipe: PipeInput) -> None:
    screen = io.StringIO()
    # Bracketed paste, as a terminal sends it; the fallback is typed only if the paste
    # is refused (the old behaviour), so the test cannot hang.
    type_later(
        pipe,
        PASTE_START + "Jo " + OSC_52 + "Reed" + PASTE_END + ENTER,
        CLEAR_LINE + "Fallback" + ENTER,
    )
    answer = prompter_for(pipe, screen).text(
        TextQuestion("Name", validate=text_validator(plaintext.NAME_MAX))
    )
    assert plaintext.tidy(answer) == "Jo Reed"


# ------------------------------------------------------------------ what a text field lets in

CTRL_C = "\x03"
# Every character that changes the direction text is shown in (Bidi_Control).
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def ask_name(pipe: PipeInput, screen: io.StringIO, **options: Any) -> str:
    question = TextQuestion("Name", validate=text_validator(plaintext.NAME_MAX), **options)
    return answer_to(pipe, screen, question)


def answer_to(pipe: PipeInput, screen: io.StringIO, question: TextQuestion) -> str:
    """The answer; a test types Ctrl-C last, so a refused answer fails rather than hangs."""
    try:
        return prompter_for(pipe, screen).text(question)
    except KeyboardInterrupt:
        pytest.fail(f"the field did not take the answer: {drawn(screen)[-300:]!r}")


@pytest.mark.parametrize("how", ["typed", "pasted"])
def test_direction_changing_characters_never_reach_the_field(pipe: PipeInput, how: str) -> None:
    screen = io.StringIO()
    text = "J" + BIDI[:6] + "o Re" + BIDI[6:] + "ed"
    keys = PASTE_START + text + PASTE_END if how == "pasted" else text
    # Ctrl-C only if the field refused the answer (the old behaviour): a failure, not a hang.
    type_later(pipe, keys + ENTER, CTRL_C)
    assert ask_name(pipe, screen) == "Jo Reed"
    # Not even while typing: echoed raw, U+202E turns the rest of the line around.
    assert not set(BIDI) & set(screen.getvalue())


def test_tidy_drops_direction_changing_characters_as_a_field_does() -> None:
    assert plaintext.tidy("Sam" + BIDI + " Patel") == "Sam Patel"


def test_a_multi_line_paste_becomes_one_line(pipe: PipeInput) -> None:
    screen = io.StringIO()
    pasted = "Share the plan\r\nwith school  \n\n  by Friday\n"
    type_later(pipe, PASTE_START + pasted + PASTE_END + ENTER, CTRL_C)
    question = TextQuestion("Action", validate=text_validator(plaintext.ACTION_MAX))
    answer = answer_to(pipe, screen, question)
    assert plaintext.tidy(answer) == "Share the plan with school by Friday"


def test_ctrl_u_after_a_multi_line_paste_clears_the_whole_field(pipe: PipeInput) -> None:
    screen = io.StringIO()
    pasted = "mum says\ndad is back"
    type_later(pipe, PASTE_START + pasted + PASTE_END, CLEAR_LINE + "Jo" + ENTER, CTRL_C)
    assert ask_name(pipe, screen) == "Jo"


@pytest.mark.parametrize(
    "keys",
    [
        PASTE_START + "Jo" + PASTE_END + " Reed" + PASTE_END,
        PASTE_START + "Jo\x1b[201" + PASTE_END + " Reed",
        PASTE_START + "Jo \x1b[200~Reed" + PASTE_END,
        "Jo" + PASTE_END + " Reed",
        "Jo" + PASTE_START + " Reed" + PASTE_END,
        "Jo\x1b[2J Reed",
        "Jo\x1b]0;title\x07 Reed",
    ],
    ids=["pasted-twice", "part-pasted", "start-pasted", "typed", "typed-paste", "csi", "osc"],
)
@pytest.mark.parametrize("escape", [False, True], ids=["form", "esc-form"])
def test_a_paste_marker_neither_answers_nor_leaves_residue(
    pipe: PipeInput, keys: str, escape: bool
) -> None:
    screen = io.StringIO()
    type_later(pipe, keys + ENTER, CTRL_C)
    # An Esc form must not take the marker's ESC for Esc (leaving the form).
    assert ask_name(pipe, screen, escape=escape) == "Jo Reed"


# Generous: not a timing test. Taken one key at a time, this took most of a minute.
@pytest.mark.timeout(60)
def test_a_flood_of_typed_keys_stops_at_the_fields_limit(pipe: PipeInput) -> None:
    screen = io.StringIO()
    # Not a paste: 100,000 keys as a terminal without bracketed paste would send them.
    type_later(pipe, "x" * 100_000, ENTER, CTRL_C)
    began = time.monotonic()
    answer = ask_name(pipe, screen)
    took = time.monotonic() - began
    assert answer == "x" * plaintext.NAME_MAX
    assert f"At most {plaintext.NAME_MAX} characters fit here" in drawn(screen)
    assert took < 20


@pytest.mark.timeout(60)
def test_a_huge_paste_stops_at_the_fields_limit(pipe: PipeInput) -> None:
    screen = io.StringIO()
    type_later(pipe, PASTE_START + "y" * 100_000 + PASTE_END, ENTER, CTRL_C)
    assert ask_name(pipe, screen) == "y" * plaintext.NAME_MAX


@pytest.mark.timeout(60)
def test_a_field_whose_check_names_no_limit_still_has_one(pipe: PipeInput) -> None:
    from rethink_cli.ui.text_field import FIELD_MAX

    screen = io.StringIO()
    type_later(pipe, "z" * 100_000, ENTER, CTRL_C)
    assert answer_to(pipe, screen, TextQuestion("Notes")) == "z" * FIELD_MAX


def test_keys_that_arrive_together_still_act_in_order(pipe: PipeInput) -> None:
    screen = io.StringIO()
    # Taken in as one run, the letters must still land where Ctrl-A and Ctrl-E put them.
    type_later(pipe, "Reed\x01Jo \x05, social worker" + ENTER, CTRL_C)
    assert ask_name(pipe, screen) == "Jo Reed, social worker"


def test_an_unended_control_string_gives_way_to_enter(pipe: PipeInput) -> None:
    screen = io.StringIO()
    # A terminal would swallow the rest; a field must not swallow the Enter that follows.
    type_later(pipe, "Jo\x1b]0;never ended" + ENTER, CTRL_C)
    assert ask_name(pipe, screen) == "Jo"


def test_typing_below_the_limit_after_a_cut_takes_keys_again(pipe: PipeInput) -> None:
    screen = io.StringIO()
    type_later(pipe, "x" * 130, "\x7f" * 10 + "yz" + ENTER, CTRL_C)
    answer = ask_name(pipe, screen)
    assert answer == "x" * (plaintext.NAME_MAX - 10) + "yz"


# ------------------------------------------------------------------ cleaning typed text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (OSC_52, ""),
        ("Jo " + OSC_52 + "Reed", "Jo Reed"),
        ("\x1b]0;pwned\x1b\\Sam", "Sam"),
        ("\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\", "click here"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[38;2;255;0;0mtruecolour\x1b[m", "truecolour"),
        ("\x1bP+q544e\x1b\\Jo", "Jo"),
        ("\x1b_APC\x1b\\Jo", "Jo"),
        ("\x1b^PM\x1b\\Jo", "Jo"),
        ("\x1bXSOS\x1b\\Jo", "Jo"),
        ("\x9b2JJo", "Jo"),
        ("\x9d0;title\x9cJo", "Jo"),
        ("\x1bcJo", "Jo"),
        ("Jo\x1b(B", "Jo"),
        ("Jo\x07", "Jo"),
        ("Jo\x1b]0;never ended", "Jo"),
        ("Jo\tReed", "Jo Reed"),
        ("  Jo Reed  ", "Jo Reed"),
        ("Zoë 李 🙂", "Zoë 李 🙂"),
    ],
)
def test_tidy_drops_escape_sequences_whole(typed: str, kept: str) -> None:
    assert plaintext.tidy(typed) == kept
    assert not re.search(r"\]52|;c;|SEVMTE8|pwned|evil", plaintext.tidy(typed))


def test_what_is_left_for_the_checks_to_refuse_is_refused_by_name() -> None:
    name = text_validator(plaintext.NAME_MAX)
    assert name(OSC_52) == "This must not be empty."
    # A zero-width space: invisible, so refused by name (a direction change is dropped).
    assert name("Sam\u200b") == "This must not contain invisible formatting characters."
    assert name("Sam\nPatel") == "This must not contain line breaks."


def test_refused_text_is_shown_made_visible() -> None:
    assert plaintext.make_visible("Sam\u202eX\x1b[2J") == "Sam\\u202eX\\u001b[2J"


def test_a_command_line_option_with_an_escape_is_refused_not_cleaned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from rethink_cli.cli.app import run

    options = ["--facilitator", "Alex Morgan", "--strategy", "3", "--lead", "Sam Patel"]
    options += ["--lead-agency", "CSC", "--output", str(tmp_path / "plan.toml")]
    assert run(["session", "prepare", "--case", "PN\x1b[31m", *options]) == 2
    err = capsys.readouterr().err
    assert "--case: This must not contain control characters." in err
    assert "\x1b[31m" not in err


def test_a_usage_error_never_echoes_what_was_typed_raw(tmp_path: Path) -> None:
    result = run_program(["\x1b]0;pwned\x07", "--help"], tmp_path)
    assert result.returncode == ExitCode.BAD_INPUT
    assert "\x1b]0;" not in result.stderr and "\x07" not in result.stderr
    assert "pwned" in result.stderr  # shown, made visible


# ------------------------------------------------------------------ the environment


def run_program(
    args: list[str], tmp_path: Path, *, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    base = {
        **os.environ,
        "RETHINK_STATE_DIR": str(tmp_path / "state"),
        "RETHINK_CONFIG_DIR": str(tmp_path / "config"),
    }
    base.pop("RETHINK_DEBUG", None)
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "rethink_cli", *args],
        stderr=subprocess.PIPE,
        text=True,
        env={**base, **(env or {})},
        timeout=60,
        check=False,
        **kwargs,
    )


@pytest.mark.posix  # preexec_fn
def test_closed_stdin_says_a_terminal_is_needed(tmp_path: Path) -> None:
    # 0<&- : Python starts with no stdin at all (sys.stdin is None).
    result = run_program(["session", "start"], tmp_path, stdin=None, preexec_fn=lambda: os.close(0))
    assert result.returncode == ExitCode.BAD_INPUT
    assert "needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr


def test_stdin_from_dev_null_says_a_terminal_is_needed(tmp_path: Path) -> None:
    result = run_program(["session", "start"], tmp_path)
    assert result.returncode == ExitCode.BAD_INPUT
    assert "needs a terminal" in result.stderr


def test_no_stdin_object_at_all_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rethink_cli.app.terminal import require_terminal

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(UsageError, match="needs a terminal"):
        require_terminal("session start")


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")


@needs_dev_full
def test_help_to_a_full_disk_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = run_program(["--help"], tmp_path, stdout=full)
    assert result.returncode == ExitCode.FAILURE
    message = result.stderr.strip()
    assert message.startswith("Error: Could not write the output: no space left on device")
    assert "\n" not in message
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr


@needs_dev_full
def test_render_to_a_full_disk_writes_every_file_and_says_one_line(tmp_path: Path) -> None:
    record = tmp_path / "record.toml"
    record.write_text(tomli_w.dumps(SAMPLE), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    with open("/dev/full", "w") as full:
        result = run_program(
            ["actions", "render", str(record), "--out", str(out)], tmp_path, stdout=full
        )
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert result.returncode == ExitCode.FAILURE
    assert "Could not write the output" in result.stderr
    assert "Anything already done stands." in result.stderr
    # Every file was written before the listing of them was lost.
    assert len([p for p in out.rglob("*") if p.is_file()]) == 5


ASCII_LOCALE = {"PYTHONCOERCECLOCALE": "0", "LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"}


@pytest.mark.posix  # a pty (pexpect.spawn)
def test_an_ascii_locale_shows_the_first_page_of_a_session(tmp_path: Path) -> None:
    import pexpect

    env = {
        **os.environ,
        **ASCII_LOCALE,
        "RETHINK_STATE_DIR": str(tmp_path / "state"),
        "RETHINK_CONFIG_DIR": str(tmp_path / "config"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    env.pop("RETHINK_DEBUG", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "rethink_cli", "session", "demo"],
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        timeout=20,
        cwd=str(tmp_path),
        dimensions=(40, 120),
    )
    try:
        child.expect("The time plan")
        child.expect("choose")
        child.send(ENTER)
        found = child.expect(["What Re-think is", "Something unexpected", pexpect.EOF])
        assert found == 0, child.before
        child.expect("Page 1 of")
    finally:
        child.terminate(force=True)


def test_an_ascii_locale_keeps_plain_commands_working(tmp_path: Path) -> None:
    result = run_program(["plan"], tmp_path, env=ASCII_LOCALE)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
