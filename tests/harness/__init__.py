"""Harnesses that drive rethink from outside: kill -9, hostile text, privacy, screens, bench.

Each is a module run from the repository root, so ``tests`` and ``rethink_cli``
import without touching ``sys.path``::

    .venv/bin/python -m tests.harness.killtest
    .venv/bin/python -m tests.harness.hostile_corpus
    .venv/bin/python -m tests.harness.privacy_scan
    .venv/bin/python -m tests.harness.screens
    .venv/bin/python -m tests.harness.bench      (or scripts/bench)

Tests import them the same way: ``from tests.harness import killtest``.
"""

from __future__ import annotations

from pathlib import Path

# The checkout: children run with it as their working directory, so that
# ``python -m tests.harness...`` and ``import tests...`` work in them too.
ROOT = Path(__file__).resolve().parents[2]
