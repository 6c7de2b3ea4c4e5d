"""The rehearsal: a made-up case with short timers, clearly marked in every file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rethink_cli.app.session import new_session
from rethink_cli.app.settings import check_out_dir, settle_options
from rethink_cli.app.terminal import SessionOptions, open_terminal, require_terminal
from rethink_cli.core.facts import GivenFacts

if TYPE_CHECKING:
    from rethink_cli.core.attendee import Attendee
    from rethink_cli.core.clock import Clock


def demo_session(options: SessionOptions, *, clock: Clock) -> None:
    """``session demo``: a rehearsal on a made-up case with short timers."""
    options, _ = settle_options(options)
    require_terminal("session demo")
    check_out_dir(options.out_dir)
    terminal = open_terminal(options)
    new_session(DEMO_ANSWERS, options, terminal, clock, expected=demo_attendees(), demo=True)


# Everything in the rehearsal is invented and says so, even in file names.


DEMO_ANSWERS = GivenFacts(
    case_reference="REHEARSAL-ONLY",
    meeting_date="today",
    facilitator="Rehearsal facilitator",
    strategy=3,
    lead_professional="Sam Example",
    lead_professional_agency="Made-up Social Care",
    minutes=20,
)


def demo_attendees() -> list[Attendee]:
    from rethink_cli.core.attendee import Attendee

    return [
        Attendee("Sam Example", "Social worker (made up)", "Made-up Social Care"),
        Attendee("Jo Sample", "Health visitor (made up)", "Made-up Health Visiting"),
        Attendee("Priya Pretend", "Safeguarding lead (made up)", "Made-up Primary School"),
        Attendee("Chris Practice", "Police officer (made up)", "Made-up Police"),
    ]
