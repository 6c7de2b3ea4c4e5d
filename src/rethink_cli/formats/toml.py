"""The record as TOML: tomli-w writes native TOML dates, tomllib reads them back."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.record import Record, parse_record


def render_toml(record: Record) -> str:
    """The canonical text of a record; reading it back gives the same record."""
    return tomli_w.dumps(record.to_data())


def read_toml_file(path: Path, *, what: str = "record") -> dict[str, Any]:
    """Read a TOML file, turning every way it can fail into one clear line (exit 3)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidRecordError(f"No {what} file at {path}.") from None
    except IsADirectoryError:
        raise InvalidRecordError(f"{path} is a folder, not a {what} file.") from None
    except OSError as error:
        raise InvalidRecordError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidRecordError(
            f"{path} is not UTF-8 text (a bad byte at position {error.start})."
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidRecordError(f"{path} is not valid TOML: {error}.") from None


def load_record(path: Path) -> Record:
    """Read and validate a ``rethink-actions/1`` file."""
    return parse_record(read_toml_file(path))
