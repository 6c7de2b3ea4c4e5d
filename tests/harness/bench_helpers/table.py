"""The bench's vocabulary: settings, rows, the registry of figures and the printed table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness.bench_helpers.child import ChildUsage


@dataclass(frozen=True)
class Settings:
    """What every figure gets: repetition level, interpreter, environment, scratch space."""

    quick: bool
    python: Path
    env: dict[str, str]
    scratch: Path

    def reps(self, full: int, quick: int) -> int:
        return quick if self.quick else full


@dataclass(frozen=True)
class Row:
    """One line of the table. ``budget`` is the largest passing ratio; None = informational."""

    figure: str
    measured: str
    baseline: str
    ratio: float | None
    budget: float | None
    notes: tuple[str, ...] = ()
    error: str | None = None

    @property
    def verdict(self) -> str:
        if self.error is not None:
            return "ERROR"
        if self.budget is None or self.ratio is None:
            return "info"
        return "PASS" if self.ratio <= self.budget else "FAIL"


FigureFn = Callable[[Settings], list[Row]]


@dataclass(frozen=True)
class Figure:
    name: str
    summary: str
    run: FigureFn


FIGURES: list[Figure] = []

# Budgets from DESIGN.md that need commands which do not exist yet. When one
# becomes measurable, write its @figure function and delete its line here.
PLANNED: dict[str, str] = {}


def figure(name: str, summary: str) -> Callable[[FigureFn], FigureFn]:
    """Register a figure. Its function returns one or more table rows."""

    def register(fn: FigureFn) -> FigureFn:
        FIGURES.append(Figure(name, summary, fn))
        return fn

    return register


# --- small helpers ---


def fmt_seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def spread(samples: Sequence[float]) -> str:
    """Median with the range, for a footnote: shows how noisy a figure was."""
    return (
        f"median of {len(samples)}: {fmt_seconds(statistics.median(samples))} "
        f"(min {fmt_seconds(min(samples))}, max {fmt_seconds(max(samples))})"
    )


def time_call(fn: Callable[[], object], runs: int, warmups: int = 1) -> list[float]:
    """Wall times of ``fn()`` over ``runs`` runs after ``warmups`` untimed ones."""
    for _ in range(warmups):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def check_ran(usage: ChildUsage, what: str) -> None:
    if usage.returncode != 0:
        detail = (usage.stderr or usage.stdout).decode(errors="replace").strip()
        raise RuntimeError(f"{what} exited {usage.returncode}: {detail[-300:]}")


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def render(self) -> str:
        header = ("figure", "measured", "baseline", "ratio", "budget", "result")
        cells = [header] + [
            (
                r.figure,
                r.measured,
                r.baseline,
                "-" if r.ratio is None else f"{r.ratio:.2f}",
                "-" if r.budget is None else f"≤ {r.budget:g}",
                r.verdict,
            )
            for r in self.rows
        ]
        widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
        right = {1, 2, 3, 4}

        def line(row: Sequence[str]) -> str:
            parts = [
                c.rjust(w) if i in right else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            return "  ".join(parts).rstrip()

        out = [line(header), "  ".join("-" * w for w in widths)]
        out += [line(row) for row in cells[1:]]
        notes = list(dict.fromkeys(n for r in self.rows for n in r.notes))  # no repeats
        errors = [f"{r.figure}: {r.error}" for r in self.rows if r.error]
        if notes:
            out += ["", "Notes:"] + [f"  {n}" for n in notes]
        if errors:
            out += ["", "Errors:"] + [f"  {e}" for e in errors]
        return "\n".join(out)
