"""Professionals only: which roles read as a family member's, and a one-agency room."""

from __future__ import annotations

import pytest

from rethink_cli.core.professionals import looks_like_family, single_agency


@pytest.mark.parametrize(
    "role",
    [
        "Mum",
        "mum's partner",
        "Dad",
        "Step-dad",
        "step dad",
        "Parent",
        "Birth mother",
        "Kinship carer",
        "Maternal grandmother",
        "Grandparent",
        "Auntie",
        "Nan",
    ],
)
def test_family_roles_are_noticed(role: str) -> None:
    assert looks_like_family(role)


@pytest.mark.parametrize(
    "role",
    [
        "Social worker",
        "Parent support adviser",
        "Young carers worker",
        "Health visitor",
        "Ward sister",
        "Children's guardian",
        "Designated safeguarding lead",
        "Family support worker",
        "Neighbourhood officer",
        "Lead Professional",
        "",
    ],
)
def test_professional_roles_pass(role: str) -> None:
    assert not looks_like_family(role)


def test_one_agency_is_found_whatever_its_case() -> None:
    assert single_agency(["Police", "police ", "POLICE"]) in {"Police", "police ", "POLICE"}
    assert single_agency(["Police", "Health Visiting"]) is None
    assert single_agency([]) is None
