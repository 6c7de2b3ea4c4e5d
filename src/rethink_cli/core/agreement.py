"""A group agreement as the session reads it out: a title, an introduction and its points.

Plain data. ``formats.agreement`` reads it from the shipped files or an
organisation's own; the session keeps the one it started with (in the autosave),
so a resume reads out the same words even if the file has moved or changed.
"""

from __future__ import annotations

from dataclasses import dataclass


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

    def confidentiality(self) -> tuple[AgreementPoint, ...]:
        """The points a late arrival must hear before they join in: those on confidentiality.

        Found by their words, so an organisation's own agreement is covered too.
        """
        return tuple(
            point
            for point in self.points
            if "confidential" in f"{point.title} {point.text}".casefold()
        )
