"""Who is in the room: names, roles and agencies only, never what they said."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str
    agency: str

    def describe(self) -> str:
        return f"{self.name}, {self.role} ({self.agency})"


@dataclass
class Roster:
    """The attendees in the order they introduced themselves, and who is the Lead Professional."""

    attendees: list[Attendee] = field(default_factory=list)
    lead_index: int | None = None

    def add(self, attendee: Attendee, *, lead: bool = False) -> None:
        if self.find(attendee.name) is not None:
            raise ValueError(f"{attendee.name} is already on the list")
        self.attendees.append(attendee)
        if lead:
            self.lead_index = len(self.attendees) - 1

    def remove(self, index: int) -> Attendee:
        removed = self.attendees.pop(index)
        if self.lead_index == index:
            self.lead_index = None
        elif self.lead_index is not None and self.lead_index > index:
            self.lead_index -= 1
        return removed

    def find(self, name: str) -> Attendee | None:
        wanted = name.strip().casefold()
        return next((a for a in self.attendees if a.name.casefold() == wanted), None)

    @property
    def lead(self) -> Attendee | None:
        return None if self.lead_index is None else self.attendees[self.lead_index]

    def is_lead(self, attendee: Attendee) -> bool:
        return self.lead is attendee

    def agencies(self) -> list[str]:
        """Agencies in the order first met, each once (case differences kept apart)."""
        return list(dict.fromkeys(a.agency for a in self.attendees))

    def __len__(self) -> int:
        return len(self.attendees)
