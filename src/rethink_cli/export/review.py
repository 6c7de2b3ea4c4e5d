"""The files a review writes: the ``rethink-review/1`` record and one Markdown copy per agency.

Pure: the review is passed in and files are returned, not written. In each
agency's copy its own actions come first, and an overdue action stands out;
then the outcome (and the next route) when the review has one.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from rethink_cli.core.dates import format_long
from rethink_cli.export.document import Block, Heading, Lines, NumberedItem, render
from rethink_cli.export.filenames import MAX_COMPONENT, agency_file_stems, export_file_name
from rethink_cli.export.summaries import outcome_lines
from rethink_cli.export.writer import OutputFile
from rethink_cli.formats.record import Record
from rethink_cli.formats.review import (
    STATUS_TITLES,
    ReviewedAction,
    ReviewRecord,
    render_review_toml,
)


def review_file_names(record: Record, review_date: dt.date) -> dict[str | None, str]:
    """The files a review writes: the record (key None), then one per agency, in order.

    Known before any question is asked, so the command can refuse to start when
    one of them is already there.
    """
    case = record.meeting.case_reference
    names: dict[str | None, str] = {None: export_file_name(review_date, case, "review", ".toml")}
    for agency, stem in agency_file_stems(record.agencies()).items():
        names[agency] = export_file_name(review_date, case, _agency_part(agency, stem), ".md")
    return names


def review_exports(record: Record, review: ReviewRecord) -> list[OutputFile]:
    """The review record, and one Markdown copy for every agency in the original record."""
    files: list[OutputFile] = []
    for agency, name in review_file_names(record, review.review.date).items():
        if agency is None:
            files.append(OutputFile(name, render_review_toml(review)))
        else:
            files.append(OutputFile(name, render(review_document(review, agency), "md")))
    return files


def _agency_part(agency: str, stem: str) -> str:
    part = f"review_{stem}"
    if len(part) <= MAX_COMPONENT:
        return part
    # A long agency name: cut it, and keep it distinct with a hash of the full name.
    digest = hashlib.sha256(agency.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    keep = MAX_COMPONENT - len("review_") - len(digest) - 1
    return f"review_{stem[:keep].rstrip('-_')}-{digest}"


def review_document(review: ReviewRecord, agency: str) -> list[Block]:
    """One agency's copy of the review: its own actions first, overdue ones marked."""
    info = review.review
    own = [a for a in review.actions if a.agency == agency]
    own_blocks: list[Block] = (
        [_item(a, info.date) for a in own]
        if own
        else [Lines((("", f"No action is owned by {agency}."),))]
    )
    overdue = review.overdue()
    return [
        Heading(f"Re-think review for {agency}: {info.case_reference}", level=1),
        Lines(
            (
                ("Review", format_long(info.date)),
                ("Meeting", format_long(info.meeting_date)),
                ("Case reference", info.case_reference),
                ("Overdue", _overdue_words(overdue, len(review.actions))),
            )
        ),
        Heading(f"Actions owned by {agency}"),
        *own_blocks,
        Heading("All actions"),
        *(_item(a, info.date) for a in review.actions),
        *_outcome_blocks(review),
        Heading("Recording"),
        Lines((("", _recording_note(review)),)),
    ]


def _outcome_blocks(review: ReviewRecord) -> list[Block]:
    """Still stuck or not, and the route next; nothing for a review from before it was asked."""
    if review.outcome is None:
        return []
    lines = outcome_lines(review.outcome, review.next_route, resolved="the network is moving on")
    return [Heading("Outcome"), Lines(lines)]


def _recording_note(review: ReviewRecord) -> str:
    kept = "what became of each agreed action"
    kept += " and the outcome are" if review.outcome is not None else " is"
    return (
        f"Only {kept} recorded here; no notes of the review discussion were kept. "
        "Record the new dates on this agency's file for the child."
    )


def _overdue_words(overdue: list[ReviewedAction], total: int) -> str:
    if not overdue:
        return f"none of the {total} actions"
    numbers = ", ".join(str(a.number) for a in overdue)
    label = "action" if len(overdue) == 1 else "actions"
    return f"{len(overdue)} of {total} ({label} {numbers})"


def _item(action: ReviewedAction, review_date: dt.date) -> NumberedItem:
    # An overdue action says so first, in capitals, where the eye lands.
    due = format_long(action.original_due)
    details = [
        ("OVERDUE", f"was due {due}") if action.is_overdue(review_date) else ("Was due", due),
        ("Owner", f"{action.owner} ({action.agency})"),
        ("Status", STATUS_TITLES[action.status]),
    ]
    if action.new_due is not None:
        details.append(("New date", format_long(action.new_due)))
    return NumberedItem(action.number, action.what, tuple(details))
