"""Group agreements: the one shipped with rethink, or an organisation's own file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rethink_cli.packaged import agreements_folder, load_packaged_toml


@dataclass(frozen=True)
class AgreementPoint:
    title: str
    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agreement:
    name: str
    title: str
    intro: str
    points: tuple[AgreementPoint, ...]


def agreement_from_data(raw: dict[str, Any]) -> Agreement:
    return Agreement(
        name=raw["name"],
        title=raw["title"],
        intro=raw.get("intro", ""),
        points=tuple(
            AgreementPoint(p["title"], p["text"], tuple(p.get("details", ())))
            for p in raw["points"]
        ),
    )


def packaged_agreement_names() -> list[str]:
    return sorted(p.stem for p in agreements_folder().glob("*.toml") if p.stem != "facilitator")


def load_agreement(name: str = "default") -> Agreement:
    return agreement_from_data(load_packaged_toml(f"{Path(name).name}.toml"))
