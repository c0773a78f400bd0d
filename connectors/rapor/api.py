"""Rapor Pendidikan values from an HTTP JSON API, pulled page by page through an injected httpx client.

Retries: a timeout, a network error, HTTP 429 or 5xx is retried with exponential backoff
(``backoff * 2**attempt`` seconds), or after the ``Retry-After`` the server sends (capped at
``max_wait``). After the last retry the pull fails with ``SourceUnavailable``; any other 4xx fails at
once with ``SourceRejected``. Pagination: a ``next`` link (body ``next`` / ``links.next`` or a
``Link: rel="next"`` header) is followed; otherwise ``page`` is counted up to the body's ``pages``
(or ``total_pages`` / ``last_page``, also inside ``meta``).

Expected records (the export's columns in snake_case): ``edition, jenjang, indicator_code,
indicator_name, service_code, region_code, npsn, year, score, label``.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from connectors.rapor.extract import COLUMNS, RaporConnector
from hub.core.errors import BadInput, SourceRejected, SourceUnavailable

API_FIELDS = dict(
    zip(
        COLUMNS,
        (
            "edition",
            "jenjang",
            "indicator_code",
            "indicator_name",
            "service_code",
            "region_code",
            "npsn",
            "year",
            "score",
            "label",
        ),
        strict=True,
    )
)
CONTROL_OPTIONS = frozenset({"retries", "backoff", "max_wait", "sheet"})  # the rest are query parameters
MAX_PAGES = 100_000


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: ``retries`` after the first attempt, waiting ``backoff * 2**attempt`` seconds."""

    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    @classmethod
    def from_options(cls, options: Mapping[str, str]) -> RetryPolicy:
        """``-o retries=2 -o backoff=0.5 -o max_wait=30``.

        Raises:
            BadInput: an option is not a number.
        """
        try:
            return cls(
                retries=int(options.get("retries", cls.retries)),
                backoff=float(options.get("backoff", cls.backoff)),
                max_wait=float(options.get("max_wait", cls.max_wait)),
            )
        except ValueError as exc:
            raise BadInput(f"retries, backoff and max_wait must be numbers: {exc}") from exc


def get_page(http: httpx.Client, url: str, params: Mapping[str, Any], policy: RetryPolicy) -> httpx.Response:
    """One successful response for ``url``, retrying transient failures.

    Raises:
        SourceUnavailable: still failing (timeout, network error, 429, 5xx) after the retries.
        SourceRejected: the source refused the request (4xx other than 429).
    """
    problem = ""
    for attempt in range(policy.retries + 1):
        wait = policy.backoff * 2**attempt
        try:
            response = http.get(url, params=dict(params) or None)  # {} would drop the query of a next link
        except httpx.TransportError as exc:
            problem = f"{type(exc).__name__}: {exc}"
        else:
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                asked = _retry_after(response)
                wait = wait if asked is None else asked
            elif response.status_code >= 400:
                raise SourceRejected(
                    f"{url} refused the request with HTTP {response.status_code}: "
                    f"{response.text[:200]!r}; check the URL, the parameters and any credentials"
                )
            else:
                return response
        if attempt < policy.retries:
            policy.sleep(min(wait, policy.max_wait))
    raise SourceUnavailable(
        f"{url} is unavailable after {policy.retries + 1} attempts (last: {problem}); "
        "the source is down or throttling: try again later"
    )


def iter_records(
    http: httpx.Client, url: str, params: Mapping[str, Any], policy: RetryPolicy
) -> Iterator[dict[str, Any]]:
    """Every record of every page.

    Raises:
        SourceUnavailable, SourceRejected: see ``get_page``; SourceRejected also for a body that is
            not the expected JSON or for pagination that loops.
    """
    page_url, page_params, page = url, dict(params), int(params.get("page", 1))
    seen: set[str] = set()
    for _ in range(MAX_PAGES):
        response = get_page(http, page_url, page_params, policy)
        seen.add(str(response.url))
        body = _json(response)
        records = body if isinstance(body, list) else body.get("data", body.get("results"))
        if not isinstance(records, list):
            raise SourceRejected(f"{response.url}: expected a JSON list of records or an object with 'data'")
        yield from records
        next_link = _next_link(response, body)
        if next_link:
            page_url, page_params = str(response.url.join(next_link)), {}
            if page_url in seen:
                raise SourceRejected(f"{page_url}: the API's next link points back to a page already read")
            continue
        pages = _page_count(body)
        if pages is None or page >= pages or not records:
            return
        page += 1
        page_url, page_params = url, {**params, "page": page}
    raise SourceRejected(f"{url}: more than {MAX_PAGES} pages; narrow the request (e.g. -o year=2025)")


class RaporApiConnector(RaporConnector):
    """Rapor Pendidikan values from an HTTP JSON API: pulled to a CSV in the export's shape, then
    validated and loaded exactly like an exported file."""

    name: ClassVar[str] = "rapor_api"
    description: ClassVar[str] = "Rapor Pendidikan values from an HTTP JSON API (PATH is the URL)"

    def fetch(self, url: str, options: Mapping[str, str], *, http: httpx.Client, dest: Path) -> Path:
        """Write every record to ``dest/rapor_api.csv``; query parameters are the non-control options."""
        if not url.startswith(("http://", "https://")):
            raise BadInput(f"{url!r} is not an http(s) URL; the rapor_api source takes the API's URL")
        params = {key: value for key, value in options.items() if key not in CONTROL_OPTIONS}
        out = dest / "rapor_api.csv"
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(API_FIELDS)
            for record in iter_records(http, url, params, RetryPolicy.from_options(options)):
                writer.writerow([record.get(name) for name in API_FIELDS.values()])
        return out


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise SourceRejected(f"{response.url}: the response is not JSON ({exc})") from exc


def _next_link(response: httpx.Response, body: Any) -> str | None:
    if isinstance(body, dict):
        links = body.get("links")
        link = body.get("next") or (links.get("next") if isinstance(links, dict) else None)
        if isinstance(link, str) and link:
            return link
    header = response.links.get("next", {}).get("url")
    return header or None


def _page_count(body: Any) -> int | None:
    if not isinstance(body, dict):
        return None
    meta = body.get("meta")
    for holder in (body, meta if isinstance(meta, dict) else {}):
        for key in ("pages", "total_pages", "last_page"):
            if isinstance(value := holder.get(key), int):
                return value
    return None
