"""What must not slip out of the room by accident: a child's name, an action's wording.

One place for each check, so every way a value arrives (typed, an option, a
plan file) is checked the same way.
"""

from __future__ import annotations

import re

# Two or more capitalised words and no digits: more like a person than a reference.
_LOOKS_LIKE_A_NAME = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)+$")

# Said whenever a calendar file is written with the actions' wording in it.
CALENDAR_WORDING_WARNING = (
    "This calendar file holds each action's wording: calendars sync to phones and shared calendars."
)


def looks_like_a_name(case_reference: str) -> bool:
    """True if a case reference reads like a person's name ("Sarah Jones"), not a reference.

    File names and headings carry the case reference, so such a reference is
    questioned before it is used, however it was given.
    """
    return bool(_LOOKS_LIKE_A_NAME.match(case_reference.strip()))


def case_reference_warning(case_reference: str) -> str:
    """The one line that questions a case reference which looks like a name."""
    return (
        f"'{case_reference}' looks like a person's name. Every exported file is named after "
        "the case reference, so use your agency's reference instead."
    )
