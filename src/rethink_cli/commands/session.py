"""``rethink session``: run a Re-think session in front of the room."""

from pathlib import Path
from typing import Annotated

import typer

session_app = typer.Typer(help="Run a Re-think session, or rehearse one.", no_args_is_help=True)

CaseOpt = Annotated[
    str | None, typer.Option("--case", help="Case reference (not the child's name).")
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Meeting date, e.g. today or 26/11/2026.")
]
FacilitatorOpt = Annotated[str | None, typer.Option("--facilitator", help="Your name.")]
StrategyOpt = Annotated[
    int | None, typer.Option("--strategy", help="2 (led within the network) or 3 (independent).")
]
LeadOpt = Annotated[str | None, typer.Option("--lead", help="The Lead Professional's name.")]
LeadAgencyOpt = Annotated[
    str | None, typer.Option("--lead-agency", help="The Lead Professional's agency.")
]
MinutesOpt = Annotated[
    int | None, typer.Option("--minutes", help="Session length, 20 to 240 (default 90).")
]
OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder for the exported actions.", file_okay=False)
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colours (also NO_COLOR=1).")]
PlainOpt = Annotated[
    bool,
    typer.Option(
        "--plain", help="For screen readers: no boxes, nothing redraws by itself (also TERM=dumb)."
    ),
]


@session_app.command("start")
def start(
    case: CaseOpt = None,
    date: DateOpt = None,
    facilitator: FacilitatorOpt = None,
    strategy: StrategyOpt = None,
    lead: LeadOpt = None,
    lead_agency: LeadAgencyOpt = None,
    minutes: MinutesOpt = None,
    out: OutOpt = Path("."),
    no_color: NoColorOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Run a session: the nine steps, then the agreed actions for every agency."""
    from rethink_cli.runner import SessionOptions, run_session
    from rethink_cli.setup import SetupAnswers

    run_session(
        SetupAnswers(case, date, facilitator, strategy, lead, lead_agency, minutes),
        SessionOptions(out_dir=out, no_color=no_color, plain=plain),
    )
