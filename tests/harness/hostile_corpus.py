"""Hostile text against every text prompt: refused, or kept exactly and shown harmlessly.

A corpus of hostile strings is built in code: terminal escapes, OSC 8 links,
bidi controls, invisible characters, C0/C1 controls, format strings, Rich
markup, Markdown/HTML, paths and Windows device names, emoji sequences,
combining marks, right-to-left and CJK text, very long and whitespace-only
text, TOML-breaking quotes, line breaks and surrogate-escaped bytes.

Each string goes through every text prompt's validator (name, role, agency,
action, where recorded, case reference, a line of the outcome statement, and
the date prompts). Wherever it is accepted, the value the program keeps
(``plaintext.tidy``) is put in that field of a session and must:

- pass ``parse_record``, render to TOML and read back exactly;
- appear intact in the text export, and leave the Markdown export's structure
  as it is for plain words (no heading, link, HTML or list made by user text);
- leave no raw ESC, C0/C1 control, bidi or invisible formatting character in any
  export (Markdown, text, TOML, calendar) or on any session screen, whose only
  escape sequences are Rich's own SGR colour codes; Rich markup shows literally;
- give a file name (``safe_component`` and the export names) that stays inside
  its folder and that Windows accepts;
- survive ``SessionStore.save`` and ``load`` exactly.

Refusal messages (and ``make_visible``, which echoes refused text) must hold no
raw control character either.

    .venv/bin/python -m tests.harness.hostile_corpus        figures; exit 1 on any failure
    .venv/bin/python -m tests.harness.hostile_corpus -v     also list every failure
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from pathvalidate import ValidationError, validate_filename
from rich.console import Console

from rethink_cli.core import plaintext
from rethink_cli.core.action import DraftAction
from rethink_cli.core.attendee import Attendee
from rethink_cli.core.dates import DateError, parse_date
from rethink_cli.core.errors import RethinkError
from rethink_cli.core.facts import MeetingFacts
from rethink_cli.core.privacy import case_reference_warning
from rethink_cli.core.session import ReviewPlan, SessionState
from rethink_cli.dialogs.ports import Validator
from rethink_cli.dialogs.validators import text_validator
from rethink_cli.export.bundle import build_exports
from rethink_cli.export.filenames import safe_component
from rethink_cli.export.writer import OutputFile
from rethink_cli.formats.record import Record, parse_record
from rethink_cli.formats.texts import all_steps
from rethink_cli.formats.toml import render_toml
from rethink_cli.storage.autosave import SessionStore
from rethink_cli.ui.screen import RichScreen

MEETING = dt.date(2026, 11, 26)
PLAIN_WORDS = "Plain words"

# ------------------------------------------------------------------ the corpus

_ESCAPES = [
    "\x1b[2J",
    "\x1b[H\x1b[2J\x1b[3J",
    "\x1b]0;title\x07",
    "\x1b]0;pwned\x1b\\",
    "\x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\",
    "\x1b]8;;file:///etc/passwd\x07open\x1b]8;;\x07",
    "\x1b[31mred\x1b[0m",
    "\x1b[38;2;255;0;0mtruecolour\x1b[m",
    "\x1b[6n",
    "\x1bc",
    "\x1b[?1049h",
    "\x1b[?25l",
    "\x1b[1A\x1b[2K",
    "\x1bP+q544e\x1b\\",
    "\x1b[200~pasted\x1b[201~",
    "\x1b[M !!",
    "\x1b_APC\x1b\\",
    "\x1b^PM\x1b\\",
    "\x9b2J",
    "\x9d0;title\x9c",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x1b[5i",
]

_BIDI = [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
_BIDI += ["\u200e", "\u200f", "\u061c"]
_INVISIBLE = [
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u180e",
    "\u2061",
    "\u2064",
    "\ufff9",
    "\ufffb",
    "\U000e0001",
    "\U000e0041",
    "\u206a",
    "\u206f",
]
_BREAKS = ["\n", "\r\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"]

_FORMAT = [
    "{0}",
    "{}",
    "%s",
    "%(name)s",
    "%n%n%n",
    "%x%x%x%x",
    "%-1000000s",
    "{__class__}",
    "{0.__class__.__mro__}",
    "{name!r}",
    "{{}}",
    "${HOME}",
    "$(reboot)",
    "`id`",
    "; rm -rf / #",
    "{{7*7}}",
    "${7*7}",
]

_RICH = [
    "[bold red]x[/]",
    "[bold red]alarm[/bold red]",
    "[link=https://evil.example]click[/link]",
    "[link=file:///etc/passwd]x[/]",
    "[/]",
    "[blink]blink",
    "[@click=app.quit]quit[/]",
    "[reverse][/reverse]",
    "\\[bold]escaped",
    "[red",
    ":smile: :warning:",
    ":thumbs_up:",
    "[on red]        [/]",
]

_MARKDOWN = [
    "# Heading",
    "## Two",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "2) item",
    "> quote",
    "**bold**",
    "_under_",
    "`code`",
    "```",
    "~~~",
    "[click](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<https://evil.example>",
    "&lt;b&gt;",
    "&#x1b;[2J",
    "&#27;",
    "| a | b |",
    "---",
    "===",
    "~~strike~~",
    "<!-- hidden -->",
    "[ref]: https://evil.example",
    "a\\",
    "\\",
    "Line ending in two spaces  ",
    '=HYPERLINK("https://evil.example")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
]

_PATHS = [
    "../x",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\CON",
    "C:\\Windows\\System32",
    "\\\\server\\share\\x",
    "..",
    ".",
    "~",
    "~/.ssh/id_rsa",
    "file:///etc/passwd",
    "x/../../y",
    "a:b",
    '*?<>|"',
    "\uff0fetc\uff0fpasswd",
    "\uff0e\uff0e\uff0fx",
    "name.",
    "...",
    "/",
]
_DEVICES = ["CON", "con", "PRN", "AUX", "NUL", "COM1", "LPT9", "COM\u00b9", "LPT\u00b3"]
_DEVICES += ["CON.", "nul.tar.gz", "CONIN$", "CONOUT$", "Aux.md", "com0", "CLOCK$"]

_EMOJI = [
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f44d\U0001f3fd",
    "\U0001f9d1\U0001f3ff\u200d\u2695\ufe0f",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001f1ec\U0001f1e7",
    "\u2764\ufe0f",
    "1\ufe0f\u20e3",
    "#\ufe0f\u20e3 hash keycap",
    # Scotland's flag: the tag characters that spell "gbsct" are invisible formatting.
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\U0001f600" * 50,
]

_COMBINING = [
    "e\u0301",
    "Zoe\u0308 Ande\u0301rsson",
    "a" + "\u0301\u0302\u0303\u0304\u0305" * 20,
    "\u0301leading mark",
    "Z\u0351\u0353a\u0354\u0355l\u0356g\u0357o\u0358",
    "\u034f",
    "x\ufe0f",
]

_SCRIPTS = [
    "\u0645\u0631\u0643\u0632 \u0627\u0644\u0631\u0639\u0627\u064a\u0629",
    "\u05e9\u05d9\u05e8\u05d5\u05ea\u05d9 \u05e8\u05d5\u05d5\u05d7\u05d4",
    "Sam \u0633\u0627\u0645 Patel",
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "\u6771\u4eac\u90fd\u793e\u4f1a\u798f\u7949",
    "\u30bd\u30fc\u30b7\u30e3\u30eb\u30ef\u30fc\u30ab\u30fc",
    "\uc0ac\ud68c\ubcf5\uc9c0\uc0ac",
    "\uff30\uff2e\uff0d\uff14\uff14\uff17\uff11",
    "\uff7f\uff70\uff7c\uff6c\uff99",
    "\u0915\u094d\u200d\u0937",
    "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
    "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd",
    "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
    "\u0405am \u0420\u0430tel",
    "\u0130stanbul \u0131i",
    "Stra\u00dfe \u1e9e",
    "\ufb01nance \ufb00",
    "\u01c5 \u212a \u2126",
    "\ue000 private use",
    "\ufffd replacement",
    "\ufffe\uffff nonchar",
    "\U0010ffff",
]

_TOML = [
    '"""',
    "'''",
    "\\u0000",
    '\\"',
    'a = "b"',
    "[table]",
    "[[array]]",
    '"',
    "'",
    "# comment",
    "\\\\",
    "\\x1b[2J",
    "\\033[2J",
    "^[[2J",
    "\\n",
    'key = """\nx\n"""',
    "\\U0001F600",
    '{"format": 2}',
    "null",
    "1e309",
    "NaN",
    "inf",
]

