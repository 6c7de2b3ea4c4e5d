"""Exports are built with the cyclic collector paused, and it always comes back."""

from __future__ import annotations

import gc

import pytest

from rethink_cli.export.batch import without_cycle_collector
from rethink_cli.export.bundle import build_exports
from rethink_cli.formats.record import parse_record
from tests.harness.bench_helpers.records import record_data


def test_the_collector_is_paused_while_building_and_back_after() -> None:
    seen: list[bool] = []

    @without_cycle_collector
    def build() -> str:
        seen.append(gc.isenabled())
        return "built"

    assert gc.isenabled()
    assert build() == "built"
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_when_a_build_fails() -> None:
    @without_cycle_collector
    def broken() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        broken()
    assert gc.isenabled()


def test_a_collector_already_paused_stays_paused() -> None:
    gc.disable()
    try:
        build_exports(parse_record(record_data(actions=3, agencies=2)), "md")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_build_exports_runs_without_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    states: list[bool] = []
    from rethink_cli.export import bundle
    from rethink_cli.formats.record import Record
    from rethink_cli.formats.toml import render_toml

    def spy(record: Record) -> str:
        states.append(gc.isenabled())
        return render_toml(record)

    monkeypatch.setattr(bundle, "render_toml", spy)
    build_exports(parse_record(record_data(actions=3, agencies=2)), "toml")
    assert states == [False]
    assert gc.isenabled()
