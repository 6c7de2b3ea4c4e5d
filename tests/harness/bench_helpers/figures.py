"""Figures measured in-process or by short child processes: help and render."""

from __future__ import annotations

import shutil
import statistics
import time

from tests.harness.bench_helpers.child import run_measured
from tests.harness.bench_helpers.records import record_data
from tests.harness.bench_helpers.table import (
    Row,
    Settings,
    check_ran,
    figure,
    fmt_seconds,
    spread,
    time_call,
)

BASELINE_APP = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "x") -> None:
    """Say hello."""


app()
'''


@figure("help", "`rethink --help` and `--version` vs a one-command Typer app's `--help`")
def help_figure(settings: Settings) -> list[Row]:
    baseline_app = settings.scratch / "one_command_app.py"
    baseline_app.write_text(BASELINE_APP)
    py = str(settings.python)
    commands: dict[str, list[str]] = {
        "rethink --help": [py, "-m", "rethink_cli", "--help"],
        "rethink --version": [py, "-m", "rethink_cli", "--version"],
        "baseline --help": [py, str(baseline_app), "--help"],
    }
    runs, warmups = settings.reps(15, 5), 2
    samples: dict[str, list[float]] = {name: [] for name in commands}
    order = list(commands)
    for round_ in range(warmups + runs):
        # Interleave, alternating the order each round, so drift and order cancel out.
        for name in order if round_ % 2 == 0 else reversed(order):
            usage = run_measured(commands[name], env=settings.env, cwd=settings.scratch)
            check_ran(usage, name)
            if round_ >= warmups:
                samples[name].append(usage.wall_s)
    base = statistics.median(samples["baseline --help"])
    rows = []
    for name in ("rethink --help", "rethink --version"):
        measured = statistics.median(samples[name])
        rows.append(
            Row(
                figure=f"help: {name.removeprefix('rethink ')}",
                measured=fmt_seconds(measured),
                baseline=fmt_seconds(base),
                ratio=measured / base,
                budget=1.1,
                notes=(
                    f"{name} ({' '.join(commands[name][1:])}): {spread(samples[name])}",
                    f"baseline: one-command Typer app --help: {spread(samples['baseline --help'])}",
                ),
            )
        )
    return rows


@figure("render", "build md, text and toml exports of 1,000 and 10,000 actions (20 agencies)")
def render_figure(settings: Settings) -> list[Row]:
    from rethink_cli.export.bundle import FORMATS, build_exports
    from rethink_cli.export.writer import OutputFile, write_file_set
    from rethink_cli.formats.record import Record, parse_record

    def build_all(record: Record) -> list[OutputFile]:
        return [f for fmt in FORMATS for f in build_exports(record, fmt)]

    def timed_writes(files: list[OutputFile], runs: int, label: str) -> list[float]:
        samples = []
        for i in range(runs):
            folder = settings.scratch / f"write-{label}-{i}"
            folder.mkdir()
            started = time.perf_counter()
            write_file_set(folder, "set", files)
            samples.append(time.perf_counter() - started)
            shutil.rmtree(folder)
        return samples

    small = parse_record(record_data(actions=1_000, agencies=20))
    large = parse_record(record_data(actions=10_000, agencies=20))
    small_files = build_all(small)
    large_files = build_all(large)

    small_samples = time_call(lambda: build_all(small), runs=settings.reps(7, 3))
    large_samples = time_call(lambda: build_all(large), runs=settings.reps(3, 1), warmups=0)
    small_t = statistics.median(small_samples)
    large_t = statistics.median(large_samples)
    small_w = timed_writes(small_files, settings.reps(5, 2), "1k")
    large_w = timed_writes(large_files, settings.reps(3, 1), "10k")
    return [
        Row(
            figure="render: 1,000 actions",
            measured=fmt_seconds(small_t),
            baseline="0.3 s (absolute)",
            ratio=small_t / 0.3,
            budget=1.0,
            notes=(f"render 1,000 ({len(small_files)} files): {spread(small_samples)}",),
        ),
        Row(
            figure="render: 10,000 actions",
            measured=fmt_seconds(large_t),
            baseline=f"{fmt_seconds(small_t)} (1,000)",
            ratio=large_t / small_t,
            budget=10.0,
            notes=(f"render 10,000 ({len(large_files)} files): {spread(large_samples)}",),
        ),
        Row(
            figure=f"write: 1,000 actions ({len(small_files)} files)",
            measured=fmt_seconds(statistics.median(small_w)),
            baseline="-",
            ratio=None,
            budget=None,
            notes=(f"write 1,000 (write_file_set, fsync): {spread(small_w)}",),
        ),
        Row(
            figure=f"write: 10,000 actions ({len(large_files)} files)",
            measured=fmt_seconds(statistics.median(large_w)),
            baseline="-",
            ratio=None,
            budget=None,
            notes=(f"write 10,000 (write_file_set, fsync): {spread(large_w)}",),
        ),
    ]
