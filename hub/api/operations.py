"""What operators need to run the hub: one structured JSON log line per request, Prometheus metrics
(``/metrics`` when ``SPM_HUB_METRICS_ENABLED``), and a per-token rate limit (``SPM_HUB_RATE_LIMIT_PER_MINUTE``).

The log line holds the request id (the client's ``X-Request-ID`` or a new one, echoed in the response),
method, path, status, the caller's role, the GraphQL operation name(s), the duration and the number of
SQL statements the request ran. The limit is a token bucket per API token (per client address for the
public): a burst of the per-minute allowance, refilled evenly; over it, 429 with ``Retry-After``. Buckets
live in the worker process, so with several workers each allows the full rate.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.api.middleware import error_response
from hub.core.errors import LimitExceeded
from hub.core.settings import Settings

LOGGER = logging.getLogger("spm_hub.request")
UNLIMITED_PREFIXES = ("/healthz", "/metrics", "/static/", "/graphiql/")  # probes and page assets
_OPERATION = re.compile(r"^(?:\s*#[^\n]*\n)*\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


@dataclass
class RequestFacts:
    """What one request did, filled in by the layers it passes (the gate, the GraphQL view, the store)."""

    statements: int = 0
    operations: list[str] = field(default_factory=list)


_FACTS: ContextVar[RequestFacts | None] = ContextVar("spm_hub_request_facts", default=None)


def count_statements(engine: Engine) -> None:
    """Count every SQL statement ``engine`` runs into the current request's facts."""

    def counted(*_args: Any) -> None:
        facts = _FACTS.get()
        if facts is not None:
            facts.statements += 1

    event.listen(engine, "before_cursor_execute", counted)


def note_operations(payload: Any) -> None:
    """Record the GraphQL operation name(s) of a parsed request (strawberry's request data; a batch has
    several): the ``operationName`` sent, else the name in the query text, else ``anonymous``."""
    facts = _FACTS.get()
    if facts is None:
        return
    for item in payload if isinstance(payload, list) else [payload]:
        name, query = getattr(item, "operation_name", None), getattr(item, "query", None)
        if not name and isinstance(query, str):
            match = _OPERATION.match(query)
            name = match.group(1) if match else None
        facts.operations.append(str(name or "anonymous"))


def _route(path: str) -> str:
    """A bounded label for metrics: the first path segment (``/export/budget-lines.csv`` -> ``/export``)."""
    return "/" + path.strip("/").split("/", 1)[0]


class Metrics:
    """The hub's Prometheus metrics, in a registry of its own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "spm_hub_requests", "HTTP requests served", ["method", "route", "status"], registry=self.registry
        )
        self.duration = Histogram(
            "spm_hub_request_duration_seconds", "Time to serve a request", ["route"], registry=self.registry
        )
        self.statements = Counter(
            "spm_hub_sql_statements", "SQL statements run by requests", ["route"], registry=self.registry
        )
        self.limited = Counter("spm_hub_rate_limited", "Requests refused by the rate limit", registry=self.registry)

    async def endpoint(self, _request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class OperationsMiddleware:
    """Request id, JSON access log and metrics for every HTTP request (outside the gate)."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = Headers(scope=scope).get("x-request-id", "")[:64] or uuid.uuid4().hex
        state = scope.setdefault("state", {})
        facts = RequestFacts()
        token = _FACTS.set(facts)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _FACTS.reset(token)
            elapsed = time.perf_counter() - started
            route = _route(scope["path"])
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.duration.labels(route).observe(elapsed)
            self.metrics.statements.labels(route).inc(facts.statements)
            caller = state.get("caller")
            LOGGER.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "role": str(getattr(caller, "role", "public")),
                        "token_id": getattr(caller, "token_id", None),
                        "operation": ",".join(facts.operations) or None,
                        "duration_ms": round(elapsed * 1000, 1),
                        "statements": facts.statements,
                    }
                },
            )


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimitMiddleware:
    """At most ``rate_limit_per_minute`` requests per token (or client address), in bursts of that size."""

    MAX_BUCKETS = 50_000  # beyond this, buckets that have refilled completely are forgotten

    def __init__(self, app: ASGIApp, *, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.capacity = float(settings.rate_limit_per_minute)
        self.per_second = self.capacity / 60
        self.metrics = metrics
        self.buckets: dict[str, _Bucket] = {}

    def _key(self, scope: Scope) -> str:
        caller = scope.get("state", {}).get("caller")
        token_id = getattr(caller, "token_id", None)
        if token_id is not None:
            return f"token:{token_id}"
        client = scope.get("client") or ("unknown", 0)
        return f"address:{client[0]}"

    def _take(self, key: str, now: float) -> float:
        """0 when the request may pass, else the seconds until it would."""
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.MAX_BUCKETS:
                self._forget_full(now)
            bucket = self.buckets[key] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.per_second)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.per_second

    def _forget_full(self, now: float) -> None:
        for key in [
            k for k, b in self.buckets.items() if b.tokens + (now - b.updated) * self.per_second >= self.capacity
        ]:
            del self.buckets[key]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.capacity <= 0 or scope["path"].startswith(UNLIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        wait = self._take(self._key(scope), time.monotonic())
        if not wait:
            await self.app(scope, receive, send)
            return
        self.metrics.limited.inc()
        retry = max(1, math.ceil(wait))
        response = error_response(
            LimitExceeded(f"Too many requests: at most {self.capacity:g} a minute per token; retry in {retry} s.")
        )
        response.status_code = 429
        response.headers["Retry-After"] = str(retry)
        await response(scope, receive, send)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's structured fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Send the hub's logs to stderr as JSON lines (``spm-hub serve`` calls this once)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("spm_hub")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
