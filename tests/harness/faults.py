"""Fault harness: the real program, stopped by a signal at every question and during the
export, keeps every confirmed answer, never leaves part of an export, and finishes on resume.

It drives ``python -m rethink_cli session start`` in a pseudo-terminal (pexpect), typing a
whole Strategy 3 session as a facilitator would: the setup, the introduction pages, three
people, the group agreement, two go-rounds (a marker word typed at a turn), three actions
(one owned by someone who is not in the room), owners, dates, where each is recorded, the
review, and the wrap-up's export. Every question of that session is a fault point,
numbered from 0. For each point chosen, a fresh session (its own HOME, TMPDIR, state,
config and ``--out`` folders) is typed up to that question; once its prompt is drawn and
the program waits, it is sent SIGKILL, SIGTERM or SIGHUP (the three in turn, by point).

Export faults are separate: the session is typed to the wrap-up, and the export is slowed
by a test-only ``sitecustomize.py`` put on the child's PYTHONPATH (``SITECUSTOMIZE``
below). With RETHINK_TEST_SLOW_RENAME set it wraps os.fsync, os.rename, os.replace,
os.link, os.unlink and os.remove: a call on a path under the watched folders is written to
a log and then sleeps. The harness reads the log and sends the signal while the program
sleeps inside the call of the chosen moment:

- ``writing``: a file of the set is being synced inside the hidden ``.rethink-*.partial``
  folder (the set is half written);
- ``staged``: the staging folder itself is being synced (every file in, not yet renamed);
- ``renamed``: ``--out`` is being synced just after the folder went in (on Linux the rename
  is renameat2 through ctypes, which no ``os`` wrapper sees: these two moments are either
  side of it);
- ``released``: the session's lock is being removed, once the files are written;
- ``clearing``: the autosave's previous copy is being deleted, the latest one already gone.

After each fault it checks, against what was TYPED (a list of facts kept while typing,
never what the program checkpointed):

(a) the autosave in ``$RETHINK_STATE_DIR/sessions`` (folder 0700, files 0600), loaded with
    ``SessionStore.load_saved()``, holds everything confirmed on screen before the fault:
    the setup's answers, attendees, the parts of an answer under way, actions with owner,
    date and where recorded, the review, the step reached;
(b) ``--out`` holds no visible export (hidden ``.rethink-*`` leftovers are fine) or one
    complete set (the meeting's folder with its record, all actions and one file per
    agency, the record holding exactly what was typed), never part of one;
(c) ``rethink session resume ID`` (without ``--out``: the session carries its folder)
    picks up at the very question it stopped at, the rest is typed, and the final set is
    complete and its record holds exactly the attendees and actions typed (nothing lost,
    nothing twice); the state folder is then empty.

It also looks for the go-round marker in every file under the case's folders, and on the
screen. A fault after the rename may already have left the complete set, or even let the
program finish (a SIGTERM is acted on at the next prompt, and after the export there is
none): the resume must then finish without error, or there must be nothing to resume.

A SIGTERM or SIGHUP that finds no handler (the program dies of it, as of kill -9) loses
nothing if the checks above pass, so the case stays intact; it is listed as UNHANDLED.

    .venv/bin/python -m tests.harness.faults                 every point and export moment
    .venv/bin/python -m tests.harness.faults --every 4 --seed 2 --jobs 2
    .venv/bin/python -m tests.harness.faults --points 12,40 --exports none --keep /tmp/f
    .venv/bin/python -m tests.harness.faults --list          the fault points, numbered

Prints "N fault points, N intact, 0 partial export sets, 0 lost answers"; exit 1 if a
case is not intact or a signal went unhandled. ``run_faults()`` does the same and returns
a ``FaultReport`` (tests/test_faults.py runs a subset).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import io
import os
import random
import shutil
import signal
import stat
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pexpect

from rethink_cli.core.session import SessionState, SetupDraft
from rethink_cli.storage.autosave import DamagedAutosave, SessionStore
from tests.e2e_helpers import (
    CLEAR_LINE,
    COPY_MENU,
    DOWN,
    ENTER,
    SELECT_HINT,
    SETUP_CASE,
    SETUP_LEAD,
    SETUP_LEAD_AGENCY,
    TYPING_PAUSE,
    Facilitator,
    add_action,
    agree_to_work_this_way,
    finish_introductions,
    go_round,
    loose,
    program_env,
    program_today,
    read_introduction,
    saved_session_ids,
    session_files,
    strip_ansi,
)
from tests.harness import ROOT
from tests.test_e2e import read_back, typed

CASE = SETUP_CASE
LEAD = SETUP_LEAD
LEAD_AGENCY = SETUP_LEAD_AGENCY
FACILITATOR = "Alex Morgan"
LEAD_ROLE = "Social worker"
PEOPLE = [
    ("Jo Reed", "Health visitor", "Health Visiting"),
    ("Priya Shah", "Designated safeguarding lead", "Northside Primary School"),
]
SPEAKERS = [LEAD, *(name for name, _, _ in PEOPLE)]
ABSENT_OWNER = ("Dr Lee", "GP Practice")
# (what, place in "Who owns it?" (3: someone not here), where that agency records it)
ACTIONS = [
    ("Arrange a joint home visit with the health visitor", 0, "Social care case record"),
    ("Share weekly attendance figures with the Lead Professional", 2, "School safeguarding file"),
    ("Book a developmental review at the clinic", 3, "GP notes"),
]
# Where each agency records the actions: those present in the order introduced, then
# the absent owner's (each owner's place is the one ACTIONS gives).
RECORDING = {
    LEAD_AGENCY: ACTIONS[0][2],
    "Health Visiting": "Health visiting record",
    "Northside Primary School": ACTIONS[1][2],
    ABSENT_OWNER[1]: ACTIONS[2][2],
}
# The agencies' file stems, as the README's "Where the files go" names them.
LEAD_STEM = "Childrens-Social-Care_lead-professional"
AGENCY_STEMS = [LEAD_STEM, "Health-Visiting", "Northside-Primary-School", "GP-Practice"]
OWNING_STEMS = [LEAD_STEM, "Northside-Primary-School", "GP-Practice"]
# Typed during the go-rounds, which ignore typing: no file and no screen may hold it.
MARKER = "ZQXMARKER"
# KILL, TERM and HUP in turn. Windows has no SIGKILL or SIGHUP: there this is empty (and
# run_faults refuses to start), so that the module still imports.
SIGNALS = (
    tuple(signal.Signals[f"SIG{n}"] for n in ("KILL", "TERM", "HUP")) if os.name == "posix" else ()
)
EXPORT_MOMENTS = ("writing", "staged", "renamed", "released", "clearing")
# How long each watched call sleeps once the export has begun: room for a signal to land.
SLOW_SECONDS = 0.3
HIDDEN_PREFIX = ".rethink-"

SITECUSTOMIZE = '''\
"""Test-only, from tests/harness/faults.py: slow the export's file steps for a signal.

