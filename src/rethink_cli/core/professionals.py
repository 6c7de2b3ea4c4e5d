"""A Re-think is for professionals only: gentle checks that the room is a professional network.

Nothing is refused outright. A role that reads like a family member's, or a room
where every person comes from one agency, is worth one question from the
facilitator; the answer is theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words for family members as people type them into "role". "Sister" is left out:
# it is also a nurse's title. "Guardian" too: a children's guardian is a professional.
_FAMILY = frozenset(
    [
        "mum",
        "mummy",
        "mother",
        "mom",
        "mam",
        "dad",
        "daddy",
        "father",
        "parent",
        "parents",
        "stepmum",
        "stepmom",
        "stepdad",
        "stepmother",
        "stepfather",
        "carer",
        "grandparent",
        "grandparents",
        "grandmother",
        "grandfather",
        "grandma",
        "grandad",
        "granddad",
        "grandpa",
        "nan",
        "nana",
        "nanny",
        "gran",
        "aunt",
        "auntie",
        "aunty",
        "uncle",
    ]
)
# With one of these the role is a job held around families ("parent support adviser",
# "young carers worker"), not a family member.
_JOB = frozenset(
    [
        "worker",
        "officer",
        "adviser",
        "advisor",
        "practitioner",
        "lead",
        "manager",
        "coordinator",
        "co-ordinator",
        "nurse",
        "visitor",
        "teacher",
        "support",
        "service",
        "team",
        "social",
        "specialist",
        "therapist",
        "assessor",
        "mentor",
        "champion",
        "navigator",
        "liaison",
    ]
)
_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)?")


def looks_like_family(role: str) -> bool:
    """Whether ``role`` names a family member rather than a professional's job."""
    words = set(_WORDS.findall(role.casefold()))
    # "Step-dad" and "step dad" as well as "stepdad".
    words |= {w.replace("-", "") for w in words} | {p for w in words for p in w.split("-")}
    return bool(words & _FAMILY) and not words & _JOB


def single_agency(agencies: Iterable[str]) -> str | None:
    """The one agency everyone comes from (compared without case), or None if several."""
    seen = {a.strip().casefold(): a for a in agencies}
    return next(iter(seen.values())) if len(seen) == 1 else None
