"""Domain errors and the exit codes they map to.

Every failure a facilitator can meet is one of these. The CLI turns them into a
single calm line and an exit code in exactly one place (``cli.main``), so no
traceback, with its local values, ever reaches a projected screen.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    BAD_INPUT = 2
    INVALID_RECORD = 3
    INTERRUPTED = 130


class RethinkError(Exception):
    """Base of every error the program explains to the facilitator."""

    exit_code: ExitCode = ExitCode.FAILURE
    # Stopping on purpose is not a failure: said calmly, not as "Error:".
    is_error: bool = True

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: list[str] = list(details or [])


class UsageError(RethinkError):
    """The command was called in a way that cannot work (exit 2)."""

    exit_code = ExitCode.BAD_INPUT


class InvalidInputError(UsageError):
    """A value typed or passed does not fit (exit 2)."""


class InvalidRecordError(RethinkError):
    """A record file is missing, unreadable or breaks the schema (exit 3)."""

    exit_code = ExitCode.INVALID_RECORD


class ExportError(RethinkError):
    """Files could not be written (exit 1); nothing confirmed is lost."""


class SessionInterrupted(RethinkError):
    """The facilitator stopped the session (exit 130)."""

    exit_code = ExitCode.INTERRUPTED
    is_error = False


class SessionDiscarded(RethinkError):
    """The facilitator chose to throw the session away (exit 130)."""

    exit_code = ExitCode.INTERRUPTED
    is_error = False


class SessionTerminated(BaseException):
    """SIGTERM or SIGHUP arrived: save and leave with 128 + the signal number.

    A BaseException, like KeyboardInterrupt, so no ``except Exception`` on the
    way out can swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
