"""The files a review writes: the ``rethink-review/2`` record, and paste-ready copies.

Pure: the review is passed in and files are returned, not written. Beside the
record go the Lead Professional's full list (every action, the overdue ones
first) and one copy for every agency present or owning an action, each as
Markdown (``.md``) and as plain text (``.txt``, what a case system's text box
takes as pasted). What they say is made in ``export.review_documents``.
"""

from __future__ import annotations

import hashlib

from rethink_cli.export.document import render
from rethink_cli.export.filenames import MAX_COMPONENT, agency_file_stems, export_file_name
from rethink_cli.export.review_documents import agency_document, lead_document, shared_blocks
from rethink_cli.export.writer import OutputFile
from rethink_cli.formats.review import ReviewRecord, render_review_toml

# The Lead Professional's list: no agency's file is named "review" alone (theirs
# are "review_<agency>"), so the two can never clash.
_LEAD_PART = "review"


def review_exports(review: ReviewRecord) -> list[OutputFile]:
    """The record, the Lead Professional's list, then each agency's copy, .md and .txt."""
    day = review.review.date
    case = review.review.case_reference
    shared = shared_blocks(review)
    # Blocks shared by every document are rendered once per style (``render``'s memo).
    memos: dict[str, dict[int, str]] = {"md": {}, "text": {}}
    files = [OutputFile(export_file_name(day, case, "review", ".toml"), render_review_toml(review))]
    documents = [(_LEAD_PART, lead_document(review, shared))]
    for agency, stem in agency_file_stems(review.agencies()).items():
        documents.append((_agency_part(agency, stem), agency_document(review, agency, shared)))
    for part, blocks in documents:
        files.append(
            OutputFile(export_file_name(day, case, part, ".md"), render(blocks, "md", memos["md"]))
        )
        files.append(
            OutputFile(
                export_file_name(day, case, part, ".txt"), render(blocks, "text", memos["text"])
            )
        )
    return files


def _agency_part(agency: str, stem: str) -> str:
    part = f"review_{stem}"
    if len(part) <= MAX_COMPONENT:
        return part
    # A long agency name: cut it, and keep it distinct with a hash of the full name.
    digest = hashlib.sha256(agency.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    keep = MAX_COMPONENT - len("review_") - len(digest) - 1
    return f"review_{stem[:keep].rstrip('-_')}-{digest}"
