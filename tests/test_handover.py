"""`rethink actions handed-over`: once the files are handed over, exactly they are deleted.

Each export here is written by the program's own writer, as a session writes it
(the record, all actions and a file per agency as Markdown and as plain text,
the calendar), so the set the command deletes is checked against what rethink
really writes, not against a list kept in the test.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rethink_cli.app.handover import HandOver, delete_handed_over, hand_over, plan_hand_over
from rethink_cli.cli.app import run
from rethink_cli.core.errors import ExitCode, RethinkError
from rethink_cli.export.bundle import build_exports, session_exports
from rethink_cli.export.writer import export_folder_name, write_file_set, write_one_file
from rethink_cli.formats.record import parse_record
from tests.scripted import ScriptedPrompter

QUESTION = "confirm: Has Sam Patel (Children's Social Care) received these 12 files?"


def export(out: Path, record_data: dict[str, Any]) -> tuple[Path, set[str]]:
    """A meeting's folder as rethink writes it, and the names of every file in it."""
    record = parse_record(record_data)
    meeting = record.meeting
    name = export_folder_name(meeting.date, meeting.case_reference)
    paths = write_file_set(out, name, session_exports(record))
    folder = out / name
    (calendar,) = build_exports(record, "ics")
    paths.append(write_one_file(folder, calendar))
    return folder, {p.name for p in paths}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    # Another meeting's files beside this one's: never touched.
    (folder / "2026-10-01_PN-1000").mkdir()
    (folder / "2026-10-01_PN-1000" / "2026-10-01_PN-1000_actions.md").write_text("other")
    return folder


def others_untouched(out: Path) -> bool:
    other = out / "2026-10-01_PN-1000" / "2026-10-01_PN-1000_actions.md"
    return other.read_text() == "other"


