"""What the session shows, as an interface: ``ui.screen`` draws it with Rich.

The flow calls these with domain objects only; how they look on a laptop or a
projector is the screen's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from rethink_cli.action import DraftAction
from rethink_cli.agreement import Agreement, AgreementPoint
from rethink_cli.attendee import Attendee, Roster
from rethink_cli.session import SessionState
from rethink_cli.steps import Step


class Screen(Protocol):
    def welcome(self, *, demo: bool = False) -> None: ...

    def step_header(self, step: Step, *, minutes: int, compact: bool = False) -> None: ...

    introduction_pages: int

    def introduction(self, page: int, state: SessionState) -> None: ...

    def time_plan(self, state: SessionState) -> None: ...

    def roster(self, roster: Roster) -> None: ...

    def agreement_intro(self, agreement: Agreement) -> None: ...

    def agreement_point(self, number: int, total: int, point: AgreementPoint) -> None: ...

    def speaker(
        self,
        speaker: Attendee,
        *,
        turn: int,
        total: int,
        upcoming: Attendee | None,
        is_lead: bool,
        again: bool = False,
        cues: tuple[str, ...] = (),
    ) -> None: ...

    def time_shared(self, turns: Sequence[tuple[Attendee, float, float]]) -> None: ...

    def actions(self, actions: Sequence[DraftAction]) -> None: ...

    def summary(self, state: SessionState) -> None: ...

    def note(self, text: str) -> None: ...

    def hint(self, text: str) -> None: ...

    def warn(self, text: str) -> None: ...

    def exported(self, paths: Sequence[Path], closing: str) -> None: ...
