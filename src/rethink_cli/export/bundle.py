"""Which files an export writes, and what goes in each."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from rethink_cli.core.errors import InvalidInputError
from rethink_cli.export.batch import without_cycle_collector
from rethink_cli.export.document import render
from rethink_cli.export.filenames import MAX_COMPONENT, agency_file_stems, export_file_name
from rethink_cli.export.ics import render_ics
from rethink_cli.export.long_paths import Placement, fitted
from rethink_cli.export.summaries import ActionBlocks, agency_document, all_actions_document
from rethink_cli.export.writer import OutputFile, export_folder_name
from rethink_cli.formats.record import Record
from rethink_cli.formats.toml import render_toml

Format = Literal["md", "text", "toml", "ics"]
FORMATS: tuple[Format, ...] = ("md", "text", "toml", "ics")
# A session's own set; its calendar (ics) is a file added to that set's folder.
_SESSION: tuple[Format, ...] = ("toml", "md", "text")
_SUFFIX = {"toml": ".toml", "md": ".md", "text": ".txt", "ics": ".ics"}


@without_cycle_collector
def build_exports(
    record: Record,
    fmt: Format,
    *,
    agency: str | None = None,
    calendar_wording: bool = False,
    width: int = MAX_COMPONENT,
) -> list[OutputFile]:
    """The files for one format: the record itself, or all actions plus one per agency.

    With ``agency``, only that agency's file is built (matched without regard to case).
    A calendar (ics) says what each action is only with ``calendar_wording``. The
    files are named by ``export_names``, their case and agency parts cut to ``width``.
    """
    names = export_names(record, fmt, agency=agency, width=width)
    if fmt == "toml":
        return [OutputFile(names[0], render_toml(record))]
    chosen = _chosen(record, agency)
    if fmt == "ics":
        # One calendar file: every due date and the review, or one agency's due
        # dates and the review (named for that agency, like its other files).
        only = None if agency is None else chosen[0]
        return [OutputFile(names[0], render_ics(record, agency=only, wording=calendar_wording))]
    files: list[OutputFile] = []
    made: ActionBlocks = {}
    memo: dict[int, str] = {}
    if agency is None:
        files.append(OutputFile(names[0], render(all_actions_document(record, made), fmt, memo)))
    # Each file rendered as soon as it is built: a large record's documents are not all held.
    for name, each in zip(names[len(files) :], chosen, strict=True):
        files.append(OutputFile(name, render(agency_document(record, each, made), fmt, memo)))
    return files


def export_names(
    record: Record, fmt: Format, *, agency: str | None = None, width: int = MAX_COMPONENT
) -> list[str]:
    """The names ``build_exports`` gives its files, in the same order, without making them.

    The record's; else all actions' then each agency's (just ``agency``'s when
    given), except that the calendar of all actions is one file.
    """
    meeting = record.meeting

    def name(part: str) -> str:
        suffix = _SUFFIX[fmt]
        return export_file_name(meeting.date, meeting.case_reference, part, suffix, width=width)

    if fmt == "toml" or (fmt == "ics" and agency is None):
        return [name("actions")]
    stems = _stems(record, width)
    parts = [stems[each] for each in _chosen(record, agency)]
    if agency is not None:
        return [name(part) for part in parts]
    return [name("actions"), *(name(part) for part in parts)]


def session_placement(record: Record, out: Path) -> Placement[str]:
    """Where a session's files go inside ``out``: their own folder, named for the meeting,
    with names cut only where a path would be too long. The calendar the session may
    add later is counted in, so it always fits beside the rest."""
    meeting = record.meeting

    def layout(width: int) -> tuple[str, list[str]]:
        names = [name for fmt in FORMATS for name in export_names(record, fmt, width=width)]
        folder = export_folder_name(meeting.date, meeting.case_reference, width=width)
        return folder, names

    return fitted(out, layout)


def render_placement(
    record: Record, out: Path, fmt: Format, agency: str | None
) -> Placement[str | None]:
    """Where ``rethink actions render`` writes inside ``out``: md and text (a set: all
    actions and a file per agency) in a folder of their own named for the meeting and
    the format (``2026-11-26_PN-4471_md/``); one file (a format or an agency) straight in."""
    meeting = record.meeting
    as_set = agency is None and fmt in ("md", "text")

    def layout(width: int) -> tuple[str | None, list[str]]:
        names = export_names(record, fmt, agency=agency, width=width)
        if not as_set:
            return None, names
        return export_folder_name(meeting.date, meeting.case_reference, fmt, width=width), names

    return fitted(out, layout)


def _chosen(record: Record, agency: str | None) -> list[str]:
    """The agencies whose own files are made: ``agency`` (as the record spells it), or all."""
    return list(record.agencies()) if agency is None else [find_agency(record, agency)]


def _stems(record: Record, width: int) -> dict[str, str]:
    """Each agency's file stem; the Lead Professional's agency's says so."""
    lead = record.meeting.lead_professional_agency
    return agency_file_stems(record.agencies(), lead=lead, width=width)


def find_agency(record: Record, wanted: str) -> str:
    """The record's spelling of an agency named loosely on the command line."""
    for agency in record.agencies():
        if agency.casefold() == wanted.strip().casefold():
            return agency
    known = "; ".join(record.agencies())
    raise InvalidInputError(f"No agency called {wanted!r} in this record. It has: {known}.")


def session_exports(record: Record, *, width: int = MAX_COMPONENT) -> list[OutputFile]:
    """What a finished session writes: the record, then all actions and one file per
    agency, as Markdown (a document to upload) and as plain text (to paste)."""
    return [output for fmt in _SESSION for output in build_exports(record, fmt, width=width)]


def agency_texts(record: Record) -> dict[str, str]:
    """Each agency's plain text, exactly as its ``.txt`` file holds it, by agency name."""
    agencies = record.agencies()
    # build_exports gives the all-actions file first, then the agencies in this order.
    files = build_exports(record, "text")[1:]
    return {agency: file.content for agency, file in zip(agencies, files, strict=True)}
