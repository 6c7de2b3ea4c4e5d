"""Long paths: where the system limits a full path (Windows), names are cut to fit.

The limit is forced on here (``path_limit`` patched), so these run anywhere. The
folders are made to an exact length, so each test knows which names must be cut:
the sample record's long variant below needs 103 characters below the chosen
folder for its Markdown set even with the narrowest names (the hidden staging
folder, 36, then the longest file, 65), so with the limit of 250 a folder of up
to 146 characters can take it, and one of 147 cannot.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from rethink_cli.app.files import write_calendar_file
from rethink_cli.app.handover import plan_hand_over
from rethink_cli.cli.app import run
from rethink_cli.core.errors import ExitCode, ExportError
from rethink_cli.export import folder_set, long_paths
from rethink_cli.export.bundle import (
    build_exports,
    export_names,
    render_placement,
    session_exports,
    session_placement,
)
from rethink_cli.export.filenames import LEAD_TAIL, agency_file_stems, export_file_name
from rethink_cli.export.writer import OutputFile, write_file_set, write_one_file
from rethink_cli.formats.record import parse_record
from tests import flow_helpers as f
from tests.scripted import ScriptedPrompter
from tests.test_filenames import _TEXT, _folded
from tests.test_flow import strategy3_script

LIMIT = long_paths.WINDOWS_PATH_LIMIT
LEAD = "Northshire County Council Children's Social Care"
HEALTH = "Northshire County Council Health Visiting Team"
EARLY_HELP = "Northshire County Council Early Help Service"
DEEPEST_FOR_MD = 146
TOO_DEEP = "is too deep for Windows to hold these files"


@pytest.fixture
def limited(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit on, as on Windows."""
    monkeypatch.setattr(long_paths, "path_limit", lambda: LIMIT)


@pytest.fixture
def unlimited(monkeypatch: pytest.MonkeyPatch) -> None:
    """No limit, as on Linux and macOS (so these run the same on Windows too)."""
    monkeypatch.setattr(long_paths, "path_limit", lambda: None)


def folder_of_length(base: Path, length: int) -> Path:
    """A new folder inside ``base`` whose full path is exactly ``length`` characters."""
    path = Path(os.path.abspath(base))
    if length - len(str(path)) < 2:
        pytest.skip(f"{path} is too long already for a folder of {length} characters")
    while length - len(str(path)) > 52:
        path /= "d" * 50
    path /= "e" * (length - len(str(path)) - 1)
    path.mkdir(parents=True)
    assert len(str(path)) == length
    return path


def long_record(record_data: dict[str, Any]) -> dict[str, Any]:
    """The sample record with a long case reference and long agency names, three of
    them alike for their first 26 characters."""
    record_data["meeting"]["case_reference"] = "Northshire Family Support PN-4471-B"
    record_data["meeting"]["lead_professional_agency"] = LEAD
    attendees = record_data["attendees"]
    attendees[0]["agency"] = LEAD
    attendees[1]["agency"] = HEALTH
    attendees[2]["agency"] = EARLY_HELP
    record_data["actions"][0]["agency"] = LEAD
    record_data["actions"][1]["agency"] = EARLY_HELP
    return record_data


