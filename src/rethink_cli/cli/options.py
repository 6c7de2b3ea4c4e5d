"""Options shared by several commands, declared once.

Help texts take their numbers from the core, so a bound changed there is
changed here too.
"""

from pathlib import Path
from typing import Annotated

import typer

from rethink_cli.core.timing import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES

# Each option names what it takes (REF, DATE, NAME...): without a metavar the help shows
# only a type such as <str>, which says nothing to a facilitator.

CaseOpt = Annotated[
    str | None, typer.Option("--case", metavar="REF", help="Case reference (not the child's name).")
]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="Meeting date, e.g. today or 26/11/2026."),
]
FacilitatorOpt = Annotated[
    str | None, typer.Option("--facilitator", metavar="NAME", help="Your name.")
]
StrategyOpt = Annotated[
    int | None,
    typer.Option(
        "--strategy", metavar="2|3", help="2 (led within the network) or 3 (independent)."
    ),
]
LeadOpt = Annotated[
    str | None, typer.Option("--lead", metavar="NAME", help="The Lead Professional's name.")
]
LeadAgencyOpt = Annotated[
    str | None,
    typer.Option("--lead-agency", metavar="AGENCY", help="The Lead Professional's agency."),
]
MinutesOpt = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        "-m",
        metavar="MINUTES",
        help=f"Session length, {MIN_MINUTES} to {MAX_MINUTES} (default {DEFAULT_MINUTES}).",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        metavar="FOLDER",
        help="Folder for the exported actions (default: your config's, else this folder).",
        file_okay=False,
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colours (also NO_COLOR=1).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", help="No bell when time is up.")]
LargeOpt = Annotated[
    bool,
    typer.Option("--large", help="Projector mode: the speaker's name and countdown shown large."),
]
PlainOpt = Annotated[
    bool,
    typer.Option(
        "--plain", help="For screen readers: no boxes, nothing redraws by itself (also TERM=dumb)."
    ),
]
CalendarWordingOpt = Annotated[
    bool,
    typer.Option(
        "--calendar-wording",
        help=(
            "Put each action's wording in the calendar file (.ics); without it, only the "
            "case reference, action number, owner and date. Calendars sync to phones."
        ),
    ),
]
