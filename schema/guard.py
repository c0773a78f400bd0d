"""The schema extension that applies the request's limits and access policy to every operation.

It reads the limits from the request's ``Settings`` and the caller from its ``Context``, so one
module-level schema serves every deployment's configuration. Order matters: raw nesting before
parsing (the parser recurses), a token cap while parsing, then depth/aliases/cost/page size
before graphql-core's own rules (some of which are quadratic on hostile input), and finally the
standard rules plus the access policy, with field suggestions and introspection as configured.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FragmentDefinitionNode, GraphQLError, get_operation_ast, validate
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from hub.access.caller import Caller
from hub.core.settings import Settings
from schema.inputs import control_character_errors
from schema.limits import measure_operation, nesting_error
from schema.permissions import access_rule


class QueryGuard(SchemaExtension):
    """Limits and access rules for one operation (instantiated per operation by strawberry)."""

    def _settings(self) -> Settings:
        return getattr(self.execution_context.context, "settings", None) or Settings()

    def _caller(self) -> Caller:
        return getattr(self.execution_context.context, "caller", None) or Caller()

    def on_operation(self) -> Iterator[None]:
        settings = self._settings()
        self.execution_context.parse_options["max_tokens"] = settings.max_query_tokens
        query = self.execution_context.query
        if isinstance(query, str) and (error := nesting_error(query, settings)) is not None:
            raise error
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            context.pre_execution_errors = self._validate()
        yield

    def _validate(self) -> list[GraphQLError]:
        context = self.execution_context
        document = context.graphql_document
        assert document is not None
        settings = self._settings()
        operation = get_operation_ast(document, context.operation_name)
        if operation is not None:
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            variables = context.variables if isinstance(context.variables, dict) else {}
            measure = measure_operation(context.schema._schema, operation, fragments, variables, settings)
            if measure.errors:
                return measure.errors
            if errors := control_character_errors(document, variables):
                return errors
        rules = (
            *context.validation_rules,
            MaybeNullValidationRule,
            OneOfInputValidationRule,
            access_rule(self._caller()),
        )
        if not settings.introspection:
            rules = (*rules, NoSchemaIntrospectionCustomRule)
        return validate(
            context.schema._schema, document, rules, max_errors=20, hide_suggestions=not settings.field_suggestions
        )
