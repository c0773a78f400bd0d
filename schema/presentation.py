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

from hub.core.errors import ErrorCode, HubError
from hub.core.settings import Settings

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
UNEXPECTED = "Unexpected error."


def present_error(error: GraphQLError, settings: Settings) -> GraphQLError:
    """``error`` as the client may see it."""
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        error, original = original, original.original_error
    if isinstance(original, HubError):
        code, message = str(original.code), original.message
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
        extensions={"code": code},
    )


def present_errors(errors: list[GraphQLError] | None, settings: Settings) -> list[GraphQLError] | None:
    """Every error through ``present_error``."""
    return [present_error(error, settings) for error in errors] if errors else errors


class HubSchema(strawberry.Schema):
    """The strawberry schema, logging only unexpected errors (deliberate HubErrors are answers, not faults)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        unexpected = [
            error
            for error in errors
            if error.original_error is not None and not isinstance(error.original_error, HubError)
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)
