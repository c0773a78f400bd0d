"""Small typed factories for facts the tests need (the real connectors are built elsewhere)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from sqlmodel import Session, select

from hub import models

_KEYS = itertools.count(1)


def make_run(session: Session, connector: str = "test") -> models.IngestRun:
    run = models.IngestRun(connector=connector, source="factory", status="succeeded")
    session.add(run)
    session.flush()
    return run


def make_edition(
    session: Session, code: str = "SIPD-2025", *, run: models.IngestRun | None = None
) -> models.NomenclatureEdition:
    edition = models.NomenclatureEdition(
        code=code, name=f"Edition {code}", fiscal_year=2025, run_id=run.id if run else None
    )
    session.add(edition)
    session.flush()
    return edition


def make_node_path(
    session: Session, edition: models.NomenclatureEdition, code: str, *, name: str = "Sub kegiatan"
) -> models.NomenclatureNode:
    """The node ``code`` (e.g. ``1.02.02.2.01.0001``) with every ancestor (reused when present):
    urusan ``1.02``, bidang ``1.02.02``, program ``1.02.02.2``, kegiatan ``1.02.02.2.01``."""
    parts = code.split(".")
    parent: models.NomenclatureNode | None = None
    for level, segments in enumerate(range(2, len(parts) + 1), start=1):
        prefix = ".".join(parts[:segments])
        node = session.exec(
            select(models.NomenclatureNode).where(
                models.NomenclatureNode.edition_id == edition.id, models.NomenclatureNode.code == prefix
            )
        ).first()
        if node is None:
            node = models.NomenclatureNode(
                edition_id=edition.id,
                code=prefix,
                level=level,
                name=name if prefix == code else f"Level {level} {prefix}",
                parent_id=parent.id if parent else None,
            )
            session.add(node)
            session.flush()
        parent = node
    assert parent is not None
    return parent


def make_link(
    session: Session, service_code: str, node: models.NomenclatureNode, status: str = "approved"
) -> models.ServiceLink:
    link = models.ServiceLink(service_code=service_code, node_id=node.id, status=status, proposed_by="factory")
    session.add(link)
    session.flush()
    return link


def make_line(
    session: Session,
    run: models.IngestRun,
    region_code: str,
    code: str,
    planned: str,
    *,
    realised: str | None = None,
    year: int = 2025,
    stage: str = "murni",
    funding: str | None = None,
    known: bool = True,
) -> models.BudgetLine:
    line = models.BudgetLine(
        region_code=region_code,
        fiscal_year=year,
        stage=stage,
        line_key=f"L{next(_KEYS)}",
        sub_activity_code=code,
        planned_amount=Decimal(planned),
        realised_amount=Decimal(realised) if realised is not None else None,
        funding_source_code=funding,
        sub_activity_known=known,
        run_id=run.id,
    )
    session.add(line)
    session.flush()
    return line


def make_report(
    session: Session,
    run: models.IngestRun,
    region_code: str,
    service_code: str,
    *,
    targeted: int,
    served: int,
    mutu: tuple[tuple[str, str], ...] = (),
    year: int = 2024,
    quarter: int = 4,
) -> models.AchievementReport:
    report = models.AchievementReport(
        region_code=region_code,
        year=year,
        quarter=quarter,
        service_code=service_code,
        targeted=targeted,
        served=served,
        run_id=run.id,
    )
    session.add(report)
    session.flush()
    for index, (required, fulfilled) in enumerate(mutu, start=1):
        session.add(
            models.MutuFulfilment(
                report_id=report.id,
                item_code=f"M{index}",
                kind="BARANG_JASA",
                required=Decimal(required),
                fulfilled=Decimal(fulfilled),
            )
        )
    session.flush()
    return report
