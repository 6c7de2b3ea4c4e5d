"""`rethink actions check|render` and the CLI's error contract, run in-process."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.cli.app import run
from tests.platform_helpers import RUNNING_AS_ROOT

REPO = Path(__file__).resolve().parents[1]
# Where `actions render` puts the Markdown set of the sample record.
MD_FOLDER = "2026-11-26_PN-4471_md"


def write_record(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "record.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_check_valid(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["actions", "check", str(write_record(tmp_path, record_data))]) == 0
    assert "is a valid record: 3 actions, 4 agencies" in capsys.readouterr().out


def test_check_lists_every_problem_and_exits_3(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    record_data["actions"][0]["owner"] = " "
    record_data["extra"] = 1
    assert run(["actions", "check", str(write_record(tmp_path, record_data))]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"Error: The record in {tmp_path / 'record.toml'} has 2 problems.",
        "  actions[1].owner: must not be empty",
        "  extra: is not a field of this record "
        "(use schema, outcome_summary, outcome, next_route, meeting, attendees, apologies, "
        "actions, recording or review)",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No record file at"),
        (b"\xff\xfe not utf8", "is not UTF-8 text"),
        (b"schema = ", "is not valid TOML"),
    ],
)
def test_broken_files_get_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    path = tmp_path / "broken.toml"
    if content is not None:
        path.write_bytes(content)
    assert run(["actions", "check", str(path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0]
    assert "Traceback" not in err[0]


def test_folder_instead_of_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["actions", "check", str(tmp_path)]) == 3
    assert "is a folder" in capsys.readouterr().err


@pytest.mark.posix  # chmod 0 makes a file unreadable only on POSIX
@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root can read anything")
def test_unreadable_file(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_record(tmp_path, record_data)
    path.chmod(0)
    assert run(["actions", "check", str(path)]) == 3
    assert "Cannot read" in capsys.readouterr().err


def test_render_writes_and_lists_paths(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert (
        run(["actions", "render", str(write_record(tmp_path, record_data)), "--out", str(out)]) == 0
    )
    # The set is one folder named for the meeting and the format, and nothing else.
    assert [p.name for p in out.iterdir()] == [MD_FOLDER]
    folder = out / MD_FOLDER
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 5
    printed = capsys.readouterr().out
    for name in written:
        assert f"Wrote {folder / name}" in printed
    # Private by default: these files hold case details.
    assert folder.stat().st_mode & 0o077 == 0
    assert all((folder / n).stat().st_mode & 0o077 == 0 for n in written)


def test_render_refuses_to_overwrite(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    record = write_record(tmp_path, record_data)
    out = tmp_path / "out"
    out.mkdir()
    assert run(["actions", "render", str(record), "--out", str(out), "--format", "toml"]) == 0
    target = out / "2026-11-26_PN-4471_actions.toml"
    target.write_text("mine", encoding="utf-8")
    assert run(["actions", "render", str(record), "--out", str(out), "--format", "toml"]) == 1
    assert f"{target} already exists. Use --force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
    assert (
        run(["actions", "render", str(record), "--out", str(out), "--format", "toml", "--force"])
        == 0
    )
    assert (
        tomllib.loads(target.read_text(encoding="utf-8"))["meeting"]["case_reference"] == "PN-4471"
    )


def test_render_one_agency(tmp_path: Path, record_data: dict[str, Any]) -> None:
    out = tmp_path
    args = ["actions", "render", str(write_record(tmp_path, record_data)), "--out", str(out)]
    assert run([*args, "--agency", "gp practice", "--format", "text"]) == 0
    assert (out / "2026-11-26_PN-4471_GP-Practice.txt").exists()
    assert not (out / "2026-11-26_PN-4471_actions.txt").exists()


def test_render_unknown_agency_is_bad_input(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["actions", "render", str(write_record(tmp_path, record_data)), "--out", str(tmp_path)]
    assert run([*args, "--agency", "Fire Service"]) == 2
    assert "No agency called 'Fire Service'" in capsys.readouterr().err


def test_render_bad_format(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["actions", "render", str(write_record(tmp_path, record_data)), "--format", "pdf"]
    assert run(args) == 2
    assert "--format must be one of md, text, toml" in capsys.readouterr().err


def test_render_missing_folder(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "actions",
        "render",
        str(write_record(tmp_path, record_data)),
        "--out",
        str(tmp_path / "nope"),
    ]
    assert run(args) == 1
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.posix  # a folder's mode 0o500 stops writes only on POSIX
@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root writes anywhere")
def test_render_read_only_folder(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    args = ["actions", "render", str(write_record(tmp_path, record_data)), "--out", str(out)]
    assert run(args) == 1
    assert "read-only" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_render_refuses_an_existing_set_and_force_replaces_it_whole(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ["actions", "render", str(write_record(tmp_path, record_data)), "--out", str(out)]
    assert run(args) == 0
    stale = out / MD_FOLDER / "notes.md"
    stale.write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert run(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"Error: Already exported to {out / MD_FOLDER}. Use --force to replace it, "
        "or choose another folder with --out."
    ]
    assert stale.read_text(encoding="utf-8") == "mine"
    assert run([*args, "--force"]) == 0
    # Replaced whole: the folder is exactly the new set, and nothing is left beside it.
    assert len(list((out / MD_FOLDER).iterdir())) == 5 and not stale.exists()
    assert [p.name for p in out.iterdir()] == [MD_FOLDER]


@pytest.mark.parametrize("code", ["EACCES", "EROFS"])
def test_render_refused_folder_is_one_line(
    tmp_path: Path,
    record_data: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: str,
) -> None:
    # Tests run as root in CI, where chmod cannot make a folder read-only: inject it.
    import errno

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise OSError(getattr(errno, code), "refused")

    monkeypatch.setattr(os, "open", refuse)
    out = tmp_path / "out"
    out.mkdir()
    args = ["actions", "render", str(write_record(tmp_path, record_data)), "--out", str(out)]
    assert run(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"Error: Cannot write to {out}: it is read-only or not yours. Choose another folder. "
        "Nothing was written."
    ]
    assert list(out.iterdir()) == []


def test_render_disk_full_leaves_nothing(
    tmp_path: Path,
    record_data: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    real_write = os.write
    calls = {"n": 0}

    def full_after_two(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_after_two)
    out = tmp_path / "out"
    out.mkdir()
    args = ["actions", "render", str(write_record(tmp_path, record_data)), "--out", str(out)]
    assert run(args) == 1
    assert "is full" in capsys.readouterr().err
    # The two files written before the disk filled are taken back, and no temp file stays.
    assert list(out.iterdir()) == []
    assert calls["n"] > 2


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["actions", "nonsense"]) == 2


def test_unexpected_error_has_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    record_data: dict[str, Any],
) -> None:
    from rethink_cli.formats import toml as toml_record

    def boom(path: Path) -> None:
        secret = "PN-4471 child's name"  # noqa: F841 - a local that must never be shown
        raise RuntimeError("kaboom")

    monkeypatch.setattr(toml_record, "load_record", boom)
    assert run(["actions", "check", str(write_record(tmp_path, record_data))]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "child's name" not in captured.err + captured.out
    assert "Something unexpected went wrong" in captured.err


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from rethink_cli.cli.app import run\n"
        "try:\n    run(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('questionary', 'pydantic', 'dateparser', 'icalendar', "
        "'rethink_cli.formats.record') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stdout


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rethink_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("rethink ")


def test_first_prompt_loads_no_file_model() -> None:
    """The case reference is asked before any pydantic model or shipped text is built.

    Typer from 0.29 checks every option through pydantic, and the texts' and the
    agreement's models take as long again: each would push the first prompt past
    its budget (DESIGN.md, "Performance budgets"; measured by scripts/bench).
    """
    code = (
        "import sys\n"
        "import rethink_cli.app.session as session\n"
        "from rethink_cli.ui.prompter import TerminalPrompter\n"
        "def first_question(self, question):\n"
        "    late = [m for m in ('pydantic.main', 'rethink_cli.formats.texts', "
        "'rethink_cli.formats.agreement', 'rethink_cli.formats.base') if m in sys.modules]\n"
        "    print('FIRST', question.message, 'LOADED', late, flush=True)\n"
        "    raise SystemExit(0)\n"
        "TerminalPrompter.text = first_question\n"
        "session.require_terminal = lambda command: None\n"
        "from rethink_cli.cli.app import run\n"
        "run(['session', 'start'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TERM": "dumb", "NO_COLOR": "1"},
    )
    assert "FIRST Case reference LOADED []" in result.stdout, result.stdout + result.stderr
