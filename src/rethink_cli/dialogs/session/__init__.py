"""The nine steps of a session: ``SessionFlow(state, SessionParts(...)).run()``.

``driver.py`` runs the steps; each step (or pair of steps) has its own module,
``step1_introduction.py`` to ``step9_wrap_up.py``.
"""

from rethink_cli.dialogs.session.common import SessionParts
from rethink_cli.dialogs.session.driver import SessionFlow

__all__ = ["SessionFlow", "SessionParts"]
