"""Who may read what: one policy table, enforced on every operation before anything executes.

Deny by default: a root field not listed here needs a token (region or ministry), so a new query
or mutation is never public by accident. Types listed in ``TYPE_ACCESS`` are guarded wherever
they appear. Row-level rules (a region sees its own region and, for a province, its kabupaten/
kota; the public sees published rows) live in ``hub.access.auth.readable``, which root resolvers use;
write rules are ``hub.access.auth.require_region_write`` / ``require_role`` inside each mutation.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule, get_named_type

from hub.access.caller import Caller
from hub.core.errors import ErrorCode

PUBLIC, TOKEN, MINISTRY = "public", "token", "ministry"

# "Type.field" -> who may select it. Catalogue, nomenclature, regions and published aggregates are public.
FIELD_ACCESS: dict[str, str] = {
    **{
        f"Query.{name}": PUBLIC
        for name in (
            "spmFields",
            "spmService",
            "spmServices",
            "achievementSchemes",
            "region",
            "regions",
            "nomenclatureEditions",
            "nomenclatureNode",
            "nomenclatureNodes",
            "nomenclatureChanges",
            "editionDiff",
            # Achievement is public where published: these resolvers count only the rows
            # hub.access.auth.readable admits.
            "achievementReports",
            "ranking",
        )
    },
    # A region's budget and readiness are for token holders (readiness also reads the budget lines).
    **{f"Region.{name}": TOKEN for name in ("services", "budgetCoverage", "unbudgetedServices", "readiness")},
    "Query.auditEvents": MINISTRY,
    "Query.ingestRuns": MINISTRY,
    "Mutation.publishAchievementReports": MINISTRY,
    "Mutation.approveLink": MINISTRY,
    "Mutation.rejectLink": MINISTRY,
    "Mutation.proposeLinksForEdition": MINISTRY,
}
# Types guarded wherever they appear: a field returning one of them, and every field of one, needs the level.
TYPE_ACCESS: dict[str, str] = {
    "AuditEvent": MINISTRY,
    "AuditEventConnection": MINISTRY,
    **dict.fromkeys(
        (
            "ServiceLink",
            "LinkEvent",
            "BudgetLine",
            "ServiceBudget",
            "BudgetAmounts",
            "Readiness",
            "RaporValue",
            "IngestRun",
        ),
        TOKEN,
    ),
}
ROOT_TYPES = frozenset({"Query", "Mutation", "Subscription"})


def allowed(caller: Caller, level: str) -> bool:
    """True when ``caller`` meets access ``level``."""
    if level == PUBLIC:
        return True
    if level == TOKEN:
        return caller.role in ("region", "ministry")
    return caller.role == "ministry"


def access_rule(caller: Caller) -> type[ValidationRule]:
    """A graphql-core validation rule that refuses the fields ``caller`` may not select."""

    class AccessRule(ValidationRule):
        def enter_field(self, node: FieldNode, *_args: Any) -> Any:
            parent, definition = self.context.get_parent_type(), self.context.get_field_def()
            if parent is None or definition is None or node.name.value.startswith("__"):
                return None  # unknown fields are graphql-core's to report
            key = f"{parent.name}.{node.name.value}"
            returned = get_named_type(definition.type)
            level = FIELD_ACCESS.get(key) or TYPE_ACCESS.get(returned.name) or TYPE_ACCESS.get(parent.name)
            if level is None and parent.name in ROOT_TYPES:
                level = TOKEN
            if level is None or allowed(caller, level):
                return None
            if caller.role == "public":
                message, code = f"{key} needs an API token (Authorization: Bearer <token>).", ErrorCode.UNAUTHENTICATED
            else:
                message, code = f"{key} is not open to the {caller.role} role.", ErrorCode.PERMISSION_DENIED
            self.report_error(GraphQLError(message, nodes=node, extensions={"code": str(code)}))
            return self.SKIP  # one error per refused field, not one per field below it

    return AccessRule