With RETHINK_TEST_SLOW_RENAME (seconds) set, and once the file RETHINK_TEST_SLOW_WHEN
exists, each call below on a path under RETHINK_TEST_SLOW_UNDER (os.pathsep-separated)
is logged to RETHINK_TEST_SLOW_LOG ("<call> <path>") and then sleeps that long.
"""
import os
import time

_DELAY = float(os.environ.get("RETHINK_TEST_SLOW_RENAME") or 0)
if _DELAY > 0:
    _UNDER = tuple(
        os.path.realpath(p) for p in os.environ["RETHINK_TEST_SLOW_UNDER"].split(os.pathsep) if p
    )
    _LOG = os.environ["RETHINK_TEST_SLOW_LOG"]
    _WHEN = os.environ["RETHINK_TEST_SLOW_WHEN"]

    def _watched(path):
        if not os.path.lexists(_WHEN):
            return None
        if isinstance(path, int):
            try:
                text = os.readlink(f"/proc/self/fd/{path}")
            except OSError:
                return None
        else:
            try:
                text = os.path.realpath(os.fsdecode(path))
            except TypeError:
                return None
        if any(text == u or text.startswith(u + os.sep) for u in _UNDER):
            return text
        return None

    def _slow(name, original):
        def wrapper(*args, **kwargs):
            where = _watched(args[0]) if args else None
            if where is not None:
                fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, f"{name} {where}\\n".encode("utf-8", "surrogateescape"))
                finally:
                    os.close(fd)
                time.sleep(_DELAY)
            return original(*args, **kwargs)

        wrapper.__name__ = original.__name__
        return wrapper

    for _name in ("fsync", "rename", "replace", "link", "unlink", "remove"):
        setattr(os, _name, _slow(_name, getattr(os, _name)))
'''


# ------------------------------------------------------------------------ what was typed


@dataclass
class Facts:
    """Everything the facilitator has seen confirmed on screen, kept as it is typed."""

    given: dict[str, Any] = field(default_factory=dict)
    plan_accepted: bool = False
    step: int = 0  # the step the facilitator chose to go on to
    attendees: list[tuple[str, str, str]] = field(default_factory=list)
    # A compound answer under way: (kind, action number or None, its confirmed parts).
    pending: tuple[str, int | None, dict[str, str]] | None = None
    agreement: bool = False
    actions: list[dict[str, Any]] = field(default_factory=list)
    review_date: dt.date | None = None
    convener: str | None = None

    def count(self) -> int:
        """How many separate answers these facts hold (for the 'lost answers' figure)."""
        parts = len(self.given) + self.plan_accepted + self.agreement + (self.step > 0)
        parts += 3 * len(self.attendees) + (len(self.pending[2]) if self.pending else 0)
        parts += sum(sum(v is not None for v in a.values()) for a in self.actions)
        return parts + (self.review_date is not None) + (self.convener is not None)


class AtFaultPoint(Exception):
    """The fault point's prompt is drawn: stop typing, send the signal."""

    def __init__(self, point: int, label: str) -> None:
        super().__init__(f"{point}: {label}")
        self.point = point
        self.label = label


class Typist(Facilitator):
    """A facilitator who numbers the questions: stops at one, or starts typing at one.

    ``stop_at``: once that question's prompt is drawn, raise AtFaultPoint instead of
    answering. ``start_at``: a resumed session, already past the questions before it:
    those, and everything the script waits to see before it, are passed over. With no
    ``args`` nothing runs at all (a dry run that only counts the questions).
    """

    def __init__(
        self,
        args: list[str] | None,
        env: dict[str, str] | None = None,
        *,
        stop_at: int | None = None,
        start_at: int = 0,
        cwd: Path | None = None,
        timeout: float = 15,
    ) -> None:
        self.transcript = io.StringIO()
        self.stop_at = stop_at
        self.start_at = start_at
        self.count = 0
        self.labels: list[str] = []
        self.dry = args is None
        if args is None:
            self.child = None
            return
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "rethink_cli", *args],
            env=env,
            cwd=str(cwd) if cwd else None,
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=timeout,
        )
        self.child.logfile_read = self.transcript

    @property
    def live(self) -> bool:
        """Whether to wait for what the script expects to see: not before the first
        question a resumed session asks (what led up to it was drawn before the fault)."""
        return not self.dry and (self.start_at == 0 or self.count > self.start_at)

    def see(self, text: str) -> None:
        if self.live:
            super().see(text)

    def see_exact(self, text: str) -> None:
        if self.live:
            super().see_exact(text)

    def _question(self, label: str, prompt: str) -> bool:
        """Wait for the prompt of the next question; whether to type its answer."""
        point = self.count
        self.labels.append(label)
        self.count += 1
        if self.dry or point < self.start_at:
            return False
        super().see(prompt)
        if point == self.stop_at:
            raise AtFaultPoint(point, label)
        return True

    def text(self, message: str, answer: str = "", *, clear: bool = False) -> None:
        if self._question(f"text: {message}", f"› {message}"):
            self.child.send((CLEAR_LINE if clear else "") + answer + ENTER)

    def select(
        self,
        message: str,
        choice: str,
        *,
        downs: int = 0,
        before: Callable[[], None] | None = None,
    ) -> None:
        if self._question(f"select: {message} -> {choice}", f"› {message}{SELECT_HINT}"):
            if before is not None:
                before()
            self.child.send(DOWN * downs + ENTER)
            self.see(f"› {message} {choice}")

    def confirm(self, message: str, *, yes: bool = True) -> None:
        if self._question(f"confirm: {message}", f"› {message}"):
            self.child.send((DOWN if not yes else "") + ENTER)
            self.see(f"› {message} {'Yes' if yes else 'No'}")

    def key(self, message: str, keys: str = ENTER) -> None:
        if self._question(f"key: {message}", message):
            self.child.send(keys)

    def key_alone(self, message: str, key: str = ENTER, typed: str = "") -> None:
        if self._question(f"go-round: {message}", message):
            if typed:
                self.child.send(typed)
                time.sleep(TYPING_PAUSE)
            self.child.send(key)

    def kill(self) -> None:
        if self.child is not None and self.child.isalive():
            self.child.terminate(force=True)


