"""Text inputs checked once for the whole operation, before any resolver runs: no argument or variable
may carry a control character (U+0000-U+001F but tab, newline and carriage return). Such a character
has no use in any field, PostgreSQL refuses NUL, and one in a stored text breaks every XLSX export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, visit
from graphql.language import Visitor

from hub.core.errors import ErrorCode
from hub.core.text import control_character


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


class _Literals(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[StringValueNode] = []

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        if control_character(node.value) is not None:
            self.found.append(node)


def control_character_errors(document: DocumentNode, variables: dict[str, Any] | None) -> list[GraphQLError]:
    """BAD_INPUT errors for every variable (named) and literal string holding a control character."""
    errors = [
        GraphQLError(
            f"Variable '${path}' contains the control character {control_character(text)}; remove it.",
            extensions={"code": str(ErrorCode.BAD_INPUT)},
        )
        for name, value in (variables or {}).items()
        for path, text in _strings(value, name)
        if control_character(text) is not None
    ]
    literals = _Literals()
    visit(document, literals)
    errors += [
        GraphQLError(
            f"A string argument contains the control character {control_character(node.value)}; remove it.",
            nodes=node,
            extensions={"code": str(ErrorCode.BAD_INPUT)},
        )
        for node in literals.found
    ]
    return errors[:20]
