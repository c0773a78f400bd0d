"""The typed per-request GraphQL context: one serialised database handle, fresh dataloaders, the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.access.caller import Caller
from hub.core.settings import Settings
from hub.db.request import RequestDB


@dataclass
class Context:
    """Everything a resolver may use. Resolvers never build sessions or loaders themselves."""

    db: RequestDB
    settings: Settings
    caller: Caller = field(default_factory=Caller)
    loaders: Any = None
    request: Any = None
    response: Any = None
