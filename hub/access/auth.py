"""Authorisation in one place: who may read or write what, and the audit trail of every write.

Roles: ``public`` (no token: catalogue, nomenclature, published aggregates), ``region`` (bound to
one region code: reads and writes its own data, and that of its kabupaten/kota when it is a
province; proposes links), ``province`` (bound to a province code: like a region token of that
province, and it verifies the e-SPM quarters of its kabupaten/kota), ``ministry`` (reads everything,
reviews links, verifies the provinces' quarters).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, false, or_, true

from hub.access.caller import Caller, Role
from hub.core.errors import BadInput, PermissionDenied, Unauthenticated
from hub.core.i18n import _
from hub.core.regions import region_code

# Every role a token can carry (no token: public).
TOKEN_ROLES = (Role.REGION, Role.PROVINCE, Role.MINISTRY)
# Roles bound to one region code: they see that region and, for a province code, its kabupaten/kota.
REGIONAL_ROLES = (Role.REGION, Role.PROVINCE)


def covers(caller: Caller, region_code: str) -> bool:
    """True when ``region_code`` is the caller's region or one of its kabupaten/kota."""
    if caller.role == "ministry":
        return True
    if caller.role not in REGIONAL_ROLES or not caller.region_code:
        return False
    return region_code == caller.region_code or region_code.startswith(caller.region_code + ".")


def require_role(caller: Caller, *roles: str) -> None:
    """Raise unless the caller has one of ``roles``.

    Raises:
        Unauthenticated: the caller has no token and a role is required.
        PermissionDenied: the caller's role is not among ``roles``.
    """
    if caller.role in roles:
        return
    if caller.role == "public":
        raise Unauthenticated(_("This operation needs an API token (Authorization: Bearer <token>)."))
    raise PermissionDenied(
        _("Role {role} may not do this; needs one of {roles}.", role=repr(caller.role), roles=", ".join(roles))
    )


def require_region_write(caller: Caller, region_code: str) -> None:
    """Raise unless the caller may write data of ``region_code``.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: a region token for another region (ministry tokens write all regions).
    """
    require_role(caller, *TOKEN_ROLES)
    if not covers(caller, region_code):
        raise PermissionDenied(
            _("Token for region {own} may not write data of region {other}.", own=caller.region_code, other=region_code)
        )


def readable(caller: Caller, region_column: Any, published_column: Any = None) -> ColumnElement[bool]:
    """The SQL condition for rows ``caller`` may read: every row (ministry), its region and that
    region's kabupaten/kota (region), plus published rows when the table has a published flag."""
    if caller.role == "ministry":
        return true()
    published = published_column.is_(True) if published_column is not None else false()
    if caller.role in REGIONAL_ROLES and caller.region_code:
        code = caller.region_code
        return or_(region_column == code, region_column.like(code + ".%"), published)
    return published


def require_ingest(
    caller: Caller, options: Mapping[str, str], *, regional: bool, proposes: bool = False, own_data: bool = False
) -> None:
    """Raise unless the caller may run this load: a regional source needs a ``region`` option the
    caller may write; a proposal source (links) any region or ministry token (what a region loads stays
    proposed); a national source (charts of accounts, nomenclature...) needs the ministry. A source of
    a region's ``own_data`` (its e-SPM quarter) is filled in by that region alone (or the ministry): the
    province verifies its kabupaten/kota's quarters, it does not write them.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: the region is not the caller's, or a region token loads national data.
        BadInput: a regional load without ``region=...``.
    """
    if proposes:
        require_role(caller, *TOKEN_ROLES)
        return
    if not regional:
        require_role(caller, "ministry")
        return
    region = region_code(options.get("region"))
    if not region:
        raise BadInput(_("This source holds one region's data: pass region=<kode wilayah> with the upload."))
    require_region_write(caller, region)
    if own_data and caller.role != Role.MINISTRY and caller.region_code != region:
        raise PermissionDenied(
            _(
                "Region {other} fills in its own quarter; token for {own} verifies it and may not write it.",
                own=caller.region_code,
                other=region,
            )
        )


def audit_record(
    caller: Caller,
    action: str,
    entity: str,
    key: str,
    *,
    region_code: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Any:
    """An AuditEvent row for a write (the caller adds it to the write's own transaction)."""
    from hub.models import AuditEvent

    return AuditEvent(
        actor=caller.name,
        action=action,
        entity=entity,
        entity_key=key,
        region_code=region_code,
        before=before,
        after=after,
    )


def caller_of(request: Any) -> Caller:
    """The caller behind a request, as ``hub.api.middleware.GateMiddleware`` resolved it from the bearer
    token (the one place tokens are checked; unknown or revoked tokens never get this far)."""
    return getattr(request.state, "caller", None) or Caller()


# Who may read each list (GraphQL connections and CSV/XLSX exports alike). "published": everyone,
# row-scoped by ``readable``; "scoped": any token, row-scoped by ``readable`` (a region's own rows, a
# province's and its kabupaten/kota's, all for the ministry); "token": any token, every row; "ministry":
# ministry only.
LIST_ACCESS: dict[str, str] = {
    "regions": "public",
    "services": "public",
    "nomenclature-nodes": "public",
    "achievement-reports": "published",
    "service-links": "token",
    "budget-lines": "token",
    "rapor-values": "token",
    "ingest-runs": "ministry",
    "schools": "public",  # Dapodik school lists are public
    "stage-records": "scoped",
    "problem-reports": "scoped",
    "quarter-submissions": "scoped",
}


def list_condition(caller: Caller, dataset: str, model: Any) -> ColumnElement[bool]:
    """The one read-permission hook for lists: the SQL condition on ``model`` rows ``caller`` may read.

    Raises:
        Unauthenticated: the list needs a token and the caller has none.
        PermissionDenied: the caller's role may not read the list at all.
    """
    access = LIST_ACCESS.get(dataset, "ministry")  # deny by default: a new list is never public by accident
    if access == "published":
        return readable(caller, model.region_code, model.published)
    if access == "scoped":
        require_role(caller, *TOKEN_ROLES)
        return readable(caller, model.region_code)
    if access == "token":
        require_role(caller, *TOKEN_ROLES)
    elif access == "ministry":
        require_role(caller, "ministry")
    return true()
