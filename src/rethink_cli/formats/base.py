"""One base for every file rethink reads or writes, one TOML reader, one way to name problems.

Every format (record, plan, review, config, agreement, facilitator texts,
autosave) is a ``StrictModel``: a value of the wrong type or an unknown key is
refused, never coerced, because these files are edited by hand and pasted
into other agencies' systems. Whatever the file, a problem reads the same way:

    actions[2].due: must be a TOML date such as 2026-12-04 (no quotes), not text
    points[3].colour: is not a field of this agreement (use title, text or details)

Places count from 1, like the numbers a facilitator sees on screen, and the
heading above the problems names the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.reading import NewerFileError, newer_words, read_toml
from rethink_cli.formats.toml_hints import escaped_path_advice, quoted_date_advice
from rethink_cli.formats.typewalk import annotation_at, is_model, unwrap


class StrictModel(BaseModel):
    # strict: a TOML string is never read as a date, nor a bool as a number;
    # extra="forbid": a misspelt or unexpected key (a "notes" field) is refused;
    # frozen: a checked file is not changed behind its reader's back;
    # no inf or nan (TOML and Python's JSON both allow them): every number is a real one.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a place such as ``actions[2].due``."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


# ------------------------------------------------------------------ reading


def read_toml_file(path: Path, *, what: str = "record") -> dict[str, Any]:
    """Read a TOML file, turning every way it can fail into one clear line (exit 3).

    Bounded (``formats.reading``): an ordinary file only, of a size and nesting
    fit for ``what``.
    """
    return read_toml(path, what=what)


def refuse_newer(data: Mapping[str, Any], *, schema: str, source: str) -> None:
    """Say a file of a later version (``rethink-plan/2`` when this reads ``/1``) is too new.

    Only the version is looked at: the rest of such a file may well be valid in
    its own version, so listing its "problems" would only mislead.
    """
    found = data.get("schema")
    family, _, known = schema.rpartition("/")
    if not isinstance(found, str):
        return
    version = re.fullmatch(rf"{re.escape(family)}/([0-9]{{1,9}})", found)
    if version and int(version.group(1)) > int(known):
        raise NewerFileError(newer_words(source, found))


# What each kind of file is called when one is given for another, and what to give instead.
_KIND_WORDS: Mapping[str, str] = {
    "record": "a meeting's actions record",
    "review": "a review record",
    "plan": "a plan",
    "agreement": "a group agreement",
    "config": "a config file",
}
_KIND_OF_SCHEMA: Mapping[str, str] = {
    "rethink-actions": "record",
    "rethink-review": "review",
    "rethink-plan": "plan",
}
_INSTEAD: Mapping[str, str] = {
    "record": "give the meeting's own record (its name ends _actions.toml)",
    "review": "give a review record written by 'rethink review'",
    "plan": "give a plan written by 'rethink session prepare'",
    "agreement": "give a group agreement file shaped like the default one",
    "config": "it holds your settings only ('rethink config show' lists them)",
}


def refuse_other_kind(
    data: Mapping[str, Any], problems: Sequence[str], *, noun: str, path: Path | str
) -> None:
    """Say a file of another kind (a review given to ``actions check``) is one, in one line.

    For a file that did not pass as ``noun``, with its ``problems``: every field of
    another kind would be "wrong", and a list of them would hide the one mistake,
    the file. Known by its ``schema`` (any version); but when the schema line is all
    that is wrong, the file is this kind with a slip in that line, and is told so.
    """
    found = data.get("schema")
    family = found.rpartition("/")[0] if isinstance(found, str) else ""
    kind = _KIND_OF_SCHEMA.get(family)
    if kind is None or kind == noun or all(p.startswith("schema: ") for p in problems):
        return
    raise InvalidRecordError(
        f"{path} is {_KIND_WORDS[kind]}, not {_KIND_WORDS.get(noun, f'a {noun}')}: "
        f"{_INSTEAD.get(noun, 'give the file meant here')}."
    )


def source_of(noun: str, path: Path | str | None = None) -> str:
    """How a problem list is headed: "The plan in /path/plan.toml", or "The plan"."""
    return f"The {noun} in {path}" if path else f"The {noun}"


def problems_error(source: str, problems: Iterable[object]) -> InvalidRecordError:
    """The one error for a file with problems: a heading naming it, one line per problem."""
    details = [str(p) for p in problems]
    count = f"{len(details)} problem" + ("" if len(details) == 1 else "s")
    return InvalidRecordError(f"{source} has {count}.", details=details)


def validated(model: type[Model], data: object, *, noun: str, source: str) -> Model:
    """``data`` as ``model``, or InvalidRecordError (exit 3) listing every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise problems_error(source, describe_errors(error, model, noun)) from None


