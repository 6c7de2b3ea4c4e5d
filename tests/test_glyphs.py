"""An 8-bit console (cp1252, ASCII) shows a plain stand-in for each of the program's symbols.

Git Bash, a legacy Windows console and an ASCII locale cannot encode "●", "✓",
"★", "█" or "❯": without ui.glyphs, Rich stops with a UnicodeEncodeError and
prompt_toolkit prints "?" for each.
"""

from __future__ import annotations

import io

import pytest
from prompt_toolkit.output import create_output
from rich.console import Console

from rethink_cli.core.attendee import Attendee
from rethink_cli.formats.texts import step
from rethink_cli.ui import glyphs
from rethink_cli.ui.screen import RichScreen

SYMBOLS = "●◉○✓✗★❯›█░▀▄·…"


def _stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, write_through=True)


def _written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode(stream.encoding)


def test_every_stand_in_is_one_plain_character() -> None:
    # One for one, so the lines Rich and prompt_toolkit measured keep their width.
    for original, stand_in in glyphs._STAND_INS.items():
        assert len(original) == 1
        assert len(stand_in) == 1 and stand_in.isascii() and stand_in.isprintable(), original


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        # cp1252 has "›", "·" and "…" of its own: only what it lacks is replaced.
        ("cp1252", "#@o+x*>›#.^_·…"),
        ("ascii", "#@o+x*>>#.^_|."),
        ("utf-8", SYMBOLS),
    ],
)
def test_a_console_shows_what_its_encoding_can(encoding: str, expected: str) -> None:
    assert glyphs.plain(SYMBOLS, encoding) == expected
    stream = _stream(encoding)
    glyphs.use_stand_ins(stream)
    stream.write(SYMBOLS)
    assert _written(stream) == expected


def test_a_character_with_no_stand_in_is_still_written() -> None:
    stream = _stream("ascii")
    glyphs.use_stand_ins(stream)
    stream.write("Zoë ☃")
    assert _written(stream) == "Zo? ?"


def test_without_stand_ins_the_console_would_refuse() -> None:
    # The failure this module exists for: proves the test streams are strict.
    with pytest.raises(UnicodeEncodeError):
        _stream("cp1252").write("●")


def _draw_a_go_round(stream: io.TextIOWrapper) -> str:
    console = Console(file=stream, force_terminal=True, width=80, color_system=None)
    screen = RichScreen(console, large=True)
    screen.step_header(step(4), minutes=12)
    lead = Attendee("Sam Patel", "Social worker", "Children's Social Care")
    nxt = Attendee("Jo Reed", "Health visitor", "Health Visiting")
    screen.speaker(lead, turn=1, total=2, upcoming=nxt, is_lead=True)
    screen.time_shared([(lead, 90.0, 60.0), (nxt, 30.0, 60.0)])
    return _written(stream)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_the_step_header_and_a_large_speaker_draw_on_an_8_bit_console(encoding: str) -> None:
    stream = _stream(encoding)
    glyphs.use_stand_ins(stream)
    shown = _draw_a_go_round(stream)
    # Steps 1-3 done, step 4 current, the rest to come; the Lead's star; the bars.
    assert "# # # @ o o o o o" in shown
    assert "* Lead Professional" in shown
    assert "###" in shown
    for symbol in "●◉○★█░":
        assert symbol not in shown
    # The speaker's name in half-block capitals would be a jumble of stand-ins:
    # it is shown in ordinary text instead.
    assert "Sam Patel" in shown
    assert "^" not in shown and "_" not in shown
    # No "?" for a missing character: only the questions the texts themselves ask.
    unicode = _draw_a_go_round(_stream("utf-8"))
    assert shown.count("?") == unicode.count("?")


def test_prompt_toolkit_writes_stand_ins_through_the_text_only_stdout() -> None:
    stream = _stream("cp1252")
    glyphs.use_stand_ins(stream)
    output = create_output(stdout=glyphs.TextOnlyStdout(stream))  # type: ignore[arg-type]
    output.write("❯ Yes · ● done")
    output.flush()
    assert _written(stream) == "> Yes · # done"


def test_prompt_toolkit_alone_would_print_question_marks() -> None:
    # Why the text-only stdout is needed: given the stream itself, prompt_toolkit
    # encodes with "?" and never reaches the stream's error handler.
    stream = _stream("cp1252")
    glyphs.use_stand_ins(stream)
    output = create_output(stdout=stream)
    output.write("❯ Yes")
    output.flush()
    assert _written(stream) == "? Yes"