_WHITESPACE = ["", " ", "\t", "   ", "\u00a0", "\u2003", "\u3000", " \n ", "\u200b", "\t\t\n"]
_SURROGATES = ["\udcff", "caf\udce9", "\ud800", "\udfff", "\ud83d\ude00", "ok\udc80ok"]


def _lengths() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = [
        ("10000 letters", "a" * 10_000),
        ("2000 words", "word " * 2_000),
        ("5000 emoji", "\U0001f600" * 5_000),
        ("10000 CJK", "\u754c" * 10_000),
        ("10000 combining", "e" + "\u0301" * 9_999),
    ]
    for limit in sorted(
        {
            plaintext.NAME_MAX,
            plaintext.ROLE_MAX,
            plaintext.CASE_REFERENCE_MAX,
            plaintext.ACTION_MAX,
            plaintext.RECORDED_WHERE_MAX,
            plaintext.OUTCOME_MAX,
        }
    ):
        out.append((f"exactly {limit}", "x" * (limit - 1) + "y"))
        out.append((f"{limit} + 1", "x" * limit + "y"))
        out.append((f"{limit} with padding", "  " + "z" * limit + "  "))
    return out


def corpus() -> list[tuple[str, str]]:
    """(label, text): at least 200 hostile strings, each different."""
    items: list[tuple[str, str]] = []
    items += [(f"escape {i}", s) for i, s in enumerate(_ESCAPES)]
    items += [(f"escape inside {i}", f"Sam {s} Patel") for i, s in enumerate(_ESCAPES[:6])]
    items += [(f"bidi U+{ord(c):04X}", f"Sam{c}letaP") for c in _BIDI]
    items.append(("trojan source", "access\u202e \u2066// check\u2069 \u2066level"))
    items += [(f"invisible U+{ord(c):04X}", f"Sam{c}Patel") for c in _INVISIBLE]
    items += [("ZWJ alone", "\u200d"), ("ZWNJ inside", "Sam\u200cPatel")]
    items += [(f"C0 0x{c:02X}", f"a{chr(c)}b") for c in range(0x20)]
    items += [("DEL", "a\x7fb"), ("NUL alone", "\x00"), ("NUL at end", "Sam Patel\x00")]
    items += [(f"C1 0x{c:02X}", f"a{chr(c)}b") for c in range(0x80, 0xA0)]
    items += [(f"break {s!r}", f"first{s}second") for s in _BREAKS]
    items += [("trailing newline", "Sam Patel\n"), ("trailing CRLF", "Sam Patel\r\n")]
    items += [(f"format {s}", s) for s in _FORMAT]
    items += [(f"rich {s}", s) for s in _RICH]
    items += [(f"markdown {s}", s) for s in _MARKDOWN]
    items += [(f"path {s}", s) for s in _PATHS]
    items += [(f"device {s}", s) for s in _DEVICES]
    items += [(f"emoji {i}", s) for i, s in enumerate(_EMOJI)]
    items += [(f"combining {i}", s) for i, s in enumerate(_COMBINING)]
    items += [(f"script {i}", s) for i, s in enumerate(_SCRIPTS)]
    items += [(f"toml {s!r}", s) for s in _TOML]
    items += [(f"whitespace {s!r}", s) for s in _WHITESPACE]
    items += [(f"surrogate {s!r}", s) for s in _SURROGATES]
    items += _lengths()
    items += [
        ("mixed", "[b]\x1b[2J\u202e<b>{0}%s../CON\U0001f600\u0301\n"),
        ("markup and md", "# [bold]Heading[/bold] <i>x</i> **y**"),
        ("quotes", 'O\'Brien "Bob" `x` \u2018y\u2019 \u201cz\u201d'),
        ("ampersand", "Smith & Sons &amp; Co"),
        ("backslashes", "C:\\Users\\Sam\\case.md"),
        ("long word", "x" * 200 + " tail"),
        ("spaces inside", "Sam    Patel"),
        ("tab inside", "Sam\tPatel"),
    ]
    seen: set[str] = set()
    unique: list[tuple[str, str]] = []
    for label, text in items:
        if text not in seen:
            seen.add(text)
            unique.append((label, text))
    return unique


