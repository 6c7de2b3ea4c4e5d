"""Spot export folders that a cloud service copies elsewhere.

Case details written into OneDrive, Dropbox, Google Drive or iCloud Drive leave
the laptop at once, often to a personal account. The facilitator is asked
before anything is written there.
"""

from __future__ import annotations

from pathlib import Path

# Folder names these services use on Windows and macOS (compared without case).
_SYNCED = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "icloud drive (archive)": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
}


def synced_service(folder: Path) -> str | None:
    """The cloud service that syncs ``folder``, or None if none is recognised."""
    try:
        parts = folder.expanduser().resolve().parts
    except OSError:
        parts = folder.expanduser().parts
    for part in parts:
        name = part.casefold()
        # OneDrive folders are often "OneDrive - Organisation Name".
        if name.startswith("onedrive"):
            return "OneDrive"
        if name.startswith("dropbox"):
            return "Dropbox"
        if name.startswith("googledrive-") or name.startswith("google drive"):
            return "Google Drive"
        if name in _SYNCED:
            return _SYNCED[name]
    return None
