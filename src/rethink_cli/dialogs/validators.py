"""Checks on typed text, shared by the setup questions and the session's steps.

A small module of its own, so asking the meeting's facts does not load the
whole session.
"""

from __future__ import annotations

from rethink_cli.core import plaintext
from rethink_cli.dialogs.ports import Validator


def text_validator(max_length: int) -> Validator:
    """Refuses what the record would refuse, in the words the facilitator sees."""

    def validate(text: str) -> str | None:
        try:
            plaintext.check_text(plaintext.tidy(text), max_length=max_length)
        except ValueError as error:
            return f"This {error}."
        return None

    return validate
