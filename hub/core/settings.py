"""One typed settings object, read once from the environment (prefix ``SPM_HUB_``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as ``SPM_HUB_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="SPM_HUB_", extra="ignore")

    database_url: str = "sqlite:///spm_hub.db"
    # A read replica for GraphQL queries and exports (mutations, uploads and ingest stay on
    # ``database_url``). When set and unreachable, reads fail: they never fall back to the primary.
    read_database_url: str | None = None
    # Serving (issue 17): ``spm-hub serve --workers N`` sets ``workers``; each process keeps
    # ``db_connections // workers`` pooled PostgreSQL connections (at least 2) per engine.
    workers: int = 1
    db_connections: int = 20
    # GraphQL hardening; production deployments turn introspection off.
    introspection: bool = True
    field_suggestions: bool = True  # "Did you mean ...?" in query errors; turn off with introspection
    max_query_depth: int = 12
    max_query_cost: int = 50_000  # fields x list sizes (from first/last/limit, else assumed_list_size)
    assumed_list_size: int = 20
    max_page_size: int = 500
    default_page_size: int = 50  # a list or connection asked for without first/limit returns this many
    max_aliases: int = 30
    max_query_tokens: int = 10_000
    max_operations_per_request: int = 5
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 20_000_000
    request_timeout_seconds: float = 15.0
    # Data-quality tolerances
    need_tolerance_pct: float = 10.0
    # Assistance cycle: the default cut-off for ready data (days before a session), and how many days
    # past its deadline an open follow-up is escalated to the session's host.
    assistance_cutoff_days: int = 7
    follow_up_grace_days: int = 14

    # Browser apps (issue 15): origins allowed to call the API, comma-separated; none by default
    cors_origins: str = ""
    cors_max_age_seconds: int = 600  # how long a browser may cache a preflight answer
    # Language of messages, CLI output, workbook and export headers: "id" (Bahasa Indonesia) or "en"
    lang: str = "id"
    # Operators: Prometheus metrics at /metrics, and requests per token (or per client address) per minute
    metrics_enabled: bool = False
    rate_limit_per_minute: int = 1200  # 0 turns the limit off

    @property
    def cors_origin_list(self) -> list[str]:
        """The allowed origins, one per comma-separated item, blanks dropped."""
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


def pool_size(settings: Settings) -> int:
    """Pooled connections per process and engine: the hub's connection budget shared by its workers."""
    return max(2, settings.db_connections // max(1, settings.workers))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own ``Settings`` instead of mutating this one."""
    return Settings()
