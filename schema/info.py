"""The resolver ``info`` type, typed with the hub's context."""

from __future__ import annotations

import strawberry

from schema.context import Context

Info = strawberry.Info[Context, None]
