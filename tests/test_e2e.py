"""End to end: the real program in a pseudo-terminal, typed at as a facilitator would.

Run just these with ``pytest -m e2e``. They need a POSIX pty (pexpect).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from tests.e2e_helpers import (  # noqa: E402
    COPY_MENU,
    CTRL_C,
    Facilitator,
    program_env,
    program_today,
    strip_ansi,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.posix,  # a pseudo-terminal (pexpect.spawn)
]

# Typed at every go-round key prompt. It uses none of the go-round keys
# (n, s, b, a, p, t, +) and no Enter, so the prompt must swallow every letter.
MARKER = "QX9MARKERZ"

CASE = "PN-4471"
LEAD = "Sam Patel"
LEAD_AGENCY = "Children's Social Care"
OTHERS = [
    ("Jo Reed", "Health visitor", "Health Visiting"),
    ("Priya Shah", "Designated safeguarding lead", "Northside Primary School"),
    ("Chris Doyle", "Neighbourhood officer", "Police"),
]
ACTIONS = [
    "Arrange a joint home visit with the health visitor",
    "Share weekly attendance figures with the Lead Professional",
    "Book a developmental review at the clinic",
]
RECORDED = [
    "Child's record in the social care case system",
    "School safeguarding file",
    "GP notes",
]

# Every agency present, in the order introduced, then the absent owner's.
AGENCY_RECORDS = {
    LEAD_AGENCY: RECORDED[0],
    "Health Visiting": "Health visiting record",
    "Northside Primary School": RECORDED[1],
    "Police": "Police case file",
    "GP Practice": RECORDED[2],
}

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def typed(day: dt.date) -> str:
    """A date as a facilitator types it: ``4/12/2026`` (day first, no leading zeros)."""
    return f"{day.day}/{day.month}/{day.year}"


def spoken(day: dt.date) -> str:
    """The program's long form, as shown in its 'is that right?' question."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def read_back(day: dt.date) -> str:
    """How the program reads a typed date back: with a note on a weekend or bank holiday.

    The dates follow today's, so on some days a due date is a Saturday: the
    question then changes, and the room keeps it with the same Enter.
    """
    from rethink_cli.core.dates import day_note

    note = day_note(day)
    return f"{spoken(day)}: {note} Keep it?" if note else f"{spoken(day)}, is that right?"


def _env(places: dict[str, Path]) -> dict[str, str]:
    return program_env(places["home"], places["state"], places["config"])


def files_holding(root: Path, text: str) -> list[Path]:
    """Every file under ``root`` whose bytes contain ``text`` (files may vanish meanwhile)."""
    hits = []
    for path in root.rglob("*"):
        try:
            if path.is_file() and text.encode() in path.read_bytes():
                hits.append(path)
        except FileNotFoundError:
            continue
    return hits


