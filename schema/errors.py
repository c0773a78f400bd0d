"""Expected errors of mutations, returned as data (a member of the mutation's result union) with the
stable ``hub.errors.ErrorCode`` and the fields at fault, never as stack traces."""

from __future__ import annotations

import strawberry

from hub.errors import ErrorCode, HubError, RowIssue, ValidationFailed

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
        return cls(code=error.code, message=error.message,
                   fields=[FieldError(field=i.column, message=i.rule, row=i.row, value=i.value) for i in issues])

    @classmethod
    def invalid(cls, field: str, message: str) -> OperationError:
        """A validation error on one input field."""
        return cls(code=ErrorCode.VALIDATION_FAILED, message=f"{field}: {message}",
                   fields=[FieldError(field=field, message=message)])
