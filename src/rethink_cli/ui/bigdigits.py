"""Large digits for the projector mode: a countdown readable from the back of a room."""

from __future__ import annotations

# Five rows per glyph, drawn with one block character so any font shows them.
_GLYPHS = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": [" █ ", "██ ", " █ ", " █ ", "███"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ":": ["   ", " █ ", "   ", " █ ", "   "],
    "+": ["   ", " █ ", "███", " █ ", "   "],
    " ": ["   ", "   ", "   ", "   ", "   "],
}


def big(text: str) -> str:
    """``text`` (digits, ``:``, ``+`` and spaces) as five lines of block letters."""
    rows = ["", "", "", "", ""]
    for char in text:
        glyph = _GLYPHS.get(char, _GLYPHS[" "])
        for i in range(5):
            rows[i] += glyph[i] + " "
    return "\n".join(row.rstrip() for row in rows)
