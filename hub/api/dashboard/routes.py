"""The dashboard's routes: one page shell per page kind and the versioned static assets.

Assets live under ``/static/<version>/``, where the version is a hash of every file in static/: a
relative ES-module import keeps the version, so every asset can be cached for a year and a new
release changes every URL at once. A URL with an old version is still served, but not cached.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from string import Template

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

PACKAGE = Path(__file__).resolve().parent
STATIC = PACKAGE / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
# No inline script or style: the page shell passes its settings in data- attributes.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
PAGES = {"national": "/", "province": "/provinsi/{code}", "region": "/wilayah/{code}", "review": "/tinjauan"}


def assets_version(directory: Path = STATIC) -> str:
    """A short hash of every asset's path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class VersionedAssets(StaticFiles):
    """Static files under a leading version segment; cached for good when the version is current."""

    def __init__(self, directory: Path, version: str) -> None:
        super().__init__(directory=directory)
        self.version = version

    async def get_response(self, path: str, scope: Scope) -> Response:
        version, _, rest = path.partition(os.sep)
        response = await super().get_response(rest or ".", scope)
        if rest.endswith((".md", ".txt")):  # the geometry's SOURCE and licences: readable in the browser
            response.headers["Content-Type"] = "text/plain; charset=utf-8"
        response.headers["Cache-Control"] = IMMUTABLE if version == self.version else "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def dashboard_app() -> Starlette:
    """The dashboard as an ASGI app, mounted at ``/`` after the API routes."""
    version = assets_version()
    shell = Template((PACKAGE / "templates" / "page.html").read_text(encoding="utf-8"))

    def page(kind: str) -> Route:
        async def render(request: Request) -> Response:
            code = request.path_params.get("code", "")
            if code and not _CODE.match(code):
                return HTMLResponse("Kode wilayah tidak dikenal.", status_code=404)
            html = shell.substitute(page=kind, code=code, assets=f"/static/{version}")
            return HTMLResponse(
                html,
                headers={
                    "Cache-Control": "no-cache",
                    "Content-Security-Policy": CSP,
                    "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin",
                },
            )

        return Route(PAGES[kind], render, name=f"dashboard-{kind}")

    return Starlette(
        routes=[*(page(kind) for kind in PAGES), Mount("/static", VersionedAssets(STATIC, version))],
        middleware=[Middleware(GZipMiddleware, minimum_size=1024)],
    )
