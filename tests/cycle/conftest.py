"""The cycle tests use the security suite's callers (one token per kind of caller)."""

from tests.security.conftest import gql, secrets

__all__ = ["gql", "secrets"]
