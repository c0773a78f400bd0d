"""Ingestion: the one writer of connector data (extract -> validate -> check -> stage -> commit)."""

from hub.ingest.pipeline import IngestOptions, RunSummary, ingest

__all__ = ["IngestOptions", "RunSummary", "ingest"]
