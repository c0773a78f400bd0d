"""Computations over the store (IP SPM, budget coverage, data readiness, rankings), reusable by the
GraphQL layer, the CLI and the benchmarks: each takes a ``Reader`` (e.g. ``RequestDB``)."""
