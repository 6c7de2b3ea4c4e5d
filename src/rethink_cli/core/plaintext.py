"""Rules for the free text a facilitator types: one place, used by input and record.

Text in a record is pasted into other agencies' case systems and shown on a
projected screen, so it must be plain: no terminal escapes, no invisible or
direction-changing characters that make a line read differently from what it
stores. Emoji, accents and any script are welcome.
"""

from __future__ import annotations

import re
import unicodedata

# Joiners are needed by emoji sequences and by several scripts (Persian, Indic);
# every other invisible formatting character is refused.
_ALLOWED_FORMAT = {"\u200c", "\u200d"}
_FLAG = re.compile("\U0001f3f4[\U000e0061-\U000e007a]{2,6}\U000e007f")

NAME_MAX = 120
ROLE_MAX = 200
AGENCY_MAX = 120
CASE_REFERENCE_MAX = 60
ACTION_MAX = 1000
RECORDED_WHERE_MAX = 300
OUTCOME_MAX = 2000


def find_forbidden(text: str, *, multiline: bool = False) -> str | None:
    """Describe the first character that plain text may not hold, or None."""
    # Invisible tag characters are allowed only where they spell a subdivision
    # flag (Scotland, England, Wales); anywhere else they could hide text.
    for char in _FLAG.sub("", text):
        if char == "\n" and multiline:
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            return "line breaks" if char in "\r\n" else "control characters"
        if category in {"Zl", "Zp"}:
            return "line breaks"
        if category == "Cs":
            return "broken characters"
        if category == "Cf" and char not in _ALLOWED_FORMAT:
            return "invisible formatting characters"
    return None


def check_text(text: str, *, max_length: int, multiline: bool = False) -> str:
    """Return ``text`` unchanged if it is plain, non-empty and short enough.

    Raises ValueError with a message that completes "<field>: ...".
    """
    if not text.strip():
        return _fail("must not be empty")
    problem = find_forbidden(text, multiline=multiline)
    if problem:
        return _fail(f"must not contain {problem}")
    if len(text) > max_length:
        return _fail(f"must be at most {max_length} characters (it has {len(text)})")
    return text


def _fail(message: str) -> str:
    raise ValueError(message)


# Terminal escape sequences, matched whole so no tail is left to be kept as text
# (the "]52;c;..." of a clipboard-setting OSC). 7-bit ESC forms and their 8-bit
# C1 twins; a string sequence with no terminator runs to the end of the text, as
# a terminal would swallow it.
_ST = r"(?:\x07|\x1b\\|\x9c|$)"
_ESCAPE_SEQUENCE = re.compile(
    "|".join(
        [
            # OSC, DCS, SOS, PM and APC strings: ESC ] / P / X / ^ / _ ... to BEL or ST.
            rf"(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*?{_ST}",
            # CSI: ESC [ (or 0x9b), parameters, intermediates, one final byte.
            r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?",
            # Any other: ESC, intermediates (as in ESC ( B), one final byte (ESC c, ESC 7).
            r"\x1b[\x20-\x2f]*[\x30-\x7e]?",
        ]
    ),
    re.DOTALL,
)
# Line breaks stay, for the checks to refuse in a one-line answer by name.
_KEPT_CONTROLS = {"\n", "\r", "\v", "\f", "\x85"}
# The characters that change the direction text is shown in (Unicode's Bidi_Control):
# "Sam \u202ekcab" reads "Sam back" on screen. Dropped from typed text, never kept.
_BIDI_CONTROLS = str.maketrans(
    "", "", "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# A run of white space is matched whole, once: "\s*<break>\s*" would be tried again
# from every space of a long run, slow enough on a flood of spaces to freeze a prompt.
_SPACES = re.compile(r"\s+")
_LINE_BREAKS = frozenset("\n\r\v\f\x85\u2028\u2029")


def strip_escapes(text: str) -> str:
    """``text`` without terminal escape sequences (each dropped whole) or other controls.

    Sequences go first, so nothing of one (its parameters, its payload) is left
    behind once its ESC is gone; then any stray control character but a line break.
    A tab becomes a space: pasted from a table, it separates words.
    """
    if text.isprintable():  # the usual case, quickly
        return text
    text = _ESCAPE_SEQUENCE.sub("", text).replace("\t", " ")
    return "".join(ch for ch in text if ch in _KEPT_CONTROLS or unicodedata.category(ch) != "Cc")


def tidy(text: str) -> str:
    """What the input layer keeps of a typed line: escapes, stray controls and
    direction-changing characters gone, outer spaces trimmed.

    A pasted colour code or clipboard sequence is dropped whole, as a text field
    drops it (``one_line``); other invisible characters are left for ``check_text``
    to refuse by name.
    """
    return strip_escapes(text).translate(_BIDI_CONTROLS).strip()


def one_line(text: str) -> str:
    """What a one-line text field takes in of typed or pasted ``text``.

    As ``tidy`` keeps it, but each run of line breaks becomes one space: a line
    pasted from an email that wrapped it is still one answer, and nothing is left
    on a line that Ctrl-U does not clear. Outer spaces stay: it is only part of a line.
    """
    return _SPACES.sub(_one_space, strip_escapes(text).translate(_BIDI_CONTROLS))


def _one_space(spaces: re.Match[str]) -> str:
    run = spaces.group()
    return " " if _LINE_BREAKS.intersection(run) else run


def make_visible(text: str) -> str:
    """A version of untrusted text that is safe to echo to the terminal.

    Used only to show the facilitator what was refused: every control or
    formatting character becomes a visible escape, so nothing reaches the
    terminal raw.
    """
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category in {"Cc", "Cf", "Cs", "Zl", "Zp"} and char not in _ALLOWED_FORMAT:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)
