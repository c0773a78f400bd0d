"""Who is asking: the caller a token (or its absence) stands for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Caller:
    """Who is asking. ``role`` is public (no token), region or ministry."""

    role: str = "public"
    region_code: str | None = None
    name: str = "anonymous"
    token_id: int | None = None