def _once(text: str) -> Callable[[], str]:
    """``text`` the first time it is called, nothing after (a marker at one turn only)."""
    given: list[str] = []

    def typed_now() -> str:
        if given:
            return ""
        given.append(text)
        return text

    return typed_now


def whole_session(me: Typist, facts: Facts, today: dt.date) -> None:
    """Type a whole Strategy 3 session, noting each fact once it is confirmed on screen."""
    _setup(me, facts)
    read_introduction(me)
    facts.plan_accepted = True
    facts.step = 2
    _introductions(me, facts)
    agree_to_work_this_way(me)
    facts.agreement = True
    facts.step = 4
    go_round(me, 4, SPEAKERS, _once(MARKER))
    facts.step = 5
    go_round(me, 5, SPEAKERS, _once(MARKER))
    facts.step = 6
    me.see("Step 6 of 9")
    for what, _, _ in ACTIONS:
        add_action(me, what)
        facts.actions.append(
            {
                "what": what,
                "owner": None,
                "agency": None,
                "due": None,
                "recorded_where": None,
                "passed_on_by": None,
            }
        )
    me.see(f"Actions ({len(ACTIONS)})")
    me.select("Actions", "Done: on to step 7", downs=1)
    facts.step = 7
    _owners_and_dates(me, facts, today)
    _recording_and_review(me, facts, today)
    me.see("Step 9 of 9")
    me.select("Is the network still stuck?", "No: the agreed actions are a way forward")
    me.select("Wrap up", "Everyone agrees: export the actions")
    me.see("Written")


def _setup(me: Typist, facts: Facts) -> None:
    """Every setup answer typed (none given as an option), as test_e2e types them."""
    me.text("Case reference", CASE)
    facts.given["case_reference"] = CASE
    me.text("Meeting date")  # the default: today
    facts.given["meeting_date"] = "today"
    me.text("Your name (the facilitator)", FACILITATOR)
    facts.given["facilitator"] = FACILITATOR
    me.select("Which strategy is this session?", "Strategy 3 · independent facilitator")
    facts.given["strategy"] = 3
    me.text("Lead Professional's name", LEAD)
    facts.given["lead_professional"] = LEAD
    me.text(f"{LEAD}'s agency", LEAD_AGENCY)
    facts.given["lead_professional_agency"] = LEAD_AGENCY
    me.text("Session length in minutes")  # the default: 90
    facts.given["minutes"] = 90
    me.see("Time plan")


def _introductions(me: Typist, facts: Facts) -> None:
    """Step 2 as e2e_helpers.introduce types it, each part noted as it is confirmed."""
    me.see(f"Start with the Lead Professional, {LEAD}")
    me.text("Their role", LEAD_ROLE, clear=True)
    facts.attendees.append((LEAD, LEAD_ROLE, LEAD_AGENCY))
    for count, (name, role, agency) in enumerate(PEOPLE, start=1):
        me.see(f"In the room ({count})")
        me.select("Introductions", "Add the next person")
        me.text("Name", name)
        facts.pending = ("attendee", None, {"name": name})
        me.text(f"{name}'s role in this child's network", role)
        facts.pending = ("attendee", None, {"name": name, "role": role})
        me.select(f"{name}'s agency", "Another agency…")
        me.text("Agency name", agency)
        me.see(f"Added {name}.")
        facts.pending = None
        facts.attendees.append((name, role, agency))
    me.see(f"In the room ({len(PEOPLE) + 1})")
    finish_introductions(me)
    facts.step = 3


def _owners_and_dates(me: Typist, facts: Facts, today: dt.date) -> None:
    me.see("Step 7 of 9")
    for number, (what, owner, _) in enumerate(ACTIONS, start=1):
        action = facts.actions[number - 1]
        due = weekday_from(today + dt.timedelta(days=7 * number))
        me.see(f"Action {number}: {what}")
        if owner < len(SPEAKERS):
            me.select("Who owns it?", SPEAKERS[owner], downs=owner)
            action["owner"] = SPEAKERS[owner]
            action["agency"] = facts.attendees[owner][2]
        else:
            name, agency = ABSENT_OWNER
            me.select("Who owns it?", "Someone who is not here", downs=owner)
            me.text("Their name", name)
            facts.pending = ("owner", number, {"name": name})
            me.select(f"{name}'s agency", "Another agency…")
            me.text("Agency name", agency)
            facts.pending = ("owner", number, {"name": name, "agency": agency})
            # Not in the room: the Lead Professional (the default) passes it on.
            me.select(f"{name} is not here. Who will pass this action on to them?", LEAD)
            facts.pending = None
            action["owner"], action["agency"], action["passed_on_by"] = name, agency, LEAD
        me.text(f"Action {number}, by when?", typed(due))
        me.confirm(read_back(due))
        action["due"] = due
    me.select("Who and by when", "Done: on to step 8")
    facts.step = 8


