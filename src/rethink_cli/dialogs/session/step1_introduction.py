"""Step 1, introduction: what Re-think is, the space, how today runs, the time plan."""

from __future__ import annotations

from rethink_cli.dialogs.ports import KeyChoice, KeyQuestion
from rethink_cli.dialogs.session.common import Nav
from rethink_cli.dialogs.session.context import SessionContext


def run(ctx: SessionContext) -> Nav:
    # Four short pages rather than one long scroll: each fits a projected screen.
    pages = ctx.screen.introduction_pages
    page = 0
    while page < pages:
        if page:
            ctx.redraw()
        ctx.screen.introduction(page, ctx.state)
        if page == pages - 1:
            break
        keys = [KeyChoice(("enter", "n"), "next page", "next")]
        if page:
            keys.append(KeyChoice(("b",), "previous page", "back"))
        pressed = ctx.ask.key(
            KeyQuestion(f"Page {page + 1} of {pages}", tuple(keys), status=ctx.status)
        )
        page = page - 1 if pressed == "back" else page + 1
    return ctx.moves.between_steps()