def _run_whole_session(
    me: Facilitator, today: dt.date, after_goround: Callable[[], None] = lambda: None
) -> tuple[list[dt.date], dt.date]:
    """Type a whole Strategy 3 session; returns the due dates and the review date typed.

    ``after_goround`` runs while step 6's first prompt waits, both go-rounds done.
    """
    dues = [today + dt.timedelta(days=n) for n in (8, 15, 22)]
    review = today + dt.timedelta(days=43)

    # Setup: every value typed, none given as an option.
    me.text("Case reference", CASE)
    me.text("Meeting date")  # default: today, so no "is that right?"
    me.text("Your name (the facilitator)", "Alex Morgan")
    me.select("Which strategy is this session?", "Strategy 3 · independent facilitator")
    me.text("Lead Professional's name", LEAD)
    me.text(f"{LEAD}'s agency", LEAD_AGENCY)
    me.text("Session length in minutes")  # default 90
    me.see("Time plan")
    me.select("The time plan", "Use this plan")

    # Step 1: four pages, then the fifth with the time plan and the menu.
    for page in (1, 2, 3, 4):
        me.key(f"Page {page} of 5")
    me.see("Time plan")
    me.select("What next?", "Go on to step 2")

    # Step 2: the Lead Professional first (role prefilled: cleared and retyped).
    me.see("Start with the Lead Professional, Sam Patel")
    me.text("Their role", "Social worker", clear=True)
    for number, (name, role, agency) in enumerate(OTHERS, start=2):
        me.see(f"In the room ({number - 1})")
        # "Add the next person" is first and the default, so Enter alone adds someone.
        me.select("Introductions", "Add the next person")
        me.text("Name", name)
        me.text(f"{name}'s role in this child's network", role)
        # A new agency: "Another agency…" is the last choice and already highlighted.
        me.select(f"{name}'s agency", "Another agency…")
        me.text("Agency name", agency)
        me.see(f"Added {name}.")
    me.see("In the room (4)")
    me.select("Introductions", "Everyone has introduced themselves", downs=1)

    # Step 3: the group agreement, one point at a time, then everyone agrees.
    for point in range(1, 9):
        me.key(f"Point {point} of 8")
    me.confirm("Does everyone in the room agree to work this way?")
    me.select("What next?", "Go on to step 4")

    # Steps 4 and 5: the go-rounds. Someone types at each prompt before Enter.
    speakers = [LEAD, *(name for name, _, _ in OTHERS)]
    for next_step in (5, 6):
        me.see(f"Step {next_step - 1} of 9")
        me.select("Who starts?", f"{LEAD}, then down the list")
        for name in speakers:
            me.key_alone(f"{name} is speaking", "\r", MARKER)
        me.select("Everyone has had a turn.", "Finish this go-round")
        me.select("What next?", f"Go on to step {next_step}")

    # Step 6: three concrete actions (no vague wording, so no "Keep this wording?").
    me.see("Step 6 of 9")
    for index, what in enumerate(ACTIONS):
        me.select("Actions", "Add an action", before=after_goround if index == 0 else None)
        me.text("What is the action?", what)
    me.see("Actions (3)")
    me.select("Actions", "Done: on to step 7", downs=1)

    # Step 7: owners and dates. Choices: the four attendees, then "Someone who is not here".
    me.see("Step 7 of 9")
    due_prompt = "Action {n}, by when?"
    me.see(f"Action 1: {ACTIONS[0]}")
    me.select("Who owns it?", LEAD)
    me.text(due_prompt.format(n=1), typed(dues[0]))
    me.confirm(read_back(dues[0]))
    me.see(f"Action 2: {ACTIONS[1]}")
    me.select("Who owns it?", "Priya Shah", downs=2)
    me.text(due_prompt.format(n=2), typed(dues[1]))
    me.confirm(read_back(dues[1]))
    me.see(f"Action 3: {ACTIONS[2]}")
    me.select("Who owns it?", "Someone who is not here", downs=4)
    me.text("Their name", "Dr Lee")
    me.select("Dr Lee's agency", "Another agency…")
    me.text("Agency name", "GP Practice")
    # Dr Lee is not here: the Lead Professional (the default) passes it on.
    me.select("Dr Lee is not here. Who will pass this action on to them?", LEAD)
    me.text(due_prompt.format(n=3), typed(dues[2]))
    me.confirm(read_back(dues[2]))
    me.select("Who and by when", "Done: on to step 8")

    # Step 8: where every agency present records the actions (owner or not), then the
    # absent owner's agency, the review date and who convenes it.
    me.see("Step 8 of 9")
    for agency, where in AGENCY_RECORDS.items():
        asked = (
            "Where will GP Practice record its action?"
            if agency == "GP Practice"
            else (f"Where does {agency} record these actions?")
        )
        me.text(asked, where)
    me.text("Review date: when will the network meet again", typed(review))
    me.confirm(read_back(review))
    me.select("Who will call the review meeting?", LEAD)  # the Lead Professional by default
    me.select("Where recorded and the review", "Done: on to step 9")

    # Step 9: is the network still stuck? No (the default); then wrap up and export.
    me.see("Step 9 of 9")
    me.select("Is the network still stuck?", "No: the agreed actions are a way forward")
    me.select("Wrap up", "Everyone agrees: export the actions")
    me.see("Written")
    return dues, review