def _recording_and_review(me: Typist, facts: Facts, today: dt.date) -> None:
    me.see("Step 8 of 9")
    # Every agency present, owner or not, then the absent owner's agency.
    for agency, where in RECORDING.items():
        me.text(
            f"Where will {agency} record its action?"
            if agency == ABSENT_OWNER[1]
            else f"Where does {agency} record these actions?",
            where,
        )
        for action in facts.actions:
            if action["agency"] == agency:
                action["recorded_where"] = where
    review = weekday_from(today + dt.timedelta(days=42))
    me.text("Review date: when will the network meet again", typed(review))
    me.confirm(read_back(review))
    facts.review_date = review
    me.select("Who will call the review meeting?", LEAD)  # the Lead Professional by default
    facts.convener = LEAD
    me.select("Where recorded and the review", "Done: on to step 9")
    facts.step = 9


def weekday_from(day: dt.date) -> dt.date:
    """``day``, or the Monday after it if it falls at a weekend."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def dry_run(today: dt.date) -> tuple[list[str], Facts]:
    """The session's questions in order (the fault points) and all its facts."""
    me = Typist(None)
    facts = Facts()
    whole_session(me, facts, today)
    return me.labels, facts


# ------------------------------------------------------------------------ checking


def autosave_problems(state: SessionState | SetupDraft, facts: Facts, today: dt.date) -> list[str]:
    """Each confirmed fact the autosave lacks ("lost: ..."), or holds twice."""
    if isinstance(state, SetupDraft):
        lost = [
            f"lost: setup {name} = {value!r} ({getattr(state.given, name)!r})"
            for name, value in facts.given.items()
            if name != "meeting_date" and getattr(state.given, name) != value
        ]
        if "meeting_date" in facts.given and not state.given.meeting_date:
            lost.append("lost: setup meeting_date (the default, today, was taken)")
        if facts.plan_accepted or facts.step or facts.attendees:
            lost.append("lost: the whole setup (the autosave is still a setup draft)")
        return lost
    lost = _setup_lost(state, facts, today)
    if facts.plan_accepted and not state.plan_accepted:
        lost.append("lost: the time plan was accepted")
    if state.step < facts.step:
        lost.append(f"lost: step {facts.step} was reached (autosave at step {state.step})")
    if facts.agreement and not state.agreement_confirmed:
        lost.append("lost: the group agreement was confirmed")
    lost += _roster_lost(state, facts)
    lost += _actions_lost(state, facts)
    if facts.review_date is not None and state.review.date != facts.review_date:
        lost.append(f"lost: review date {facts.review_date} (autosave: {state.review.date})")
    if facts.convener is not None and state.review.convened_by != facts.convener:
        lost.append(f"lost: review convener {facts.convener} ({state.review.convened_by})")
    return lost


def _setup_lost(state: SessionState, facts: Facts, today: dt.date) -> list[str]:
    lost = []
    for name, value in facts.given.items():
        if name == "meeting_date":
            if state.setup.meeting_date not in (today, today + dt.timedelta(days=1)):
                lost.append(f"lost: meeting date today ({state.setup.meeting_date})")
        elif getattr(state.setup, name) != value:
            lost.append(f"lost: setup {name} = {value!r} ({getattr(state.setup, name)!r})")
    return lost


def _roster_lost(state: SessionState, facts: Facts) -> list[str]:
    kept = [(a.name, a.role, a.agency) for a in state.roster.attendees]
    lost = [f"lost: attendee {who}" for who in facts.attendees if who not in kept]
    lost += [f"twice: attendee {who}" for who in set(kept) if kept.count(who) > 1]
    if len(kept) > len(facts.attendees) and not lost:
        lost.append(f"extra: attendees {kept[len(facts.attendees) :]}")
    if facts.pending is not None:
        kind, number, parts = facts.pending
        held = state.pending
        if held is None or held.kind != kind or held.action != number:
            lost.append(f"lost: the {kind} answer under way ({parts})")
        else:
            lost += [
                f"lost: {kind} {key} = {value!r}"
                for key, value in parts.items()
                if held.parts.get(key) != value
            ]
    return lost


def _actions_lost(state: SessionState, facts: Facts) -> list[str]:
    kept = [a.what for a in state.actions]
    if kept != [a["what"] for a in facts.actions]:
        return [f"lost or twice: actions {kept} (typed: {[a['what'] for a in facts.actions]})"]
    lost = []
    for number, (action, typed_one) in enumerate(
        zip(state.actions, facts.actions, strict=True), start=1
    ):
        for name, value in typed_one.items():
            if value is not None and getattr(action, name) != value:
                lost.append(f"lost: action {number} {name} = {value!r} ({getattr(action, name)!r})")
    return lost


def expected_files(day: dt.date) -> list[str]:
    stem = f"{day.isoformat()}_{CASE}"
    # The record; all actions and each agency's copy, as Markdown and as plain text.
    documents = [f"{stem}_{s}{end}" for s in ["actions", *AGENCY_STEMS] for end in (".md", ".txt")]
    return sorted([f"{stem}_actions.toml", *documents])


