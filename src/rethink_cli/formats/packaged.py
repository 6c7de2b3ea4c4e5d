"""Where the texts shipped with the program live.

In a wheel, ``agreements/`` is copied into the package; in a checkout (and an
editable install) it stays at the top of the repository, so both are looked for.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rethink_cli.formats.reading import read_toml


@cache
def agreements_folder() -> Path:
    package = Path(str(resources.files("rethink_cli")))
    # In a wheel: rethink_cli/agreements. In a checkout: src/rethink_cli/../../agreements.
    for candidate in (package / "agreements", package.parents[1] / "agreements"):
        if (candidate / "facilitator.toml").is_file():
            return candidate
    raise FileNotFoundError("the agreements folder shipped with rethink is missing")


def load_packaged_toml(name: str) -> dict[str, Any]:
    # Read like any other file: a shipped text is only as trustworthy as the disk it is on.
    return read_toml(agreements_folder() / name, what="agreement")


def packaged_agreement_names() -> list[str]:
    """The agreements shipped with rethink, by name (listing them needs no model)."""
    return sorted(p.stem for p in agreements_folder().glob("*.toml") if p.stem != "facilitator")
