"""The area's own names and links, and how the guide's texts speak of them.

Every setting is optional. A text names the area's escalation protocol and its
request form for an independent facilitator through two placeholders,
``{escalation_protocol}`` and ``{request_form}``; ``Area.fill`` puts in the
area's name for them when it is set, and "your area's ..." when it is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDERS: tuple[str, ...] = ("escalation_protocol", "request_form")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Area:
    """What an area may set in the config file's ``[area]`` table."""

    name: str | None = None
    escalation_protocol: str | None = None
    escalation_protocol_link: str | None = None
    request_form: str | None = None
    request_form_link: str | None = None

    def phrase(self, placeholder: str) -> str:
        """How a text names the protocol or the form, e.g. "your area's request form"."""
        if placeholder == "escalation_protocol":
            if self.escalation_protocol:
                return "the " + _THE.sub("", self.escalation_protocol)
            return f"{self._owner()} escalation protocol"
        if placeholder == "request_form":
            if self.request_form:
                return f'the form "{self.request_form}"'
            return f"{self._owner()} request form"
        raise ValueError(f"no placeholder called {placeholder!r}")

    def fill(self, text: str) -> str:
        """``text`` with each placeholder replaced by the area's words for it."""
        return _PLACEHOLDER.sub(lambda found: self.phrase(found.group(1)), text)

    def links(self, texts: tuple[str, ...]) -> list[str]:
        """A line for each link set for a placeholder that ``texts`` use, in the order above."""
        return [
            f"{self._label(placeholder)}: {link}"
            for placeholder, link in self._links()
            if link and _uses(texts, placeholder)
        ]

    def unset(self, texts: tuple[str, ...]) -> bool:
        """Whether ``texts`` use a placeholder whose name or link the area has not set."""
        return any(
            _uses(texts, placeholder) and not (link and self._named(placeholder))
            for placeholder, link in self._links()
        )

    def _links(self) -> tuple[tuple[str, str | None], ...]:
        return (
            ("escalation_protocol", self.escalation_protocol_link),
            ("request_form", self.request_form_link),
        )

    def _named(self, placeholder: str) -> bool:
        return bool(getattr(self, placeholder))

    def _label(self, placeholder: str) -> str:
        named = getattr(self, placeholder)
        if named:
            return str(named)
        what = "Escalation protocol" if placeholder == "escalation_protocol" else "Request form"
        return f"{what} ({self.name})" if self.name else what

    def _owner(self) -> str:
        return f"{self.name}'s" if self.name else "your area's"


def _uses(texts: tuple[str, ...], placeholder: str) -> bool:
    token = "{" + placeholder + "}"
    return any(token in text for text in texts)
