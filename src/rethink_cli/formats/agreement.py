"""Group agreements: the one shipped with rethink, or an organisation's own file."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from rethink_cli.core.agreement import Agreement as Agreement
from rethink_cli.core.agreement import AgreementPoint as AgreementPoint
from rethink_cli.formats.base import (
    StrictModel,
    describe_errors,
    read_toml_model,
    source_of,
    validated,
)
from rethink_cli.formats.fields import plain_text
from rethink_cli.formats.packaged import load_packaged_toml
from rethink_cli.formats.packaged import packaged_agreement_names as packaged_agreement_names


def load_agreement(name: str = "default") -> Agreement:
    """A shipped agreement, checked like an organisation's own: a broken one fails loudly."""
    file_name = f"{Path(name).name}.toml"
    checked = validated(
        AgreementFile,
        load_packaged_toml(file_name),
        noun="agreement",
        source=source_of("agreement", file_name),
    )
    return _agreement(checked, Path(file_name).stem)


def agreement_lines(agreement: Agreement, *, width: int = 80) -> list[str]:
    """The agreement point by point, as lines of plain text wrapped to ``width``."""
    width = max(width, 40)
    lines = [agreement.title, "=" * min(len(agreement.title), width)]
    if agreement.intro:
        lines += ["", *_wrap(agreement.intro, width, "", "")]
    for number, point in enumerate(agreement.points, start=1):
        marker = f"{number}. "
        indent = " " * len(marker)
        lines += ["", *_wrap(point.title, width, marker, indent)]
        lines += _wrap(point.text, width, indent, indent)
        for detail in point.details:
            lines += _wrap(detail, width, indent + "- ", indent + "  ")
    return lines


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    # Paragraphs a file keeps apart (a multi-line text) stay apart on screen.
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_on_hyphens=False,
        ) or [first.rstrip()]
        first = rest
    return lines


# Bounds for an organisation's own agreement: enough for any real wording, small
# enough that a projected screen stays readable.
NAME_MAX = 60
TITLE_MAX = 200
INTRO_MAX = 1000
POINT_TITLE_MAX = 80
POINT_TEXT_MAX = 1000
DETAIL_MAX = 500
POINTS_MAX = 30
DETAILS_MAX = 10


class PointFile(StrictModel):
    """One point of an agreement file: a title, its text and any details."""

    title: Annotated[str, plain_text(POINT_TITLE_MAX)]
    text: Annotated[str, plain_text(POINT_TEXT_MAX, multiline=True)]
    details: list[Annotated[str, plain_text(DETAIL_MAX)]] = Field(
        default_factory=list, max_length=DETAILS_MAX
    )


class AgreementFile(StrictModel):
    """An agreement file, shipped or an organisation's own."""

    name: Annotated[str, plain_text(NAME_MAX)] | None = None
    title: Annotated[str, plain_text(TITLE_MAX)]
    intro: Annotated[str, plain_text(INTRO_MAX, multiline=True)] | None = None
    points: list[PointFile] = Field(min_length=1, max_length=POINTS_MAX)


def load_agreement_file(path: Path) -> Agreement:
    """Read an organisation's own agreement, checked strictly; every problem is named.

    Raises InvalidRecordError (exit 3) for a missing, unreadable or broken file.
    """
    return _agreement(read_toml_model(path, AgreementFile, noun="agreement"), path.stem)


def _agreement(checked: AgreementFile, default_name: str) -> Agreement:
    return Agreement(
        name=checked.name or default_name,
        title=checked.title,
        intro=checked.intro or "",
        points=tuple(AgreementPoint(p.title, p.text, tuple(p.details)) for p in checked.points),
    )


def agreement_problems(raw: Mapping[str, Any]) -> list[str]:
    """Every problem with ``raw`` as an agreement, one line each as "place: message"."""
    try:
        AgreementFile.model_validate(raw)
    except ValidationError as error:
        return [str(p) for p in describe_errors(error, AgreementFile, "agreement")]
    return []
