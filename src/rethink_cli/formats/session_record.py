"""The record a session makes: its state, checked against every rule of the format."""

from __future__ import annotations

from rethink_cli.core.session import SessionState
from rethink_cli.formats.record import Record, parse_record


def session_record(state: SessionState) -> Record:
    """The ``rethink-actions/1`` record of ``state``; InvalidRecordError lists what is missing."""
    return parse_record(state.record_data())