def read_toml_model(
    path: Path, model: type[Model], *, noun: str, schema: str | None = None
) -> Model:
    """Read and check a TOML file of one format; every failure is exit 3 naming the file.

    ``schema``: the version this program reads, for a file that names its own.
    """
    data = read_toml_file(path, what=noun)
    source = source_of(noun, path)
    if schema is not None:
        refuse_newer(data, schema=schema, source=source)
    try:
        return validated(model, data, noun=noun, source=source)
    except InvalidRecordError as error:
        refuse_other_kind(data, error.details, noun=noun, path=path)
        raise


# ------------------------------------------------------------------ explaining

_EXPECTED = {
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "date_type": "must be a TOML date such as 2026-12-04 (no quotes)",
    "list_type": "must be a list",
    "dict_type": "must be a table",
    "model_type": "must be a table",
}


def describe_errors(error: ValidationError, model: type[BaseModel], noun: str) -> list[Problem]:
    """One problem per pydantic error, worded the same for every format.

    ``model`` is the format's root model, so an unknown key can be answered with
    the keys that are allowed at that place; ``noun`` names the file kind.
    """
    return [_problem(e, model, noun) for e in error.errors()]


def _problem(error: ErrorDetails, model: type[BaseModel], noun: str) -> Problem:
    loc = tuple(error["loc"])
    place = place_of(loc)
    kind = error["type"]
    wanted = annotation_at(model, loc)
    if kind == "extra_forbidden":
        return Problem(place, f"is not a field of this {noun}{_allowed(model, loc[:-1])}")
    if kind == "missing":
        return Problem(place, "is missing" + _missing_hint(wanted, loc))
    if kind == "literal_error":
        return Problem(place, _literal(place, wanted))
    if kind in _EXPECTED:
        return Problem(place, _wrong_type(error, wanted, loc, noun))
    said = _limit(kind, error.get("ctx", {}), wanted, loc) or _message(error)
    return Problem(place, said + _path_advice(error, loc, noun))


def _wrong_type(error: ErrorDetails, wanted: Any, loc: tuple[Any, ...], noun: str) -> str:
    kind, given = error["type"], error["input"]
    key = loc[-1] if loc and isinstance(loc[-1], str) else None
    # A date in quotes, in a TOML file (a JSON save has no dates to quote): how to write it.
    if kind == "date_type" and noun in _KIND_WORDS and key and isinstance(given, str):
        advice = quoted_date_advice(key, given)
        if advice:
            return advice
    expected = _container_words(kind, wanted, loc) or _EXPECTED[kind]
    return f"{expected}, not {kind_of(given)}"


def _path_advice(error: ErrorDetails, loc: tuple[Any, ...], noun: str) -> str:
    # A Windows path in double quotes whose backslashes all made escapes ("C:\new" is
    # "C:", a line break, "ew"): the file read, but the text holds a control character.
    given = error["input"]
    if noun not in _KIND_WORDS or not loc or not isinstance(given, str):
        return ""
    advice = escaped_path_advice(str(loc[-1]), given)
    return f"; {advice}" if advice else ""


def _message(error: ErrorDetails) -> str:
    # A check in ``formats.fields`` or a model validator: its words already fit "<place>: ...".
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return str(error["msg"])