# ------------------------------------------------------------------ the fields


@dataclass(frozen=True)
class TextField:
    key: str
    validate: Validator


def _outcome_validator() -> Validator:
    # As in step9_wrap_up._ask_outcome: an empty line ends the statement.
    line = text_validator(plaintext.OUTCOME_MAX)
    return lambda text: None if not text.strip() else line(text)


FIELDS = (
    TextField("name", text_validator(plaintext.NAME_MAX)),
    TextField("role", text_validator(plaintext.ROLE_MAX)),
    TextField("agency", text_validator(plaintext.AGENCY_MAX)),
    TextField("action", text_validator(plaintext.ACTION_MAX)),
    TextField("recorded_where", text_validator(plaintext.RECORDED_WHERE_MAX)),
    TextField("case_reference", text_validator(plaintext.CASE_REFERENCE_MAX)),
    TextField("outcome", _outcome_validator()),
)


def session_with(keys: frozenset[str], value: str, *, strategy: int) -> SessionState:
    """A complete session with ``value`` wherever the prompts named by ``keys`` put it.

    name: the facilitator, an attendee, an action's owner and the review's convener;
    role: that attendee's role; agency: that attendee's and action's agency;
    action, recorded_where, case_reference: those of the meeting or the second action;
    outcome (strategy 2 only): the statement, one line as the flow keeps it.
    """

    def pick(key: str, usual: str) -> str:
        return value if key in keys else usual

    setup = MeetingFacts(
        case_reference=pick("case_reference", "PN-4471"),
        meeting_date=MEETING,
        facilitator=pick("name", "Ada Facilitator"),
        strategy=strategy,
        lead_professional="Lee Baseline",
        lead_professional_agency="Baseline Social Care",
    )
    state = SessionState.new(setup, [s.weight for s in all_steps()])
    name = pick("name", "Hostile Tester")
    agency = pick("agency", "Hostile Agency")
    state.roster.add(Attendee("Lee Baseline", "Social worker", "Baseline Social Care"), lead=True)
    state.roster.add(Attendee("Jo Baseline", "Health visitor", "Baseline Health Visiting"))
    state.roster.add(Attendee(name, pick("role", "Tester"), agency))
    state.actions = [
        DraftAction(
            "Arrange a joint home visit",
            "Lee Baseline",
            "Baseline Social Care",
            dt.date(2026, 12, 4),
            "Child's record",
        ),
        DraftAction(
            pick("action", "Share attendance figures"),
            name,
            agency,
            dt.date(2026, 12, 10),
            pick("recorded_where", "Attendance file"),
        ),
    ]
    state.review = ReviewPlan(dt.date(2027, 1, 8), name)
    state.step = 9
    if "outcome" in keys and strategy == 2:
        state.set_outcome(value)
    return state


