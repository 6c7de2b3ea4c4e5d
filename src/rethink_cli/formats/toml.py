"""The record as TOML: tomli-w writes native TOML dates, tomllib reads them back."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from rethink_cli.formats.base import read_toml_file, refuse_newer, source_of
from rethink_cli.formats.record import SCHEMA, Record, parse_record


def render_toml(record: Record) -> str:
    """The canonical text of a record; reading it back gives the same record."""
    return tomli_w.dumps(record.to_data())


def load_record(path: Path) -> Record:
    """Read and validate a ``rethink-actions/1`` file; problems are headed by its name.

    Read bounded (``formats.reading``); one from a newer rethink is said to be so.
    """
    data = read_toml_file(path, what="record")
    source = source_of("record", path)
    refuse_newer(data, schema=SCHEMA, source=source)
    return parse_record(data, source=source)
