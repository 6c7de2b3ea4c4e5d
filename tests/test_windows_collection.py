"""The suite collects as it would on Windows: nothing POSIX-only runs at import time.

Windows is not at hand here, so a child pytest collects the whole suite with
tests/as_on_windows/sitecustomize.py first on its path: for the tests' own files, the
modules, os functions and signals that Windows lacks are gone, os.name is "nt",
sys.platform is "win32" and pexpect has no ``spawn`` (see that file). In the same run the
tests marked ``posix`` are selected: every one must be skipped, none run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AS_ON_WINDOWS = ROOT / "tests" / "as_on_windows"


def pytest_as_on_windows(
    *args: str, watched: Path, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """pytest in a child Python as on Windows, for the files under ``watched``."""
    path = [str(AS_ON_WINDOWS), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(path),
        "RETHINK_AS_ON_WINDOWS": str(watched),
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )


def test_the_suite_collects_as_on_windows_and_skips_every_posix_test() -> None:
    result = pytest_as_on_windows("-q", "-rN", "-m", "posix", "tests", watched=ROOT / "tests")
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    shown = f"{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    assert result.returncode == 0, shown
    assert re.fullmatch(r"\d+ skipped, \d+ deselected in [\d.]+s( \(.*\))?", summary), shown


# A module that does each at import time, and what the child says when it cannot.
PROBES = {
    "geteuid": (
        "import os\nimport pytest\n\n\n"
        '@pytest.mark.skipif(os.geteuid() == 0, reason="root")\n'
        "def test_it() -> None:\n    pass\n",
        "has no attribute 'geteuid'",
    ),
    "resource": ("import resource\n", "No module named 'resource'"),
    "sighup": ("import signal\n\nSIGNALS = [signal.SIGHUP]\n", "has no attribute 'SIGHUP'"),
    "spawn": ("import pexpect\n\nSPAWN = pexpect.spawn\n", "has no attribute 'spawn'"),
}


@pytest.mark.posix  # the same modules collect here only because this is not Windows
def test_the_child_refuses_what_windows_lacks(tmp_path: Path) -> None:
    for name, (source, _) in PROBES.items():
        (tmp_path / f"test_probe_{name}.py").write_text(source, encoding="utf-8")
    here = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert here.returncode == 0, here.stdout[-2000:]
    result = pytest_as_on_windows("--collect-only", "-q", watched=tmp_path, cwd=tmp_path)
    assert result.returncode != 0
    for name, (_, said) in PROBES.items():
        assert f"ERROR test_probe_{name}.py" in result.stdout, result.stdout[-3000:]
        assert said in result.stdout, (name, result.stdout[-3000:])