# ------------------------------------------------------------------ the report


@dataclass
class CorpusReport:
    tried: int = 0
    checks: int = 0
    accepted: int = 0
    refused: int = 0
    strings_accepted: int = 0
    strings_refused_everywhere: int = 0
    sessions_checked: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    accepted_by_field: Counter[str] = field(default_factory=Counter)
    date_checks: int = 0
    date_accepted: int = 0
    round_trip_failures: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    file_name_failures: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def failures(self) -> int:
        return (
            len(self.round_trip_failures)
            + len(self.leaks)
            + len(self.file_name_failures)
            + len(self.crashes)
        )

    @property
    def ok(self) -> bool:
        return self.failures == 0

    def lines(self, *, verbose: bool = False) -> list[str]:
        out = [
            f"strings tried: {self.tried}",
            f"text prompt checks (string x field): {self.checks}: accepted {self.accepted}, "
            f"refused {self.refused}",
            f"strings accepted by at least one field: {self.strings_accepted}; "
            f"refused by every field: {self.strings_refused_everywhere}",
            "accepted per field: "
            + ", ".join(f"{f.key} {self.accepted_by_field[f.key]}" for f in FIELDS),
            "refused, by reason:",
        ]
        out += [f"  {count:5d}  {reason}" for reason, count in self.reasons.most_common()]
        out += [
            f"date prompts: {self.date_checks} tried, {self.date_accepted} read as a date",
            f"sessions built from accepted text and checked: {self.sessions_checked} "
            "(record, TOML, md/text/ics exports, screens, file names, autosave)",
            f"round-trip failures: {len(self.round_trip_failures)}",
            f"leaks to screen/exports: {len(self.leaks)}",
            f"unsafe file names: {len(self.file_name_failures)}",
            f"crashes: {len(self.crashes)}",
            f"elapsed: {self.elapsed:.1f} s",
        ]
        limit = None if verbose else 10
        for title, found in (
            ("ROUND TRIP", self.round_trip_failures),
            ("LEAK", self.leaks),
            ("FILE NAME", self.file_name_failures),
            ("CRASH", self.crashes),
        ):
            shown = found if limit is None else found[:limit]
            out += [f"{title} {item}" for item in shown]
            if len(found) > len(shown):
                out.append(f"... and {len(found) - len(shown)} more ({title.lower()}; use -v)")
        out.append("OK: no failures" if self.ok else "FAILED")
        return out


