"""Where the texts shipped with the program live.

In a wheel, ``agreements/`` is copied into the package; in a checkout (and an
editable install) it stays at the top of the repository, so both are looked for.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


@cache
def agreements_folder() -> Path:
    for candidate in (_HERE / "agreements", _HERE.parents[1] / "agreements"):
        if (candidate / "facilitator.toml").is_file():
            return candidate
    raise FileNotFoundError("the agreements folder shipped with rethink is missing")


def load_packaged_toml(name: str) -> dict[str, Any]:
    with (agreements_folder() / name).open("rb") as handle:
        return tomllib.load(handle)