def _literal(place: str, wanted: Any) -> str:
    if place.endswith("strategy"):
        return "must be 2 or 3 (strategy 1 has no group session)"
    choices = get_args(wanted) if get_origin(wanted) is Literal else ()
    values = [f'"{v}"' if isinstance(v, str) else str(v) for v in choices]
    return f"must be {_listed(values, 'or')}" if values else "is not one of the allowed values"


def _limit(kind: str, ctx: Mapping[str, Any], wanted: Any, loc: tuple[Any, ...]) -> str | None:
    if kind == "too_short":
        has = ctx.get("actual_length") or 0
        found = f" (it has {has})" if has else ""
        return f"must have at least {_entries(ctx['min_length'], wanted, loc)}{found}"
    if kind == "too_long":
        most = ctx["max_length"]
        return f"must have at most {_entries(most, wanted, loc)} (it has {ctx['actual_length']})"
    if kind == "greater_than_equal":
        return f"must be {ctx['ge']} or more"
    if kind == "less_than_equal":
        return f"must be {ctx['le']} or less"
    if kind == "less_than":
        return f"must be less than {ctx['lt']}"
    if kind == "finite_number":
        return "must be an ordinary number (not inf or nan)"
    return None


def _container_words(kind: str, wanted: Any, loc: tuple[Any, ...]) -> str | None:
    """Wording that says what the list or table should hold, as TOML spells it."""
    if kind == "list_type" and get_origin(wanted) is list:
        item = unwrap(get_args(wanted)[0])
        if is_model(item):
            return f"must be a list of [[{loc[-1]}]] tables"
        return f"must be a list of {_PLURALS.get(item, 'values')}"
    if kind == "model_type" and loc:
        return f"must be a {_table(loc)} table"
    return None


_PLURALS: dict[Any, str] = {str: "texts", int: "whole numbers", float: "numbers"}


def _missing_hint(wanted: Any, loc: tuple[Any, ...]) -> str:
    if is_model(wanted):
        return f" (add a {_table(loc)} table)"
    if get_origin(wanted) is list and is_model(unwrap(get_args(wanted)[0])):
        return f" (add a [[{loc[-1]}]] table for each one)"
    return ""


def _entries(count: int, wanted: Any, loc: tuple[Any, ...]) -> str:
    if get_origin(wanted) is list and is_model(unwrap(get_args(wanted)[0])):
        one, many = f"[[{loc[-1]}]] table", f"[[{loc[-1]}]] tables"
    else:
        one, many = "entry", "entries"
    return f"one {one}" if count == 1 else f"{count} {many}"


def _table(loc: tuple[Any, ...]) -> str:
    # An item of a list of tables is written [[name]]; any other table [dotted.name].
    if isinstance(loc[-1], int) and len(loc) > 1:
        return f"[[{loc[-2]}]]"
    return f"[{place_of(loc)}]"


def _allowed(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    owner = annotation_at(model, loc)
    if not is_model(owner):
        return ""
    names = [field.alias or name for name, field in owner.model_fields.items()]
    return f" (use {_listed(names, 'or')})"


def kind_of(value: object) -> str:
    """What a wrongly typed value is, in the words a TOML file's author would use."""
    kinds: Sequence[tuple[type | tuple[type, ...], str]] = (
        (bool, "true or false"),
        (int, "a number"),
        (float, "a decimal number"),
        (str, "text"),
        ((list, tuple), "a list"),
        (Mapping, "a table"),
        (dt.datetime, "a date and time"),
        (dt.date, "a date"),
        (dt.time, "a time"),
        (type(None), "empty"),
    )
    return next((words for kind, words in kinds if isinstance(value, kind)), "something else")


def place_of(loc: Iterable[int | str]) -> str:
    """``("actions", 1, "due")`` as ``actions[2].due``: list places count from 1."""
    place = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a bad key of a table: the key is named
            continue
        if isinstance(part, int):
            place += f"[{part + 1}]"
        else:
            place += f".{part}" if place else part
    return place


def _listed(words: Sequence[str], last: str) -> str:
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} {words[-1]}"
