"""File names from typed text: safe everywhere, distinct, and stable."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pathvalidate
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rethink_cli.export.filenames import (
    LEAD_TAIL,
    MAX_COMPONENT,
    agency_file_stems,
    export_file_name,
    safe_component,
)


def _hash6(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def _folded(stem: str) -> str:
    return unicodedata.normalize("NFKC", stem.casefold())


# Texts a person might type, plus the characters that break file names.
_NASTY = st.sampled_from(
    [
        *"/\\.:<>\"|?*' \t\n\r\x00\x7f\u202e\u200b\u00ad\ufe0f\u0301",
        *["..", "CON", "nul", "COM1", "LPT¹", "CLOCK$", "\uff0f", "\u2024", "\ud800"],
    ]
)
_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.lists(st.one_of(_NASTY, st.text(max_size=3)), max_size=40).map("".join),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../x", "x"),
        ("/etc", "etc"),
        ("a\\b", "a-b"),
        ("..", "case"),
        (".", "case"),
        ("", "case"),
        ("   ", "case"),
        ("CON", "CON_"),
        ("con", "con_"),
        ("nul.txt", "nul-txt"),
        ("COM1", "COM1_"),
        ("lpt9", "lpt9_"),
        ("COM¹", "COM1_"),
        ("\uff23\uff2f\uff2e", "CON_"),
        ("CLOCK$", "CLOCK"),
        ("name. ", "name"),
        ("Children's Social Care", "Childrens-Social-Care"),
        ("Children\u2019s Social Care", "Childrens-Social-Care"),
        ("PN-4471", "PN-4471"),
        ("  Youth / Justice :: Team  ", "Youth-Justice-Team"),
        ("C:\\Windows\\system32", "C-Windows-system32"),
        ("x\u202eyz", "xyz"),
        ("Caf\u00e9", "Caf\u00e9"),
        ("Cafe\u0301", "Caf\u00e9"),
        ("\u0939\u093f\u0928\u094d\u0926\u0940 \u0938\u0947\u0935\u093e", "हिन्दी-सेवा"),
        ("___a___", "a"),
        ("A'\u0300", "\u00c0"),
        ("a\ud800b", "a-b"),
    ],
)
def test_safe_component_examples(text: str, expected: str) -> None:
    assert safe_component(text, fallback="case") == expected


def test_fallback_is_whatever_the_caller_names() -> None:
    assert safe_component("..", fallback="agency") == "agency"


def test_unsafe_fallback_is_refused() -> None:
    with pytest.raises(ValueError):
        safe_component("x", fallback="../x")
    with pytest.raises(ValueError):
        safe_component("x", fallback="")


def test_long_text_is_cut_and_ends_in_its_hash() -> None:
    text = "a" * 300
    name = safe_component(text, fallback="case")
    assert len(name) == MAX_COMPONENT
    assert name == "a" * (MAX_COMPONENT - 7) + "-" + _hash6(text)


def test_long_texts_with_the_same_start_stay_distinct() -> None:
    first = safe_component("a" * 100 + "1", fallback="case")
    second = safe_component("a" * 100 + "2", fallback="case")
    assert first != second
    assert len(first) == len(second) == MAX_COMPONENT


def test_cut_never_leaves_a_doubled_hyphen() -> None:
    text = "a" * (MAX_COMPONENT - 8) + " " + "b" * 50
    name = safe_component(text, fallback="case")
    assert "--" not in name
    assert name.endswith("-" + _hash6(text))


@settings(max_examples=500)
@given(_TEXT)
def test_safe_component_is_always_a_safe_name(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.getbasetemp()
    name = safe_component(text, fallback="case")
    assert name
    assert name not in {".", ".."}
    assert not {"/", "\\", "\x00"} & set(name)
    assert not any(unicodedata.category(char) == "Cc" for char in name)
    assert name[-1] not in ". "
    assert len(name) <= MAX_COMPONENT
    assert pathvalidate.is_valid_filename(name, platform="universal", fs_encoding="utf-8")
    assert pathvalidate.is_valid_filename(name, platform="windows", fs_encoding="utf-8")
    assert (folder / name).resolve().parent == folder.resolve()
    assert safe_component(text, fallback="case") == name
    # A safe name survives another pass unchanged, so it can be used as a part.
    assert safe_component(name, fallback="case") == name


def test_safe_name_stays_in_the_folder(tmp_path: Path) -> None:
    for text in ["../../etc/passwd", "..\\..\\Windows", "/", "\\\\server\\share", "C:", "~"]:
        name = safe_component(text, fallback="case")
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_agency_stems_plain_names_are_kept() -> None:
    assert agency_file_stems(["Children's Social Care", "Police"]) == {
        "Children's Social Care": "Childrens-Social-Care",
        "Police": "Police",
    }


def test_agency_stems_differing_only_in_case_both_get_hashes() -> None:
    stems = agency_file_stems(["Health", "HEALTH", "Police"])
    assert stems == {
        "Health": "Health-" + _hash6("Health"),
        "HEALTH": "HEALTH-" + _hash6("HEALTH"),
        "Police": "Police",
    }


def test_agency_stems_differing_only_in_unicode_form_are_distinct() -> None:
    nfc = unicodedata.normalize("NFC", "Café")
    nfd = unicodedata.normalize("NFD", "Café")
    stems = agency_file_stems([nfc, nfd])
    assert stems[nfc] == "Café-" + _hash6(nfc)
    assert stems[nfd] == "Café-" + _hash6(nfd)
    assert stems[nfc] != stems[nfd]


def test_agency_stems_never_take_the_actions_name() -> None:
    assert agency_file_stems(["Actions"]) == {"Actions": "actions-agency"}
    stems = agency_file_stems(["actions", "ACTIONS.", "actions agency"])
    assert all(_folded(stem) != "actions" for stem in stems.values())
    assert len({_folded(stem) for stem in stems.values()}) == 3


def test_agency_stems_empty_names_fall_back_to_agency() -> None:
    assert agency_file_stems(["..."]) == {"...": "agency"}
    stems = agency_file_stems(["", "Agency"])
    assert stems == {"": "agency-" + _hash6(""), "Agency": "Agency-" + _hash6("Agency")}


def test_agency_stems_cannot_be_taken_by_a_name_that_looks_like_a_hashed_one() -> None:
    lookalike = "Health-" + _hash6("Health")
    stems = agency_file_stems(["Health", "HEALTH", lookalike])
    assert len({_folded(stem) for stem in stems.values()}) == 3
    assert agency_file_stems([lookalike, "HEALTH", "Health"]) == stems


def test_agency_stems_of_long_names_stay_within_the_limit() -> None:
    long_name = "Regional " * 20
    stems = agency_file_stems([long_name, long_name.upper()])
    assert all(len(stem) <= MAX_COMPONENT for stem in stems.values())
    assert stems[long_name].endswith("-" + _hash6(long_name))
    assert stems[long_name] != stems[long_name.upper()]


def test_agency_stems_repeated_names_map_once() -> None:
    assert agency_file_stems(["Police", "Police"]) == {"Police": "Police"}


def test_agency_stems_are_exactly_repeatable() -> None:
    agencies = ["Health", "HEALTH", "Café", "Cafe\u0301", "actions", "", "Police"]
    first = agency_file_stems(agencies)
    assert agency_file_stems(list(agencies)) == first
    assert agency_file_stems(reversed(agencies)) == first
    assert safe_component("Children's Social Care", fallback="agency") == safe_component(
        "Children's Social Care", fallback="agency"
    )


@settings(max_examples=300)
@given(st.lists(_TEXT, max_size=12), st.randoms(use_true_random=False))
def test_agency_stems_are_unique_and_order_free(agencies: list[str], rnd: random.Random) -> None:
    stems = agency_file_stems(agencies)
    assert set(stems) == set(agencies)
    folded = [_folded(stem) for stem in stems.values()]
    assert len(set(folded)) == len(folded)
    assert "actions" not in folded
    for stem in stems.values():
        assert len(stem) <= MAX_COMPONENT
        assert safe_component(stem, fallback="agency") == stem
    shuffled = list(agencies)
    rnd.shuffle(shuffled)
    assert agency_file_stems(shuffled) == stems


@given(st.lists(st.sampled_from(["Health", "HEALTH", "health", "Heal th", "Health."]), max_size=6))
def test_agency_stems_unique_for_near_identical_names(agencies: list[str]) -> None:
    stems = agency_file_stems(agencies)
    folded = [_folded(stem) for stem in stems.values()]
    assert len(set(folded)) == len(folded)


def test_the_lead_professionals_agency_stem_says_so() -> None:
    agencies = ["Children's Social Care", "Police"]
    assert agency_file_stems(agencies, lead="Children's Social Care") == {
        "Children's Social Care": "Childrens-Social-Care_lead-professional",
        "Police": "Police",
    }
    # A Lead Professional whose agency has no file of its own: no stem says so.
    assert agency_file_stems(agencies, lead="Youth Service") == agency_file_stems(agencies)


def test_an_agency_named_like_the_leads_stem_cannot_take_it() -> None:
    agencies = ["Health", "Health_lead professional"]
    stems = agency_file_stems(agencies, lead="Health")
    assert stems["Health"] == f"Health-{_hash6('Health')}{LEAD_TAIL}"
    assert _folded(stems["Health"]) != _folded(stems["Health_lead professional"])
    assert not stems["Health_lead professional"].endswith(LEAD_TAIL)


@settings(max_examples=200)
@given(st.lists(_TEXT, min_size=1, max_size=8), st.data())
def test_the_lead_stem_is_unique_safe_and_ends_the_name(
    agencies: list[str], data: st.DataObject
) -> None:
    lead = data.draw(st.sampled_from(agencies))
    stems = agency_file_stems(agencies, lead=lead)
    folded = [_folded(stem) for stem in stems.values()]
    assert len(set(folded)) == len(folded)
    assert stems[lead].endswith(LEAD_TAIL)
    # The tail is added after the cut, so the stem with it may be longer than a component.
    stem = stems[lead].removesuffix(LEAD_TAIL)
    assert safe_component(stem, fallback="agency") == stem
    assert agency_file_stems(list(reversed(agencies)), lead=lead) == stems
    name = export_file_name(date(2026, 11, 26), "儿童保护案件参考" * 10, stems[lead], ".txt")
    assert name.endswith(f"{LEAD_TAIL}.txt")
    assert pathvalidate.is_valid_filename(name, platform="universal", fs_encoding="utf-8")
    assert len(name.encode("utf-8")) < 255 - 20  # room for the writer's temp-file prefix


def test_export_file_name_examples() -> None:
    day = date(2026, 11, 26)
    assert export_file_name(day, "PN-4471", "actions", ".md") == "2026-11-26_PN-4471_actions.md"
    assert (
        export_file_name(day, "PN-4471", "Childrens-Social-Care", ".md")
        == "2026-11-26_PN-4471_Childrens-Social-Care.md"
    )
    assert export_file_name(day, "../..", "actions", ".md") == "2026-11-26_case_actions.md"
    assert export_file_name(day, "CON", "actions", ".txt") == "2026-11-26_CON__actions.txt"


def test_export_file_name_takes_only_the_day_of_a_datetime() -> None:
    name = export_file_name(datetime(2026, 11, 26, 9, 30), "PN-4471", "actions", ".md")
    assert name == "2026-11-26_PN-4471_actions.md"


@pytest.mark.parametrize(
    "part",
    ["", "../x", "a/b", "CON", "a" * (MAX_COMPONENT + 1), "a" * (MAX_COMPONENT + 1) + LEAD_TAIL],
)
def test_export_file_name_refuses_an_unsafe_part(part: str) -> None:
    with pytest.raises(ValueError):
        export_file_name(date(2026, 11, 26), "PN-4471", part, ".md")


@pytest.mark.parametrize("suffix", ["", "md", "./md", ".m/d", ".md.", ". md"])
def test_export_file_name_refuses_an_odd_suffix(suffix: str) -> None:
    with pytest.raises(ValueError):
        export_file_name(date(2026, 11, 26), "PN-4471", "actions", suffix)


@settings(max_examples=200)
@given(_TEXT, _TEXT)
def test_export_file_name_stays_in_the_folder(
    tmp_path_factory: pytest.TempPathFactory, case: str, agency: str
) -> None:
    folder = tmp_path_factory.getbasetemp()
    part = agency_file_stems([agency])[agency]
    name = export_file_name(date(2026, 11, 26), case, part, ".md")
    assert pathvalidate.is_valid_filename(name, platform="universal", fs_encoding="utf-8")
    assert (folder / name).resolve().parent == folder.resolve()


def test_long_non_latin_names_fit_in_255_bytes(tmp_path: Path) -> None:
    import datetime as dt

    from rethink_cli.export.filenames import (
        MAX_COMPONENT_BYTES,
        agency_file_stems,
        export_file_name,
    )

    case = "儿童保护案件参考" * 10
    agency = "😀社会服务机构" * 12
    stem = agency_file_stems([agency])[agency]
    assert len(stem.encode("utf-8")) <= MAX_COMPONENT_BYTES
    name = export_file_name(dt.date(2026, 11, 26), case, stem, ".md")
    assert len(name.encode("utf-8")) < 255 - 20  # room for the writer's temp-file prefix
    (tmp_path / name).write_text("x", "utf-8")
