"""The room file's format: a ``RoomState`` as JSON (``rethink-room/1``).

Plain ``json`` and checks by hand, not pydantic: the room's window reads this file
every time it changes, and starts in a blink on a projector laptop.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from rethink_cli.core.room import RoomAction, RoomState
from rethink_cli.formats.texts import STEP_COUNT

SCHEMA = "rethink-room/1"
# A room file is a few KB; the most actions a session takes, in full, stay far below.
READ_LIMIT = 1 << 20

_NUMBERS = ("step_left", "session_left", "taken_at")
_OPTIONAL_TEXT = ("speaker", "next_speaker", "point_title", "point_text")


def encode(room: RoomState) -> bytes:
    data = {"schema": SCHEMA, **asdict(room)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(payload: bytes) -> RoomState | None:
    """The room state in ``payload``, or None for anything that is not one (never raises)."""
    if len(payload) > READ_LIMIT:
        return None
    try:
        data = json.loads(payload.decode("utf-8"))
        return _room(data) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError):
        # Not JSON, not UTF-8, a field missing or of the wrong kind: not a room file.
        return None


def _room(data: dict[str, Any]) -> RoomState:
    """The room state in ``data``; TypeError (or KeyError) for anything else."""
    if data.get("schema") != SCHEMA:
        raise TypeError("not a room file")
    texts = {key: _optional_text(data.get(key)) for key in _OPTIONAL_TEXT}
    speaker_left = data.get("speaker_left")
    return RoomState(
        case_reference=_text(data.get("case_reference")),
        step=_step(data.get("step")),
        step_left=_number(data["step_left"]),
        session_left=_number(data["session_left"]),
        taken_at=_number(data["taken_at"]),
        speaker=texts["speaker"],
        speaker_left=None if speaker_left is None else _number(speaker_left),
        speaker_held=data.get("speaker_held") is True,
        paused=data.get("paused") is True,
        next_speaker=texts["next_speaker"],
        point_title=texts["point_title"],
        point_text=texts["point_text"],
        point_details=tuple(_text(each) for each in _list(data.get("point_details", []))),
        actions=tuple(_action(each) for each in _list(data.get("actions", []))),
        people=tuple(_person(each) for each in _list(data.get("people", []))),
        review_date=_text(data.get("review_date", "")),
        review_by=_text(data.get("review_by", "")),
    )


def _step(value: object) -> int:
    # The window looks the step's title up: a number of no step is no room file.
    number = _integer(value)
    if not 1 <= number <= STEP_COUNT:
        raise TypeError("no such step")
    return number


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not a whole number")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("not a number")
    return float(value)


def _person(data: object) -> tuple[str, str, str]:
    name, role, agency = (_text(each) for each in _list(data))
    return name, role, agency


def _action(data: object) -> RoomAction:
    if not isinstance(data, dict):
        raise TypeError("not an action")
    texts = [_text(data.get(key, "")) for key in ("what", "owner", "due", "recorded_where")]
    return RoomAction(_integer(data["number"]), *texts)
