"""The custom scalars, with the specification each follows (``@specifiedBy``), so generated client types
know what a ``Decimal`` or a ``DateTime`` string holds instead of ``unknown``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal

from strawberry.schema.types.base_scalars import DateTimeDefinition, DecimalDefinition
from strawberry.types.scalar import ScalarDefinition

DECIMAL = dataclasses.replace(
    DecimalDefinition,
    description='An exact decimal number as a string (e.g. "1078983576660.00" rupiah, "87.50" percent), never a '
    "float: the to-scientific-string form of the General Decimal Arithmetic specification.",
    specified_by_url="https://speleotrove.com/decimal/daconvs.html",
)
DATETIME = dataclasses.replace(
    DateTimeDefinition,
    description='A date and time with its UTC offset (RFC 3339 / ISO 8601), e.g. "2026-11-23T13:00:00+00:00".',
    specified_by_url="https://scalars.graphql.org/andimarek/date-time",
)
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {decimal.Decimal: DECIMAL, dt.datetime: DATETIME}
