"""The facilitator's own defaults, from a small TOML file; everything works without it.

Example ``config.toml`` (``rethink config path`` shows where it lives)::

    facilitator = "Alex Morgan"
    facilitator_agency = "Independent Reviewing Service"
    minutes = 90
    export_folder = "~/Documents/rethink"
    agreement = "default"        # a shipped name, or a path to your own file
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rethink_cli.core import plaintext
from rethink_cli.core.errors import InvalidRecordError
from rethink_cli.core.timing import MAX_MINUTES, MIN_MINUTES

_KEYS = {
    "facilitator": str,
    "facilitator_agency": str,
    "minutes": int,
    "step_minutes": list,
    "export_folder": str,
    "agreement": str,
}


@dataclass(frozen=True)
class Config:
    facilitator: str | None = None
    facilitator_agency: str | None = None
    minutes: int | None = None
    step_minutes: tuple[int, ...] | None = None
    export_folder: Path | None = None
    agreement: str = "default"

    def shown(self) -> list[tuple[str, str]]:
        """Each setting with its value, or what applies when it is not set."""
        return [
            ("facilitator", self.facilitator or "(asked each session)"),
            ("facilitator_agency", self.facilitator_agency or "(not set)"),
            ("minutes", str(self.minutes or 90) + ("" if self.minutes else " (default)")),
            (
                "step_minutes",
                ", ".join(map(str, self.step_minutes))
                if self.step_minutes
                else "(shared by weight)",
            ),
            (
                "export_folder",
                str(self.export_folder) if self.export_folder else "(current folder)",
            ),
            ("agreement", self.agreement),
        ]


def config_path() -> Path:
    override = os.environ.get("RETHINK_CONFIG_DIR")
    if override:
        return Path(override).expanduser() / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir("rethink", appauthor=False)) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config file's settings; defaults when there is no file (exit 3 if it is broken)."""
    path = path or config_path()
    if not path.exists():
        return Config()
    from rethink_cli.formats.toml import read_toml_file

    raw = read_toml_file(path, what="config")
    problems = config_problems(raw)
    if problems:
        raise InvalidRecordError(
            f"The config file {path} has {len(problems)} problem(s).", details=problems
        )
    folder = raw.get("export_folder")
    steps = raw.get("step_minutes")
    return Config(
        facilitator=raw.get("facilitator"),
        facilitator_agency=raw.get("facilitator_agency"),
        minutes=raw.get("minutes"),
        step_minutes=tuple(steps) if steps else None,
        export_folder=Path(folder).expanduser() if folder else None,
        agreement=raw.get("agreement", "default"),
    )


def config_problems(raw: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for key, value in raw.items():
        wanted = _KEYS.get(key)
        if wanted is None:
            problems.append(f"{key}: is not a setting (known: {', '.join(_KEYS)})")
            continue
        if not isinstance(value, wanted) or isinstance(value, bool):
            kind = {str: "text in quotes", int: "a whole number", list: "a list"}[wanted]
            problems.append(f"{key}: must be {kind}")
            continue
        if isinstance(value, str):
            try:
                plaintext.check_text(value, max_length=plaintext.NAME_MAX * 4)
            except ValueError as error:
                problems.append(f"{key}: {error}")
    minutes = raw.get("minutes")
    if isinstance(minutes, int) and not MIN_MINUTES <= minutes <= MAX_MINUTES:
        problems.append(f"minutes: must be from {MIN_MINUTES} to {MAX_MINUTES}")
    steps = raw.get("step_minutes")
    if isinstance(steps, list) and (
        len(steps) != 9
        or not all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 120 for m in steps)
    ):
        problems.append("step_minutes: must list 9 whole numbers, each from 1 to 120")
    return problems
