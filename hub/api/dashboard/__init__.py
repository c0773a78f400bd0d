"""Papan SPM: the web dashboard served at ``/`` (national map, province, region, review queue).

The server only hands out a page shell and static assets; every figure is read in the browser through
the public GraphQL API and /export with the visitor's own token, so a page shows exactly what that
token may see. See docs/dashboard.md.
"""

from hub.api.dashboard.routes import dashboard_app

__all__ = ["dashboard_app"]
