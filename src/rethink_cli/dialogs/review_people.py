"""Who is at the review: each person of the last meeting, anyone else, and who leads today.

Names, roles and agencies only, as at a session. At least one person must be
present; a role that sounds like family gets the session's one question.
"""

from __future__ import annotations

from rethink_cli.core import plaintext
from rethink_cli.core.bounds import MAX_ATTENDEES
from rethink_cli.core.professionals import looks_like_family
from rethink_cli.dialogs.ports import Choice, ConfirmQuestion, SelectQuestion
from rethink_cli.dialogs.review_walk import NAME, ROLE, Walk, describe
from rethink_cli.formats.record import Attendee
from rethink_cli.formats.review_save import Lead, PersonDraft

# "Nobody here leads today": the reviewed meeting's Lead Professional stays.
_NOBODY = -1


def ask_attendance(walk: Walk) -> bool:
    """The next question about who is here; False once everyone is accounted for."""
    progress = walk.progress
    expected = walk.subject.attendees
    if progress.checked < len(expected):
        person = expected[progress.checked]
        here = walk.ask.confirm(ConfirmQuestion(f"Is {person.name} ({person.agency}) here?"))
        present = progress.present
        if here and not walk.is_present(person.name, person.agency):
            present = (*present, person)
        walk.update(checked=progress.checked + 1, present=present)
        return True
    if progress.others_done and progress.present:
        return False
    if not progress.present:
        # Nobody yet: a review needs someone, so straight to who is here.
        walk.update(draft=PersonDraft())
    elif len(progress.present) >= MAX_ATTENDEES:
        walk.update(others_done=True)
    else:
        more = walk.ask.confirm(ConfirmQuestion("Anyone else here?", default=False))
        walk.update(others_done=not more, draft=PersonDraft() if more else None)
    return True


def continue_person(walk: Walk, draft: PersonDraft) -> None:
    """Name, then role, then agency: each kept as it is given."""
    if draft.name is None:
        walk.update(draft=draft.model_copy(update={"name": _ask_name(walk)}))
    elif draft.role is None:
        role = walk.text(f"{draft.name}'s role", ROLE)
        walk.update(draft=draft.model_copy(update={"role": role}))
    elif looks_like_family(draft.role) and not draft.professional:
        if _professional(walk, draft.name, draft.role):
            walk.update(draft=draft.model_copy(update={"professional": True}))
        else:
            walk.update(draft=None)
    else:
        agency = walk.pick_agency(f"{draft.name}'s agency", other=draft.other_agency)
        if agency is None:
            walk.update(draft=draft.model_copy(update={"other_agency": True}))
            return
        person = Attendee(name=draft.name, role=draft.role, agency=agency)
        walk.update(present=(*walk.progress.present, person), draft=None)


def _ask_name(walk: Walk) -> str:
    present = walk.progress.present
    taken = {p.name.casefold() for p in present}

    def validate(text: str) -> str | None:
        name = plaintext.tidy(text)
        return NAME(text) or (f"{name} is already here." if name.casefold() in taken else None)

    message = "Their name" if present else "Nobody is marked as here. Who is? Their name"
    return walk.text(message, validate, max_length=plaintext.NAME_MAX)


def _professional(walk: Walk, name: str, role: str) -> bool:
    return walk.ask.select(
        SelectQuestion(
            f"'{role}' sounds like family. A Re-think is for professionals only: "
            f"is {name} here in a professional role?",
            (
                Choice(f"No: do not add {name}", False),
                Choice(f"Yes: add {name} as a professional", True),
            ),
            default=False,
        )
    )


def ask_lead(walk: Walk) -> bool:
    """With the Lead Professional away, who leads today; False when nothing is to ask."""
    subject = walk.subject
    if walk.progress.lead is not None or walk.is_present(subject.lead, subject.lead_agency):
        return False
    present = walk.progress.present
    index = walk.ask.select(
        SelectQuestion(
            f"{subject.lead}, the Lead Professional, is not here. Who leads today?",
            (
                *(Choice(describe(p), i) for i, p in enumerate(present)),
                Choice(f"Nobody here: {subject.lead} stays Lead Professional", _NOBODY),
            ),
            default=_NOBODY,
        )
    )
    if index == _NOBODY:
        lead = Lead(name=subject.lead, agency=subject.lead_agency)
    else:
        lead = Lead(name=present[index].name, agency=present[index].agency)
    walk.update(lead=lead)
    return True
