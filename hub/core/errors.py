"""The hub's exception tree. A leaf module: it imports nothing from the project.

* HubError                      every error the hub raises on purpose; has a stable ``code``
  + ValidationFailed            a batch broke its contract; carries the row-level ``issues``
  + BadInput                    the input cannot be used at all (unreadable file, malformed value)
  + NotFound                    a referenced record (region, service, edition...) does not exist
  + Conflict                    the request clashes with stored state (duplicate, wrong status)
  + PermissionDenied            the caller's role or region does not allow the action
  + Unauthenticated             the action needs a token and none (or a revoked one) was sent
  + LimitExceeded               a query or upload is over a configured limit
  + RequestTimeout(Transient)   a request ran longer than the configured time limit
  + SourceUnavailable(Transient)  a remote source timed out, failed or throttled: retry later
  + SourceRejected(Terminal)    a remote source refused the request (4xx): fix the request

Codes are API (tests assert them); messages are for people and say what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable machine-readable error codes shared by the CLI, GraphQL and HTTP layers."""

    VALIDATION_FAILED = "VALIDATION_FAILED"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    SOURCE_UNAVAILABLE = "SOURCE_UNAVAILABLE"
    SOURCE_REJECTED = "SOURCE_REJECTED"
    BAD_INPUT = "BAD_INPUT"
    QUERY_INVALID = "QUERY_INVALID"
    TIMEOUT = "TIMEOUT"
    INTERNAL = "INTERNAL"


class Transient:
    """Mixin: the operation may succeed if retried later."""


class Terminal:
    """Mixin: retrying the same request will fail again."""


class HubError(Exception):
    """Base of every deliberate hub error."""

    code: ErrorCode = ErrorCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowIssue:
    """One problem in one cell or row of an input batch, phrased for a planning officer."""

    row: int | None
    column: str | None
    value: str | None
    rule: str
    severity: str = "error"  # "error" rejects the row; "warning" loads it flagged
    sheet: str | None = None
    file: str | None = None

    def describe(self) -> str:
        """One line: where, what and which rule."""
        where = ", ".join(
            part
            for part in (
                f"file {self.file}" if self.file else "",
                f"sheet {self.sheet}" if self.sheet else "",
                f"row {self.row}" if self.row is not None else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        value = f" value {self.value!r}:" if self.value is not None else ""
        return f"{self.severity.upper()} {where}:{value} {self.rule}".strip()


class ValidationFailed(HubError, Terminal):
    """Raised when a batch fails validation; nothing from the batch was written."""

    code = ErrorCode.VALIDATION_FAILED

    def __init__(self, message: str, issues: list[RowIssue] | None = None) -> None:
        super().__init__(message)
        self.issues: list[RowIssue] = list(issues or [])


class BadInput(HubError, Terminal):
    """Raised when a file or argument cannot be read at all (wrong type, encoding, corrupt)."""

    code = ErrorCode.BAD_INPUT


class NotFound(HubError, Terminal):
    """Raised when a referenced record does not exist."""

    code = ErrorCode.NOT_FOUND


class Conflict(HubError, Terminal):
    """Raised when a request clashes with stored state."""

    code = ErrorCode.CONFLICT


class PermissionDenied(HubError, Terminal):
    """Raised when the caller may not perform the action."""

    code = ErrorCode.PERMISSION_DENIED


class Unauthenticated(HubError, Terminal):
    """Raised when a token is missing where required, unknown or revoked."""

    code = ErrorCode.UNAUTHENTICATED


class LimitExceeded(HubError, Terminal):
    """Raised when a query, page or upload is over a configured limit."""

    code = ErrorCode.LIMIT_EXCEEDED


class RequestTimeout(HubError, Transient):
    """Raised when a request runs longer than the configured time limit; it was cancelled."""

    code = ErrorCode.TIMEOUT


class SourceUnavailable(HubError, Transient):
    """Raised when a remote source times out, fails (5xx) or throttles (429) after all retries."""

    code = ErrorCode.SOURCE_UNAVAILABLE


class SourceRejected(HubError, Terminal):
    """Raised when a remote source refuses the request (4xx other than 429)."""

    code = ErrorCode.SOURCE_REJECTED