def record_problems(record: dict[str, Any], facts: Facts) -> list[str]:
    """Where the exported record differs from what was typed (all of it, exactly)."""
    problems = []
    meeting = record.get("meeting", {})
    wanted_meeting = {
        "case_reference": CASE,
        "strategy": 3,
        "independent_facilitator": True,
        "facilitator": FACILITATOR,
        "lead_professional": LEAD,
        "lead_professional_agency": LEAD_AGENCY,
    }
    for name, value in wanted_meeting.items():
        if meeting.get(name) != value:
            problems.append(f"record meeting {name}: {meeting.get(name)!r}, typed {value!r}")
    attendees = [(a["name"], a["role"], a["agency"]) for a in record.get("attendees", [])]
    if attendees != facts.attendees:
        problems.append(f"record attendees {attendees}, typed {facts.attendees}")
    actions = [
        {k: a.get(k) for k in ("what", "owner", "agency", "due", "recorded_where", "passed_on_by")}
        for a in record.get("actions", [])
    ]
    if actions != facts.actions:
        problems.append(f"record actions {actions}, typed {facts.actions}")
    if [a.get("number") for a in record.get("actions", [])] != list(
        range(1, len(facts.actions) + 1)
    ):
        problems.append("record actions are not numbered 1, 2, 3")
    review = {"date": facts.review_date, "convened_by": facts.convener}
    if record.get("review") != review:
        problems.append(f"record review {record.get('review')}, typed {review}")
    if "outcome_summary" in record:
        problems.append("record of an independent session has an outcome summary")
    return problems


@dataclass
class OutLook:
    """What ``--out`` shows: nothing, one complete set, or something else (partial)."""

    kind: str  # "none", "complete" or "partial"
    problems: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


