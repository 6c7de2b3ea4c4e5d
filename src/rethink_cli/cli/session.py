"""``rethink session``: run a Re-think session in front of the room."""

from pathlib import Path
from typing import Annotated

import typer

from rethink_cli.app.clock import clock_of
from rethink_cli.cli.options import (
    CalendarWordingOpt,
    CaseOpt,
    DateOpt,
    FacilitatorOpt,
    LargeOpt,
    LeadAgencyOpt,
    LeadOpt,
    MinutesOpt,
    NoColorOpt,
    OutOpt,
    PlainOpt,
    QuietOpt,
    StrategyOpt,
)

session_app = typer.Typer(help="Run a Re-think session, or rehearse one.", no_args_is_help=True)


@session_app.command("start")
def start(
    ctx: typer.Context,
    plan_file: Annotated[
        Path | None,
        typer.Argument(metavar="[PLAN]", help="A plan file from 'rethink session prepare'."),
    ] = None,
    case: CaseOpt = None,
    date: DateOpt = None,
    facilitator: FacilitatorOpt = None,
    strategy: StrategyOpt = None,
    lead: LeadOpt = None,
    lead_agency: LeadAgencyOpt = None,
    minutes: MinutesOpt = None,
    out: OutOpt = None,
    no_color: NoColorOpt = False,
    plain: PlainOpt = False,
    quiet: QuietOpt = False,
    large: LargeOpt = False,
    agreement: Annotated[
        str | None,
        # The option's name given, not left to Typer: before 0.28 it named the option
        # after the metavar (--NAME|FILE).
        typer.Option(
            "--agreement",
            metavar="NAME|FILE",
            help="Group agreement: a shipped name or your own .toml file.",
        ),
    ] = None,
    calendar_wording: CalendarWordingOpt = False,
) -> None:
    """Run a session: the nine steps, then the agreed actions for every agency."""
    from rethink_cli.app.session import start_session
    from rethink_cli.app.terminal import SessionOptions
    from rethink_cli.core.facts import GivenFacts

    start_session(
        GivenFacts(
            case_reference=case,
            meeting_date=date,
            facilitator=facilitator,
            strategy=strategy,
            lead_professional=lead,
            lead_professional_agency=lead_agency,
            minutes=minutes,
        ),
        SessionOptions(
            out_dir=out,
            agreement=agreement,
            no_color=no_color,
            plain=plain,
            quiet=quiet,
            large=large,
            calendar_wording=calendar_wording,
        ),
        plan_file,
        clock=clock_of(ctx.obj),
    )


@session_app.command("demo")
def demo(
    ctx: typer.Context,
    out: OutOpt = None,
    no_color: NoColorOpt = False,
    plain: PlainOpt = False,
    quiet: QuietOpt = False,
    large: LargeOpt = False,
    calendar_wording: CalendarWordingOpt = False,
) -> None:
    """Rehearse a whole session on a made-up case with short timers."""
    from rethink_cli.app.demo import demo_session
    from rethink_cli.app.terminal import SessionOptions

    demo_session(
        SessionOptions(
            out_dir=out,
            no_color=no_color,
            plain=plain,
            quiet=quiet,
            large=large,
            calendar_wording=calendar_wording,
        ),
        clock=clock_of(ctx.obj),
    )


@session_app.command("prepare")
def prepare(
    ctx: typer.Context,
    case: CaseOpt = None,
    facilitator: FacilitatorOpt = None,
    strategy: StrategyOpt = None,
    lead: LeadOpt = None,
    lead_agency: LeadAgencyOpt = None,
    minutes: MinutesOpt = None,
    attendee: Annotated[
        list[str] | None,
        typer.Option(
            "--attendee",
            metavar="'NAME|ROLE|AGENCY'",
            help="An expected attendee as 'Name|Role|Agency' (repeat for each).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Plan file to write.", dir_okay=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the plan file if it exists.")
    ] = False,
) -> None:
    """Before the meeting: write a plan file of who is expected (no discussion content)."""
    from rethink_cli.app.prepare import prepare_plan
    from rethink_cli.core.facts import GivenFacts

    given = GivenFacts(
        case_reference=case,
        facilitator=facilitator,
        strategy=strategy,
        lead_professional=lead,
        lead_professional_agency=lead_agency,
        minutes=minutes,
    )
    path = prepare_plan(
        given,
        attendee or [],
        output=output,
        force=force,
        clock=clock_of(ctx.obj),
    )
    typer.echo(f"Wrote {path}")
    typer.echo(f"Start the meeting with: rethink session start {path}")


@session_app.command("resume")
def resume(
    ctx: typer.Context,
    session_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Which session (see 'session list').")
    ] = None,
    out: OutOpt = None,
    no_color: NoColorOpt = False,
    plain: PlainOpt = False,
    quiet: QuietOpt = False,
    large: LargeOpt = False,
    calendar_wording: CalendarWordingOpt = False,
) -> None:
    """Continue an interrupted session from its autosave."""
    from rethink_cli.app.session import resume_session
    from rethink_cli.app.terminal import SessionOptions

    options = SessionOptions(
        out_dir=out,
        no_color=no_color,
        plain=plain,
        quiet=quiet,
        large=large,
        calendar_wording=calendar_wording,
    )
    resume_session(session_id, options, clock=clock_of(ctx.obj))


@session_app.command("room")
def room(
    ctx: typer.Context,
    session_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Which session (default: the one running)."),
    ] = None,
    plain: PlainOpt = False,
    large: LargeOpt = False,
) -> None:
    """The room's window: run it in a second window, on the projector or shared in a call."""
    from rethink_cli.app.room import follow_room

    follow_room(session_id, large=large, plain=plain, clock=clock_of(ctx.obj))


@session_app.command("list")
def list_saved(ctx: typer.Context) -> None:
    """Show the interrupted sessions saved on this computer."""
    from rethink_cli.app.saved import saved_session_rows

    rows = saved_session_rows(clock_of(ctx.obj))
    for row in rows or ["No interrupted sessions on this computer."]:
        typer.echo(row)


@session_app.command("discard")
def discard(
    ctx: typer.Context,
    session_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Which session (not needed when only one is saved)."),
    ] = None,
    all_sessions: Annotated[
        bool, typer.Option("--all", help="Discard every saved session.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an interrupted session (or all of them) from this computer."""
    from rethink_cli.app.saved import discard_question, discard_sessions, sessions_to_discard

    chosen = sessions_to_discard(session_id, all_sessions)
    if not chosen.sessions:
        typer.echo("No interrupted sessions on this computer.")
        return
    if not yes:
        from rethink_cli.app.terminal import require_terminal

        require_terminal("session discard (or pass --yes)")
        if not typer.confirm(discard_question(chosen, clock_of(ctx.obj)), default=False):
            typer.echo("Nothing was deleted.")
            return
    for line in discard_sessions(chosen):
        typer.echo(line)