def test_yes_deletes_exactly_the_set_then_the_folder(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, written = export(out, record_data)
    # The record; all actions and the four agencies' files, in md and txt; the calendar.
    assert len(written) == 12
    assert set(plan_hand_over(folder).files) == written

    assert run(["actions", "handed-over", str(folder), "--yes"]) == ExitCode.OK
    printed = capsys.readouterr()
    assert not folder.exists()
    assert others_untouched(out)
    lines = printed.out.splitlines()
    assert lines[0] == "Case PN-4471, meeting of Thursday 26 November 2026: 12 files in"
    assert lines[1] == str(folder)
    assert sorted(line.strip() for line in lines[2:14]) == sorted(written)
    assert lines[14] == "They go to Sam Patel (Children's Social Care), the Lead Professional."
    assert lines[15] == f"Deleted 12 files, then the empty folder {folder}."
    assert printed.err == ""


def test_the_lead_professionals_file_is_handed_over_under_its_earlier_name_too(
    out: Path, record_data: dict[str, Any]
) -> None:
    folder, written = export(out, record_data)
    lead = "2026-11-26_PN-4471_Childrens-Social-Care_lead-professional"
    assert {f"{lead}.md", f"{lead}.txt"} <= written
    # Written before the Lead Professional's agency's name said so: still rethink's.
    earlier = {"2026-11-26_PN-4471_Childrens-Social-Care.md"}
    earlier.add("2026-11-26_PN-4471_Childrens-Social-Care.txt")
    for name in earlier:
        (folder / name).write_text("earlier")
    # Another agency's name with the tail is nobody's file: the user's, and kept.
    (folder / "2026-11-26_PN-4471_School_lead-professional.txt").write_text("mine")
    assert set(plan_hand_over(folder).files) == written | earlier
    delete_handed_over(plan_hand_over(folder))
    assert [p.name for p in folder.iterdir()] == ["2026-11-26_PN-4471_School_lead-professional.txt"]


def test_a_file_of_the_users_is_kept_and_the_folder_with_it(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = export(out, record_data)
    (folder / "my notes.docx").write_text("mine")

    assert run(["actions", "handed-over", str(folder), "--yes"]) == ExitCode.OK
    assert [p.name for p in folder.iterdir()] == ["my notes.docx"]
    assert (folder / "my notes.docx").read_text() == "mine"
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == (
        f"Deleted 12 files from {folder}; kept the folder, which still holds "
        "my notes.docx (not a file rethink wrote for this meeting)."
    )


def test_no_at_the_question_deletes_nothing(out: Path, record_data: dict[str, Any]) -> None:
    folder, written = export(out, record_data)
    prompter = ScriptedPrompter.of(("confirm", False))

    said = hand_over(plan_hand_over(folder), prompter)

    assert prompter.asked == [QUESTION]
    assert said.startswith("Nothing was deleted.")
    assert {p.name for p in folder.iterdir()} == written


def test_enter_at_the_question_is_no(out: Path, record_data: dict[str, Any]) -> None:
    # A stray Enter must never delete the only copies.
    folder, written = export(out, record_data)
    said = hand_over(plan_hand_over(folder), ScriptedPrompter.of(("confirm", None)))
    assert said.startswith("Nothing was deleted.")
    assert {p.name for p in folder.iterdir()} == written


def test_yes_at_the_question_deletes_them(out: Path, record_data: dict[str, Any]) -> None:
    folder, _ = export(out, record_data)
    said = hand_over(plan_hand_over(folder), ScriptedPrompter.of(("confirm", True)))
    assert said == f"Deleted 12 files, then the empty folder {folder}."
    assert not folder.exists()
    assert others_untouched(out)


def test_to_names_the_receiver(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = export(out, record_data)
    assert run(["actions", "handed-over", str(folder), "--to", "Jo Reed", "--yes"]) == 0
    printed = capsys.readouterr().out
    assert "They go to Jo Reed.\n" in printed
    assert "Lead Professional" not in printed
    prompter = ScriptedPrompter.of(("confirm", False))
    export(out, record_data)
    hand_over(plan_hand_over(folder, "Jo Reed"), prompter)
    assert prompter.asked == ["confirm: Has Jo Reed received these 12 files?"]


def test_an_empty_receiver_is_refused(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, written = export(out, record_data)
    assert run(["actions", "handed-over", str(folder), "--to", " ", "--yes"]) == 2
    assert "--to must not be empty" in capsys.readouterr().err
    assert {p.name for p in folder.iterdir()} == written


def test_a_folder_without_a_record_is_exit_3(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, written = export(out, record_data)
    record = folder / "2026-11-26_PN-4471_actions.toml"
    record.unlink()
    assert run(["actions", "handed-over", str(folder), "--yes"]) == ExitCode.INVALID_RECORD
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("Error: There is no rethink record (a file ending _actions.toml) in")
    assert err[0].endswith("Nothing was deleted.")
    assert {p.name for p in folder.iterdir()} == written - {record.name}


def test_an_invalid_record_is_exit_3_in_one_line(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, written = export(out, record_data)
    record = folder / "2026-11-26_PN-4471_actions.toml"
    record.write_text(record.read_text().replace("strategy = 3", "strategy = 7"))
    assert run(["actions", "handed-over", str(folder), "--yes"]) == ExitCode.INVALID_RECORD
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"Error: The record in {record} has 1 problem. 'rethink actions check {record}' "
        "lists them. Nothing was deleted."
    ]
    assert {p.name for p in folder.iterdir()} == written


def test_a_record_named_for_another_meeting_is_exit_3(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, written = export(out, record_data)
    moved = folder.parent / "elsewhere"
    folder.rename(moved)
    record = moved / "2026-11-26_PN-4471_actions.toml"
    record.rename(moved / "copy_actions.toml")
    assert run(["actions", "handed-over", str(moved), "--yes"]) == ExitCode.INVALID_RECORD
    assert "is not named as rethink names this meeting's record" in capsys.readouterr().err
    assert len(list(moved.iterdir())) == len(written)


@pytest.mark.posix  # a symbolic link: Windows makes them only with extra rights
def test_a_symlinked_folder_is_exit_2(
    out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, written = export(out, record_data)
    link = out / "link"
    link.symlink_to(folder, target_is_directory=True)
    assert run(["actions", "handed-over", str(link), "--yes"]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "is a link" in err[0]
    assert {p.name for p in folder.iterdir()} == written


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_no_folder_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = tmp_path / "2026-11-26_PN-4471"
    if kind == "file":
        path.write_text("not a folder")
    assert run(["actions", "handed-over", str(path), "--yes"]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert ("There is no folder" if kind == "missing" else "is not a folder") in err[0]


@pytest.mark.posix  # a symbolic link: Windows makes them only with extra rights
def test_a_link_with_rethinks_name_is_never_followed(
    tmp_path: Path, out: Path, record_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = export(out, record_data)
    precious = tmp_path / "precious.md"
    precious.write_text("keep me")
    school = folder / "2026-11-26_PN-4471_School.md"
    school.unlink()
    school.symlink_to(precious)

    assert run(["actions", "handed-over", str(folder), "--yes"]) == ExitCode.OK
    assert precious.read_text() == "keep me"
    assert [p.name for p in folder.iterdir()] == [school.name]
    assert "Deleted 11 files from" in capsys.readouterr().out


@pytest.mark.posix  # a symbolic link: Windows makes them only with extra rights
def test_a_folder_swapped_for_a_link_after_the_look_is_left_alone(
    tmp_path: Path, out: Path, record_data: dict[str, Any]
) -> None:
    folder, written = export(out, record_data)
    plan: HandOver = plan_hand_over(folder)
    moved = tmp_path / "moved"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)
    with pytest.raises(RethinkError, match="changed after it was looked at"):
        delete_handed_over(plan)
    assert {p.name for p in moved.iterdir()} == written


def test_a_file_that_cannot_be_deleted_is_exit_1(
    monkeypatch: pytest.MonkeyPatch,
    out: Path,
    record_data: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, written = export(out, record_data)
    school = "2026-11-26_PN-4471_School.md"
    unlink = os.unlink

    def refuse_school(path: str, *, dir_fd: int | None = None) -> None:
        # As a file held open on Windows, or a folder shared read-only, refuses.
        if str(path).endswith(school):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        unlink(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", refuse_school)
    monkeypatch.setattr(os, "supports_dir_fd", os.supports_dir_fd | {refuse_school})
    assert run(["actions", "handed-over", str(folder), "--yes"]) == ExitCode.FAILURE
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"Error: Deleted 11 of the 12 files from {folder}; kept the folder, which still "
        f"holds {school} (could not be deleted: permission denied)."
    ]
    assert [p.name for p in folder.iterdir()] == [school]
    assert school in written


@pytest.mark.parametrize(
    "stdin",
    ["dev-null", pytest.param("closed", marks=pytest.mark.posix)],  # preexec_fn
)
def test_no_terminal_without_yes_is_exit_2(
    tmp_path: Path, out: Path, record_data: dict[str, Any], stdin: str
) -> None:
    folder, written = export(out, record_data)
    env = {**os.environ, "RETHINK_STATE_DIR": str(tmp_path / "state")}
    env.pop("RETHINK_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "rethink_cli", "actions", "handed-over", str(folder)],
        stdin=subprocess.DEVNULL if stdin == "dev-null" else None,
        # 0<&- : Python starts with no stdin at all.
        preexec_fn=(lambda: os.close(0)) if stdin == "closed" else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == ExitCode.BAD_INPUT
    err = result.stderr.splitlines()
    assert len(err) == 1 and "add --yes" in err[0]
    assert result.stdout == ""
    assert {p.name for p in folder.iterdir()} == written


@pytest.mark.posix  # a symbolic link: Windows makes them only with extra rights
def test_where_a_folder_cannot_be_opened_a_fresh_look_guards_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, out: Path, record_data: dict[str, Any]
) -> None:
    # Windows deletes by path: the folder is looked at again just before, never followed.
    monkeypatch.setattr(os, "supports_dir_fd", set())
    folder, written = export(out, record_data)
    plan = plan_hand_over(folder)
    moved = tmp_path / "moved"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)
    with pytest.raises(RethinkError, match="changed after it was looked at"):
        delete_handed_over(plan)
    assert {p.name for p in moved.iterdir()} == written
    folder.unlink()
    moved.rename(folder)
    assert delete_handed_over(plan) == f"Deleted 12 files, then the empty folder {folder}."
    assert not folder.exists()