def _reason(message: str) -> str:
    text = message.removeprefix("This ").rstrip(".")
    return re.sub(r"at most \d+ characters \(it has \d+\)", "at most N characters", text)


# ------------------------------------------------------------------ the checks

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_BOX = str.maketrans(dict.fromkeys("│╭╮╰╯─┃━┏┓┗┛", " "))
_MD_PARSER = MarkdownIt("commonmark")
_PLAIN_INLINE = {"text", "softbreak", "hardbreak"}
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
# Our own list, not the program's: every control, invisible formatting, surrogate
# and line/paragraph separator, except the newline and the two joiners emoji need.
_UNSAFE = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in _UNSAFE_CATEGORIES and chr(c) not in "\n\u200c\u200d"
    )
    + "]"
)


_FLAG = re.compile("\U0001f3f4[\U000e0061-\U000e007a]{2,6}\U000e007f")


def raw_problem(text: str, *, multiline: bool = True) -> str | None:
    """A raw character no screen or export may carry, described; None if clean."""
    if not multiline and "\n" in text:
        return "a raw line break"
    # A whole subdivision flag (black flag, tag letters, cancel tag) is an emoji,
    # not hidden text: the only place invisible tags are allowed.
    text = _FLAG.sub("\U0001f3f4", text)
    found = _UNSAFE.search(text)
    if found is None:
        return None
    at = found.start()
    char = text[at]
    kind = "ESC" if char == "\x1b" else unicodedata.category(char)
    return f"raw {kind} U+{ord(char):04X} near {text[max(0, at - 8) : at + 12]!r}"


def _flat(text: str) -> str:
    return " ".join(text.translate(_BOX).split())


def _short(text: str, width: int = 40) -> str:
    shown = text if len(text) <= width else text[: width - 1] + "…"
    return ascii(shown)


def _console() -> Console:
    return Console(file=io.StringIO(), width=80, color_system="truecolor", no_color=False)


