"""``rethink guide``: ask one path of the strategy tree, and show a strategy as text."""

from __future__ import annotations

import textwrap

from rethink_cli.core.guide import next_question, recommend
from rethink_cli.dialogs.ports import ConfirmQuestion, Prompter
from rethink_cli.formats.texts import Strategy


def run_guide(prompter: Prompter) -> str:
    """Ask the questions on one path through the tree and return the strategy key."""
    answers: dict[str, bool] = {}
    while (question := next_question(answers)) is not None:
        answers[question.key] = prompter.confirm(ConfirmQuestion(question.message, default=False))
    return recommend(answers)


def strategy_lines(strategy: Strategy, *, width: int = 80) -> list[str]:
    """The strategy as lines of plain text, wrapped to ``width``."""
    lines = [strategy.title, "=" * min(len(strategy.title), width), ""]
    lines += _section("When it fits", [strategy.when], width, bullet="")
    lines += _section("Options", list(strategy.options), width)
    if strategy.prepare:
        lines += _section("What to prepare", list(strategy.prepare), width)
    if strategy.note:
        lines += _wrap(f"Note: {strategy.note}", width, first="", rest="      ")
        lines.append("")
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
    ) or [first.rstrip()]
