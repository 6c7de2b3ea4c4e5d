"""Large digits and letters for the projector mode: readable from the back of a room.

Both are drawn from one small font, three dots wide and five high. The
countdown doubles each dot's width, so a dot is about square on a terminal's
tall cells: five rows, six columns a digit. A speaker's name uses half blocks
(``▀`` ``▄``) instead, three rows high, so a whole name fits across the screen.
Every row of one drawing has the same width, so centred rows stay aligned.
"""

from __future__ import annotations

import unicodedata

# Five rows of three dots each; "#" is ink.
_FONT = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    " ": ("..", "..", "..", "..", ".."),
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "#.#", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "-": ("...", "...", "###", "...", "..."),
    "'": ("#", "#", ".", ".", "."),
    ".": (".", ".", ".", ".", "#"),
}

# A half-block cell for each (upper dot, lower dot).
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _dots(text: str) -> list[str] | None:
    """Five rows of dots for ``text``, one dot apart; None if a character has no glyph."""
    rows = ["", "", "", "", ""]
    for index, char in enumerate(text):
        glyph = _FONT.get(char)
        if glyph is None:
            return None
        for i in range(5):
            rows[i] += ("." if index else "") + glyph[i]
    return rows


def big(text: str, *, scale: int = 1) -> str:
    """``text`` (digits, ``:``, ``+`` and spaces) as five rows of block digits.

    Anything else is drawn as a space, so the rows keep their shape. ``scale`` 2
    draws each dot twice as wide and twice as high (the room's window with --large).
    """
    rows = _dots("".join(c if c in "0123456789:+" else " " for c in text)) or [""] * 5
    ink, paper = "██" * scale, "  " * scale
    drawn = [row.replace("#", ink).replace(".", paper) for row in rows]
    return "\n".join(row for row in drawn for _ in range(scale))


def block_name(name: str, width: int) -> str | None:
    """``name`` in five rows of full-block capitals (twice the half-block size) at most
    ``width`` wide, or None, as ``big_name`` chooses the whole name or the first."""
    for candidate in _candidates(name):
        rows = _dots(candidate) if candidate else None
        if rows is not None and 2 * len(rows[0]) <= width:
            return "\n".join(row.replace("#", "██").replace(".", "  ") for row in rows)
    return None


def big_name(name: str, width: int) -> str | None:
    """``name`` in three rows of half-block capitals at most ``width`` wide, or None.

    The whole name if it fits, else the first name; None when neither fits or a
    letter has no glyph (the name is then shown in ordinary bold text).
    """
    for candidate in _candidates(name):
        rows = _dots(candidate) if candidate else None
        if rows is not None and len(rows[0]) <= width:
            return _halves(rows)
    return None


def _candidates(name: str) -> tuple[str, str]:
    """The whole name, then the first name, in capitals."""
    # Accents are dropped (José, JOSE); a letter with no glyph at all (Ł) is not.
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = bare.upper().split()
    return " ".join(words), words[0] if words else ""


def _halves(rows: list[str]) -> str:
    pairs = [*rows, "." * len(rows[0])]
    return "\n".join(
        "".join(
            _HALVES[(top == "#", bottom == "#")]
            for top, bottom in zip(pairs[i], pairs[i + 1], strict=True)
        )
        for i in (0, 2, 4)
    )
