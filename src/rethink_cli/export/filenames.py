"""File names built from what a person typed: a case reference and agency names.

The names land in a folder that may be opened on Windows and synced elsewhere,
so every component is reduced to letters, digits, ``-`` and ``_``. With no
separators and no dots left, no component can climb out of the output folder,
hide an extension, or be refused by Windows for a trailing dot or space.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from pathvalidate import ValidationError, validate_filename
from pathvalidate.error import ErrorReason

MAX_COMPONENT = 60
# Two components, a date and a suffix must stay well under 255 bytes.
MAX_COMPONENT_BYTES = 90
# The narrowest a component is cut to where a full path must be short (Windows):
# a cut name keeps nine characters before its hash, enough to recognise it.
MIN_WIDTH = 16

_HASH_LENGTH = 6
# Collisions past the first hash are only possible by adversarial naming or by
# 24-bit bad luck; a longer hash settles them while still leaving a readable
# prefix inside MAX_COMPONENT.
_MAX_HASH_LENGTH = 32
_ACTIONS_STEM = "actions"
# The Lead Professional's agency's files end in this, so the one person who gets
# both the full list and an agency's copy sees at a glance which is their agency's.
LEAD_TAIL = "_lead-professional"
_ACTIONS_AGENCY_STEM = "actions-agency"
_AGENCY_FALLBACK = "agency"

# People type all of these for the apostrophe in "Children's"; a hyphen there
# would read as a word break.
_APOSTROPHES = frozenset("'`\u2018\u2019\u201b\u02bc")
# Purely presentational marks: kept, they would make two identical-looking
# names differ.
_INVISIBLE_MARKS = re.compile("[\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_RESERVED_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789"}
)
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,16}")


def safe_component(text: str, *, fallback: str, width: int = MAX_COMPONENT) -> str:
    """A file name component derived from ``text`` that is safe on every platform.

    Keeps letters, digits, ``-`` and ``_``; every other run of characters becomes
    one ``-``. Windows device names get a trailing ``_``, results longer than
    ``width`` are cut and end in a short hash of ``text`` so they stay distinct,
    and ``fallback`` stands in when nothing is left.
    """
    if not fallback or _clean(fallback) != fallback:
        raise ValueError(f"fallback {fallback!r} is not itself a safe component")
    if not MIN_WIDTH <= width <= MAX_COMPONENT:
        raise ValueError(f"width {width} is not between {MIN_WIDTH} and {MAX_COMPONENT}")
    cleaned = _clean(text)
    if not cleaned:
        return fallback
    if len(cleaned) > width or len(cleaned.encode("utf-8")) > MAX_COMPONENT_BYTES:
        cleaned = _with_hash(cleaned, text, _HASH_LENGTH, width)
    return cleaned


def agency_file_stems(
    agencies: Iterable[str], *, lead: str | None = None, width: int = MAX_COMPONENT
) -> dict[str, str]:
    """Map each distinct agency name to a file stem no other agency shares.

    Stems are compared as Windows and macOS compare names (ignoring case and
    Unicode form). Every agency caught in a clash gets a hash of its exact
    name, so the result depends only on the set of names, never their order.
    The ``lead`` agency's stem (the Lead Professional's) ends in ``LEAD_TAIL``;
    before that tail, a stem is at most ``width`` long (but for a clash only
    a long hash settles).
    """
    names = list(dict.fromkeys(agencies))
    base = {name: _agency_base_stem(name, width) for name in names}
    hash_length = dict.fromkeys(names, 0)
    while True:
        stems = _stems_with(base, hash_length, lead, width)
        clashing = _clashing(stems)
        if not clashing:
            return stems
        growable = [name for name in clashing if hash_length[name] < _MAX_HASH_LENGTH]
        if not growable:
            # Only different names sharing a 128-bit hash prefix could get here.
            raise RuntimeError(f"cannot give agencies {clashing!r} distinct file names")
        for name in growable:
            current = hash_length[name]
            hash_length[name] = _HASH_LENGTH if current == 0 else current + 2


def export_file_name(
    meeting_date: date, case_reference: str, part: str, suffix: str, *, width: int = MAX_COMPONENT
) -> str:
    """``<YYYY-MM-DD>_<case>_<part><suffix>``, e.g. ``2026-11-26_PN-4471_actions.md``.

    ``part`` is a safe component, or an agency stem ending in ``LEAD_TAIL``; the
    case reference is cut to ``width`` (the part is cut already, by its maker).
    """
    if not part or _clean(part) != part or len(part.removesuffix(LEAD_TAIL)) > MAX_COMPONENT:
        raise ValueError(f"part {part!r} is not a safe file stem")
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"suffix {suffix!r} is not a plain extension such as '.md'")
    case = safe_component(case_reference, fallback="case", width=width)
    # Formatted by hand: isoformat() on a datetime would bring a ':' along.
    day = f"{meeting_date.year:04d}-{meeting_date.month:02d}-{meeting_date.day:02d}"
    return f"{day}_{case}_{part}{suffix}"


def _clean(text: str) -> str:
    # NFKC first, so fullwidth or compatibility look-alikes of '/', '.', ':' and
    # superscript digits are seen as the ASCII characters Windows treats them as.
    # Dropping characters can bring a letter and its accent together, so the
    # result is normalised and filtered once more to settle in one form.
    kept = _keep_plain(unicodedata.normalize("NFKC", text))
    kept = _keep_plain(unicodedata.normalize("NFKC", kept))
    cleaned = kept.strip("-_.")
    if cleaned and _is_reserved(cleaned):
        cleaned += "_"
    return cleaned


def _keep_plain(text: str) -> str:
    out: list[str] = []
    for char in _INVISIBLE_MARKS.sub("", text):
        kept = _plain(char, out[-1] if out else "")
        if kept:
            out.append(kept)
    return "".join(out)


def _plain(char: str, before: str) -> str:
    """What ``char`` becomes after ``before`` (the last character kept): itself, '-' or ''."""
    category = unicodedata.category(char)
    if char in _APOSTROPHES or category == "Cf":
        # Invisible formatting (joiners, soft hyphens, direction overrides)
        # sits inside words, so dropping it keeps the word whole.
        return ""
    if char == "_" or category[0] in {"L", "N"}:
        return char
    if category[0] == "M" and before and before not in "-_":
        # Accents and vowel signs belong to the letter before them; without
        # them many scripts would be broken into fragments.
        return char
    return "" if before == "-" else "-"


def _is_reserved(name: str) -> bool:
    if name.upper() in _RESERVED_DEVICES or name.casefold().upper() in _RESERVED_DEVICES:
        return True
    # A digit from another script after COM or LPT is not known to be reserved,
    # but a trailing '_' costs nothing and removes the doubt.
    if len(name) == 4 and name[:3].upper() in {"COM", "LPT"} and name[3].isdecimal():
        return True
    if len(name) > MAX_COMPONENT:
        # Device names are short; a long name would only trip the length check.
        return False
    try:
        # The second opinion comes from people who track Windows' rules closely.
        validate_filename(name, platform="windows", fs_encoding="utf-8")
    except ValidationError as error:
        if error.reason == ErrorReason.RESERVED_NAME:
            return True
        raise
    return False


def _stems_with(
    base: dict[str, str], hash_length: dict[str, int], lead: str | None, width: int
) -> dict[str, str]:
    """Each agency's stem with the hash it has so far; the tail goes after any hash,
    so it always ends the name."""
    return {
        name: _hashed_if(stem, name, hash_length[name], width) + (LEAD_TAIL if name == lead else "")
        for name, stem in base.items()
    }


def _hashed_if(stem: str, original: str, hash_length: int, width: int) -> str:
    """``stem`` as it is while no clash asked for a hash, else with one."""
    return _with_hash(stem, original, hash_length, width) if hash_length else stem


def _with_hash(stem: str, original: str, hash_length: int, width: int) -> str:
    # surrogatepass: text decoded with surrogateescape must still hash, not crash.
    digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()
    keep = max(width - hash_length - 1, 0)
    cut = stem[:keep]
    # File systems count bytes (255 a name): CJK or emoji cost three or four each.
    while len(cut.encode("utf-8")) > MAX_COMPONENT_BYTES - hash_length - 1:
        cut = cut[:-1]
    cut = cut.rstrip("-_")
    # Only a long hash (a clash it took many digits to settle) in a narrow width
    # leaves no room for the name: the hash alone is still distinct and safe.
    return f"{cut}-{digest[:hash_length]}" if cut else digest[:hash_length]


def _agency_base_stem(name: str, width: int) -> str:
    stem = safe_component(name, fallback=_AGENCY_FALLBACK, width=width)
    if _fold(stem) == _fold(_ACTIONS_STEM):
        return _ACTIONS_AGENCY_STEM
    return stem


def _fold(name: str) -> str:
    # casefold() alone leaves 'ı' apart from 'i', which Windows' upper-casing
    # table joins; folding the upper-cased form as well catches both.
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).upper().casefold())


def _clashing(stems: dict[str, str]) -> list[str]:
    by_key: dict[str, list[str]] = {}
    for name, stem in stems.items():
        by_key.setdefault(_fold(stem), []).append(name)
        plain = unicodedata.normalize("NFKC", stem.casefold())
        if plain != _fold(stem):
            by_key.setdefault(plain, []).append(name)
    return sorted({name for group in by_key.values() if len(group) > 1 for name in group})
