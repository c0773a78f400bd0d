"""The HTTP client remote connectors receive (the hub builds the I/O, connectors use it)."""

from __future__ import annotations

import httpx

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def make_client(*, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """A client with bounded timeouts, redirects followed and an identifying User-Agent."""
    return httpx.Client(
        timeout=TIMEOUT,
        follow_redirects=True,
        transport=transport,
        headers={"User-Agent": "spm-hub (+https://github.com/spm-hub)"},
    )
