"""What ``rethink review`` is given: a meeting's record, or an earlier review to review again.

Read once, known by its ``schema``, and turned into one ``UnderReview``
(``formats.review_subject``). Whatever cannot be reviewed is said in one line
before any question: a meeting that agreed no action, a review that closed the
Re-think, or a review written by an older rethink, which did not keep who was there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rethink_cli.core.errors import InvalidInputError, InvalidRecordError

if TYPE_CHECKING:
    from rethink_cli.formats.record import Record
    from rethink_cli.formats.review_subject import UnderReview

_REVIEW_FAMILY = "rethink-review/"


def load_subject(path: Path) -> UnderReview:
    """The record or review in ``path``, ready to review; errors are one line (exit 2 or 3)."""
    from rethink_cli.formats.base import read_toml_file
    from rethink_cli.formats.review_subject import from_record

    data = read_toml_file(path, what="record")
    schema = data.get("schema")
    if isinstance(schema, str) and schema.startswith(_REVIEW_FAMILY):
        return _earlier_review(path, data)
    record = _record(path, data)
    if not record.actions:
        # A meeting that ended "not resolved" without an action has nothing to go through.
        route = f" Next route: {record.next_route}." if record.next_route else ""
        raise InvalidInputError(
            f"This meeting agreed no action (outcome: not resolved), so there is nothing "
            f"to review.{route}"
        )
    return from_record(record)


def _record(path: Path, data: dict[str, Any]) -> Record:
    from rethink_cli.formats.base import refuse_newer, refuse_other_kind, source_of
    from rethink_cli.formats.record import SCHEMA, parse_record

    source = source_of("record", path)
    refuse_newer(data, schema=SCHEMA, source=source)
    try:
        return parse_record(data, source=source)
    except InvalidRecordError as error:
        refuse_other_kind(data, error.details, noun="record", path=path)
        raise


def _earlier_review(path: Path, data: dict[str, Any]) -> UnderReview:
    from rethink_cli.formats.base import source_of
    from rethink_cli.formats.review import parse_any_review
    from rethink_cli.formats.review_subject import from_review
    from rethink_cli.formats.review_v1 import ReviewRecordV1

    review = parse_any_review(data, source=source_of("review", path))
    if isinstance(review, ReviewRecordV1):
        raise InvalidInputError(
            f"{path} is a review from an older rethink, which did not keep who was there, "
            "so it cannot be reviewed again. Review the meeting's own record instead "
            "(its name ends _actions.toml), and answer for each action as it stands now."
        )
    if review.closed:
        raise InvalidInputError(
            f"The review in {path} closed the Re-think: there is no further review to hold."
        )
    return from_review(review)
