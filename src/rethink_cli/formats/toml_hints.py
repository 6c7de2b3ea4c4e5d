"""What to say when a hand-edited TOML file will not read: the usual slips, with their fix.

People write dates the way they write them everywhere else (``due = 02/12/2026``)
and Windows folders the way Explorer shows them (``"C:\\Users\\alex"``); the
parser's own words ("Expected newline", "Invalid hex value") do not tell them
what to change. Each hint here names the line and the fix in the file's own
terms. Only the standard library is used, like ``formats.reading``, which
calls this only once a file has failed to parse.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Final

# tomllib (Python 3.11 to 3.13) ends each message with where it stopped.
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")
# A date written day first (UK style): 2/12/2026, 02.12.2026, 02-12-26.
_DAY_FIRST = r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
_KEY = r"[A-Za-z0-9_-]+"
_UNQUOTED_DATE = re.compile(rf"(?P<key>{_KEY})\s*=\s*(?P<date>{_DAY_FIRST})(?![\d/.-])")
_DATE_PARTS = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
# A double-quoted value holding a backslash: in TOML that starts an escape.
_QUOTED_BACKSLASH = re.compile(rf'(?P<key>{_KEY})\s*=\s*"(?P<value>[^"]*\\[^"]*)')
# What tomllib says when a backslash in double quotes is not an escape it knows, or
# (a folder ending in one, "C:\\temp\\") escapes the closing quote.
_ESCAPE_ERRORS: Final = (
    "Invalid hex value",
    "Unescaped '\\' in a string",
    "Unterminated string",
    "Illegal character",
    "Escaped character is not a Unicode scalar value",
)
# An example in the hints when the file's own value cannot be used.
_EXAMPLE_DATE: Final = "2026-12-04"
# A value longer than this is not shown back (it would not fit one line).
_SHOWN_MAX = 120


def not_valid_toml(path: Path, text: str, error: tomllib.TOMLDecodeError) -> str:
    """The one line for a file that is not valid TOML: a hint when the slip is a known one."""
    said = str(error)
    found = _AT_LINE.search(said)
    if found:
        number = int(found.group(1))
        lines = text.split("\n")
        line = lines[number - 1] if number <= len(lines) else ""
        hint = _date_hint(line) or _backslash_hint(line, said)
        if hint:
            return f"{path} is not valid TOML at line {number}: {hint}."
    return f"{path} is not valid TOML: {said}."


def day_first_date(text: str) -> dt.date | None:
    """``02/12/2026`` (day, month, year, as written in the UK) as a date; None if it is none.

    A two-digit year is this century's: 02/12/26 is 2026.
    """
    parts = _DATE_PARTS.fullmatch(text.strip())
    if not parts:
        return None
    day, month, year = (int(part) for part in parts.groups())
    try:
        return dt.date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def quoted_date_advice(key: str, text: str) -> str | None:
    """How to write a date given as text (``due = "02/12/2026"``); None for other text.

    The words complete "<place>: ...", like every problem with a file's value.
    """
    day = day_first_date(text)
    if day is not None:
        return (
            f"must be a TOML date, year-month-day with no quotes: write {key} = "
            f'{day.isoformat()}, not "{text}"'
        )
    try:
        iso = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return f'must be a TOML date with no quotes: write {key} = {iso.isoformat()}, not "{text}"'


# What the escapes TOML knows made of a Windows path's backslashes ("C:\\new", "C:\\temp").
_ESCAPES_MADE = str.maketrans({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"})
_DRIVE = re.compile(r"[A-Za-z]:")


def escaped_path_advice(key: str, value: str) -> str | None:
    """How to write a Windows path whose backslashes became escapes; None for other text.

    Only a value that starts with a drive (``C:``) and holds what an escape makes
    is taken for one: a line break in any other text is just a line break.
    """
    restored = value.translate(_ESCAPES_MADE)
    if restored == value or not _DRIVE.match(value):
        return None
    return _write_path(key, restored)


def _write_path(key: str, value: str) -> str:
    start = "a backslash (\\) in double quotes starts an escape"
    if "'" in value or len(value) > _SHOWN_MAX:
        return (
            f"{start}; write a Windows folder in single quotes ('C:\\Users\\alex') "
            'or with forward slashes ("C:/Users/alex")'
        )
    slashed = value.replace("\\", "/")
    return f"{start}; write {key} = '{value}' (single quotes) or \"{slashed}\" (forward slashes)"


def _date_hint(line: str) -> str | None:
    found = _UNQUOTED_DATE.search(line)
    if not found:
        return None
    key, written = found.group("key"), found.group("date")
    day = day_first_date(written)
    if day is None:
        return (
            f"write the date year-month-day with no quotes, such as {key} = {_EXAMPLE_DATE} "
            f"({written} is not a date)"
        )
    return (
        f"write the date year-month-day with no quotes: {key} = {day.isoformat()} (not {written})"
    )


def _backslash_hint(line: str, said: str) -> str | None:
    if not said.startswith(_ESCAPE_ERRORS):
        return None
    found = _QUOTED_BACKSLASH.search(line)
    if not found:
        return None
    return _write_path(found.group("key"), found.group("value"))
