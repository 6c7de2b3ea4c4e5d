"""The record as TOML: tomli-w writes native TOML dates, tomllib reads them back."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from rethink_cli.formats.base import read_toml_file, source_of
from rethink_cli.formats.record import Record, parse_record


def render_toml(record: Record) -> str:
    """The canonical text of a record; reading it back gives the same record."""
    return tomli_w.dumps(record.to_data())


def load_record(path: Path) -> Record:
    """Read and validate a ``rethink-actions/1`` file; problems are headed by its name."""
    return parse_record(read_toml_file(path), source=source_of("record", path))
