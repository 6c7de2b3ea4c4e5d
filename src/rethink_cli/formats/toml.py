"""The record as TOML: tomli-w writes native TOML dates, tomllib reads them back."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.base import read_toml_file, refuse_newer, refuse_other_kind, source_of
from rethink_cli.formats.record import SCHEMA, Record, parse_record


def render_toml(record: Record) -> str:
    """The canonical text of a record; reading it back gives the same record."""
    return tomli_w.dumps(record.to_data())


def load_record(path: Path) -> Record:
    """Read and validate a ``rethink-actions/1`` file; problems are headed by its name.

    Read bounded (``formats.reading``); one from a newer rethink, or a review or a
    plan given in its place, is said to be so in one line.
    """
    data = read_toml_file(path, what="record")
    source = source_of("record", path)
    refuse_newer(data, schema=SCHEMA, source=source)
    try:
        return parse_record(data, source=source)
    except InvalidRecordError as error:
        refuse_other_kind(data, error.details, noun="record", path=path)
        raise
