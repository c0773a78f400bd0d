"""The ingest run: every connector goes through here, and only here writes connector data.

A run reads the file in chunks, validates each chunk with the connector's Pandera contract and
referential checks, and stages the good rows inside ONE transaction. At the end:
- any error and not ``allow_partial``: roll back; nothing of the batch is in the store;
- ``allow_partial``: commit the good rows, and keep the bad ones in ``quarantined_row``;
- ``dry_run``: always roll back (validation only).
The run itself (counts, status, report) is recorded in its own transaction, so a failed run is
still visible in ``spm-hub runs``. The same file (same hash, same options) loaded again after a
successful run is recorded as ``unchanged`` and writes nothing.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from connectors.base import Batch, Connector, RemoteConnector
from hub.core.errors import BadInput, HubError, RowIssue, ValidationFailed
from hub.db.engine import exclusive_session, write_session
from hub.ingest.http import make_client
from hub.ingest.references import build_references
from hub.ingest.registry import WriterFactory, get_source
from hub.ingest.validation import validate
from hub.ingest.writers.base import Writer
from hub.models import AuditEvent, IngestRun, QuarantinedRow
from hub.models.clock import utcnow

MAX_REPORTED_ISSUES = 1_000
MAX_KEPT_ISSUES = 10_000  # per severity: a file with a million flagged rows must not hold a million issues
Progress = Callable[[int], None]


@dataclass(frozen=True)
class IngestOptions:
    """How to run: ``options`` are connector parameters (region, year, stage, edition...)."""

    dry_run: bool = False
    allow_partial: bool = False
    strict: bool = False
    actor: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass
class RunSummary:
    """What a run did, for the CLI, GraphQL and tests."""

    run_id: int
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_flagged: int = 0
    issues: list[RowIssue] = field(default_factory=list)  # the first MAX_KEPT_ISSUES of each severity
    error_count: int = 0
    warning_count: int = 0

    def record(self, issues: list[RowIssue]) -> None:
        """Count every issue; keep only the first ``MAX_KEPT_ISSUES`` of each severity (bounded memory)."""
        for item in issues:
            if item.severity == "error":
                self.error_count += 1
                kept = self.error_count <= MAX_KEPT_ISSUES
            else:
                self.warning_count += 1
                kept = self.warning_count <= MAX_KEPT_ISSUES
            if kept:
                self.issues.append(item)

    @property
    def errors(self) -> list[RowIssue]:
        """Issues that rejected rows."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[RowIssue]:
        """Issues that loaded rows flagged."""
        return [i for i in self.issues if i.severity == "warning"]


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest(
    engine: Engine,
    source: str,
    path: Path | str,
    run_options: IngestOptions | None = None,
    *,
    progress: Progress | None = None,
    http: httpx.Client | None = None,
) -> RunSummary:
    """Load ``path`` through connector ``source``.

    For a remote connector (one with ``fetch``) ``path`` is a URL: its pages are pulled through
    ``http`` (default: ``hub.ingest.http.make_client()``) into a temporary file, which then runs
    through the same validation and load as any file; the run records the URL as its source.

    Raises:
        ValidationFailed: the batch has errors and was not loaded (the summary is in ``.summary``).
        BadInput: the file cannot be read at all.
        NotFound: no such connector.
        SourceUnavailable, SourceRejected: a remote source is down after retries, or refused the request.
    """
    run_options = run_options or IngestOptions()
    registered = get_source(source)
    connector, writer_factory = registered.connector, registered.writer
    if not isinstance(connector, RemoteConnector):
        return _ingest_file(engine, connector, writer_factory, Path(path), str(path), run_options, progress)
    options = dict(sorted(run_options.options.items()))
    with tempfile.TemporaryDirectory(prefix="spm-hub-") as tmp:
        try:
            with nullcontext(http) if http is not None else make_client() as client:
                local = connector.fetch(str(path), options, http=client, dest=Path(tmp))
        except HubError as exc:
            run = _open_run(engine, connector.name, str(path), None, run_options, options)
            _close_run(engine, run, RunSummary(run_id=run.id or 0, status="failed"), error=exc)
            raise
        return _ingest_file(engine, connector, writer_factory, local, str(path), run_options, progress)


