"""`rethink agreement list|show`: the shipped agreements and an organisation's own file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rethink_cli.cli.app import run
from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats.agreement import (
    POINT_TITLE_MAX,
    agreement_lines,
    agreement_problems,
    load_agreement,
    load_agreement_file,
    packaged_agreement_names,
)
from rethink_cli.formats.packaged import load_packaged_toml

GOOD: dict[str, Any] = {
    "title": "How Northside teams work in a Re-think",
    "intro": "Agree these before anyone starts.",
    "points": [
        {"title": "Partnership", "text": "We work as partners."},
        {
            "title": "Confidentiality",
            "text": "It stays in the room.",
            "details": ["Only this family.", "Actions go on each agency's file."],
        },
    ],
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def write(tmp_path: Path, data: dict[str, Any], name: str = "northside.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


# --- the shipped agreements -------------------------------------------------


def test_shipped_names() -> None:
    assert packaged_agreement_names() == ["default", "short"]


@pytest.mark.parametrize("name", ["default", "short"])
def test_shipped_agreements_pass_the_strict_check(name: str) -> None:
    raw = load_packaged_toml(f"{name}.toml")
    assert agreement_problems(raw) == []
    assert raw["name"] == name


def test_load_agreement_keeps_working() -> None:
    agreement = load_agreement()
    assert agreement.name == "default"
    assert len(agreement.points) == 8
    confidentiality = next(p for p in agreement.points if p.title == "Confidentiality")
    assert len(confidentiality.details) == 3


def test_short_agreement_covers_every_point_in_five() -> None:
    # Offered as the same agreement, so every point of the default one is here,
    # each in fewer words: one idea per point and per detail of default.toml.
    short = load_agreement("short")
    assert len(short.points) == 5
    words = _flat(" ".join(f"{p.title} {p.text} {' '.join(p.details)}" for p in short.points))
    for idea in (
        "partners, with each other and with the family",  # partnership
        "same room to speak",  # an equal voice
        "join in the reflection",  # ... stepping up into it
        "step back to let others in",  # ... and back
        "listen properly",  # real listening
        "ways forward that differ from ours",  # ... open to other ways forward
        "honestly and openly",  # openness
        "nothing hidden",  # ... transparency
        "confidential",  # confidentiality
        "only this child and family",  # ... only the focus family
        "escalated, in a way we agree together",  # ... practice concerns
        "each agency records the agreed actions",  # ... recording on each file
        "child and family come first",  # the child at the centre
        "curious questions",  # curious questions
        "respectful challenge",  # ... and challenge
        "carry out what we agree",  # commitment
        "report back at the review",  # ... and reporting back
    ):
        assert idea in words.lower(), idea
    assert sum(len(p.details) for p in short.points) == 3


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["agreement", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"default  {load_agreement('default').title}"
    assert lines[1] == f"short    {load_agreement('short').title}"
    assert "facilitator" not in "\n".join(lines)


@pytest.mark.parametrize("argv", [["agreement", "show"], ["agreement", "show", "default"]])
def test_show_default_point_by_point(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(argv) == 0
    out = capsys.readouterr().out
    agreement = load_agreement("default")
    assert out.startswith(agreement.title + "\n")
    flat = _flat(out)
    for number, point in enumerate(agreement.points, start=1):
        assert f"{number}. {point.title}" in out
        assert _flat(point.text) in flat
        for detail in point.details:
            assert f"- {_flat(detail)}" in flat
    assert all(len(line) <= 99 for line in out.splitlines())


def test_show_short(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["agreement", "show", "short"]) == 0
    out = capsys.readouterr().out
    assert "5. We follow through" in out
    assert "6. " not in out


@pytest.mark.parametrize("name", ["nope", "facilitator", "../agreements/default", "DEFAULT"])
def test_unknown_name_is_exit_2_and_lists_the_names(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["agreement", "show", name]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"Error: There is no agreement called {name!r}. Available: default, short."
    ]


def test_agreement_lines_wrap_and_number() -> None:
    lines = agreement_lines(load_agreement("default"), width=45)
    assert all(len(line) <= 45 for line in lines)
    assert "1. Partnership" in lines


# --- an organisation's own file ---------------------------------------------


def test_load_agreement_file(tmp_path: Path) -> None:
    agreement = load_agreement_file(write(tmp_path, GOOD))
    assert agreement.name == "northside"
    assert agreement.title == GOOD["title"]
    assert [p.title for p in agreement.points] == ["Partnership", "Confidentiality"]
    assert agreement.points[1].details == ("Only this family.", "Actions go on each agency's file.")


def test_file_name_and_no_intro(tmp_path: Path) -> None:
    data = {k: v for k, v in GOOD.items() if k != "intro"} | {"name": "northside-v2"}
    agreement = load_agreement_file(write(tmp_path, data))
    assert agreement.name == "northside-v2"
    assert agreement.intro == ""


def test_show_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["agreement", "show", "--file", str(write(tmp_path, GOOD))]) == 0
    out = capsys.readouterr().out
    assert out.startswith(GOOD["title"] + "\n")
    assert "2. Confidentiality" in out
    assert "   - Only this family." in out


def test_multiline_text_keeps_its_paragraphs(tmp_path: Path) -> None:
    data = {**GOOD, "points": [{"title": "Listening", "text": "First line.\nSecond line."}]}
    lines = agreement_lines(load_agreement_file(write(tmp_path, data)))
    assert lines[-2:] == ["   First line.", "   Second line."]


def test_name_and_file_together_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["agreement", "show", "short", "--file", str(write(tmp_path, GOOD))]) == 2
    assert "not both" in capsys.readouterr().err


def _problems(data: dict[str, Any]) -> list[str]:
    return agreement_problems(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"title": None}, ["title: is missing"]),
        ({"title": " "}, ["title: must not be empty"]),
        ({"title": 3}, ["title: must be text in quotes, not a number"]),
        ({"title": "Bell\x07"}, ["title: must not contain control characters"]),
        ({"title": "Two\nlines"}, ["title: must not contain line breaks"]),
        ({"name": True}, ["name: must be text in quotes, not true or false"]),
        ({"intro": ["a"]}, ["intro: must be text in quotes, not a list"]),
        ({"intro": "x" * 1001}, ["intro: must be at most 1000 characters (it has 1001)"]),
        (
            {"colour": "blue"},
            ["colour: is not a field of this agreement (use name, title, intro or points)"],
        ),
        ({"points": None}, ["points: is missing (add a [[points]] table for each one)"]),
        ({"points": []}, ["points: must have at least one [[points]] table"]),
        ({"points": "be kind"}, ["points: must be a list of [[points]] tables, not text"]),
        ({"points": {"title": "x"}}, ["points: must be a list of [[points]] tables, not a table"]),
        (
            {"points": [{"title": "x", "text": "y"}] * 31},
            ["points: must have at most 30 [[points]] tables (it has 31)"],
        ),
        ({"points": ["be kind"]}, ["points[1]: must be a [[points]] table, not text"]),
        ({"points": [{"text": "y"}]}, ["points[1].title: is missing"]),
        ({"points": [{"title": "x"}]}, ["points[1].text: is missing"]),
        (
            {"points": [{"title": "x" * (POINT_TITLE_MAX + 1), "text": "y"}]},
            [f"points[1].title: must be at most {POINT_TITLE_MAX} characters (it has 81)"],
        ),
        (
            {"points": [{"title": "x", "text": "y\x1b[31m"}]},
            ["points[1].text: must not contain control characters"],
        ),
        (
            {"points": [{"title": "x", "text": "y", "weight": 2}]},
            ["points[1].weight: is not a field of this agreement (use title, text or details)"],
        ),
        (
            {"points": [{"title": "x", "text": "y", "details": "z"}]},
            ["points[1].details: must be a list of texts, not text"],
        ),
        (
            {"points": [{"title": "x", "text": "y", "details": ["ok", 5, "\u202eevil"]}]},
            [
                "points[1].details[2]: must be text in quotes, not a number",
                "points[1].details[3]: must not contain invisible formatting characters",
            ],
        ),
    ],
)
def test_every_problem_is_named_by_place(change: dict[str, Any], expected: list[str]) -> None:
    data = {**GOOD, **change}
    data = {k: v for k, v in data.items() if v is not None}
    assert _problems(data) == expected


def test_a_broken_file_is_exit_3_with_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {
        "titel": "Typo",
        "points": [
            {"title": "Partnership", "text": "Fine."},
            {"title": "Listening", "txt": "Typo."},
        ],
    }
    path = write(tmp_path, data)
    assert run(["agreement", "show", "--file", str(path)]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"Error: The agreement in {path} has 4 problems.",
        "  title: is missing",
        "  points[2].text: is missing",
        "  points[2].txt: is not a field of this agreement (use title, text or details)",
        "  titel: is not a field of this agreement (use name, title, intro or points)",
    ]


def test_one_problem_is_singular(tmp_path: Path) -> None:
    path = write(tmp_path, {**GOOD, "title": ""})
    with pytest.raises(InvalidRecordError) as caught:
        load_agreement_file(path)
    assert caught.value.message == f"The agreement in {path} has 1 problem."
    assert caught.value.details == ["title: must not be empty"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No agreement file at"),
        (b"\xff\xfe not utf8", "is not UTF-8 text"),
        (b"title = ", "is not valid TOML"),
    ],
)
def test_unreadable_files_get_one_line_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    path = tmp_path / "agreement.toml"
    if content is not None:
        path.write_bytes(content)
    assert run(["agreement", "show", "--file", str(path)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert expected in err[0]


def test_a_folder_is_not_an_agreement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["agreement", "show", "--file", str(tmp_path)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert "is a folder" in err[0]


def test_the_confidentiality_points_are_found_in_every_shipped_agreement() -> None:
    from rethink_cli.formats.agreement import load_agreement, packaged_agreement_names

    for name in packaged_agreement_names():
        points = load_agreement(name).confidentiality()
        assert points, f"{name}: a late arrival would hear no confidentiality point"
        assert all("confidential" in f"{p.title} {p.text}".lower() for p in points)
