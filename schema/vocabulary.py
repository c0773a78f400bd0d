"""The hub's closed sets (hub.core.vocabulary) as GraphQL enums, registered once for every domain module.

Their values are the strings the API has always returned (PROV, KAB, KABKOT), so turning a ``String``
field into one of these enums changes the type a client sees, not a byte of the response.
"""

from __future__ import annotations

import strawberry

from hub.core.vocabulary import GovernmentLevel, ServiceLevel

GovernmentLevelEnum = strawberry.enum(
    GovernmentLevel,
    name="GovernmentLevel",
    description="Government level of a nomenclature code: PROV (provinsi) or KABKOT (kabupaten/kota).",
)
ServiceLevelEnum = strawberry.enum(
    ServiceLevel,
    name="ServiceLevel",
    description="Level of an SPM service and of a region: PROV (provinsi) or KAB (kabupaten/kota).",
)
