"""Which files an export writes, and what goes in each."""

from __future__ import annotations

from typing import Literal

from rethink_cli.core.errors import InvalidInputError
from rethink_cli.export.batch import without_cycle_collector
from rethink_cli.export.document import render
from rethink_cli.export.filenames import agency_file_stems, export_file_name
from rethink_cli.export.ics import render_ics
from rethink_cli.export.summaries import ActionBlocks, agency_document, all_actions_document
from rethink_cli.export.writer import OutputFile
from rethink_cli.formats.record import Record
from rethink_cli.formats.toml import render_toml

Format = Literal["md", "text", "toml", "ics"]
FORMATS: tuple[Format, ...] = ("md", "text", "toml", "ics")
_SUFFIX = {"md": ".md", "text": ".txt"}


@without_cycle_collector
def build_exports(
    record: Record, fmt: Format, *, agency: str | None = None, calendar_wording: bool = False
) -> list[OutputFile]:
    """The files for one format: the record itself, or all actions plus one per agency.

    With ``agency``, only that agency's file is built (matched without regard to case).
    A calendar (ics) says what each action is only with ``calendar_wording``.
    """
    meeting = record.meeting
    if fmt == "toml":
        name = export_file_name(meeting.date, meeting.case_reference, "actions", ".toml")
        return [OutputFile(name, render_toml(record))]
    if fmt == "ics":
        # One calendar file: every due date and the review, or one agency's due
        # dates and the review (named for that agency, like its other files).
        if agency is None:
            name = export_file_name(meeting.date, meeting.case_reference, "actions", ".ics")
            return [OutputFile(name, render_ics(record, wording=calendar_wording))]
        chosen_agency = find_agency(record, agency)
        stem = _stems(record)[chosen_agency]
        name = export_file_name(meeting.date, meeting.case_reference, stem, ".ics")
        ics = render_ics(record, agency=chosen_agency, wording=calendar_wording)
        return [OutputFile(name, ics)]
    suffix = _SUFFIX[fmt]
    stems = _stems(record)
    files: list[OutputFile] = []
    made: ActionBlocks = {}
    memo: dict[int, str] = {}
    if agency is None:
        name = export_file_name(meeting.date, meeting.case_reference, "actions", suffix)
        files.append(OutputFile(name, render(all_actions_document(record, made), fmt, memo)))
        chosen = list(stems)
    else:
        chosen = [find_agency(record, agency)]
    for each in chosen:
        name = export_file_name(meeting.date, meeting.case_reference, stems[each], suffix)
        files.append(OutputFile(name, render(agency_document(record, each, made), fmt, memo)))
    return files


def _stems(record: Record) -> dict[str, str]:
    """Each agency's file stem; the Lead Professional's agency's says so."""
    return agency_file_stems(record.agencies(), lead=record.meeting.lead_professional_agency)


def find_agency(record: Record, wanted: str) -> str:
    """The record's spelling of an agency named loosely on the command line."""
    for agency in record.agencies():
        if agency.casefold() == wanted.strip().casefold():
            return agency
    known = "; ".join(record.agencies())
    raise InvalidInputError(f"No agency called {wanted!r} in this record. It has: {known}.")


def session_exports(record: Record) -> list[OutputFile]:
    """What a finished session writes: the record, then all actions and one file per
    agency, as Markdown (a document to upload) and as plain text (to paste)."""
    return (
        build_exports(record, "toml") + build_exports(record, "md") + build_exports(record, "text")
    )


def agency_texts(record: Record) -> dict[str, str]:
    """Each agency's plain text, exactly as its ``.txt`` file holds it, by agency name."""
    agencies = record.agencies()
    # build_exports gives the all-actions file first, then the agencies in this order.
    files = build_exports(record, "text")[1:]
    return {agency: file.content for agency, file in zip(agencies, files, strict=True)}
