"""The one error contract of every mutation: its result is a union of what it made and
``OperationError`` (a stable ``hub.core.errors.ErrorCode``, a message saying what to do, the fields or
cells at fault). Resolvers raise ``HubError``; ``errors_as_data`` turns it into that member, so no
resolver catches errors itself. Errors outside mutations are presented by ``schema.presentation``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

import strawberry

from hub.core.errors import ErrorCode, HubError, RowIssue, ValidationFailed

P = ParamSpec("P")
R = TypeVar("R")

Code = strawberry.enum(ErrorCode, name="ErrorCode", description="Stable machine-readable error codes.")


@strawberry.type
class FieldError:
    """One problem with one input field (or one cell of an uploaded file: ``row`` and ``field``)."""

    field: str | None
    message: str
    row: int | None = None
    value: str | None = None


@strawberry.type
class OperationError:
    """Why a mutation did nothing: a code, a message saying what to do, and field-level details."""

    code: Code  # type: ignore[valid-type]
    message: str
    fields: list[FieldError]

    @classmethod
    def from_error(cls, error: HubError) -> OperationError:
        """The error as data; row issues of a ValidationFailed become field errors."""
        issues: list[RowIssue] = error.issues if isinstance(error, ValidationFailed) else []
        return cls(
            code=error.code,
            message=error.message,
            fields=[FieldError(field=i.column, message=i.rule, row=i.row, value=i.value) for i in issues],
        )

    @classmethod
    def invalid(cls, field: str, message: str) -> OperationError:
        """A validation error on one input field."""
        return cls(
            code=ErrorCode.VALIDATION_FAILED,
            message=f"{field}: {message}",
            fields=[FieldError(field=field, message=message)],
        )


def errors_as_data(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R | OperationError]]:
    """Wrap a mutation resolver: a ``HubError`` it raises comes back as an ``OperationError`` member."""

    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | OperationError:
        try:
            return await resolver(*args, **kwargs)
        except HubError as error:
            return OperationError.from_error(error)

    return wrapper
