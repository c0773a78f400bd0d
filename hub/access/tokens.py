"""Bearer API tokens: created once (the secret is shown once), stored as SHA-256, resolved to a Caller.

Secrets are 256-bit random strings, so a plain SHA-256 is enough (no password-style stretching is
needed: nobody can guess a preimage), and the lookup is one indexed equality on ``token_hash``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import Session, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hub.access.caller import Caller, Role
from hub.core.errors import BadInput, NotFound, Unauthenticated
from hub.models import ApiToken, Region
from hub.models.clock import utcnow

TOKEN_PREFIX = "spmhub_"
WRITABLE_ROLES = (Role.MINISTRY, Role.PROVINCE, Role.REGION)
# last_used_at is bookkeeping, not security: refresh it at most this often to keep reads read-only.
_TOUCH_EVERY = timedelta(minutes=5)


def hash_secret(secret: str) -> str:
    """The stored form of a token secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, *, name: str, role: str, region_code: str | None = None) -> tuple[ApiToken, str]:
    """Store a new token and return it with its secret (the only time the secret exists in clear).

    Raises:
        BadInput: unknown role, a region token without a region, or a ministry token with one.
        NotFound: the region code is not in the store.
    """
    if role not in WRITABLE_ROLES:
        raise BadInput(f"Unknown role {role!r}; use one of {', '.join(WRITABLE_ROLES)} (no token means public).")
    if role == Role.REGION and not region_code:
        raise BadInput("A region token needs --region CODE (kode wilayah, e.g. 53 or 53.04).")
    if role == Role.PROVINCE and (not region_code or "." in region_code):
        raise BadInput("A province token needs --region with a province code (kode wilayah, e.g. 53).")
    if role == Role.MINISTRY and region_code:
        raise BadInput("A ministry token reads every region; drop --region.")
    if region_code and session.get(Region, region_code) is None:
        raise NotFound(f"Region {region_code!r} is not in the store; load regions first (spm-hub regions load).")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, region_code=region_code, token_hash=hash_secret(secret))
    session.add(token)
    session.flush()
    return token, secret


def revoke_token(session: Session, token_id: int) -> ApiToken:
    """Mark a token revoked; requests with it are refused from now on.

    Raises:
        NotFound: no token with that id.
    """
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"No token with id {token_id}; see `spm-hub token list`.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
    return token


def list_tokens(session: Session, *, include_revoked: bool = False) -> list[ApiToken]:
    """Tokens by id (never their secrets, which are not stored)."""
    query = select(ApiToken).order_by(ApiToken.id)  # type: ignore[arg-type]
    if not include_revoked:
        query = query.where(ApiToken.revoked_at.is_(None))  # type: ignore[union-attr]
    return list(session.exec(query).all())


def bearer_secret(authorization: str | None) -> str | None:
    """The secret of an ``Authorization: Bearer <secret>`` header, None when there is no header.

    Raises:
        Unauthenticated: a header that is not a well-formed bearer token.
    """
    if authorization is None or not authorization.strip():
        return None
    scheme, _, secret = authorization.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 256:
        raise Unauthenticated("Malformed Authorization header; send `Authorization: Bearer <token>`.")
    return secret


async def resolve_caller(engine: AsyncEngine, secret: str | None) -> Caller:
    """The caller a secret stands for: public without one.

    Raises:
        Unauthenticated: the token is unknown or revoked.
    """
    if secret is None:
        return Caller()
    async with AsyncSession(engine, expire_on_commit=False) as session:
        token = (await session.exec(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))).first()
    if token is None or token.revoked_at is not None:
        raise Unauthenticated("Unknown or revoked API token; ask the hub administrator for a new one.")
    now = utcnow()
    last = token.last_used_at
    if last is None or now - (last if last.tzinfo else last.replace(tzinfo=now.tzinfo)) > _TOUCH_EVERY:
        async with engine.begin() as connection:  # a write-first transaction: waits for the lock, never stale
            await connection.execute(update(ApiToken).where(col(ApiToken.id) == token.id).values(last_used_at=now))
    return Caller(
        role=token.role, region_code=token.region_code, name=f"token:{token.id}:{token.name}", token_id=token.id
    )