def test_whole_strategy3_session_in_a_terminal(places: dict[str, Path]) -> None:
    today = program_today()
    out = places["out"]
    me = Facilitator(["session", "start", "--out", str(out)], _env(places))
    mid_session: dict[str, list[Path]] = {}

    def look_in_state_dir() -> None:
        # Autosave has written the state before this prompt: the go-rounds are in it.
        mid_session["files"] = [p for p in places["state"].rglob("*") if p.is_file()]
        mid_session["hits"] = files_holding(places["state"], MARKER)

    started = time.monotonic()
    try:
        dues, review = _run_whole_session(me, today, look_in_state_dir)
        # ---- after the closing screen: one agency's text copied, only when chosen.
        # No display here, so no system clipboard: it goes to the terminal (OSC 52).
        me.see("Session complete")
        me.select(COPY_MENU, "Copy an agency's text", downs=1)  # from "Done", the default
        me.select("Whose text?", "Police", downs=4)  # from "Back", the default
        me.see("Sent Police's text to the terminal's clipboard")
        me.select(COPY_MENU, "Clear the clipboard", downs=2)
        me.see("Asked the terminal to clear its clipboard.")
        me.select(COPY_MENU, "Done")
        status = me.finish()
    finally:
        me.kill()
    elapsed = time.monotonic() - started
    screen = me.output
    assert status == 0, strip_ansi(screen)[-2000:]
    assert "Traceback" not in screen
    assert elapsed < 60

    # ---- the files: the record, all actions, and one file per agency
    # The program dates the meeting by its own clock: a run across midnight may
    # give the day after the one this test started on, and nothing else.
    # All in one folder named for the meeting, and nothing else in --out.
    (folder,) = out.iterdir()
    (record_path,) = folder.glob(f"*_{CASE}_actions.toml")
    meeting_day = dt.date.fromisoformat(record_path.name[:10])
    assert meeting_day in (today, today + dt.timedelta(days=1))
    day = meeting_day.isoformat()
    assert folder.name == f"{day}_{CASE}"
    # The Lead Professional's agency's files say whose they are.
    lead_stem = "Childrens-Social-Care_lead-professional"
    stems = ["actions", lead_stem, "Health-Visiting", "Northside-Primary-School", "Police"]
    stems.append("GP-Practice")
    # The record, then all actions and each agency's, as Markdown and as plain text.
    expected_names = sorted(
        [f"{day}_{CASE}_actions.toml"]
        + [f"{day}_{CASE}_{stem}{end}" for stem in stems for end in (".md", ".txt")]
    )
    assert sorted(p.name for p in folder.iterdir()) == expected_names

    # Exactly what was chosen went to the terminal's clipboard: Police's plain text,
    # then an empty one to clear it; nothing before the choice, nothing else.
    police = (folder / f"{day}_{CASE}_Police.txt").read_text("utf-8")
    sent = re.findall(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", screen)
    assert [base64.b64decode(payload).decode("utf-8") for payload in sent] == [police, ""]

    record = tomllib.loads((folder / f"{day}_{CASE}_actions.toml").read_text("utf-8"))
    meeting = record["meeting"]
    assert meeting["date"] == meeting_day
    assert meeting["case_reference"] == CASE
    assert meeting["strategy"] == 3
    assert meeting["independent_facilitator"] is True
    assert meeting["facilitator"] == "Alex Morgan"
    assert meeting["lead_professional"] == LEAD
    assert meeting["lead_professional_agency"] == LEAD_AGENCY

    attendees = record["attendees"]
    assert len(attendees) == 4
    assert attendees[0] == {"name": LEAD, "role": "Social worker", "agency": LEAD_AGENCY}
    for got, (name, role, agency) in zip(attendees[1:], OTHERS, strict=True):
        assert got == {"name": name, "role": role, "agency": agency}

    owners = [(LEAD, LEAD_AGENCY), ("Priya Shah", "Northside Primary School")]
    owners.append(("Dr Lee", "GP Practice"))
    actions = record["actions"]
    assert len(actions) == 3
    for number, (action, what, (owner, agency), due, where) in enumerate(
        zip(actions, ACTIONS, owners, dues, RECORDED, strict=True), start=1
    ):
        assert action["number"] == number
        assert action["what"] == what
        assert action["owner"] == owner
        assert action["agency"] == agency
        assert action["due"] == due
        assert action["recorded_where"] == where

    assert actions[2]["passed_on_by"] == LEAD
    assert record["recording"] == [
        {"agency": agency, "where": where} for agency, where in AGENCY_RECORDS.items()
    ]
    assert record["outcome"] == "resolved"
    assert record["review"] == {"date": review, "convened_by": LEAD}
    assert "outcome_summary" not in record

    # Each agency's Markdown and plain text hold its own action(s).
    owning = [lead_stem, "Northside-Primary-School", "GP-Practice"]
    for number, (stem, what) in enumerate(zip(owning, ACTIONS, strict=True), start=1):
        assert what in (folder / f"{day}_{CASE}_{stem}.md").read_text("utf-8")
        own = (folder / f"{day}_{CASE}_{stem}.txt").read_text("utf-8").split("All agreed")[0]
        assert f"\n{number}. {what}\n" in own

    # ---- nothing typed at a go-round is kept, anywhere
    assert mid_session["files"], "expected an autosave in the state folder during the session"
    assert mid_session["hits"] == []
    assert files_holding(places["out"].parent, MARKER) == []  # out, state, config and HOME
    # Exported and confirmed: the autosave is gone, nothing of the meeting stays behind.
    assert [p for p in places["state"].rglob("*") if p.is_file()] == []
    # ...nor shown: the key prompt swallows it (no echo, no redraw with it).
    assert MARKER not in screen
    assert MARKER not in strip_ansi(screen)
    assert MARKER.lower() not in strip_ansi(screen).lower()


def test_without_a_terminal_it_refuses_in_one_line(places: dict[str, Path]) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "rethink_cli", "session", "start", "--out", str(places["out"])],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_env(places),
        timeout=20,
        check=False,
    )
    assert result.returncode == 2
    assert time.monotonic() - started < 20
    message = result.stderr.strip()
    assert "\n" not in message, message
    assert "needs a terminal" in message
    assert "Traceback" not in result.stderr + result.stdout
    assert list(places["out"].iterdir()) == []


