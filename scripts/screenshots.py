"""Regenerate the dashboard screenshots in docs/img/ from a demo store.

Build the store first (`python -m hub.cli demo --no-serve` writes ./spm_hub.db), then run
`python scripts/screenshots.py` from the repository root. It serves the hub on 127.0.0.1 with a fresh
ministry token, opens each page in Debian's Chromium (no other host reachable) at a laptop and a phone
width, and writes docs/img/dashboard-<page>[-phone].png. Console errors fail the run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, Route, sync_playwright  # noqa: E402

from hub.access.tokens import create_token  # noqa: E402
from hub.api.app import create_app  # noqa: E402
from hub.core.settings import Settings  # noqa: E402
from hub.db.engine import make_engine, session_scope  # noqa: E402
from tests.live import serve_in_thread  # noqa: E402

PAGES = {
    "national": "/?tahun=2025",
    "province": "/provinsi/81?tahun=2025",
    "region": "/wilayah/81.04?tahun=2025",
    "review": "/tinjauan",
}
SIZES = {"": (1280, 900), "-phone": (390, 844)}  # laptop and phone widths
MAX_HEIGHT = 2400  # long pages are cut there: the docs show the top of each page


def _local_only(route: Route) -> None:
    if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def _shoot(page: Page, url: str, path: Path, errors: list[str]) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']", timeout=30_000)
    width, height = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)}
    page.screenshot(path=str(path), full_page=True, clip=clip)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes", errors if errors else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="spm_hub.db", help="SQLite demo store (default ./spm_hub.db)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    url = f"sqlite:///{Path(args.db).resolve()}"
    engine = make_engine(url)
    with session_scope(engine) as session:
        _token, secret = create_token(session, name="screenshots", role="ministry")
    engine.dispose()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with serve_in_thread(create_app(Settings(database_url=url)), lifespan="on") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=["--no-sandbox"])
        for suffix, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            context.route("**/*", _local_only)
            page = context.new_page()
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='true']", timeout=30_000)
            page.evaluate("token => sessionStorage.setItem('spmhub.token', token)", secret)
            for name, path in PAGES.items():
                _shoot(page, base + path, out / f"dashboard-{name}{suffix}.png", errors)
            context.close()
        browser.close()
    if errors:
        print("console errors:", *errors, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