def _ingest_file(
    engine: Engine,
    connector: Connector,
    writer_factory: WriterFactory,
    path: Path,
    label: str,
    run_options: IngestOptions,
    progress: Progress | None,
) -> RunSummary:
    digest = file_hash(path) if path.is_file() else None
    options = dict(sorted(run_options.options.items()))
    run = _open_run(engine, connector.name, label, digest, run_options, options)
    assert run.id is not None
    if digest and not run_options.dry_run and _already_loaded(engine, connector.name, digest, options, run.id):
        summary = RunSummary(run_id=run.id, status="unchanged")
        _close_run(engine, run, summary, message="identical file already loaded; nothing changed")
        return summary
    summary = RunSummary(run_id=run.id, status="running")
    try:
        _load(engine, connector, writer_factory, path, run, run_options, summary, progress)
    except ValidationFailed as exc:
        summary.status = "failed"
        _close_run(engine, run, summary, error=exc)
        exc.summary = summary
        raise
    except HubError as exc:
        summary.status = "failed"
        summary.issues.append(RowIssue(row=None, column=None, value=None, rule=exc.message, file=path.name))
        _close_run(engine, run, summary, error=exc)
        raise
    _close_run(engine, run, summary)
    return summary


def _load(
    engine: Engine,
    connector: Connector,
    writer_factory: WriterFactory,
    path: Path,
    run: IngestRun,
    run_options: IngestOptions,
    summary: RunSummary,
    progress: Progress | None,
) -> None:
    options = run_options.options
    writer = writer_factory(options)
    # Loads into the same table queue here: two concurrent runs never interleave their
    # read-compare-write steps (which would duplicate keys or half-replace a scope).
    with exclusive_session(engine, _lock_key(connector, writer)) as session:
        refs = build_references(session, connector.needs)
        quarantine: list[QuarantinedRow] = []
        try:
            for batch in connector.read(path, options):
                frame, issues = validate(batch.contract or connector.contract, batch, file=path.name)
                issues = [*batch.issues, *issues, *connector.check(frame, batch.rows, refs, options)]
                if run_options.strict:
                    issues = [_as_error(i) for i in issues]
                issues = [_located(i, batch, path) for i in issues]
                bad_rows = {i.row for i in issues if i.severity == "error"}
                summary.rows_read += len(frame)
                summary.rows_flagged += len({i.row for i in issues if i.severity == "warning"} - bad_rows)
                summary.record(sorted(issues, key=lambda i: (i.row or 0, i.column or "")))
                keep = [position for position, row in enumerate(batch.rows) if row not in bad_rows]
                summary.rows_rejected += len(frame) - len(keep)
                if run_options.allow_partial:
                    quarantine += _quarantine(batch, bad_rows, issues, run)
                if not summary.error_count or run_options.allow_partial:
                    good = frame.iloc[keep].copy()
                    good["source_row"] = [batch.rows[p] for p in keep]
                    summary.rows_loaded += writer.write(session, good, run)
                if progress:
                    progress(len(frame))
            if summary.rows_read == 0:
                raise BadInput(f"{path.name}: the file has a header but no data rows")
            if summary.error_count and not run_options.allow_partial:
                session.rollback()
                summary.rows_loaded = 0
                raise ValidationFailed(
                    f"{path.name}: {summary.error_count} error(s) in {summary.rows_rejected} of {summary.rows_read} "
                    "rows; nothing was loaded. Fix the rows listed (or use --allow-partial).",
                    summary.issues,
                )
            writer.finish(session, run)
            if run_options.dry_run:
                session.rollback()
                summary.status = "dry_run"
                return
            session.add_all(quarantine)
            session.add(
                AuditEvent(
                    actor=run_options.actor or "cli",
                    action="ingest",
                    entity=connector.name,
                    entity_key=f"run:{run.id}",
                    region_code=options.get("region"),
                    after={
                        "file": path.name,
                        "sha256": run.file_hash,
                        "rows_loaded": summary.rows_loaded,
                        "rows_rejected": summary.rows_rejected,
                        "options": dict(options),
                    },
                )
            )
            session.commit()
        except IntegrityError as exc:
            session.rollback()
            raise ValidationFailed(
                f"{path.name}: the store refused the batch ({exc.orig.__class__.__name__}): a key is duplicated "
                "or a reference does not exist; nothing was loaded.",
                summary.issues,
            ) from exc
        except BaseException:
            session.rollback()
            raise
    summary.status = "partial" if summary.rows_rejected else "succeeded"


