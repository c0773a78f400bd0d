"""Who is asking: the caller a token (or its absence) stands for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a caller may do. A region writes its own data; a province also verifies and coaches its
    kabupaten/kota; the ministry reads all and decides national matters; the public has no token."""

    PUBLIC = "public"
    REGION = "region"
    PROVINCE = "province"
    MINISTRY = "ministry"


@dataclass
class Caller:
    """Who is asking: the role, the region a region or province token belongs to, and its name."""

    role: str = Role.PUBLIC
    region_code: str | None = None
    name: str = "anonymous"
    token_id: int | None = None