def write_record(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / "record.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def render_md(record: Path, out: Path, *extra: str) -> int:
    return run(["actions", "render", str(record), "--out", str(out), *extra])


def every_path_fits(out: Path, folder: Path) -> bool:
    """Each file's final path fits, and so would the same name in the longest staging
    folder any process can make, and the longest hidden temporary file."""
    names = [p.name for p in folder.iterdir()]
    staging = len(str(out)) + 1 + folder_set.STAGING_NAME_MAX + 1 + max(map(len, names))
    temporary = len(str(folder)) + 1 + folder_set.TEMP_NAME_MAX
    finals = [len(str(folder / name)) for name in names]
    return max([staging, temporary, *finals]) < LIMIT


def only_folder(out: Path) -> Path:
    (folder,) = list(out.iterdir())
    return folder


# ---------------------------------------------------------------- the limit


@pytest.mark.parametrize(("platform", "expected"), [("win32", LIMIT), ("linux", None)])
def test_the_limit_is_windows_own(
    monkeypatch: pytest.MonkeyPatch, platform: str, expected: int | None
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert long_paths.path_limit() == expected


def test_the_hidden_names_are_never_longer_than_their_bounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The largest process id Windows can give: ten digits.
    monkeypatch.setattr(os, "getpid", lambda: 4_294_967_295)
    assert len(folder_set.new_staging_folder(tmp_path).name) == folder_set.STAGING_NAME_MAX
    assert len(folder_set.new_temp_file(tmp_path, b"x").name) == folder_set.TEMP_NAME_MAX


def test_a_character_beyond_the_basic_plane_counts_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / ("\U0001d538" * 40)
    # As Python counts, out and a 10-character name fit in this limit; as Windows
    # counts (UTF-16), each of those 40 characters is two and they do not.
    limit = len(str(out)) + 1 + folder_set.TEMP_NAME_MAX + 20
    monkeypatch.setattr(long_paths, "path_limit", lambda: limit)
    long_paths.check_fits(tmp_path / ("a" * 40), None, ["short.txt"])
    with pytest.raises(ExportError, match=TOO_DEEP):
        long_paths.check_fits(out, None, ["short.txt"])


# ---------------------------------------------------------------- cut to fit


@settings(max_examples=150)
@given(st.lists(_TEXT, min_size=1, max_size=8), st.data())
def test_cut_stems_stay_distinct_whatever_the_names(
    agencies: list[str], data: st.DataObject
) -> None:
    width = data.draw(st.sampled_from(long_paths.WIDTHS))
    lead = data.draw(st.sampled_from(agencies))
    stems = agency_file_stems(agencies, lead=lead, width=width)
    folded = [_folded(stem) for stem in stems.values()]
    assert len(set(folded)) == len(folded)
    assert all(len(stem.removesuffix(LEAD_TAIL)) <= width for stem in stems.values())
    # The same names in any order: the same stems, so a run never differs from the last.
    assert agency_file_stems(list(reversed(agencies)), lead=lead, width=width) == stems
    name = export_file_name(date(2026, 11, 26), "Case " * 30, stems[lead], ".md", width=width)
    assert name.endswith(f"{LEAD_TAIL}.md")


@pytest.mark.usefixtures("limited")
def test_a_deep_folder_gets_shorter_names_that_all_fit_and_stay_distinct(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    data = long_record(record_data)
    out = folder_of_length(tmp_path / "out", DEEPEST_FOR_MD)
    assert render_md(write_record(tmp_path, data), out) == ExitCode.OK
    folder = only_folder(out)
    names = sorted(p.name for p in folder.iterdir())
    printed = capsys.readouterr().out.splitlines()
    assert sorted(Path(line.removeprefix("Wrote ")).name for line in printed) == names

    assert every_path_fits(out, folder)
    # Cut: the long case reference and agency names are not there whole.
    full = export_names(parse_record(data), "md")
    assert not set(names) & set(full)
    assert "Family-Support" not in folder.name + "".join(names)
    # All actions and one per agency, no two alike as Windows compares names.
    assert len({name.casefold() for name in names}) == len(full) == 5
    # The date and the endings are never cut; the Lead Professional's file says so.
    assert all(name.startswith("2026-11-26_") and name.endswith(".md") for name in names)
    assert folder.name.startswith("2026-11-26_") and folder.name.endswith("_md")
    assert sum(name.endswith("_lead-professional.md") for name in names) == 1
    assert any(name.endswith("_actions.md") for name in names)


@pytest.mark.usefixtures("limited")
def test_the_names_are_cut_no_more_than_the_folder_needs(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    data = long_record(record_data)
    record = parse_record(data)
    shallow = folder_of_length(tmp_path / "a", 80)
    middle = folder_of_length(tmp_path / "b", 100)
    deep = folder_of_length(tmp_path / "c", 140)
    widths = [render_placement(record, out, "md", None).width for out in (shallow, middle, deep)]
    assert widths == [60, 32, 16]
    # The full names where they fit, even with the limit on.
    assert render_md(write_record(tmp_path, data), shallow) == ExitCode.OK
    names = {p.name for p in only_folder(shallow).iterdir()}
    assert names == set(export_names(record, "md"))
    assert any("Northshire-County-Council-Childrens-Social-Care_lead" in n for n in names)


@pytest.mark.usefixtures("limited")
def test_the_cut_names_are_the_same_every_run(
    tmp_path: Path, record_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    record = write_record(tmp_path, long_record(record_data))
    first = folder_of_length(tmp_path / "first", 140)
    second = folder_of_length(tmp_path / "second", 140)
    assert render_md(record, first) == ExitCode.OK
    # Another run, another process id (the longest there can be), another folder as deep.
    monkeypatch.setattr(os, "getpid", lambda: 4_294_967_295)
    assert render_md(record, second) == ExitCode.OK
    one, two = only_folder(first), only_folder(second)
    assert one.name == two.name
    assert sorted(p.name for p in one.iterdir()) == sorted(p.name for p in two.iterdir())
    # Written again in the same place: the very folder it replaces.
    assert render_md(record, first, "--force") == ExitCode.OK
    assert only_folder(first) == one


@pytest.mark.usefixtures("limited")
def test_a_single_file_is_cut_to_fit_too(tmp_path: Path, record_data: dict[str, Any]) -> None:
    out = folder_of_length(tmp_path / "out", 200)
    record = write_record(tmp_path, long_record(record_data))
    assert run(["actions", "render", str(record), "--format", "toml", "--out", str(out)]) == 0
    (written,) = list(out.iterdir())
    assert written.name.endswith("_actions.toml")
    assert len(str(written)) < LIMIT
    assert len(str(out)) + 1 + folder_set.TEMP_NAME_MAX < LIMIT


# ---------------------------------------------------------------- too deep


@pytest.mark.usefixtures("limited")
def test_a_folder_too_deep_is_refused_in_one_line_before_anything_is_written(
    tmp_path: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    record = write_record(tmp_path, long_record(record_data))
    out = folder_of_length(tmp_path / "out", DEEPEST_FOR_MD + 1)
    assert render_md(record, out) == ExitCode.FAILURE
    printed = capsys.readouterr()
    assert printed.err.splitlines() == [
        f"Error: The folder {out} {TOO_DEEP} (its path must be under "
        f"{DEEPEST_FOR_MD + 1} characters): choose a folder nearer the top, such as "
        "Documents. Nothing was written."
    ]
    assert printed.out == ""
    # Not even the hidden staging folder was made.
    assert list(out.iterdir()) == []


@pytest.mark.usefixtures("limited")
def test_a_relative_folder_is_named_and_counted_in_full(
    tmp_path: Path,
    record_data: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = write_record(tmp_path, long_record(record_data))
    out = folder_of_length(tmp_path / "out", 200)
    monkeypatch.chdir(out)
    assert render_md(record, Path(".")) == ExitCode.FAILURE
    assert capsys.readouterr().err.startswith(f"Error: The folder {out} {TOO_DEEP}")
    assert list(out.iterdir()) == []


@pytest.mark.usefixtures("limited")
def test_the_writer_refuses_a_path_too_long_whoever_named_the_files(tmp_path: Path) -> None:
    # rethink review names its own files: the writer still refuses before writing.
    out = folder_of_length(tmp_path / "out", 150)
    long_name = "x" * 100 + ".md"
    with pytest.raises(ExportError, match=TOO_DEEP) as refused:
        write_file_set(out, "set", [OutputFile(long_name, "text")])
    assert refused.value.message.endswith("Nothing was written.")
    with pytest.raises(ExportError, match=TOO_DEEP):
        write_one_file(out, OutputFile(long_name, "text"))
    assert list(out.iterdir()) == []
    # As much as fits is written as ever.
    assert write_one_file(out, OutputFile("x" * 90 + ".md", "text")).exists()


# ---------------------------------------------------------------- no limit


@pytest.mark.usefixtures("unlimited")
def test_without_a_limit_the_names_are_as_they_always_were(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    data = long_record(record_data)
    out = folder_of_length(tmp_path / "out", 300)
    assert render_md(write_record(tmp_path, data), out) == ExitCode.OK
    folder = only_folder(out)
    assert folder.name == "2026-11-26_Northshire-Family-Support-PN-4471-B_md"
    names = {p.name for p in folder.iterdir()}
    assert names == set(export_names(parse_record(data), "md"))
    assert (
        "2026-11-26_Northshire-Family-Support-PN-4471-B_"
        "Northshire-County-Council-Childrens-Social-Care_lead-professional.md"
    ) in names


# ---------------------------------------------------------------- a session


SESSION_FOLDER = "2026-11-26_PN-4471"
# The scripted session's longest name, uncut, is its Lead Professional's agency's
# (2026-11-26_PN-4471_Childrens-Social-Care_lead-professional.txt, 62): 100 below
# the chosen folder with the staging folder, 95 once cut to 16 (57). So a folder of
# 150 to 154 characters gets cut names.
SESSION_DEPTH = 152


@pytest.mark.usefixtures("limited")
def test_a_session_in_a_deep_folder_is_handed_over_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = folder_of_length(tmp_path / "out", SESSION_DEPTH)
    outcome = f.run_session(strategy3_script(), out)
    folder = out / SESSION_FOLDER
    written = {p.name for p in outcome.paths}
    written |= {p.name for p in write_calendar_file(outcome.flow.state, out)}
    assert {p.name for p in folder.iterdir()} == written
    assert len(written) == 14
    assert every_path_fits(out, folder)
    assert not any("Childrens-Social-Care" in name for name in written)
    assert any(name.endswith("_lead-professional.txt") for name in written)

    assert set(plan_hand_over(folder).files) == written
    # Moved somewhere shallow since: still known for what it is.
    moved = tmp_path / SESSION_FOLDER
    shutil.move(folder, moved)
    assert set(plan_hand_over(moved).files) == written
    capsys.readouterr()
    assert run(["actions", "handed-over", str(moved), "--yes"]) == ExitCode.OK
    assert f"Deleted 14 files, then the empty folder {moved}." in capsys.readouterr().out
    assert not moved.exists()


@pytest.mark.usefixtures("limited")
def test_a_cut_case_reference_is_handed_over_too(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    record = parse_record(long_record(record_data))
    out = folder_of_length(tmp_path / "out", 140)
    placed = session_placement(record, out)
    written = write_file_set(out, placed.folder, session_exports(record, width=placed.width))
    (calendar,) = build_exports(record, "ics", width=placed.width)
    written.append(write_one_file(out / placed.folder, calendar))
    assert placed.width == 16 and "Family-Support" not in placed.folder
    plan = plan_hand_over(out / placed.folder)
    assert set(plan.files) == {p.name for p in written}
    assert plan.case_reference == "Northshire Family Support PN-4471-B"


@pytest.mark.usefixtures("limited")
def test_a_session_too_deep_asks_for_another_folder_and_loses_nothing(tmp_path: Path) -> None:
    deep = folder_of_length(tmp_path / "deep", 200)
    other = tmp_path / "other"
    other.mkdir()
    script = ScriptedPrompter.of(*strategy3_script().script, ("text", str(other)))
    outcome = f.run_session(script, deep)
    # The folder's path itself is wrapped across the screen's lines.
    assert TOO_DEEP in outcome.screen_flat
    assert "Everything is kept. Choose another folder" in outcome.screen_flat
    assert list(deep.iterdir()) == []
    assert len(list((other / SESSION_FOLDER).iterdir())) == 13
