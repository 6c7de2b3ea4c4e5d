"""Where a network that is still stuck turns next, in the area's own words.

A session of Strategy 2 (facilitated within the network) that ends stuck asks
for an independent facilitator, which is Strategy 3; a Strategy 3 session that
ends stuck goes to the area's escalation protocol. Only the route is kept with
the record, never why the network is stuck.
"""

from __future__ import annotations

from typing import Literal

from rethink_cli.core.guide_area import Area

# Whether the network is still stuck, as a record and a review keep it.
Outcome = Literal["resolved", "not resolved"]


def next_route(strategy: int, area: Area) -> str:
    """The one-line route for the record and the screen."""
    if strategy == 2:
        return (
            "Ask for an independent facilitator for a Strategy 3 session, "
            f"using {area.phrase('request_form')}"
        )
    return f"Take the concern on under {area.phrase('escalation_protocol')}"


def outcome_of(stuck: bool) -> Outcome:
    """The record's ``outcome`` value for the room's answer."""
    return "not resolved" if stuck else "resolved"


def outcome_words(stuck: bool, route: str | None) -> str:
    """The outcome as the screen says it, with the route when the network is still stuck."""
    if not stuck:
        return "Outcome: resolved."
    return f"Outcome: not resolved. Next: {route}."


def route_links(strategy: int, area: Area) -> list[str]:
    """The area's link for that route, when it has set one."""
    placeholder = "{request_form}" if strategy == 2 else "{escalation_protocol}"
    return area.links((placeholder,))
