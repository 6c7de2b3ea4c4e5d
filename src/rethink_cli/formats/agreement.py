"""Group agreements: the one shipped with rethink, or an organisation's own file."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rethink_cli.core.plaintext import check_text
from rethink_cli.formats.packaged import agreements_folder, load_packaged_toml


@dataclass(frozen=True)
class AgreementPoint:
    title: str
    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agreement:
    name: str
    title: str
    intro: str
    points: tuple[AgreementPoint, ...]


def agreement_from_data(raw: dict[str, Any]) -> Agreement:
    return Agreement(
        name=raw["name"],
        title=raw["title"],
        intro=raw.get("intro", ""),
        points=tuple(
            AgreementPoint(p["title"], p["text"], tuple(p.get("details", ())))
            for p in raw["points"]
        ),
    )


def packaged_agreement_names() -> list[str]:
    return sorted(p.stem for p in agreements_folder().glob("*.toml") if p.stem != "facilitator")


def load_agreement(name: str = "default") -> Agreement:
    return agreement_from_data(load_packaged_toml(f"{Path(name).name}.toml"))


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

_TOP_KEYS = ("name", "title", "intro", "points")
_POINT_KEYS = ("title", "text", "details")


def load_agreement_file(path: Path) -> Agreement:
    """Read an organisation's own agreement, checked strictly; every problem is named.

    Raises InvalidRecordError (exit 3) for a missing, unreadable or broken file.
    """
    from rethink_cli.core.errors import InvalidRecordError
    from rethink_cli.formats.toml import read_toml_file

    raw = read_toml_file(path, what="agreement")
    problems = agreement_problems(raw)
    if problems:
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        raise InvalidRecordError(f"The agreement in {path} has {count}.", details=problems)
    return agreement_from_data({"name": raw.get("name", path.stem), **raw})


def agreement_problems(raw: Mapping[str, Any]) -> list[str]:
    """Every problem with ``raw`` as an agreement, one line each as "place: message"."""
    problems: list[str] = []
    for key in raw:
        if key not in _TOP_KEYS:
            problems.append(f"{key}: is not a field of an agreement (use {_listed(_TOP_KEYS)})")
    _check(problems, raw, "name", "name", NAME_MAX, required=False)
    _check(problems, raw, "title", "title", TITLE_MAX, required=True)
    _check(problems, raw, "intro", "intro", INTRO_MAX, required=False, multiline=True)
    points = raw.get("points")
    if points is None:
        problems.append("points: is missing (add one [[points]] table for each point)")
    elif not isinstance(points, list):
        problems.append(f"points: must be a list of [[points]] tables, not {_kind(points)}")
    elif not points:
        problems.append("points: must have at least one point")
    else:
        if len(points) > POINTS_MAX:
            problems.append(f"points: must be at most {POINTS_MAX} (it has {len(points)})")
        for number, point in enumerate(points, start=1):
            problems.extend(_point_problems(f"points[{number}]", point))
    return problems


def _point_problems(place: str, point: object) -> list[str]:
    if not isinstance(point, Mapping):
        return [f"{place}: must be a table with a title and a text, not {_kind(point)}"]
    problems: list[str] = []
    for key in point:
        if key not in _POINT_KEYS:
            problems.append(
                f"{place}.{key}: is not a field of a point (use {_listed(_POINT_KEYS)})"
            )
    _check(problems, point, "title", f"{place}.title", POINT_TITLE_MAX, required=True)
    _check(problems, point, "text", f"{place}.text", POINT_TEXT_MAX, required=True, multiline=True)
    details = point.get("details")
    if details is None:
        return problems
    if not isinstance(details, list):
        problems.append(f"{place}.details: must be a list of texts, not {_kind(details)}")
        return problems
    if len(details) > DETAILS_MAX:
        problems.append(f"{place}.details: must be at most {DETAILS_MAX} (it has {len(details)})")
    for number, detail in enumerate(details, start=1):
        problem = _text_problem(detail, DETAIL_MAX, multiline=False)
        if problem:
            problems.append(f"{place}.details[{number}]: {problem}")
    return problems


def _check(
    problems: list[str],
    table: Mapping[str, Any],
    key: str,
    place: str,
    max_length: int,
    *,
    required: bool,
    multiline: bool = False,
) -> None:
    if key not in table:
        if required:
            problems.append(f"{place}: is missing")
        return
    problem = _text_problem(table[key], max_length, multiline=multiline)
    if problem:
        problems.append(f"{place}: {problem}")


def _text_problem(value: object, max_length: int, *, multiline: bool) -> str | None:
    if not isinstance(value, str):
        return f"must be text in quotes, not {_kind(value)}"
    try:
        check_text(value, max_length=max_length, multiline=multiline)
    except ValueError as error:
        return str(error)
    return None


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, dt.date | dt.time):
        return "a date or time"
    return "something else"


def _listed(keys: tuple[str, ...]) -> str:
    return ", ".join(keys[:-1]) + f" or {keys[-1]}"
