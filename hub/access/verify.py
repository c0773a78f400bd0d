"""Who writes and who verifies a region's e-SPM cycle data (stages, problems, plan, team, quarters).

A region (kabupaten/kota or province) writes its own cycle data and submits its own quarters; the
province verifies or returns the quarters of its own kabupaten/kota; the ministry verifies or returns
the provinces' quarters. Nobody verifies their own quarter, and a province never verifies another
province's kabupaten/kota. The ministry may also correct any region's data (every write is audited).
"""

from __future__ import annotations

from hub.access.auth import REGIONAL_ROLES, require_role
from hub.access.caller import Caller, Role
from hub.core.errors import PermissionDenied


def verifier_of(region_code: str) -> tuple[Role, str | None]:
    """Who verifies ``region_code``'s quarters: its province (role, province code) or the ministry."""
    if "." in region_code:
        return Role.PROVINCE, region_code.split(".", 1)[0]
    return Role.MINISTRY, None


def may_verify(caller: Caller, region_code: str) -> bool:
    """True when ``caller`` verifies (or returns) ``region_code``'s quarters."""
    role, province = verifier_of(region_code)
    return caller.role == role and (province is None or caller.region_code == province)


def require_verify(caller: Caller, region_code: str) -> None:
    """Raise unless ``caller`` verifies ``region_code``'s quarters.

    Raises:
        Unauthenticated: no token.
        PermissionDenied: any other caller (the region itself, another province, the ministry for a
            kabupaten/kota, a province for a province).
    """
    require_role(caller, Role.REGION, Role.PROVINCE, Role.MINISTRY)
    if may_verify(caller, region_code):
        return
    _role, province = verifier_of(region_code)
    who = f"the province {province} (province token)" if province else "the ministry"
    raise PermissionDenied(f"Quarters of {region_code} are verified by {who}, not by {caller.name}.")


def require_cycle_write(caller: Caller, region_code: str) -> None:
    """Raise unless ``caller`` writes ``region_code``'s own cycle data (or is the ministry).

    Raises:
        Unauthenticated: no token.
        PermissionDenied: a token of another region; a province token writing its kabupaten/kota's
            data (it verifies them, it does not fill them in).
    """
    require_role(caller, Role.REGION, Role.PROVINCE, Role.MINISTRY)
    if caller.role == Role.MINISTRY or (caller.role in REGIONAL_ROLES and caller.region_code == region_code):
        return
    raise PermissionDenied(f"Token for region {caller.region_code} may not write the cycle data of {region_code}.")
