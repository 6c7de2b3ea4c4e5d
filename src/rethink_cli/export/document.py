"""A tiny document model, rendered as Markdown or as plain text.

Exports are built once as blocks and rendered twice, so the Markdown and the
plain-text copies always say the same thing. User text is escaped only in
Markdown, where a ``#`` or ``[`` typed in a meeting must not become a heading
or a link in another agency's case system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Style = Literal["md", "text"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Lines:
    """A paragraph of labelled lines such as ``Owner: Sam Patel``.

    Each item is (label, user text); an empty label means the line is all user text.
    """

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class NumberedItem:
    number: int
    text: str
    details: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """Blocks that appear together in many documents, such as every agreed action.

    Rendered once per export and style (``render``'s memo), then copied whole into
    each document: with 10,000 actions and 20 agencies that is one pass over the
    actions, not 21.
    """

    blocks: tuple[Block, ...]


Block = Heading | Lines | NumberedItem | Bullets | Group

# Only what can build structure: emphasis, code, links, HTML, headings, tables,
# strike-through and entities. Brackets are escaped, so "(" stays plain.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<#|~]|&(?=#?\w+;))")
# At the start of a line these make lists, quotes, headings or rules.
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """User text made inert in Markdown: it shows as typed, and builds no structure."""
    lines = []
    for line in text.split("\n"):
        escaped = _MD_SPECIAL.sub(r"\\\1", line)
        escaped = _MD_LINE_START.sub(lambda m: m.group(1) + _escape_lead(m.group(2)), escaped)
        lines.append(escaped)
    return "\n".join(lines)


def _escape_lead(lead: str) -> str:
    if lead[-1] in ".)":
        return lead[:-1] + "\\" + lead[-1]
    return "\\" + lead


def render(blocks: list[Block], style: Style, memo: dict[int, str] | None = None) -> str:
    """The document as Markdown (``md``) or unmarked text (``text``), ending in a newline.

    ``memo`` (by block identity) lets documents that share blocks, such as the
    same action in every agency's file, render each of them only once.
    """
    return _render_all(blocks, style, memo) + "\n"


def _render_all(
    blocks: list[Block] | tuple[Block, ...], style: Style, memo: dict[int, str] | None
) -> str:
    out: list[str] = []
    for block in blocks:
        # Only action items and groups are shared, and they outlive the build; other
        # blocks are short-lived, and a freed block's id may be reused by a new one.
        if memo is None or not isinstance(block, NumberedItem | Group):
            out.append(_render_one(block, style, memo))
            continue
        text = memo.get(id(block))
        if text is None:
            text = memo[id(block)] = _render_one(block, style, memo)
        out.append(text)
    return "\n\n".join(out)


def _render_one(block: Block, style: Style, memo: dict[int, str] | None) -> str:
    if isinstance(block, Group):
        return _render_all(block.blocks, style, memo)
    return _render_block(block, style)


def _user(text: str, style: Style) -> str:
    if style == "md":
        return escape_markdown(text)
    if "\n" not in text and not text[-1:].isspace():
        return text  # the usual case, quickly
    # Spaces that end a line are invisible, and some case systems trim them when a
    # note is saved: none are written, so what is filed is exactly what the file says.
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _indent_continuation(text: str, indent: str) -> str:
    if "\n" not in text:
        return text
    # An empty line stays empty: indented, it would end in spaces.
    first, *rest = text.split("\n")
    return "\n".join([first, *(indent + line if line else line for line in rest)])


def _join(lines: list[str], style: Style) -> str:
    """One item a line. In Markdown, two trailing spaces make each a hard line break,
    so a viewer keeps the lines apart; pasted as plain text they are invisible."""
    return ("  \n" if style == "md" else "\n").join(lines)


def _render_block(block: Heading | Lines | NumberedItem | Bullets, style: Style) -> str:
    if isinstance(block, Heading):
        text = _user(block.text, style)
        return f"{'#' * block.level} {text}" if style == "md" else text
    if isinstance(block, Lines):
        rendered = []
        for label, value in block.items:
            value = _join(_user(value, style).split("\n"), style)
            line = f"{label}: {value}" if label else value
            rendered.append(line)
        return _join(rendered, style)
    if isinstance(block, NumberedItem):
        marker = f"{block.number}."
        indent = " " * (len(marker) + 1)
        first = f"{marker} {_indent_continuation(_user(block.text, style), indent)}"
        details = [f"{indent}{label}: {_user(value, style)}" for label, value in block.details]
        return _join([first, *details], style)
    bullet = "- " if style == "md" else ""
    return "\n".join(f"{bullet}{_user(item, style)}" for item in block.items)
