"""Forms that Esc leaves: every question asked inside ``escapable`` raises Cancelled on Esc.

A form opened on purpose (adding a late arrival during a go-round) can be left
with Esc and the dialog goes back where it was; what was typed into it so far
is dropped by the dialog that catches Cancelled. Questions asked elsewhere keep
ignoring Esc.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

from rethink_cli.dialogs.ports import (
    ConfirmQuestion,
    KeyQuestion,
    Prompter,
    SelectQuestion,
    TextQuestion,
)
from rethink_cli.dialogs.session.common import Checkpointed

T = TypeVar("T")


class _Escapable:
    """A prompter whose text, menu and yes/no questions all allow Esc."""

    def __init__(self, inner: Prompter) -> None:
        self.inner = inner

    def text(self, question: TextQuestion) -> str:
        return self.inner.text(replace(question, escape=True))

    def select(self, question: SelectQuestion[T]) -> T:
        escaping: SelectQuestion[T] = replace(question, escape=True)
        return self.inner.select(escaping)

    def confirm(self, question: ConfirmQuestion) -> bool:
        return self.inner.confirm(replace(question, escape=True))

    def key(self, question: KeyQuestion) -> str:
        return self.inner.key(question)


@contextmanager
def escapable(ask: Checkpointed) -> Iterator[None]:
    """Inside this block, Esc at any question of ``ask`` raises Cancelled."""
    inner = ask.inner
    ask.inner = _Escapable(inner)
    try:
        yield
    finally:
        ask.inner = inner