def _output(console: Console) -> str:
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def render_screens(state: SessionState, *, plain: bool = False) -> tuple[str, str]:
    """Every session screen that shows this session's text, as a recording terminal gets it.

    Returns the screens, and apart from them the time-sharing bars: boxed, a long
    name is cut with an ellipsis there on purpose.
    """
    console = _console()
    screen = RichScreen(console, plain=plain)
    roster = state.roster
    screen.roster(roster)
    screen.summary(state)  # the actions, then the review and any outcome
    hostile = roster.attendees[-1]
    screen.speaker(hostile, turn=3, total=3, upcoming=roster.attendees[0], is_lead=False)
    screen.speaker(roster.attendees[1], turn=2, total=3, upcoming=hostile, is_lead=False)
    action = state.actions[-1]
    # Lines the flow builds around typed text (steps 2, 4-8 and setup).
    screen.note(f"Action 2: {action.what} ({action.owner}, {action.agency})")
    screen.note(f"Removed: {action.what}")
    screen.note(f"Added {hostile.name}.")
    screen.note(f"{hostile.name} passes for now and will be offered a turn at the end.")
    case = state.setup.case_reference
    # The program's own line, so the corpus checks what the room would really see.
    screen.hint(case_reference_warning(case))
    screen.exported(
        [Path("out") / "actions.md"],
        f"No notes. Lead Professional: {state.setup.lead_professional}.",
    )
    bars = _console()
    RichScreen(bars, plain=plain).time_shared([(a, 75.0, 60.0) for a in roster.attendees])
    return _output(console), _output(bars)


def _md_shape(text: str) -> tuple[list[str], list[str]]:
    """Block structure of a Markdown document, and any inline token that is not plain text."""
    blocks: list[str] = []
    inline: list[str] = []
    for token in _MD_PARSER.parse(text):
        if token.type == "inline":
            inline += [c.type for c in token.children or [] if c.type not in _PLAIN_INLINE]
        else:
            blocks.append(f"{token.type}:{token.tag}:{token.markup}")
    return blocks, inline


@dataclass(frozen=True)
class _Baseline:
    md: list[list[str]]
    files: int
    events: int


_BASELINES: dict[tuple[frozenset[str], int], _Baseline] = {}


def _baseline(keys: frozenset[str], strategy: int) -> _Baseline:
    """What the exports look like with plain words in the same places."""
    if (keys, strategy) not in _BASELINES:
        record = parse_record(session_with(keys, PLAIN_WORDS, strategy=strategy).record_data())
        md = build_exports(record, "md")
        events = build_exports(record, "ics")[0].content.count("BEGIN:VEVENT")
        _BASELINES[keys, strategy] = _Baseline(
            [_md_shape(f.content)[0] for f in md], len(md), events
        )
    return _BASELINES[keys, strategy]


def check_record(
    keys: frozenset[str], strategy: int, value: str, report: CorpusReport, where: str, scratch: Path
) -> None:
    state = session_with(keys, value, strategy=strategy)
    try:
        record = parse_record(state.record_data())
    except RethinkError as error:
        report.round_trip_failures.append(
            f"{where}: accepted at the prompt but refused by the record: {error.details[:2]}"
        )
        return
    _check_toml(record, report, where)
    exports: dict[str, list[OutputFile]] = {
        "md": build_exports(record, "md"),
        "text": build_exports(record, "text"),
        "toml": build_exports(record, "toml"),
        "ics": build_exports(record, "ics"),
    }
    for fmt, files in exports.items():
        for output in files:
            # Calendar lines are folded at 75 octets, possibly inside an emoji
            # sequence: check the unfolded text, as a calendar reads it.
            content = (
                output.content.replace("\r\n ", "").replace("\r\n", "\n")
                if fmt == "ics"
                else output.content
            )
            problem = raw_problem(content)
            if problem:
                report.leaks.append(f"{where}: {fmt} export {output.name}: {problem}")
    text_all = "\n".join(f.content for f in exports["text"])
    if value not in text_all:
        report.round_trip_failures.append(f"{where}: not intact in the text export")
    baseline = _baseline(keys, strategy)
    shapes = [_md_shape(f.content) for f in exports["md"]]
    if len(shapes) != baseline.files or [b for b, _ in shapes] != baseline.md:
        report.leaks.append(f"{where}: user text changed the Markdown export's structure")
    inline = sorted({t for _, extra in shapes for t in extra})
    if inline:
        report.leaks.append(f"{where}: user text made Markdown {', '.join(inline)}")
    if exports["ics"][0].content.count("BEGIN:VEVENT") != baseline.events:
        report.leaks.append(f"{where}: user text changed the calendar's events")
    names = [f.name for files in exports.values() for f in files]
    _check_file_names(value, names, report, where, scratch)
    check_screens(value, keys, strategy, report, where)
    check_autosave(state, report, where, scratch / "state")


