"""Every input file is read as people save it, and a slip in one is said in one clear line.

A record, a review, a plan, an agreement and the config are each read with a
byte-order mark (old Windows Notepad), with CRLF line ends, and with both. A
file saved in another encoding, a Windows path in double quotes and a date
written day first each get one line that says what to change; a file of
another kind is named as one; every kind is refused by its size before a byte
of it is read. A record that is valid but looks odd is used, with warnings.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from typer.testing import CliRunner

from rethink_cli.cli.app import app, run
from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.formats import reading
from rethink_cli.formats.agreement import load_agreement_file
from rethink_cli.formats.config import load_config
from rethink_cli.formats.plan import load_plan
from rethink_cli.formats.reading import LIMITS
from rethink_cli.formats.record import parse_record
from rethink_cli.formats.record_warnings import record_warnings
from rethink_cli.formats.review import load_review
from rethink_cli.formats.toml import load_record
from rethink_cli.formats.toml_hints import day_first_date
from tests.conftest import SAMPLE
from tests.test_formats import AGREEMENT, CONFIG, PLAN, REVIEW

Loader = Callable[[Path], object]

# Each input kind: a valid file of it as data, and the program's own loader.
KINDS: dict[str, tuple[dict[str, Any], Loader]] = {
    "record": (SAMPLE, load_record),
    "review": (REVIEW, load_review),
    "plan": (PLAN, load_plan),
    "agreement": (AGREEMENT, load_agreement_file),
    "config": (CONFIG, load_config),
}
# As people save files: Notepad's byte-order mark, Windows line ends, or both.
SAVED_AS: dict[str, Callable[[str], bytes]] = {
    "bom": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom-and-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def toml_of(data: dict[str, Any]) -> str:
    return tomli_w.dumps(data)


def refusal(load: Loader, path: Path) -> InvalidRecordError:
    with pytest.raises(InvalidRecordError) as raised:
        load(path)
    return raised.value


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    """The real program in-process: its exit code, stdout, and stderr's lines."""
    code = run(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err.splitlines()


# ------------------------------------------------------------------ BOM and CRLF


@pytest.mark.parametrize("saved", SAVED_AS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_reads_with_a_bom_and_crlf(tmp_path: Path, kind: str, saved: str) -> None:
    data, load = KINDS[kind]
    text = toml_of(data)
    # The same name in another folder: an agreement takes its name from its file's.
    (tmp_path / "plain").mkdir()
    plain = load(write(tmp_path / "plain" / f"{kind}.toml", text))
    windows = write(tmp_path / f"{kind}.toml", SAVED_AS[saved](text))
    assert load(windows) == plain


def test_a_second_bom_is_not_dropped(tmp_path: Path) -> None:
    # One mark is how Notepad saves; two is damage, and is said as a TOML problem.
    path = write(tmp_path / "two.toml", b"\xef\xbb\xbf\xef\xbb\xbf" + toml_of(CONFIG).encode())
    assert "is not valid TOML" in refusal(load_config, path).message


def test_crlf_inside_multi_line_text_leaves_no_carriage_return(tmp_path: Path) -> None:
    agreement = (
        'title = "How we work"\r\n'
        'intro = """\r\nWe listen.\r\nWe keep to time."""\r\n'
        "[[points]]\r\n"
        'title = "Listening"\r\n'
        "text = '''\r\nOne voice at a time.\r\nNo interrupting.'''\r\n"
    )
    loaded = load_agreement_file(
        write(tmp_path / "ours.toml", b"\xef\xbb\xbf" + agreement.encode())
    )
    assert loaded.intro == "We listen.\nWe keep to time."
    assert loaded.points[0].text == "One voice at a time.\nNo interrupting."

    data = copy.deepcopy(SAMPLE)
    data["meeting"].update(strategy=2, independent_facilitator=False)
    lines = toml_of(data).split("\n")
    lines.insert(1, 'outcome_summary = """\nAgreed a plan.\nReview in January."""')
    record = load_record(write(tmp_path / "record.toml", "\r\n".join(lines).encode()))
    assert record.outcome_summary == "Agreed a plan.\nReview in January."


def test_actions_check_reads_a_notepad_record(tmp_path: Path) -> None:
    path = write(tmp_path / "record.toml", SAVED_AS["bom-and-crlf"](toml_of(SAMPLE)))
    result = CliRunner().invoke(app, ["actions", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{path} is a valid record: 3 actions, 4 agencies.\n"


# ------------------------------------------------------------------ another encoding


def test_a_cp1252_file_is_told_to_be_saved_as_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(SAMPLE)
    data["attendees"][1]["name"] = "Zoë Reed"
    text = toml_of(data)
    line = text.split("\n").index('name = "Zoë Reed"') + 1
    path = write(tmp_path / "record.toml", text.encode("cp1252"))
    code, _, err = cli(["actions", "check", str(path)], capsys)
    assert code == 3
    assert err == [
        f"Error: {path} is not UTF-8 text (line {line} has a character saved another way): "
        "open it and save it again as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)."
    ]


def test_the_line_is_counted_from_the_start_even_after_a_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", b'\xef\xbb\xbfminutes = 90\nfacilitator = "Zo\xeb"\n')
    assert "(line 2 has a character" in refusal(load_config, path).message


def test_a_utf16_file_is_named_as_one(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.toml", toml_of(PLAN).encode("utf-16"))
    assert refusal(load_plan, path).message == (
        f"{path} is not UTF-8 text (it is saved as UTF-16): open it and save it again as UTF-8 "
        "(in Notepad: File, Save as, Encoding: UTF-8)."
    )


# ------------------------------------------------------------------ Windows paths


def test_a_backslash_path_in_the_config_gets_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RETHINK_CONFIG_DIR", str(tmp_path))
    path = write(tmp_path / "config.toml", 'export_folder = "C:\\Users\\alex\\Documents"\n')
    code, _, err = cli(["config", "show"], capsys)
    assert code == 3
    assert err == [
        f"Error: {path} is not valid TOML at line 1: a backslash (\\) in double quotes starts an "
        "escape; write export_folder = 'C:\\Users\\alex\\Documents' (single quotes) or "
        '"C:/Users/alex/Documents" (forward slashes).'
    ]
    # The fix it gives reads, as either of the two.
    write(path, "export_folder = 'C:\\Users\\alex\\Documents'\n")
    assert load_config(path).export_folder == tmp_path / "C:\\Users\\alex\\Documents"
    write(path, 'export_folder = "C:/Users/alex/Documents"\n')
    assert load_config(path).export_folder == tmp_path / "C:/Users/alex/Documents"


@pytest.mark.parametrize(
    ("written", "advised"),
    [
        ('"C:\\Documents"', "'C:\\Documents'"),  # \D is no escape at all
        ('"C:\\temp\\"', "'C:\\temp\\'"),  # the last backslash escapes the closing quote
    ],
)
def test_other_backslash_paths_get_the_fix_too(tmp_path: Path, written: str, advised: str) -> None:
    path = write(tmp_path / "config.toml", f"minutes = 90\nexport_folder = {written}\n")
    message = refusal(load_config, path).message
    assert message.startswith(f"{path} is not valid TOML at line 2: a backslash (\\)")
    assert f"export_folder = {advised} (single quotes)" in message


def test_a_path_whose_backslashes_made_escapes_gets_the_fix(tmp_path: Path) -> None:
    # Valid TOML: "\n" and "\t" are escapes, so the folder holds a line break and a tab.
    path = write(tmp_path / "config.toml", 'export_folder = "C:\\new\\test"\n')
    assert refusal(load_config, path).details == [
        "export_folder: must not contain line breaks; a backslash (\\) in double quotes starts "
        "an escape; write export_folder = 'C:\\new\\test' (single quotes) or \"C:/new/test\" "
        "(forward slashes)"
    ]


def test_a_line_break_in_other_text_is_not_taken_for_a_path(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", 'facilitator = "Alex\\nMorgan"\n')
    assert refusal(load_config, path).details == ["facilitator: must not contain line breaks"]


# ------------------------------------------------------------------ dates written day first


def _record_text_with_due(due: str) -> tuple[str, int]:
    """The sample record with its second action's due date written as ``due``, and its line."""
    lines = toml_of(SAMPLE).split("\n")
    line = lines.index("due = 2026-12-02")
    lines[line] = f"due = {due}"
    return "\n".join(lines), line + 1


def test_a_day_first_date_says_how_to_write_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = _record_text_with_due("02/12/2026")
    path = write(tmp_path / "record.toml", text)
    code, _, err = cli(["actions", "check", str(path)], capsys)
    assert code == 3
    assert err == [
        f"Error: {path} is not valid TOML at line {line}: write the date year-month-day with "
        "no quotes: due = 2026-12-02 (not 02/12/2026)."
    ]


def test_a_day_first_date_that_is_no_date_still_says_how(tmp_path: Path) -> None:
    text, line = _record_text_with_due("31/02/2026")
    path = write(tmp_path / "record.toml", text)
    assert refusal(load_record, path).message == (
        f"{path} is not valid TOML at line {line}: write the date year-month-day with no "
        "quotes, such as due = 2026-12-04 (31/02/2026 is not a date)."
    )


def test_a_quoted_day_first_date_says_how_to_write_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = _record_text_with_due('"02/12/2026"')
    path = write(tmp_path / "record.toml", text)
    code, _, err = cli(["actions", "check", str(path)], capsys)
    assert code == 3
    assert err == [
        f"Error: The record in {path} has 1 problem.",
        "  actions[2].due: must be a TOML date, year-month-day with no quotes: write "
        'due = 2026-12-02, not "02/12/2026"',
    ]


def test_a_quoted_date_in_a_review_says_how_too(tmp_path: Path) -> None:
    data = copy.deepcopy(REVIEW)
    data["review"]["date"] = "8/1/2027"
    path = write(tmp_path / "review.toml", toml_of(data))
    assert refusal(load_review, path).details == [
        "review.date: must be a TOML date, year-month-day with no quotes: write date = "
        '2027-01-08, not "8/1/2027"'
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("02/12/2026", dt.date(2026, 12, 2)),
        ("2.12.26", dt.date(2026, 12, 2)),
        ("31-12-2026", dt.date(2026, 12, 31)),
        ("12/31/2026", None),  # month first: not a day-first date
        ("29/02/2027", None),
        ("2026-12-02", None),
    ],
)
def test_day_first_dates(text: str, day: dt.date | None) -> None:
    assert day_first_date(text) == day


# ------------------------------------------------------------------ a file of another kind


def test_a_review_given_to_actions_check_is_named_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "review.toml", toml_of(REVIEW))
    for args in (["check"], ["render", "--out", str(tmp_path)]):
        code, _, err = cli(["actions", *args, str(path)], capsys)
        assert code == 3
        assert err == [
            f"Error: {path} is a review record, not a meeting's actions record: give the "
            "meeting's own record (its name ends _actions.toml)."
        ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.toml"]


@pytest.mark.parametrize(
    ("data", "load", "said"),
    [
        (
            SAMPLE,
            load_plan,
            "is a meeting's actions record, not a plan: give a plan written by "
            "'rethink session prepare'.",
        ),
        (
            SAMPLE,
            load_agreement_file,
            "is a meeting's actions record, not a group agreement: give a group agreement "
            "file shaped like the default one.",
        ),
        (
            SAMPLE,
            load_review,
            "is a meeting's actions record, not a review record: give a review record "
            "written by 'rethink review'.",
        ),
        (
            PLAN,
            load_record,
            "is a plan, not a meeting's actions record: give the meeting's own record "
            "(its name ends _actions.toml).",
        ),
        (
            REVIEW,
            load_config,
            "is a review record, not a config file: it holds your settings only "
            "('rethink config show' lists them).",
        ),
    ],
    ids=[
        "record-as-plan",
        "record-as-agreement",
        "record-as-review",
        "plan-as-record",
        "review-as-config",
    ],
)
def test_a_file_of_another_kind_is_named_in_one_line(
    tmp_path: Path, data: dict[str, Any], load: Loader, said: str
) -> None:
    path = write(tmp_path / "given.toml", toml_of(data))
    refused = refusal(load, path)
    assert refused.message == f"{path} {said}"
    assert refused.details == []


def test_a_record_whose_only_slip_is_its_schema_line_is_still_a_record(tmp_path: Path) -> None:
    path = write(tmp_path / "record.toml", toml_of({**SAMPLE, "schema": "rethink-review/1"}))
    refused = refusal(load_record, path)
    assert refused.message == f"The record in {path} has 1 problem."
    assert refused.details == ['schema: must be "rethink-actions/1"']


# ------------------------------------------------------------------ size


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_refused_by_its_size_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    def no_reading(*_: object) -> bytes:
        raise AssertionError("an over-limit file was read")

    monkeypatch.setattr(reading, "_read_at_most", no_reading)
    path = tmp_path / f"{kind}.toml"
    with path.open("wb") as handle:  # sparse: no disk used, however large
        handle.truncate(LIMITS[kind] + 1)
    refused = refusal(KINDS[kind][1], path)
    assert refused.message.startswith(f"{path} is too large for a {kind} file (")
    assert refused.message.endswith(" MB).")
    assert "\n" not in refused.message
    assert refused.details == []


def test_the_limits_hold_what_rethink_promises() -> None:
    # Records and reviews hold the 10,000 actions render is budgeted for; the rest 1 MiB.
    assert LIMITS["record"] == LIMITS["review"] == 8 * 1024 * 1024
    assert LIMITS["plan"] == LIMITS["agreement"] == LIMITS["config"] == 1024 * 1024


# ------------------------------------------------------------------ warnings


def test_a_sample_record_has_no_warnings() -> None:
    assert record_warnings(parse_record(SAMPLE)) == []


def test_an_owner_listed_under_another_agency_is_warned() -> None:
    data = copy.deepcopy(SAMPLE)
    data["actions"][1]["agency"] = "Education"
    assert record_warnings(parse_record(data)) == [
        "action 2: Priya Shah is from Education here but from School in attendees; "
        "check which is right"
    ]
    # Compared as people are compared: case and spacing are no difference.
    data["actions"][1]["agency"] = " school"
    assert record_warnings(parse_record(data)) == []


def test_an_owner_who_sent_apologies_is_checked_against_that_entry() -> None:
    data = copy.deepcopy(SAMPLE)
    data["apologies"] = [{"name": "Dr Lee", "role": "GP", "agency": "Health Centre"}]
    assert record_warnings(parse_record(data)) == [
        "action 3: Dr Lee is from GP Practice here but from Health Centre in apologies; "
        "check which is right"
    ]


def test_the_same_name_with_two_agencies_is_warned() -> None:
    data = copy.deepcopy(SAMPLE)
    data["attendees"].append({"name": "jo reed", "role": "Nurse", "agency": "School Nursing"})
    assert record_warnings(parse_record(data)) == [
        "attendees[2], attendees[4] have the same name, Jo Reed, with different agencies "
        "(Health Visiting, School Nursing): if they are one person, keep one of them"
    ]


def test_the_same_person_twice_is_still_refused() -> None:
    data = copy.deepcopy(SAMPLE)
    data["attendees"].append({"name": "Jo Reed", "role": "Nurse", "agency": "Health Visiting"})
    with pytest.raises(InvalidRecordError):
        parse_record(data)


def test_someone_both_here_and_sending_apologies_is_warned() -> None:
    data = copy.deepcopy(SAMPLE)
    data["apologies"] = [{"name": "Jo Reed", "role": "Health visitor", "agency": "Health Visiting"}]
    assert record_warnings(parse_record(data)) == [
        "Jo Reed (Health Visiting) is listed both as attending and as sending apologies"
    ]


def test_an_action_due_after_the_review_is_warned() -> None:
    data = copy.deepcopy(SAMPLE)
    data["actions"][2]["due"] = dt.date(2027, 1, 11)
    assert record_warnings(parse_record(data)) == [
        "action 3 is due 11/01/2027, after the review on 08/01/2027: the review cannot hear "
        "whether it was done"
    ]
    data["actions"][2]["due"] = dt.date(2027, 1, 8)  # due on the review's day is fine
    assert record_warnings(parse_record(data)) == []


def _odd_record() -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    data["actions"][1]["agency"] = "Education"
    data["actions"][2]["due"] = dt.date(2027, 1, 11)
    return data


def test_actions_check_shows_warnings_and_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "record.toml", toml_of(_odd_record()))
    code, out, err = cli(["actions", "check", str(path)], capsys)
    assert code == 0
    assert err == []
    assert out.splitlines() == [
        f"{path} is a valid record: 3 actions, 5 agencies (2 warnings).",
        "Warning: action 2: Priya Shah is from Education here but from School in attendees; "
        "check which is right",
        "Warning: action 3 is due 11/01/2027, after the review on 08/01/2027: the review "
        "cannot hear whether it was done",
    ]


def test_actions_render_writes_the_files_and_warns_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "record.toml", toml_of(_odd_record()))
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    code, out, err = cli(["actions", "render", str(path), "--out", str(out_folder)], capsys)
    assert code == 0
    assert out.startswith("Wrote ")
    assert "Warning" not in out
    assert [line for line in err if line.startswith("Warning: ")] == [
        "Warning: action 2: Priya Shah is from Education here but from School in attendees; "
        "check which is right",
        "Warning: action 3 is due 11/01/2027, after the review on 08/01/2027: the review "
        "cannot hear whether it was done",
    ]
    assert any(out_folder.iterdir())
