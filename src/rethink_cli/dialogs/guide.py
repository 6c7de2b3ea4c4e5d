"""``rethink guide``: ask one path of the route tree, and show a route's page as text."""

from __future__ import annotations

import textwrap

from rethink_cli.core.guide import OPENING, RESOLVED, RoutePage, next_question, recommend
from rethink_cli.core.guide_area import Area
from rethink_cli.dialogs.ports import ConfirmQuestion, Prompter

AREA_TIP = (
    "Tip: the names and links your area uses can be set in the config file's [area] table"
    " ('rethink config path' shows where it is)."
)


def run_guide(prompter: Prompter) -> str:
    """Ask the questions on one path through the tree and return the route key."""
    answers: dict[str, bool] = {}
    while (question := next_question(answers)) is not None:
        answers[question.key] = prompter.confirm(ConfirmQuestion(question.message, default=False))
    return recommend(answers)


def route_page(key: str) -> RoutePage:
    """The page for a route key: a strategy's from the shipped texts, or "resolved"."""
    if key == "resolved":
        return RESOLVED
    from rethink_cli.formats.texts import strategy

    chosen = strategy(key)
    return RoutePage(
        title=chosen.title,
        when=chosen.when,
        options=chosen.options,
        prepare=chosen.prepare,
        note=chosen.note,
    )


def opening_lines(area: Area, *, width: int = 80) -> list[str]:
    """What the guide says before its first question, wrapped to ``width``."""
    lines: list[str] = []
    for paragraph in OPENING:
        lines += _wrap(area.fill(paragraph), width, first="", rest="")
        lines.append("")
    return lines


def page_lines(page: RoutePage, area: Area, *, width: int = 80) -> list[str]:
    """The page as lines of plain text in the area's words, wrapped to ``width``."""
    fill = area.fill
    lines = [page.title, "=" * min(len(page.title), width), ""]
    lines += _section("When it fits", [fill(page.when)], width, bullet="")
    lines += _section("Options", [fill(o) for o in page.options], width)
    if page.prepare:
        lines += _section("What to prepare", [fill(p) for p in page.prepare], width)
    if page.note:
        lines += _wrap(f"Note: {fill(page.note)}", width, first="", rest="      ")
        lines.append("")
    raw = (page.when, *page.options, *page.prepare, page.note)
    links = area.links(raw)
    if links:
        lines += _section("Links", links, width)
    if area.unset(raw):
        lines += _wrap(AREA_TIP, width, first="", rest="")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _section(heading: str, items: list[str], width: int, *, bullet: str = "- ") -> list[str]:
    lines = [heading]
    for item in items:
        lines += _wrap(item, width, first="  " + bullet, rest="  " + " " * len(bullet))
    lines.append("")
    return lines


def _wrap(text: str, width: int, *, first: str, rest: str) -> list[str]:
    return textwrap.wrap(
        text,
        width=max(width, 40),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [first.rstrip()]
