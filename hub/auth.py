"""Authorisation in one place: who may read or write what, and the audit trail of every write.

Roles: ``public`` (no token: catalogue, nomenclature, published aggregates), ``region`` (bound to
one region code: reads and writes its own data, and that of its kabupaten/kota when it is a
province; proposes links), ``ministry`` (reads everything, reviews links).
"""

from __future__ import annotations

from typing import Any

from hub.context import Caller
from hub.errors import PermissionDenied, Unauthenticated

ROLES = ("public", "region", "ministry")


def covers(caller: Caller, region_code: str) -> bool:
    """True when ``region_code`` is the caller's region or one of its kabupaten/kota."""
    if caller.role == "ministry":
        return True
    if caller.role != "region" or not caller.region_code:
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
        raise Unauthenticated("This operation needs an API token (Authorization: Bearer <token>).")
    raise PermissionDenied(f"Role {caller.role!r} may not do this; needs one of {', '.join(roles)}.")


def require_region_write(caller: Caller, region_code: str) -> None:
    """Raise unless the caller may write data of ``region_code``.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: a region token for another region (ministry tokens write all regions).
    """
    require_role(caller, "region", "ministry")
    if not covers(caller, region_code):
        raise PermissionDenied(f"Token for region {caller.region_code} may not write data of region {region_code}.")


def audit_record(caller: Caller, action: str, entity: str, key: str, *, region_code: str | None = None,
                 before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> Any:
    """An AuditEvent row for a write (the caller adds it to the write's own transaction)."""
    from hub.models import AuditEvent

    return AuditEvent(actor=caller.name, action=action, entity=entity, entity_key=key, region_code=region_code,
                      before=before, after=after)


async def caller_from_request(request: Any, db: Any) -> Caller:
    """The caller behind a request: the role and region of its ``Authorization: Bearer`` token, else
    public. Unknown or revoked tokens are refused (issue 5 owns the token lifecycle).

    Raises:
        Unauthenticated: a bearer token was given but is unknown or revoked.
    """
    import hashlib

    from sqlmodel import select

    from hub.models import ApiToken

    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return Caller()
    digest = hashlib.sha256(header[7:].strip().encode()).hexdigest()
    active = ApiToken.revoked_at.is_(None)  # type: ignore[union-attr]
    token = await db.first(select(ApiToken).where(ApiToken.token_hash == digest, active))
    if token is None:
        raise Unauthenticated("Unknown or revoked API token.")
    return Caller(role=token.role, region_code=token.region_code, name=token.name, token_id=token.id)


def authorize_list(caller: Caller, dataset: str) -> None:
    """The one read-permission hook for lists (GraphQL connections and CSV/XLSX exports alike).

    Every list is readable for now; issue 5 restricts what ``public`` may read here.

    Raises:
        PermissionDenied: the caller may not read ``dataset``.
    """
    del caller, dataset