def _lock_key(connector: Connector, writer: Writer) -> str:
    """Runs that write the same table are serialised (a generic writer names its table by its model)."""
    table = getattr(getattr(writer, "model", None), "__tablename__", None)
    return f"ingest:{table or connector.name}"


def _as_error(item: RowIssue) -> RowIssue:
    return item if item.severity == "error" else RowIssue(**{**item.__dict__, "severity": "error"})


def _located(item: RowIssue, batch: Batch, path: Path) -> RowIssue:
    if item.file and item.sheet == batch.sheet:
        return item
    return RowIssue(**{**item.__dict__, "file": item.file or path.name, "sheet": item.sheet or batch.sheet})


def _quarantine(
    batch: Batch, bad_rows: set[int | None], issues: list[RowIssue], run: IngestRun
) -> list[QuarantinedRow]:
    out = []
    for position, row in enumerate(batch.rows):
        if row in bad_rows:
            payload = {k: (None if v is None else str(v)) for k, v in batch.frame.iloc[position].items()}
            out.append(
                QuarantinedRow(
                    run_id=run.id,
                    sheet=batch.sheet,
                    row_number=row,
                    payload=payload,
                    errors=[i.describe() for i in issues if i.row == row],
                )
            )
    return out


def _open_run(
    engine: Engine, connector: str, label: str, digest: str | None, run_options: IngestOptions, options: dict[str, str]
) -> IngestRun:
    run = IngestRun(
        connector=connector,
        source=label[-1024:],
        file_hash=digest,
        actor=run_options.actor,
        options={
            **options,
            **({"dry_run": "1"} if run_options.dry_run else {}),
            **({"allow_partial": "1"} if run_options.allow_partial else {}),
            **({"strict": "1"} if run_options.strict else {}),
        },
    )
    with write_session(engine) as session:
        session.add(run)
        session.commit()
    return run


def _already_loaded(engine: Engine, connector: str, digest: str, options: dict[str, str], run_id: int) -> bool:
    with Session(engine) as session:
        previous = session.exec(
            select(IngestRun)
            .where(
                IngestRun.connector == connector,
                IngestRun.file_hash == digest,
                IngestRun.status.in_(["succeeded", "partial"]),
                IngestRun.id != run_id,
            )
            .order_by(col(IngestRun.id).desc())
        ).first()
        newer = (
            previous is not None
            and session.exec(
                select(IngestRun.id).where(
                    IngestRun.connector == connector,
                    col(IngestRun.id) > previous.id,
                    IngestRun.id != run_id,
                    IngestRun.status.in_(["succeeded", "partial"]),
                )
            ).first()
            is not None
        )
    if previous is None or newer:
        return False
    return {k: v for k, v in previous.options.items() if k not in {"strict"}} == options


def _close_run(
    engine: Engine, run: IngestRun, summary: RunSummary, *, error: HubError | None = None, message: str | None = None
) -> None:
    with write_session(engine) as session:
        stored = session.get(IngestRun, run.id)
        assert stored is not None
        stored.finished_at = utcnow()
        stored.status = summary.status
        stored.rows_read, stored.rows_loaded = summary.rows_read, summary.rows_loaded
        stored.rows_rejected, stored.rows_flagged = summary.rows_rejected, summary.rows_flagged
        stored.error_code = str(error.code) if error else None
        stored.message = error.message if error else message
        stored.report = [_issue_dict(i) for i in summary.issues[:MAX_REPORTED_ISSUES]]
        session.add(stored)
        session.commit()


def _issue_dict(item: RowIssue) -> dict[str, Any]:
    return {
        "row": item.row,
        "column": item.column,
        "value": item.value,
        "rule": item.rule,
        "severity": item.severity,
        "sheet": item.sheet,
        "file": item.file,
    }
