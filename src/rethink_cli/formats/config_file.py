"""What ``config.toml`` may hold, checked like every other file the program reads."""

from __future__ import annotations

from rethink_cli.formats.base import StrictModel
from rethink_cli.formats.fields import SessionMinutes, Setting, StepMinutes


class ConfigFile(StrictModel):
    """What ``config.toml`` may hold; every key is optional."""

    facilitator: Setting | None = None
    minutes: SessionMinutes | None = None
    step_minutes: StepMinutes | None = None
    export_folder: Setting | None = None
    agreement: Setting = "default"
