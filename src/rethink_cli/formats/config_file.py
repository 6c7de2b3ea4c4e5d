"""What ``config.toml`` may hold, checked like every other file the program reads."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator

from rethink_cli.core import plaintext
from rethink_cli.formats.base import StrictModel
from rethink_cli.formats.fields import SessionMinutes, Setting, StepMinutes, plain_text

LINK_MAX = 2000


def _web_link(link: str) -> str:
    """A link a browser opens: http(s), a host, and no spaces (its words fit "<place>: ...")."""
    try:
        parts = urlsplit(link)
        web = parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)
    except ValueError:  # such as a broken [IPv6] host
        web = False
    if not web or " " in link:
        raise ValueError("must be a web link that starts with https:// (or http://)")
    return link


# An area's name for its protocol or its form, as it appears in the guide.
AreaName = Annotated[str, plain_text(plaintext.NAME_MAX * 2)]
Link = Annotated[str, plain_text(LINK_MAX), AfterValidator(_web_link)]


class AreaFile(StrictModel):
    """The ``[area]`` table: the names and links the area uses; every key is optional."""

    name: AreaName | None = None
    escalation_protocol: AreaName | None = None
    escalation_protocol_link: Link | None = None
    request_form: AreaName | None = None
    request_form_link: Link | None = None


class ConfigFile(StrictModel):
    """What ``config.toml`` may hold; every key is optional."""

    facilitator: Setting | None = None
    minutes: SessionMinutes | None = None
    step_minutes: StepMinutes | None = None
    export_folder: Setting | None = None
    agreement: Setting = "default"
    area: AreaFile | None = None