def look_at_out(out: Path, facts: Facts, today: dt.date) -> OutLook:
    entries = sorted(out.iterdir())
    hidden = [p.name for p in entries if p.name.startswith(HIDDEN_PREFIX)]
    visible = [p for p in entries if not p.name.startswith(HIDDEN_PREFIX)]
    if not visible:
        return OutLook("none", hidden=hidden)
    if len(visible) != 1 or not visible[0].is_dir():
        return OutLook("partial", [f"--out holds {[p.name for p in visible]}"], hidden)
    folder = visible[0]
    days = [today, today + dt.timedelta(days=1)]
    day = next((d for d in days if folder.name == f"{d.isoformat()}_{CASE}"), None)
    if day is None:
        return OutLook("partial", [f"an export folder named {folder.name}"], hidden)
    names = sorted(p.name for p in folder.iterdir())
    if names != expected_files(day):
        return OutLook("partial", [f"{folder.name} holds {names}"], hidden)
    empty = [p.name for p in folder.iterdir() if p.stat().st_size == 0]
    if empty:
        return OutLook("partial", [f"empty files: {empty}"], hidden)
    try:
        record = tomllib.loads((folder / f"{folder.name}_actions.toml").read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return OutLook("partial", [f"the record does not read: {error}"], hidden)
    problems = record_problems(record, facts)
    if record.get("meeting", {}).get("date") != day:
        problems.append(f"record date {record.get('meeting', {}).get('date')}, folder {day}")
    # Each owning agency's file holds its own action (actions 1, 2 and 3, in turn).
    for stem, (what, _, _) in zip(OWNING_STEMS, ACTIONS, strict=True):
        if what not in (folder / f"{folder.name}_{stem}.md").read_text("utf-8"):
            problems.append(f"{stem}'s file lacks its action")
    return OutLook("complete", problems, hidden)


def mode_problems(state: Path) -> list[str]:
    """The state folder 0700 and every file in it 0600 (a temp file may have less)."""
    folder = state / "sessions"
    if not folder.exists():
        return []
    problems = []
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode != 0o700:
        problems.append(f"state folder is {mode:o}, not 700")
    for path in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & 0o077 or (not path.name.endswith(".tmp") and mode != 0o600):
                problems.append(f"{path.name} is {mode:o}, not 600")
    return problems


def files_holding(roots: list[Path], text: str) -> list[Path]:
    """Every file under ``roots`` holding ``text`` (any case; UTF-8 or UTF-16)."""
    needles = [text.lower().encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
    hits = []
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                path = Path(folder) / name
                try:
                    data = path.read_bytes().lower()
                except OSError:
                    continue
                if any(n in data for n in needles):
                    hits.append(path)
    return hits


# ------------------------------------------------------------------------ one fault


@dataclass
class Case:
    """One fault: where, which signal, and everything found wrong."""

    point: int
    label: str
    signum: int
    moment: str | None = None  # an export moment, or None for a fault at a prompt
    status: int | None = None
    at_fault: str = ""  # "none", "complete" or "partial": what --out showed
    finished_alone: bool = False  # the program finished (exit 0) before acting on the signal
    resumed: bool = False
    lost: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Deviations from the signal contract that lose nothing (see FaultReport.figures).
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def name(self) -> str:
        where = f"export ({self.moment})" if self.moment else f"point {self.point}"
        return f"{where} {signal.Signals(self.signum).name}"

    @property
    def partial(self) -> bool:
        return self.at_fault == "partial"

    @property
    def intact(self) -> bool:
        return not self.lost and not self.problems and not self.partial


@dataclass
class Places:
    root: Path
    home: Path
    tmp: Path
    state: Path
    config: Path
    out: Path

    @classmethod
    def fresh(cls, root: Path) -> Places:
        names = ("home", "tmp", "state", "config", "out")
        for name in names:
            (root / name).mkdir(parents=True)
        return cls(root, *(root / name for name in names))

    def env(self) -> dict[str, str]:
        env = program_env(self.home, self.state, self.config)
        env["TMPDIR"] = str(self.tmp)
        for name in list(env):
            if name.startswith("XDG_"):
                del env[name]
        # The checkout, so ``python -m rethink_cli`` finds the package from HOME as well.
        env.pop("PYTHONPATH", None)
        return env

    def roots(self) -> list[Path]:
        return [self.home, self.tmp, self.state, self.config, self.out]


def _process_state(pid: int) -> str:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return text[text.rindex(")") + 2 :].split()[0]


def when_idle(me: Typist) -> None:
    """Wait until the program sleeps at its prompt (past prompt_toolkit's key timer)."""
    time.sleep(0.6)
    deadline = time.monotonic() + 5
    while _process_state(me.child.pid) not in {"S", ""} and time.monotonic() < deadline:
        time.sleep(0.005)


def _finish(me: Typist, case: Case, what: str, timeout: float = 20) -> int | None:
    try:
        # A program that carried on past the export offers to copy a text: "Done".
        if me.child.expect([pexpect.EOF, loose(f"› {COPY_MENU}")], timeout=timeout) == 1:
            me.child.send(ENTER)
        return me.finish(timeout=timeout)
    except pexpect.TIMEOUT:
        case.problems.append(f"{what}: the program did not end; screen: {_tail(me)}")
        return None


def _tail(me: Typist, chars: int = 600) -> str:
    return " ".join(strip_ansi(me.output)[-chars:].split())


def _expected_status(signum: int) -> int:
    return 128 + signum


def run_case(
    case: Case, places: Places, today: dt.date, facts_all: Facts, slow: SlowExport | None
) -> None:
    """Type to the fault point, send the signal, check, resume, finish and check again."""
    started = time.monotonic()
    env = places.env()
    if slow is not None:
        env.update(slow.env(places))
    facts = Facts()
    me = Typist(["session", "start", "--out", str(places.out)], env, stop_at=case.point)
    confirmed: Facts | None = None
    try:
        try:
            whole_session(me, facts, today)
            case.problems.append("the session ended before its fault point")
        except AtFaultPoint:
            confirmed = copy.deepcopy(facts)
            _send_fault(me, case, places, slow)
            case.status = _finish(me, case, "after the signal")
        except (pexpect.TIMEOUT, pexpect.EOF):
            case.problems.append(f"typing to the fault point failed; screen: {_tail(me)}")
    finally:
        me.kill()
    if confirmed is None:
        case.seconds = time.monotonic() - started
        return
    _check_stopped(me, case, places, today, confirmed, facts_all)
    screens = [me.output]
    args = _to_resume(case, places, confirmed)
    if args is not None:
        screens.append(_resume(case, places, today, args))
    _check_end(case, places, today, facts_all, screens)
    case.seconds = time.monotonic() - started


def _send_fault(me: Typist, case: Case, places: Places, slow: SlowExport | None) -> None:
    if slow is None:
        if case.label.startswith("go-round:"):
            # Someone is typing at the turn when the signal comes: swallowed, never kept.
            me.child.send(MARKER)
        when_idle(me)
        me.child.kill(case.signum)
        return
    assert case.moment is not None
    slow.flag(places).touch()
    me.child.send(ENTER)  # "Everyone agrees: export the actions", the default
    if slow.wait_for(places, case.moment):
        me.child.kill(case.signum)
    else:
        case.problems.append(f"the export never reached the moment {case.moment!r}")


def _check_stopped(
    me: Typist, case: Case, places: Places, today: dt.date, confirmed: Facts, facts_all: Facts
) -> None:
    """(a) and (b): what the signal left in the state folder and in ``--out``."""
    screen = strip_ansi(me.output)
    if "Traceback" in screen or "Unhandled exception" in screen:
        case.problems.append(f"a traceback after the signal: {_tail(me)}")
    look = look_at_out(places.out, facts_all, today)
    case.at_fault = look.kind
    case.problems += look.problems
    if look.kind == "complete" and case.moment is None:
        case.problems.append("a complete export before the wrap-up was answered")
    case.problems += mode_problems(places.state)
    hits = files_holding(places.roots(), MARKER)
    if hits:
        case.problems.append(f"after the signal the go-round marker is in {hits}")
    ids = saved_session_ids(places.state)
    # Every answer is in a complete export that holds exactly what was typed.
    exported = look.kind == "complete" and not look.problems
    if case.status == 0 and exported:
        # It finished (the signal is acted on at the next prompt, and there was none).
        case.finished_alone = True
    elif case.status != _expected_status(case.signum):
        case.problems.append(f"exit {case.status} after {signal.Signals(case.signum).name}")
    handled = case.signum != signal.SIGKILL and not case.finished_alone
    if handled and me.child.signalstatus is not None:
        # No handler was in place: the system's default action ended it on the spot, like
        # kill -9. Nothing is lost (checked below), but nothing is said and the lock stays.
        handled = False
        locks = list((places.state / "sessions").glob("*.lock"))
        case.notices.append(
            f"{signal.Signals(case.signum).name} was not handled: the program died of it "
            f"(no 'Stopped by the system' line{', a stale lock left' if locks else ''})"
        )
    # Once the export is whole and the autosave gone, there is nothing left to save:
    # the program says the files are written instead.
    done = exported and not ids
    said = (
        "Stopped by the system. The files are written" in screen
        if done
        else "Stopped by the system. The session is saved." in screen
    )
    if handled and confirmed.count() and not said:
        case.problems.append(
            "no 'Stopped by the system. The files are written'"
            if done
            else "no 'Stopped by the system. The session is saved.'"
        )
    if not ids:
        if confirmed.count() and not exported:
            case.lost.append("lost: everything (no autosave, no export)")
        return
    if len(ids) != 1:
        case.problems.append(f"{len(ids)} autosaves: {ids}")
    store = SessionStore(places.state / "sessions", ids[0])
    if handled and store.lock_path.exists():
        case.problems.append("the lock was not released after SIGTERM/SIGHUP")
    if case.finished_alone:
        case.problems.append(f"exit 0 but the autosave stayed: {ids}")
    try:
        saved = store.load_saved()
    except DamagedAutosave as error:
        if not exported:
            case.lost.append(f"lost: everything ({error.message})")
        return
    case.lost += autosave_problems(saved, confirmed, today)


def _to_resume(case: Case, places: Places, confirmed: Facts) -> list[str] | None:
    """The command that carries on after the fault, or None if nothing is left to do."""
    ids = saved_session_ids(places.state)
    if ids:
        # From HOME and without --out: the session carries the folder it was started with.
        return ["session", "resume", ids[0]]
    if case.at_fault == "complete" or confirmed.count():
        # Finished, or everything was lost (already counted): no resume can help.
        return None
    # Stopped at the very first question, before anything was saved: start again.
    return ["session", "start", "--out", str(places.out)]


def _resume(case: Case, places: Places, today: dt.date, args: list[str]) -> str:
    """(c) The rest of the session typed, from the question it stopped at.

    Returns what the resumed program drew.
    """
    resuming = args[1] == "resume"
    again = Typist(args, places.env(), start_at=case.point if resuming else 0, cwd=places.home)
    case.resumed = True
    try:
        if resuming:
            # Before the questions it passes over, so not through again.see.
            Facilitator.see(again, "Resuming")
        whole_session(again, Facts(), today)
        status = _finish(again, case, "after the resume")
        if status is not None and status != 0:
            case.problems.append(f"the resumed session ended with exit {status}: {_tail(again)}")
    except (pexpect.TIMEOUT, pexpect.EOF):
        question = again.labels[-1] if again.labels else "?"
        case.problems.append(
            f"the resume did not go on from question {case.point} as typed "
            f"(waiting for {question!r}); screen: {_tail(again)}"
        )
    finally:
        again.kill()
    return again.output


def _check_end(
    case: Case, places: Places, today: dt.date, facts_all: Facts, screens: list[str]
) -> None:
    screen = strip_ansi("\n".join(screens))
    if "Traceback" in screen:
        case.problems.append("a traceback on the screen")
    look = look_at_out(places.out, facts_all, today)
    if look.kind != "complete":
        case.problems.append(f"after the resume the export is {look.kind}: {look.problems}")
    else:
        # Lost or twice in the final record counts as lost answers.
        case.lost += look.problems
        # The positive control: the same scan finds typed words where they belong.
        if not files_holding([places.out], ACTIONS[0][0]):
            case.problems.append("the scan does not find an action's words in the export")
    left = session_files(places.state)
    if left:
        case.problems.append(f"left in the state folder: {[p.name for p in left]}")
    hits = files_holding(places.roots(), MARKER)
    if hits:
        case.problems.append(f"the go-round marker is in {[str(p) for p in hits]}")
    if MARKER.lower() in screen.lower():
        case.problems.append("the go-round marker was shown on screen")


# ------------------------------------------------------------------------ slow export


@dataclass(frozen=True)
class SlowExport:
    """The test-only sitecustomize that slows the export, and where its log goes."""

    folder: Path  # holds sitecustomize.py

    @classmethod
    def make(cls, base: Path) -> SlowExport:
        folder = base / "sitecustomize"
        folder.mkdir()
        (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, "utf-8")
        return cls(folder)

    @staticmethod
    def log(places: Places) -> Path:
        return places.root / "slow.log"

    @staticmethod
    def flag(places: Places) -> Path:
        return places.root / "slow.now"

    def env(self, places: Places) -> dict[str, str]:
        return {
            "PYTHONPATH": str(self.folder),
            "RETHINK_TEST_SLOW_RENAME": str(SLOW_SECONDS),
            "RETHINK_TEST_SLOW_UNDER": os.pathsep.join([str(places.out), str(places.state)]),
            "RETHINK_TEST_SLOW_LOG": str(self.log(places)),
            "RETHINK_TEST_SLOW_WHEN": str(self.flag(places)),
        }

    def wait_for(self, places: Places, moment: str, timeout: float = 30) -> bool:
        """Wait until the program is inside the moment's call (it sleeps there)."""
        out = str(places.out.resolve())
        sessions = str((places.state / "sessions").resolve())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(FileNotFoundError):
                lines = self.log(places).read_text("utf-8").splitlines()
                if _reached(lines, moment, out, sessions):
                    return True
            time.sleep(0.01)
        return False


def _reached(lines: list[str], moment: str, out: str, sessions: str) -> bool:
    calls = [tuple(line.split(" ", 1)) for line in lines if " " in line]
    staged_files = [p for c, p in calls if c == "fsync" and ".partial" + os.sep in p]
    if moment == "writing":
        return len(staged_files) >= 2
    if moment == "staged":
        return any(c == "fsync" and p.endswith(".partial") for c, p in calls)
    if moment == "renamed":
        return any(c == "fsync" and p == out for c, p in calls)
    gone = [p for c, p in calls if c in ("unlink", "remove") and p.startswith(sessions)]
    if moment == "released":
        return any(p.endswith(".lock") for p in gone)
    if moment == "clearing":
        return any(p.endswith(".prev.json") for p in gone)
    raise ValueError(moment)


# ------------------------------------------------------------------------ the run


@dataclass
class FaultReport:
    points: int  # fault points in the session
    cases: list[Case] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1

    @property
    def intact(self) -> int:
        return sum(c.intact for c in self.cases)

    @property
    def partial_sets(self) -> int:
        return sum(c.partial for c in self.cases)

    @property
    def lost_answers(self) -> int:
        return sum(len(c.lost) for c in self.cases)

    @property
    def unhandled(self) -> int:
        """Faults where SIGTERM or SIGHUP found no handler (the program died of it)."""
        return sum(bool(c.notices) for c in self.cases)

    @property
    def ok(self) -> bool:
        """Every fault intact: nothing lost, never a partial set, every resume finished."""
        return bool(self.cases) and self.intact == len(self.cases)

    @property
    def clean(self) -> bool:
        """``ok``, and every SIGTERM and SIGHUP met the program's handler."""
        return self.ok and self.unhandled == 0

    def figures(self) -> str:
        prompt = [c for c in self.cases if c.moment is None]
        export = [c for c in self.cases if c.moment is not None]
        lines = [
            f"session questions:        {self.points} (fault points 0 to {self.points - 1})",
            f"faults at a prompt:       {len(prompt)}, {sum(c.intact for c in prompt)} intact",
            f"faults during the export: {len(export)}, {sum(c.intact for c in export)} intact",
        ]
        if export:
            complete = sum(c.at_fault == "complete" for c in export)
            alone = sum(c.finished_alone for c in export)
            lines.append(
                f"  at the fault the set was complete {complete} times, absent "
                f"{len(export) - complete}; the program finished on its own {alone} times"
            )
        lines += [
            f"SIGTERM/SIGHUP unhandled: {self.unhandled} (died of the signal; nothing lost)",
            f"time:                     {self.seconds:.0f} s, {self.jobs} at once "
            f"({sum(c.seconds for c in self.cases) / max(1, len(self.cases)):.1f} s a fault)",
            f"{len(self.cases)} fault points, {self.intact} intact, "
            f"{self.partial_sets} partial export sets, {self.lost_answers} lost answers",
        ]
        for case in self.cases:
            if not case.intact:
                lines.append(f"  FAILED {case.name} [{case.label}] exit {case.status}:")
                lines += [f"    {line}" for line in [*case.lost, *case.problems]]
        for case in self.cases:
            lines += [f"  UNHANDLED {case.name} [{case.label}]: {n}" for n in case.notices]
        return "\n".join(lines)


def choose_points(total: int, every: int = 1, seed: int | None = None) -> list[int]:
    """Every ``every``-th point, from an offset the seed picks (0 without one)."""
    offset = random.Random(seed).randrange(every) if seed is not None and every > 1 else 0
    return list(range(offset, total, every))


def run_faults(
    points: Sequence[int] | None = None,
    exports: Sequence[tuple[str, int]] | None = None,
    *,
    jobs: int = 1,
    keep: Path | None = None,
    progress: bool = False,
) -> FaultReport:
    """Fault every one of ``points`` (all by default) and each ``(moment, signal)`` export.

    A point's signal is ``SIGNALS[point % 3]``: KILL, TERM and HUP in turn.
    """
    if os.name != "posix" or not sys.platform.startswith("linux"):
        raise RuntimeError("the fault harness needs a POSIX pty and /proc (Linux)")
    today = program_today()
    labels, facts_all = dry_run(today)
    report = FaultReport(points=len(labels), jobs=max(1, jobs))
    if points is None:
        points = list(range(len(labels)))
    if exports is None:
        exports = [(m, s) for m in EXPORT_MOMENTS for s in SIGNALS]
    wrap_up = len(labels) - 1
    started = time.monotonic()
    with _scratch(keep) as base:
        slow = SlowExport.make(base)
        plan: list[tuple[Case, SlowExport | None]] = [
            (Case(p, labels[p], SIGNALS[p % len(SIGNALS)]), None) for p in points
        ]
        plan += [(Case(wrap_up, labels[wrap_up], s, moment=m), slow) for m, s in exports]

        def one(number: int) -> Case:
            case, slowing = plan[number]
            places = Places.fresh(base / f"case-{number + 1:03d}")
            try:
                run_case(case, places, today, facts_all, slowing)
            except Exception as error:  # a harness fault must show, not hide the rest
                case.problems.append(f"harness: {error!r}")
            if keep is None and case.intact:
                shutil.rmtree(places.root, ignore_errors=True)
            if progress:
                verdict = "intact" if case.intact else "FAILED"
                verdict += " (unhandled signal)" if case.notices else ""
                print(
                    f"  {number + 1}/{len(plan)} {case.name} [{case.label}] {verdict} "
                    f"({case.seconds:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
            return case

        with ThreadPoolExecutor(max_workers=report.jobs) as pool:
            report.cases = list(pool.map(one, range(len(plan))))
    report.seconds = time.monotonic() - started
    return report


@contextlib.contextmanager
def _scratch(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield Path(tempfile.mkdtemp(prefix="faults-", dir=keep))
        return
    with tempfile.TemporaryDirectory(prefix="rethink-faults-") as name:
        yield Path(name)


def _exports_arg(text: str) -> list[tuple[str, int]]:
    """``all``, ``none``, or moment:signal pairs, e.g. ``renamed:KILL,writing:TERM``."""
    if text == "all":
        return [(m, s) for m in EXPORT_MOMENTS for s in SIGNALS]
    if text == "none":
        return []
    chosen = []
    for item in text.split(","):
        moment, _, name = item.partition(":")
        if moment not in EXPORT_MOMENTS:
            raise argparse.ArgumentTypeError(f"no export moment {moment!r}")
        chosen.append((moment, int(signal.Signals[f"SIG{name or 'KILL'}"])))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.harness.faults",
        description=(__doc__ or "").split("\n\n")[0],
    )
    parser.add_argument("--every", type=int, default=1, help="fault every K-th question")
    parser.add_argument("--seed", type=int, help="pick the first point (with --every) at random")
    parser.add_argument(
        "--points", help="these fault points only, e.g. 3,17,40 (none: export faults only)"
    )
    parser.add_argument(
        "--exports",
        type=_exports_arg,
        default="all",
        help="export faults: all (default), none, or e.g. renamed:KILL,writing:TERM",
    )
    parser.add_argument("--jobs", type=int, default=1, help="sessions run at once (default 1)")
    parser.add_argument("--keep", type=Path, help="keep every case's folders under this folder")
    parser.add_argument("--list", action="store_true", help="list the fault points and stop")
    args = parser.parse_args(argv)
    labels, _ = dry_run(program_today())
    if args.list:
        for number, label in enumerate(labels):
            print(f"{number:3d}  {label}")
        return 0
    if args.points == "none":
        points = []
    elif args.points:
        points = [int(p) for p in args.points.split(",") if p.strip()]
    else:
        points = choose_points(len(labels), max(1, args.every), args.seed)
    exports = args.exports if isinstance(args.exports, list) else _exports_arg(args.exports)
    report = run_faults(points, exports, jobs=args.jobs, keep=args.keep, progress=True)
    print(report.figures())
    print("PASS" if report.clean else "FAIL")
    return 0 if report.clean else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
