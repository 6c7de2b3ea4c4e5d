"""The facilitator's own defaults, from a small TOML file; everything works without it.

Example ``config.toml`` (``rethink config path`` shows where it lives)::

    facilitator = "Alex Morgan"
    minutes = 90
    export_folder = "~/Documents/rethink"
    agreement = "default"        # a shipped name, or a path to your own file

    [area]                       # the names and links your area uses (all optional)
    name = "Portsmouth"
    escalation_protocol = "HIPS Escalation Protocol"
    escalation_protocol_link = "https://example.org/escalation"
    request_form = "Re-think 3: request an independent facilitator"
    request_form_link = "https://example.org/request"

A relative ``agreement`` or ``export_folder`` path is read from the config
file's own folder, so the setting means the same from wherever rethink runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rethink_cli.core.guide_area import Area
from rethink_cli.core.timing import DEFAULT_MINUTES

if TYPE_CHECKING:
    from rethink_cli.formats.config_file import AreaFile


@dataclass(frozen=True)
class Config:
    facilitator: str | None = None
    minutes: int | None = None
    step_minutes: tuple[int, ...] | None = None
    export_folder: Path | None = None
    agreement: str = "default"
    area: Area = field(default_factory=Area)

    def shown(self) -> list[tuple[str, str]]:
        """Each setting with its value, or what applies when it is not set."""
        return [
            ("facilitator", self.facilitator or "(asked each session)"),
            (
                "minutes",
                str(self.minutes or DEFAULT_MINUTES) + ("" if self.minutes else " (default)"),
            ),
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
            *_area_shown(self.area),
        ]


def config_path() -> Path:
    override = os.environ.get("RETHINK_CONFIG_DIR")
    if override:
        return expand_home(Path(override)) / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir("rethink", appauthor=False)) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The config file's settings; defaults when there is no file (exit 3 if it is broken)."""
    path = path or config_path()
    if not _is_there(path):
        return Config()
    # The model loads only when there is a file: most runs have none.
    from rethink_cli.formats.base import read_toml_model
    from rethink_cli.formats.config_file import ConfigFile

    # Read bounded, like every file (``formats.reading``): a pipe or a huge file is one line.
    raw = read_toml_model(path, ConfigFile, noun="config")
    here = path.parent
    return Config(
        facilitator=raw.facilitator,
        minutes=raw.minutes,
        step_minutes=tuple(raw.step_minutes) if raw.step_minutes else None,
        export_folder=beside(here, raw.export_folder) if raw.export_folder else None,
        agreement=str(beside(here, raw.agreement))
        if is_agreement_path(raw.agreement)
        else raw.agreement,
        area=_area(raw.area),
    )


def _area(raw: AreaFile | None) -> Area:
    return Area(**raw.model_dump()) if raw else Area()


def _area_shown(area: Area) -> list[tuple[str, str]]:
    # What the guide says when a name is not set is shown as the value in use.
    unset = Area(name=area.name)
    return [
        ("area.name", area.name or "(not set: your area)"),
        (
            "area.escalation_protocol",
            area.escalation_protocol or f"(not set: {unset.phrase('escalation_protocol')})",
        ),
        ("area.escalation_protocol_link", area.escalation_protocol_link or "(not set)"),
        ("area.request_form", area.request_form or f"(not set: {unset.phrase('request_form')})"),
        ("area.request_form_link", area.request_form_link or "(not set)"),
    ]


def is_agreement_path(name_or_path: str) -> bool:
    """Whether an ``agreement`` setting names a file rather than a shipped agreement."""
    return name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path


def beside(folder: Path, setting: str) -> Path:
    """A path from the config: ``~`` expanded, and relative ones read from its folder."""
    path = expand_home(Path(setting))
    return path if path.is_absolute() else folder / path


def expand_home(path: Path) -> Path:
    """``~`` and ``~user`` expanded; a user with no home is left as written.

    Reading the path then says plainly that nothing is there, rather than
    expanduser's RuntimeError becoming "something unexpected went wrong".
    """
    try:
        return path.expanduser()
    except RuntimeError:
        return path


def _is_there(path: Path) -> bool:
    """Whether something is at ``path``: only "nothing there" means the defaults.

    Any other trouble (no permission, a name too long) is for the reader to explain.
    """
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return True
    return True
