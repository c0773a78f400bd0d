"""How errors outside mutation results leave the API: every one has a stable ``extensions.code`` and
leaks nothing internal.

Deliberate hub errors keep their message and code. Syntax, validation and variable errors are
``QUERY_INVALID``. Anything else is a bug or an infrastructure failure: the client gets
"Unexpected error." with code ``INTERNAL`` (the original is logged by strawberry), never a stack
trace, SQL statement or file path.
"""

from __future__ import annotations

import re
from typing import Any

import strawberry
from graphql import GraphQLError

from hub.core.errors import ErrorCode, HubError, ValidationFailed
from hub.core.settings import Settings
from schema.glossary import describe

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
UNEXPECTED = "Unexpected error."
MAX_ISSUES = 200


def is_variable_error(error: GraphQLError) -> bool:
    """graphql-core's refusal of a bad variable (wrong type, missing, overflow, unknown input field, bad
    enum value): the client's mistake, QUERY_INVALID, and its message names the variable."""
    coded = bool((error.extensions or {}).get("code"))  # our own input checks name variables too
    return error.path is None and not coded and error.message.startswith("Variable '$")


def present_error(error: GraphQLError, settings: Settings) -> GraphQLError:
    """``error`` as the client may see it."""
    if is_variable_error(error):
        message = error.message if settings.field_suggestions else _SUGGESTION.sub("", error.message)
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            extensions={"code": str(ErrorCode.QUERY_INVALID)},
        )
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        error, original = original, original.original_error
    extensions: dict[str, Any] = {}
    if isinstance(original, HubError):
        code, message = str(original.code), original.message
        if isinstance(original, ValidationFailed):  # the row-level report, as in an ingest run's
            extensions["issues"] = [
                {"sheet": i.sheet, "row": i.row, "column": i.column, "value": i.value, "rule": i.rule}
                for i in original.issues[:MAX_ISSUES]
            ]
    elif original is None:
        code = str((error.extensions or {}).get("code") or ErrorCode.QUERY_INVALID)
        message = error.message if settings.field_suggestions else _SUGGESTION.sub("", error.message)
    else:
        code, message = str(ErrorCode.INTERNAL), UNEXPECTED
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": code, **extensions},
    )


def present_errors(errors: list[GraphQLError] | None, settings: Settings) -> list[GraphQLError] | None:
    """Every error through ``present_error``."""
    return [present_error(error, settings) for error in errors] if errors else errors


class HubSchema(strawberry.Schema):
    """The strawberry schema, logging only unexpected errors (deliberate HubErrors are answers, not faults),
    with every description the modules left out filled from ``schema.glossary``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self._schema)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        unexpected = [
            error
            for error in errors
            if error.original_error is not None
            and not isinstance(error.original_error, HubError)
            and not is_variable_error(error)
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)
