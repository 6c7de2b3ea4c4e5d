"""The checkout's two commands, scripts/rethink.py and scripts/test.py, with nothing installed.

Both set .venv up first (scripts/bootstrap.py): running a meeting installs rethink alone,
the checks add the dev extra, and nothing is installed again while pyproject.toml is
unchanged. scripts/test.py runs every stage even when one before it failed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"scripts_{name}", SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bootstrap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ModuleType:
    """scripts/bootstrap.py on a .venv in tmp_path, recording what it would run."""
    module = load("bootstrap")
    # What scripts/test.py and scripts/rethink.py import.
    monkeypatch.setitem(sys.modules, "bootstrap", module)
    monkeypatch.setattr(module, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(module, "STAMP", tmp_path / ".venv" / ".installed-from")
    ran: list[list[str]] = []

    def run(command: list[str]) -> None:
        ran.append(command)
        if command[1:3] == ["-m", "venv"]:
            python = module.tool("python")
            python.parent.mkdir(parents=True, exist_ok=True)
            python.touch()

    monkeypatch.setattr(module, "_run", run)
    monkeypatch.setattr(module, "ran", ran, raising=False)
    return module


def installs(bootstrap: ModuleType, *, dev: bool) -> list[str]:
    """What ``ensure`` installed into .venv (after pip itself), or [] if nothing."""
    bootstrap.ran.clear()
    bootstrap.ensure(dev=dev)
    return [command[-1] for command in bootstrap.ran if command[-2] == "-e"]


def test_a_meeting_installs_rethink_alone_and_the_checks_add_the_dev_extra(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert installs(bootstrap, dev=False) == ["."]
    assert installs(bootstrap, dev=False) == []
    assert installs(bootstrap, dev=True) == [".[dev]"]
    assert installs(bootstrap, dev=True) == []
    # The tools are there already: running a meeting needs nothing more.
    assert installs(bootstrap, dev=False) == []
    monkeypatch.setattr(bootstrap, "_wanted", lambda: "pyproject.toml changed")
    assert installs(bootstrap, dev=False) == ["."]
    assert installs(bootstrap, dev=True) == [".[dev]"]


def test_the_venv_is_where_windows_or_posix_keeps_it(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bootstrap, "WINDOWS", True)
    assert bootstrap.tool("python") == tmp_path / ".venv" / "Scripts" / "python.exe"
    monkeypatch.setattr(bootstrap, "WINDOWS", False)
    assert bootstrap.tool("rethink") == tmp_path / ".venv" / "bin" / "rethink"


def test_every_stage_runs_and_one_that_fails_fails_the_check(
    bootstrap: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    check = load("test")
    monkeypatch.chdir(tmp_path)  # main() moves to the checkout; this puts it back after
    monkeypatch.setattr(sys, "argv", ["scripts/test.py", "-x", "tests/test_flow.py"])
    commands: list[list[str]] = []

    def run(command: list[str]) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 1 if "mypy" in command[0] else 0)

    monkeypatch.setattr(check, "subprocess", SimpleNamespace(run=run))
    assert check.main() == 1
    out, err = capsys.readouterr()
    stages = ["ruff", "ruff format", "mypy", "lint-imports", "pytest"]
    assert out.splitlines() == [f"== {stage}" for stage in stages]
    assert err.splitlines()[-1] == "== failed: mypy"
    assert commands[-1][-4:] == ["pytest", "-q", "-x", "tests/test_flow.py"]
    assert installs(bootstrap, dev=True) == []  # main() installed the dev extra

    passing = SimpleNamespace(run=lambda command: subprocess.CompletedProcess(command, 0))
    monkeypatch.setattr(check, "subprocess", passing)
    assert check.main() == 0


def test_the_session_command_runs_rethink_from_the_venv(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = load("rethink")
    monkeypatch.setattr(sys, "argv", ["scripts/rethink.py", "session", "start"])
    started: list[Any] = []

    def execv(program: str, args: list[str]) -> None:
        started.append((program, args))
        raise SystemExit(0)

    monkeypatch.setattr(os, "name", "posix")
    monkeypatch.setattr(os, "execv", execv)
    with pytest.raises(SystemExit):
        command.main()
    program = str(bootstrap.tool("rethink"))
    assert started == [(program, [program, "session", "start"])]
    assert installs(bootstrap, dev=False) == []  # main() installed rethink alone
    assert installs(bootstrap, dev=True) == [".[dev]"]


def test_on_windows_it_waits_for_rethink_through_ctrl_c_and_passes_on_its_status(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = load("rethink")
    monkeypatch.setattr(sys, "argv", ["scripts/rethink.py", "session", "demo"])
    waits: Iterator[KeyboardInterrupt | int] = iter([KeyboardInterrupt(), 3])

    class Program:
        def __init__(self, args: list[str]) -> None:
            self.args = args

        def wait(self) -> int:
            now = next(waits)
            if isinstance(now, KeyboardInterrupt):
                raise now  # the console sent Ctrl-C to both: rethink handles it
            return now

    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(command, "subprocess", SimpleNamespace(Popen=Program))
    assert command.main() == 3