def _ctrl_c_at_case_reference(places: dict[str, Path]) -> tuple[int, str]:
    me = Facilitator(["session", "start", "--out", str(places["out"])], _env(places))
    try:
        me.see("› Case reference")
        me.child.send(CTRL_C)
        # Ctrl-C pauses in setup too; "Save and quit" with nothing answered just stops.
        me.select("Paused. What would you like to do?", "Save and quit", downs=1)
        status = me.finish(timeout=10)
    finally:
        me.kill()
    return status, me.output


def test_ctrl_c_at_the_first_prompt_stops_cleanly(places: dict[str, Path]) -> None:
    status, raw = _ctrl_c_at_case_reference(places)
    screen = strip_ansi(raw)
    assert status == 130, screen[-2000:]
    assert "Traceback" not in screen
    assert "KeyboardInterrupt" not in screen
    # The terminal is handed back usable: cursor shown, bracketed paste off.
    assert raw.rfind("\x1b[?25h") > raw.rfind("\x1b[?25l")
    assert raw.rfind("\x1b[?2004l") > raw.rfind("\x1b[?2004h")
    assert list(places["out"].iterdir()) == []
    # Stopped before the first answer: no autosave (and no lock) is left behind.
    assert [p for p in places["state"].rglob("*") if p.is_file()] == []
    assert "there was nothing to save" in screen


def test_ctrl_c_at_the_first_prompt_says_it_stopped(places: dict[str, Path]) -> None:
    status, raw = _ctrl_c_at_case_reference(places)
    assert status == 130
    assert "Stopped before the first answer" in strip_ansi(raw)