def _check_toml(record: Record, report: CorpusReport, where: str) -> None:
    text = render_toml(record)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        report.round_trip_failures.append(f"{where}: TOML does not read back: {error}")
        return
    if data != record.to_data():
        report.round_trip_failures.append(f"{where}: TOML reads back different data")
        return
    try:
        again = parse_record(data)
    except RethinkError as error:
        report.round_trip_failures.append(f"{where}: TOML read back is refused: {error.details}")
        return
    if again != record:
        report.round_trip_failures.append(f"{where}: TOML read back is a different record")


def _check_file_names(
    value: str, names: list[str], report: CorpusReport, where: str, scratch: Path
) -> None:
    try:
        component = safe_component(value, fallback="case")
    except Exception as error:
        report.crashes.append(f"{where}: safe_component raised {error!r}")
        return
    folder = scratch / "names"
    folder.mkdir(exist_ok=True)
    inside = folder.resolve()
    for name in dict.fromkeys([*names, f"{component}.md"]):
        try:
            for platform in ("windows", "macos", "linux"):
                validate_filename(name, platform=platform)
        except ValidationError as error:
            report.file_name_failures.append(f"{where}: {name!r}: {error.reason.name}")
            continue
        target = folder / name
        if len(Path(name).parts) != 1 or target.resolve().parent != inside:
            report.file_name_failures.append(f"{where}: {name!r} leaves its folder")
            continue
        try:
            target.write_text("x", "utf-8")
        except OSError as error:
            report.file_name_failures.append(f"{where}: {name!r} cannot be written: {error}")
            continue
        if [p.name for p in folder.iterdir()] != [name]:
            report.file_name_failures.append(f"{where}: {name!r} landed somewhere else")
        target.unlink()


MARKER = "Qzmarkerzq"
_MARKED: dict[tuple[frozenset[str], int, bool], str] = {}


def _marked(keys: frozenset[str], strategy: int, plain: bool) -> str:
    """The screens with a marker word where the text goes, flattened."""
    if (keys, strategy, plain) not in _MARKED:
        main, bars = render_screens(session_with(keys, MARKER, strategy=strategy), plain=plain)
        _MARKED[keys, strategy, plain] = _flat(_SGR.sub("", main + (bars if plain else "")))
    return _MARKED[keys, strategy, plain]


def check_screens(
    value: str, keys: frozenset[str], strategy: int, report: CorpusReport, where: str
) -> None:
    state = session_with(keys, value, strategy=strategy)
    # Literal: the screens with this text are the screens with a marker word in the
    # same places, the marker replaced by the text. Markup taken as markup, or a
    # character dropped, breaks that. Checked where 80 columns cannot cut a word.
    words = value.split()
    literal = bool(words) and max(len(w) for w in words) <= 30 and len(value) <= 200
    for plain in (False, True):
        mode = "plain screen" if plain else "screen"
        try:
            main, bars = render_screens(state, plain=plain)
        except Exception as error:
            report.crashes.append(f"{where}: {mode} raised {error!r}")
            continue
        shown = main + bars
        problem = raw_problem(_SGR.sub("", shown))
        if problem or "\x1b]" in shown or "\x1b[2J" in shown:
            report.leaks.append(f"{where}: {mode}: {problem or 'escape sequence'}")
            continue
        if not literal:
            continue
        as_text = _flat(_SGR.sub("", main + (bars if plain else "")))
        if as_text != _marked(keys, strategy, plain).replace(MARKER, _flat(value)):
            report.leaks.append(f"{where}: {mode} does not show the text as typed")


