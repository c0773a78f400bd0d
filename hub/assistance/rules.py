"""Who may do what in the assistance cycle.

- A province (province token) manages its clusters, the sessions it hosts and their follow-ups.
- The ministry reads everything and manages the sessions it hosts (``host_code`` null).
- A region (or a province that owns a follow-up of a ministry session) updates the status and
  evidence of the follow-ups it owns, and nothing else.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from hub import models
from hub.access.auth import require_role
from hub.access.caller import Caller, Role
from hub.core.errors import PermissionDenied


def province_of(region_code: str) -> str:
    """The province code of a region code (``53.04`` -> ``53``)."""
    return region_code.split(".", 1)[0]


def require_cluster_manager(caller: Caller, province_code: str) -> None:
    """Raise unless ``caller`` is the province token of ``province_code``.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: another role or another province.
    """
    require_role(caller, Role.PROVINCE)
    if caller.region_code != province_code:
        raise PermissionDenied(f"Province {caller.region_code} may not manage clusters of province {province_code}.")


def may_host(caller: Caller, host_code: str | None) -> bool:
    """True when ``caller`` is the host: the ministry for its sessions, the province for its own."""
    if host_code is None:
        return caller.role == Role.MINISTRY
    return caller.role == Role.PROVINCE and caller.region_code == host_code


def require_host(caller: Caller, host_code: str | None) -> None:
    """Raise unless ``caller`` hosts (or would host) a session of ``host_code``.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: not the host.
    """
    require_role(caller, Role.PROVINCE, Role.MINISTRY)
    if not may_host(caller, host_code):
        host = f"province {host_code}" if host_code else "the ministry"
        raise PermissionDenied(f"Only {host} manages this session and its follow-ups.")


def owns(caller: Caller, follow_up: models.FollowUp) -> bool:
    """True when ``caller``'s token belongs to the follow-up's owner region."""
    return caller.role in (Role.REGION, Role.PROVINCE) and caller.region_code == follow_up.owner_region_code


def require_reader(caller: Caller) -> None:
    """Raise unless the caller has a token (the cycle is never public).

    Raises:
        Unauthenticated: no token.
    """
    require_role(caller, Role.REGION, Role.PROVINCE, Role.MINISTRY)


def visible_follow_ups(caller: Caller) -> ColumnElement[bool]:
    """Follow-ups ``caller`` may read: all (ministry), its province's (province), its own (region)."""
    require_reader(caller)
    owner = models.FollowUp.owner_region_code
    code = caller.region_code or ""
    if caller.role == Role.MINISTRY:
        return true()
    if caller.role == Role.PROVINCE:
        return or_(owner == code, owner.like(code + ".%"))
    return owner == code


def may_read_session(caller: Caller, session: models.AssistanceSession, invited: list[str]) -> bool:
    """The ministry, the host, the province of an invited region, or an invited region."""
    if caller.role == Role.MINISTRY or may_host(caller, session.host_code):
        return True
    code = caller.region_code or ""
    if caller.role == Role.PROVINCE:
        return any(province_of(region) == code for region in invited)
    return caller.role == Role.REGION and code in invited


def may_read_region(caller: Caller, region_code: str) -> bool:
    """The ministry, the region itself, or its province."""
    if caller.role == Role.MINISTRY:
        return True
    code = caller.region_code or ""
    if caller.role == Role.PROVINCE:
        return province_of(region_code) == code
    return caller.role == Role.REGION and region_code == code


def require_region_reader(caller: Caller, region_code: str) -> None:
    """Raise unless ``caller`` may read ``region_code``'s checklist and follow-ups.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: another region's data.
    """
    require_reader(caller)
    if not may_read_region(caller, region_code):
        raise PermissionDenied(f"Token for {caller.region_code} may not read region {region_code}.")
