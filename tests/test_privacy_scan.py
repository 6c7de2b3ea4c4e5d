"""Nothing typed in the go-rounds reaches a file, even across kill -9 and resume.

Runs ``tests/harness/privacy_scan.py`` (a real session in a pseudo-terminal): see its
docstring for what is typed and where it looks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pexpect")

from tests.harness import privacy_scan as scan

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.posix,  # a pseudo-terminal (pexpect.spawn)
]


def test_no_go_round_keystroke_reaches_any_file(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    report = scan.run_scan(tree)
    print(report.figures())  # shown with pytest -s

    assert report.killed_status == 137
    assert report.resumed_status == 0
    # Notes before each of 4 keys a turn: step 4 (3 turns), step 5 before kill -9 (2 turns
    # and 1 note), and after the resume the third speaker's turn, carried on (4 notes).
    assert report.notes_typed == 12 + 9 + 4
    assert not report.restarted_round
    # A note full of go-round keys, typed at every turn, never moved the round on.
    assert report.acted == []
    assert len(set(report.markers)) == len(report.markers)
    # kill -9 left the autosave, its previous copy and a stale lock: all were scanned.
    assert any(name.endswith(".lock") for name in report.autosave_after_kill)
    assert report.after_kill.files >= 3
    assert report.autosave_control
    assert report.hits == []
    assert report.screen_hits == []
    # The positive control: the same scan finds an action's words in the export.
    assert report.positive_found
    # Found in the exported files, which are in the meeting's own folder inside --out.
    assert all(path.parent.parent == tree / "out" for path in report.positive_found_in)
    assert {path.parent.name for path in report.positive_found_in} == {
        name.split("/")[0] for name in report.exported
    }
    assert any(path.suffix == ".toml" for path in report.positive_found_in)
    assert report.left_in_state == []
    assert report.ok


def test_the_scan_finds_a_marker_in_any_encoding_and_case(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "utf8.txt").write_bytes(b"...qxzmrk0001...")
    (tmp_path / "a" / "utf16.bin").write_bytes("xxQXZMRK0002".encode("utf-16-le"))
    (tmp_path / "a" / "utf16be.bin").write_bytes("QxZmRk0003".encode("utf-16-be"))
    (tmp_path / "a" / "clean.txt").write_bytes(b"QXZMRK000")
    result = scan.scan([tmp_path], ["QXZMRK0001", "QXZMRK0002", "QXZMRK0003", "QXZMRK0004"])
    assert result.files == 4
    assert {(hit.marker, hit.path.name) for hit in result.hits} == {
        ("QXZMRK0001", "utf8.txt"),
        ("QXZMRK0002", "utf16.bin"),
        ("QXZMRK0003", "utf16be.bin"),
    }
    encodings = {(hit.marker, hit.encoding) for hit in result.hits}
    assert {("QXZMRK0002", "utf-16-le"), ("QXZMRK0003", "utf-16-be")} <= encodings