def check_autosave(state: SessionState, report: CorpusReport, where: str, folder: Path) -> None:
    store = SessionStore(folder, "hostile")
    try:
        store.save(state)
        loaded = SessionStore(folder, "hostile").load()
    except Exception as error:
        report.round_trip_failures.append(f"{where}: autosave failed: {error!r}")
        return
    finally:
        store.remove()
    if loaded != state:
        report.round_trip_failures.append(f"{where}: autosave reads back a different session")


def check_dates(label: str, text: str, report: CorpusReport) -> None:
    """The date prompts take free text too: refuse it with a clean message, never crash."""
    report.date_checks += 1
    started = time.monotonic()
    try:
        parse_date(text, today=MEETING)
        report.date_accepted += 1
    except DateError as error:
        problem = raw_problem(str(error), multiline=False)
        if problem:
            report.leaks.append(f"{label}: the date prompt's refusal echoes {problem}")
    except Exception as error:
        report.crashes.append(f"{label}: the date prompt raised {error!r}")
    took = time.monotonic() - started
    if took > 2.0:
        report.crashes.append(f"{label}: the date prompt took {took:.1f} s")


def check_string(label: str, text: str, report: CorpusReport, scratch: Path) -> None:
    report.tried += 1
    where = f"{label} {_short(text)}"
    echoed = raw_problem(plaintext.make_visible(text), multiline=False)
    if echoed:
        report.leaks.append(f"{where}: make_visible leaves {echoed}")
    check_dates(where, text, report)
    accepted: set[str] = set()
    for text_field in FIELDS:
        report.checks += 1
        try:
            problem = text_field.validate(text)
        except Exception as error:
            report.crashes.append(f"{where} as {text_field.key}: validator raised {error!r}")
            continue
        if problem is not None:
            report.refused += 1
            report.reasons[_reason(problem)] += 1
            leak = raw_problem(problem, multiline=False)
            if leak:
                report.leaks.append(f"{where} as {text_field.key}: refusal message holds {leak}")
            continue
        if not plaintext.tidy(text):
            # Only the outcome prompt lets an empty line through: it ends the statement.
            report.refused += 1
            report.reasons["empty line: ends the outcome statement"] += 1
            continue
        report.accepted += 1
        report.accepted_by_field[text_field.key] += 1
        accepted.add(text_field.key)
    if not accepted:
        report.strings_refused_everywhere += 1
        return
    report.strings_accepted += 1
    kept = plaintext.tidy(text)
    # Strategy 3 with the text in every field that took it but the outcome (no notes
    # are kept); strategy 2 with the outcome statement as well.
    sessions = [(frozenset(accepted), 2)]
    if accepted - {"outcome"}:
        sessions.append((frozenset(accepted - {"outcome"}), 3))
    for keys, strategy in sessions:
        report.sessions_checked += 1
        at = f"{where} as {'+'.join(k for k in (f.key for f in FIELDS) if k in keys)}"
        try:
            check_record(keys, strategy, kept, report, f"{at} (strategy {strategy})", scratch)
        except Exception as error:
            report.crashes.append(f"{at} (strategy {strategy}): {error!r}")


def run_corpus(items: list[tuple[str, str]] | None = None) -> CorpusReport:
    """Put every hostile string through every text prompt and everything after it."""
    report = CorpusReport()
    started = time.monotonic()
    # Memory-backed where there is one: this checks what is saved, not how durably,
    # and a thousand fsyncs on a real disk would take most of the run.
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="rethink-hostile-", dir=where) as name:
        scratch = Path(name)
        (scratch / "state").mkdir(mode=0o700)
        for label, text in items if items is not None else corpus():
            check_string(label, text, report, scratch)
    report.elapsed = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    args = parser.parse_args(argv)
    report = run_corpus()
    print("\n".join(report.lines(verbose=args.verbose)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
