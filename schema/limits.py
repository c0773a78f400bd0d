"""Query limits, measured before graphql-core's own validation so a hostile query costs us little.

One walk over the chosen operation (fragments expanded, cycles cut) measures depth, aliases,
estimated cost and page sizes. Cost is the number of fields the response may hold: each field
counts once per item of every list above it; a list's size is its ``first``/``last``/``limit``/
``pageSize`` argument (literal or variable); when the field takes such an argument but the query
leaves it out, its default (or ``default_page_size``, which the resolvers apply too); and
``assumed_list_size`` for a list without one. A negative size is BAD_INPUT. The raw text is checked
for bracket nesting first, because the parser itself recurses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableNode,
    get_named_type,
    get_nullable_type,
)

from hub.core.errors import ErrorCode
from hub.core.settings import Settings

SIZE_ARGUMENTS = frozenset({"first", "last", "limit", "pageSize"})
_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


def limit_error(message: str, node: Any = None) -> GraphQLError:
    """A GraphQL error with the LIMIT_EXCEEDED code."""
    return GraphQLError(message, nodes=node, extensions={"code": str(ErrorCode.LIMIT_EXCEEDED)})


def nesting_error(query: str, settings: Settings) -> GraphQLError | None:
    """Refuse text nested deeper than any allowed query could be, before the recursive parser sees it."""
    allowed = settings.max_query_depth * 2 + 8
    depth = deepest = 0
    in_string = False
    previous = ""
    for char in query:
        if in_string:
            in_string = not (char == '"' and previous != "\\")
        elif char == '"':
            in_string = True
        elif char in "{[(":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > allowed:
                return limit_error(
                    f"The query is nested too deeply (more than {allowed} brackets); "
                    f"the maximum query depth is {settings.max_query_depth}."
                )
        elif char in "}])":
            depth -= 1
        previous = char
    return None


@dataclass
class Measure:
    """What one operation asks for."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0
    errors: list[GraphQLError] = field(default_factory=list)


class _TooCostly(Exception):
    """The walk visited more fields than the cost limit allows (e.g. fragments that double each level)."""


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        settings: Settings,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.settings = settings
        self.measure = Measure()
        self.visits = 0
        self.introspecting = 0

    def walk(
        self,
        selections: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        depth: int,
        multiplier: int,
        in_connection: bool,
        seen: frozenset[str],
    ) -> int:
        """Cost of ``selections`` appearing ``multiplier`` times; records depth, aliases and page-size errors."""
        if selections is None:
            return 0
        cost = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                cost += self._field(node, parent, depth + 1, multiplier, in_connection, seen)
            elif isinstance(node, InlineFragmentNode):
                condition = self.schema.get_type(node.type_condition.name.value) if node.type_condition else parent
                cost += self.walk(node.selection_set, condition, depth, multiplier, in_connection, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue  # unknown or cyclic: graphql-core's validation reports it
                condition = self.schema.get_type(fragment.type_condition.name.value)
                cost += self.walk(fragment.selection_set, condition, depth, multiplier, in_connection, seen | {name})
        return cost

    def _field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType | None,
        depth: int,
        multiplier: int,
        in_connection: bool,
        seen: frozenset[str],
    ) -> int:
        self.visits += 1
        if self.visits > self.settings.max_query_cost:
            raise _TooCostly
        meta = node.name.value in _META_FIELDS
        # Introspection is bounded by graphql-core's own introspection-depth rule and switched off in
        # production; its lists are the schema's (small, fixed), so they count once, not assumed_list_size.
        self.introspecting += meta
        try:
            if not self.introspecting:
                self.measure.depth = max(self.measure.depth, depth)
            if node.alias is not None:
                self.measure.aliases += 1
            definition = _META_FIELDS.get(node.name.value) or (
                parent.fields.get(node.name.value) if isinstance(parent, GraphQLObjectType) else None
            )
            size = self._size(node, definition)
            returns_list = definition is not None and isinstance(get_nullable_type(definition.type), GraphQLList)
            if size is not None:
                factor = min(size, self.settings.max_page_size)
            elif returns_list and not in_connection and not self.introspecting:
                factor = self.settings.assumed_list_size
            else:
                factor = 1
            child = get_named_type(definition.type) if definition is not None else None
            connection = size is not None and not returns_list
            return multiplier + self.walk(node.selection_set, child, depth, multiplier * factor, connection, seen)
        finally:
            self.introspecting -= meta

    def _size(self, node: FieldNode, definition: Any) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value not in SIZE_ARGUMENTS:
                continue
            value: Any = argument.value
            if isinstance(value, VariableNode):
                value = self.variables.get(value.name.value)
            elif isinstance(value, IntValueNode):
                value = int(value.value)
            if isinstance(value, int) and not isinstance(value, bool):
                if value < 0:
                    self.measure.errors.append(
                        GraphQLError(
                            f"{argument.name.value}: {value} is negative; ask for 0 or more items.",
                            nodes=node,
                            extensions={"code": str(ErrorCode.BAD_INPUT)},
                        )
                    )
                    return 0
                if value > self.settings.max_page_size:
                    self.measure.errors.append(
                        limit_error(
                            f"{argument.name.value}: {value} is over the maximum page size "
                            f"{self.settings.max_page_size}; page through the results instead.",
                            node,
                        )
                    )
                return value
        for name, argument in (getattr(definition, "args", None) or {}).items():
            if name in SIZE_ARGUMENTS:  # left out (or null): the resolver's default page
                default = argument.default_value
                return default if isinstance(default, int) else self.settings.default_page_size
        return None


def measure_operation(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    settings: Settings,
) -> Measure:
    """Depth, aliases and cost of ``operation``, with the limit errors they break."""
    walker = _Walker(schema, fragments, variables, settings)
    root = schema.get_root_type(operation.operation)
    try:
        walker.measure.cost = walker.walk(operation.selection_set, root, 0, 1, False, frozenset())
    except _TooCostly:
        walker.measure.cost = settings.max_query_cost + 1
    measure = walker.measure
    if measure.depth > settings.max_query_depth:
        measure.errors.append(
            limit_error(
                f"The query is {measure.depth} levels deep; the maximum is {settings.max_query_depth}.", operation
            )
        )
    if measure.aliases > settings.max_aliases:
        measure.errors.append(
            limit_error(f"The query uses {measure.aliases} aliases; the maximum is {settings.max_aliases}.", operation)
        )
    if measure.cost > settings.max_query_cost:
        measure.errors.append(
            limit_error(
                f"The query may return about {measure.cost:,} fields; the maximum is {settings.max_query_cost:,}. "
                "Ask for smaller pages or fewer nested lists.",
                operation,
            )
        )
    return measure
