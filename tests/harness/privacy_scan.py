"""Privacy scan: nothing typed during the go-rounds may reach any file, even after kill -9.

Runs the real program in a pseudo-terminal, as a facilitator would, with HOME,
TMPDIR, RETHINK_STATE_DIR and RETHINK_CONFIG_DIR all inside one fresh temp tree:

1. an independent (Strategy 3) session; a unique marker (such as ``QXZMRK0001``)
   is typed before every key press at the introduction pages and the agreement
   points; at every go-round turn, before each key (pause, resume, a minute
   more, next), a note full of the go-round's own keys is typed, as a
   facilitator taking notes would ("mum says QXZMRK0012 dad is back + the baby
   has a bruise, pass it on"): it must change neither the speaker nor the turn,
   nor show anything, and the key pressed on its own afterwards must act;
2. kill -9 half-way through step 5, then scan every file in the tree;
3. ``rethink session resume``: the same speaker carries on; more notes typed;
4. three actions, one holding the positive control ``POSITIVEMARK7``; export;
5. scan every file under the state folder, the export folder, HOME and TMPDIR
   (and the config folder) for each marker: as bytes, case-insensitively, and as
   UTF-16 (both byte orders). Zero hits are required, and the positive control
   must be found in the export, which proves the scan can find what it seeks.

    .venv/bin/python -m tests.harness.privacy_scan          print the figures; exit 1 on any hit
    .venv/bin/python -m tests.harness.privacy_scan --keep   keep the temp tree and say where

``run_scan()`` does the same and returns a ``ScanReport`` (see tests/test_privacy_scan.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pexpect

from tests.e2e_helpers import (
    ENTER,
    SETUP_CASE,
    SETUP_LEAD,
    SETUP_LEAD_AGENCY,
    TYPING_PAUSE,
    Facilitator,
    add_action,
    agree_to_work_this_way,
    finish_go_round,
    finish_introductions,
    introduce,
    leave_copy_menu,
    program_env,
    program_today,
    read_introduction,
    setup_options,
    start_go_round,
    strip_ansi,
)
from tests.test_e2e import read_back

POSITIVE = "POSITIVEMARK7"
MARKER_PREFIX = "QXZMRK"
# Notes typed at a go-round prompt: every go-round key is in them (n, s, b, a, p, t, +).
NOTES = "mum says {marker} dad is back + the baby has a bruise, pass it on"
# What any go-round key would make appear: none may follow typing.
ACTED = ("passes for now", "Has someone arrived", "Paused.", "Running again.", "One more minute")
PEOPLE = [
    ("Jo Reed", "Health visitor", "Health Visiting"),
    ("Priya Shah", "Designated safeguarding lead", "Northside Primary School"),
]
SPEAKERS = [SETUP_LEAD, *(name for name, _, _ in PEOPLE)]
ACTIONS = [
    # (what, owner's place in the "Who owns it?" list, where that agency records it)
    ("Arrange a joint home visit with the health visitor", 0, "Social care case record"),
    (f"Send the {POSITIVE} referral form to the school nurse", 1, "Health visiting notes"),
    ("Book a developmental review at the clinic", 2, "School safeguarding file"),
]
# Typed at step 2, so in every autosave: shows the scan after kill -9 reads the autosave.
ROSTER_CONTROL = "Priya Shah"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


@dataclass(frozen=True)
class Hit:
    marker: str
    path: Path
    encoding: str


@dataclass
class Scan:
    """One search of every file under some folders for some strings."""

    files: int = 0
    bytes: int = 0
    hits: list[Hit] = field(default_factory=list)


@dataclass
class ScanReport:
    tree: Path
    markers: list[str]
    after_kill: Scan
    at_end: Scan
    positive_found_in: list[Path]
    screen_hits: list[str]
    autosave_control: bool
    killed_status: int
    resumed_status: int
    autosave_after_kill: list[str]
    exported: list[str]
    left_in_state: list[str]
    # Go-round notes typed, and what appeared on screen after any of them (must be nothing).
    notes_typed: int = 0
    acted: list[str] = field(default_factory=list)
    restarted_round: bool = False

    @property
    def hits(self) -> list[Hit]:
        return self.after_kill.hits + self.at_end.hits

    @property
    def positive_found(self) -> bool:
        return bool(self.positive_found_in)

    @property
    def ok(self) -> bool:
        return (
            not self.hits
            and not self.screen_hits
            and not self.acted
            and not self.restarted_round
            and self.positive_found
            and self.autosave_control
        )

    def figures(self) -> str:
        lines = [
            f"markers typed:            {len(self.markers)}",
            f"files scanned:            {self.after_kill.files + self.at_end.files} "
            f"({self.after_kill.files} after kill -9, {self.at_end.files} after export)",
            f"bytes scanned:            {self.after_kill.bytes + self.at_end.bytes:,}",
            f"hits:                     {len(self.hits)}",
            f"hits on screen:           {len(self.screen_hits)}",
            f"go-round notes typed:     {self.notes_typed}; acted on: {len(self.acted)}",
            f"round after resume:       "
            f"{'started again' if self.restarted_round else 'carried on, same speaker'}",
            f"positive control found:   {'yes' if self.positive_found else 'NO'}"
            f" ({POSITIVE} in {len(self.positive_found_in)} exported file(s))",
            f"autosave scan works:      {'yes' if self.autosave_control else 'NO'}"
            f" ({ROSTER_CONTROL!r} found in the autosave left by kill -9)",
            f"killed at step 5:         exit {self.killed_status}; autosave then: "
            f"{', '.join(self.autosave_after_kill) or 'none'}",
            f"resumed and exported:     exit {self.resumed_status}; "
            f"{len(self.exported)} files written",
            f"left in the state folder: {', '.join(self.left_in_state) or 'nothing'}",
        ]
        for hit in self.hits:
            lines.append(f"  HIT {hit.marker} ({hit.encoding}) in {hit.path}")
        for marker in self.screen_hits:
            lines.append(f"  ON SCREEN: {marker}")
        for seen in self.acted:
            lines.append(f"  TYPING ACTED: {seen}")
        return "\n".join(lines)


# ------------------------------------------------------------------------ scanning


def needles(text: str) -> dict[str, bytes]:
    """``text`` lower-cased in each encoding: compared with lower-cased file bytes."""
    return {encoding: text.lower().encode(encoding) for encoding in ENCODINGS}


def scan(roots: list[Path], wanted: list[str]) -> Scan:
    """Every regular file under ``roots`` (each once; links not followed) for ``wanted``."""
    result = Scan()
    seen: set[Path] = set()
    patterns = {text: needles(text) for text in wanted}
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                path = Path(folder) / name
                if path.is_symlink() or not path.is_file() or path.resolve() in seen:
                    continue
                seen.add(path.resolve())
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                result.files += 1
                result.bytes += len(data)
                # bytes.lower() folds ASCII letters only, in UTF-8 and in UTF-16 alike.
                low = data.lower()
                for text, forms in patterns.items():
                    for encoding, needle in forms.items():
                        if needle in low:
                            result.hits.append(Hit(text, path, encoding))
    return result


# ------------------------------------------------------------------------ the session


class Markers:
    """Hands out a new marker for each key press, and remembers them all."""

    def __init__(self) -> None:
        self.typed: list[str] = []

    def __call__(self) -> str:
        marker = f"{MARKER_PREFIX}{len(self.typed) + 1:04d}"
        self.typed.append(marker)
        return marker


class Notes:
    """Types notes at go-round prompts and records anything they made happen."""

    def __init__(self, marker: Markers) -> None:
        self.marker = marker
        self.typed = 0
        self.acted: list[str] = []

    def type_at(self, me: Facilitator) -> None:
        """Type a note, then wait past the typing gap, reading all that the program draws."""
        self.typed += 1
        me.child.send(NOTES.format(marker=self.marker()))
        me.child.expect(pexpect.TIMEOUT, timeout=TYPING_PAUSE)
        drawn = strip_ansi(me.child.before or "")
        # Neither the speaker nor the turn changed: no note of an action, no new page.
        self.acted += [sign for sign in (*ACTED, "Turn ") if sign in drawn]


def _speak(me: Facilitator, name: str, notes: Notes) -> None:
    """One turn: notes typed before pause, resume, a minute more and next, each pressed alone."""
    prompt = f"{name} is speaking"
    me.see(prompt)
    for key, answer in (("p", "Paused."), ("p", "Running again."), ("+", "One more minute")):
        notes.type_at(me)
        me.child.send(key)
        me.see(answer)
        me.see(prompt)
    notes.type_at(me)
    me.child.send(ENTER)


def _typed_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _actions_to_export(me: Facilitator, today: dt.date) -> None:
    me.see("Step 6 of 9")
    for what, _, _ in ACTIONS:
        add_action(me, what)
    me.see(f"Actions ({len(ACTIONS)})")
    me.select("Actions", "Done: on to step 7", downs=1)
    me.see("Step 7 of 9")
    for number, (what, owner, _) in enumerate(ACTIONS, start=1):
        due = today + dt.timedelta(days=7 * number)
        me.see(f"Action {number}: {what}")
        me.select("Who owns it?", SPEAKERS[owner], downs=owner)
        me.text(f"Action {number}, by when?", _typed_date(due))
        me.confirm(read_back(due))
    me.select("Who and by when", "Done: on to step 8")
    me.see("Step 8 of 9")
    # Every agency present says where it records the actions, owner or not.
    agencies = [SETUP_LEAD_AGENCY, *(agency for _, _, agency in PEOPLE)]
    places = {agencies[owner]: where for _, owner, where in ACTIONS}
    for agency in agencies:
        me.text(f"Where does {agency} record these actions?", places.get(agency, "Case file"))
    review = today + dt.timedelta(days=42)
    me.text("Review date: when will the network meet again", _typed_date(review))
    me.confirm(read_back(review))
    me.select("Who will call the review meeting?", SETUP_LEAD)
    me.select("Where recorded and the review", "Done: on to step 9")
    me.see("Step 9 of 9")
    me.select("Is the network still stuck?", "No: the agreed actions are a way forward")
    me.select("Wrap up", "Everyone agrees: export the actions")
    me.see("Written")
    leave_copy_menu(me)


def _finish(me: Facilitator, timeout: float = 15) -> int:
    try:
        return me.finish(timeout=timeout)
    finally:
        me.kill()


def _environment(tree: Path) -> dict[str, Path]:
    places = {name: tree / name for name in ("home", "tmp", "state", "config", "out")}
    for folder in places.values():
        folder.mkdir()
    return places


def _program_env(places: dict[str, Path]) -> dict[str, str]:
    env = program_env(places["home"], places["state"], places["config"])
    env["TMPDIR"] = str(places["tmp"])
    # Anything that would place files outside the tree defaults into HOME instead.
    for name in list(env):
        if name.startswith("XDG_"):
            del env[name]
    return env


def run_scan(tree: Path | None = None) -> ScanReport:
    """Run the session, kill it, resume it, export, and scan. ``tree``: an empty folder."""
    if tree is None:
        tree = Path(tempfile.mkdtemp(prefix="rethink-privacy-"))
    places = _environment(tree)
    env = _program_env(places)
    roots = [places[name] for name in ("state", "out", "home", "tmp", "config")]
    today = program_today()
    marker = Markers()
    notes = Notes(marker)
    screens: list[str] = []

    # ---- 1. steps 1 to 5, markers at every key-only prompt and every go-round key
    me = Facilitator(["session", "start", "--out", str(places["out"]), *setup_options()], env)
    try:
        read_introduction(me, marker)
        introduce(me, PEOPLE)
        finish_introductions(me)
        agree_to_work_this_way(me, marker)
        start_go_round(me, 4, SPEAKERS[0])
        for name in SPEAKERS:
            _speak(me, name, notes)
        finish_go_round(me, 5)
        # ---- 2. half-way through step 5: kill -9 while the third speaker has the floor
        start_go_round(me, 5, SPEAKERS[0])
        for name in SPEAKERS[:2]:
            _speak(me, name, notes)
        me.see(f"{SPEAKERS[2]} is speaking")
        notes.type_at(me)  # the keys have reached the program (and were swallowed)
        me.child.kill(signal.SIGKILL)
        killed = _finish(me)
    finally:
        me.kill()
        screens.append(me.output)
    sessions = places["state"] / "sessions"
    autosave = sorted(p.name for p in sessions.iterdir()) if sessions.is_dir() else []
    after_kill = scan(roots, marker.typed)
    autosave_control = any(
        hit.path.name.endswith(".json") for hit in scan(roots, [ROSTER_CONTROL]).hits
    )

    # ---- 3. resume: the same speaker carries on, more notes
    me = Facilitator(["session", "resume", "--out", str(places["out"])], env)
    try:
        me.see("was not closed properly")
        me.see(f"Resuming {SETUP_CASE} at step 5 of 9.")
        _speak(me, SPEAKERS[2], notes)
        finish_go_round(me, 6)
        restarted = "Who starts?" in strip_ansi(me.output)
        # ---- 4. three actions, one with the positive control; export
        _actions_to_export(me, today)
        resumed = _finish(me)
    finally:
        me.kill()
        screens.append(me.output)

    # ---- 5. every file, every marker; and the positive control, found by the same scan
    at_end = scan(roots, marker.typed)
    positive = scan([places["out"]], [POSITIVE])
    screen = "\n".join(screens)
    visible = strip_ansi(screen).lower()
    sentence = NOTES.split("{marker}")[1].strip().lower()
    return ScanReport(
        tree=tree,
        markers=list(marker.typed),
        after_kill=after_kill,
        at_end=at_end,
        positive_found_in=sorted({hit.path for hit in positive.hits}),
        autosave_control=autosave_control,
        screen_hits=[m for m in marker.typed if m in screen or m.lower() in visible]
        + ([sentence] if sentence in visible else []),
        killed_status=killed,
        resumed_status=resumed,
        autosave_after_kill=autosave,
        # Inside the meeting's own folder: its name is listed with each file's.
        exported=sorted(
            p.relative_to(places["out"]).as_posix() for p in places["out"].rglob("*") if p.is_file()
        ),
        left_in_state=sorted(
            str(p.relative_to(places["state"])) for p in places["state"].rglob("*") if p.is_file()
        ),
        notes_typed=notes.typed,
        acted=notes.acted,
        restarted_round=restarted,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.harness.privacy_scan", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp tree for a look")
    args = parser.parse_args(argv)
    tree = Path(tempfile.mkdtemp(prefix="rethink-privacy-"))
    try:
        report = run_scan(tree)
        print(report.figures())
        if args.keep:
            print(f"kept:                     {tree}")
        print("PASS" if report.ok else "FAIL")
        return 0 if report.ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(tree, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
