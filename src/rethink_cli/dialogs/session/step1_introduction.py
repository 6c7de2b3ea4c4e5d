"""Step 1, introduction: what Re-think is, how the conversation runs, the space, today,
the time plan.
"""

from __future__ import annotations

from rethink_cli.dialogs.ports import KeyChoice, KeyQuestion
from rethink_cli.dialogs.session.common import Nav
from rethink_cli.dialogs.session.context import SessionContext


def run(ctx: SessionContext) -> Nav:
    # Short pages rather than one long scroll: each fits a projected screen.
    pages = ctx.screen.introduction_pages
    # The page being read is kept, so a resume opens the same page.
    with ctx.compound("reading") as reading:
        _read(ctx, pages, reading.parts)
    return ctx.moves.between_steps()


def _read(ctx: SessionContext, pages: int, parts: dict[str, str]) -> None:
    page = min(int(parts.get("page", "0")), pages - 1)
    shown: int | None = None
    while page < pages:
        parts["page"] = str(page)
        if shown != page:
            if page:
                ctx.redraw()
            ctx.screen.introduction(page, ctx.state)
            shown = page
        if page == pages - 1:
            break
        pressed = ctx.ask.key(
            KeyQuestion(f"Page {page + 1} of {pages}", _keys(ctx, page), status=ctx.status)
        )
        if pressed == "time":
            ctx.screen.note(ctx.status())
            continue
        page = page - 1 if pressed == "back" else page + 1


def _keys(ctx: SessionContext, page: int) -> tuple[KeyChoice, ...]:
    keys = [KeyChoice(("enter", "n"), "next page", "next")]
    if page:
        keys.append(KeyChoice(("b",), "previous page", "back"))
    if ctx.parts.plain:
        # Nothing redraws in plain mode: the facilitator asks for the time instead.
        keys.append(KeyChoice(("t",), "time left", "time"))
    return tuple(keys)
