"""The typed per-request GraphQL context: one serialised database handle, fresh dataloaders, the caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.access.caller import Caller
from hub.core.settings import Settings
from hub.db.request import RequestDB
from schema.loaders import Loaders, make_loaders


@dataclass
class Context:
    """Everything a resolver may use. Resolvers never build sessions or loaders themselves: the loaders
    are made here, per request, for this caller (achievement counts only the reports it may read)."""

    db: RequestDB
    settings: Settings
    caller: Caller = field(default_factory=Caller)
    loaders: Loaders = field(init=False)
    request: Any = None
    response: Any = None

    def __post_init__(self) -> None:
        self.loaders = make_loaders(self.db, self.caller)
