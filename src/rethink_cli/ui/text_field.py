"""What a one-line text field lets into its buffer: typed and pasted text alike.

prompt_toolkit inserts whatever arrives. Before it does, here:

- a terminal control string or escape sequence prompt_toolkit does not know is
  dropped whole. It reads ESC, then types the rest in as text, so
  ``ESC ]52;c;SEVMTE8= BEL`` left ``]52;c;SEVMTE8=`` in a name, and a stray
  end-of-paste marker ``ESC [201~`` left ``[201~``;
- direction-changing characters go, and a paste's line breaks become spaces
  (``plaintext.one_line``), so the line on the (projected) screen is the answer;
- nothing goes in past the field's limit, and a note under it says so;
- keys that arrive together (a paste in a terminal without bracketed paste, or
  a flood) go in as one insertion. prompt_toolkit's own work for each key, one
  by one, froze a prompt given 100,000 of them for most of a minute.
"""

from __future__ import annotations

from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.filters import Condition, emacs_insert_mode, is_done, vi_insert_mode
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.key_binding.key_processor import KeyPress
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl

from rethink_cli.core import plaintext
from rethink_cli.dialogs.ports import Cancelled, TextQuestion

# The most a field takes when its question names no limit: more than any field's
# own (``plaintext``), and as long as a path may be (Linux's PATH_MAX).
FIELD_MAX = 4096

# After ESC: the strings (OSC, DCS, APC, PM, SOS) that end only at BEL or ESC \,
# and CSI, whose parameters end at its one final byte.
_STRINGS = frozenset("]P_^X")
_CSI = "["
_CSI_BODY = frozenset(map(chr, range(0x20, 0x40)))
_CSI_FINAL = frozenset(map(chr, range(0x40, 0x7F)))

_insert_mode = emacs_insert_mode | vi_insert_mode


def limit_for(question: TextQuestion) -> int:
    """How many characters ``question``'s field takes: its own limit, or its check's.

    ``dialogs.validators.text_validator`` checks carry the record's limit as
    ``max_length``; a question may also name one.
    """
    named = question.max_length or getattr(question.validate, "max_length", None)
    return named if isinstance(named, int) and named > 0 else FIELD_MAX


class TextField:
    """The key bindings and the note line that keep one text field's buffer plain and short."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        # Inside a control string being dropped, and whether its last key was ESC
        # (ESC \ ends one, as BEL does).
        self._in_string = False
        self._after_escape = False
        # The last insertion was cut at the limit.
        self._cut = False

    def key_bindings(self, *, escape: bool) -> KeyBindings:
        """``escape``: a lone Esc leaves the form (``Cancelled``); a sequence's ESC does not."""
        bindings = KeyBindings()
        inside = Condition(lambda: self._in_string)
        if escape:
            bindings.add(Keys.Escape, eager=True, filter=~inside)(self._escape_or_leave)
        else:
            for intro in [*_STRINGS, _CSI]:
                bindings.add(Keys.Escape, intro, filter=~inside)(self._sequence)
        for key in (Keys.Any, Keys.ControlG, Keys.Escape):
            bindings.add(key, filter=inside, eager=True)(self._drop)
        bindings.add(Keys.Any, filter=~inside & _insert_mode)(self._type)
        bindings.add(Keys.BracketedPaste, filter=~inside)(self._paste)
        return bindings

    def add_note(self, app: Application[Any]) -> None:
        """A line under the field, shown while it is full after something was cut off."""
        container = app.layout.container
        note = f"At most {self.limit} characters fit here: the rest was left out."
        full = Condition(lambda: self._cut and len(app.current_buffer.text) >= self.limit)
        if isinstance(container, HSplit):
            line = Window(FormattedTextControl([("class:validation-toolbar", note)]), height=1)
            container.children.insert(1, ConditionalContainer(line, filter=full & ~is_done))

    # ---------------------------------------------------------------- the keys

    def _type(self, event: KeyPressEvent) -> None:
        # The keys queued behind this one go in with it (see the module's note).
        typed = event.data * min(event.arg, self.limit) + _run(event)
        self._insert(event.current_buffer, typed)

    def _paste(self, event: KeyPressEvent) -> None:
        self._insert(event.current_buffer, event.data)

    def _insert(self, buffer: Buffer, text: str) -> None:
        kept = plaintext.one_line(text)
        room = max(self.limit - len(buffer.text), 0)
        if kept[:room]:
            buffer.insert_text(kept[:room])
        self._cut = len(kept) > room

    def _escape_or_leave(self, event: KeyPressEvent) -> None:
        # A sequence arrives in one piece: its ESC is never the last key read.
        queue = event.app.key_processor.input_queue
        if queue and queue[0].data in {*_STRINGS, _CSI}:
            self._begin(queue.popleft().data, event)
        else:
            event.app.exit(exception=Cancelled())

    def _sequence(self, event: KeyPressEvent) -> None:
        self._begin(event.key_sequence[-1].data, event)

    def _begin(self, intro: str, event: KeyPressEvent) -> None:
        if intro == _CSI:
            _drop_csi(event)
        else:
            self._in_string, self._after_escape = True, False
            _run(event)

    def _drop(self, event: KeyPressEvent) -> None:
        """A key inside a control string: dropped, up to and with BEL or ESC \\."""
        key = event.key_sequence[0]
        ends = key.key == Keys.ControlG or (self._after_escape and key.data == "\\")
        self._after_escape = key.key == Keys.Escape
        if ends:
            self._in_string = False
        elif _plain(key):
            _run(event)
        elif not self._after_escape:
            # A key no string holds (Enter, Ctrl-C): typed by a person, so the
            # string is over and the key does what it always does.
            self._in_string = False
            event.app.key_processor.feed(key, first=True)


def _plain(key: KeyPress) -> bool:
    """A character typed in, not a named key (Enter, Ctrl-U, an arrow)."""
    return not isinstance(key.key, Keys)


def _run(event: KeyPressEvent) -> str:
    """The plain characters queued behind the key being handled, taken off the queue."""
    queue = event.app.key_processor.input_queue
    taken: list[str] = []
    while queue and _plain(queue[0]):
        taken.append(queue.popleft().data)
    return "".join(taken)


def _drop_csi(event: KeyPressEvent) -> None:
    """The rest of a CSI sequence after ESC [: parameters, then one final character."""
    queue = event.app.key_processor.input_queue
    while queue and _plain(queue[0]) and queue[0].data in _CSI_BODY:
        queue.popleft()
    if queue and _plain(queue[0]) and queue[0].data in _CSI_FINAL:
        queue.popleft()
