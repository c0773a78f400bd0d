"""e-SPM achievement reports written over GraphQL: a region records its own quarter; the ministry
publishes verified ones. A published report is frozen: the region cannot change it behind the
published figures. (Reads are ``achievementReports`` in ``schema.achievement``.)
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlmodel import col, select

from hub import models
from hub.access.auth import audit_record, require_region_write, require_role
from hub.core.errors import BadInput, Conflict, NotFound
from hub.models.clock import utcnow
from schema.achievement import AchievementReport
from schema.errors import OperationError, errors_as_data
from schema.info import Info

_AUDITED = ("targeted", "served", "problems", "solutions", "published")


@strawberry.input
class AchievementReportInput:
    """One quarter's figures for one service (cumulative to date, as in e-SPM)."""

    region_code: str
    year: int
    quarter: int
    service_code: str
    targeted: int
    served: int
    problems: str | None = None
    solutions: str | None = None


def _check(data: AchievementReportInput, region: models.Region | None, service: models.SpmService | None) -> None:
    if region is None:
        raise NotFound(f"Region {data.region_code!r} does not exist.")
    if service is None:
        raise NotFound(f"SPM service {data.service_code!r} does not exist.")
    if service.level != region.government_level:
        raise BadInput(
            f"{service.code} is a {service.level} service; {region.name} reports {region.government_level} services."
        )
    if not 1 <= data.quarter <= 4 or not 2000 <= data.year <= 2100:
        raise BadInput("quarter must be 1-4 and year a calendar year.")
    if data.targeted < 0 or not 0 <= data.served <= data.targeted:
        raise BadInput("served must be between 0 and targeted (both counts of people).")


def _snapshot(row: models.AchievementReport) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _AUDITED}


@strawberry.type
class PublishedReports:
    """What a publication did."""

    count: int = strawberry.field(description="Reports published now (already published ones are not counted).")


RecordAchievementReportResult = Annotated[
    AchievementReport | OperationError, strawberry.union("RecordAchievementReportResult")
]
PublishAchievementReportsResult = Annotated[
    PublishedReports | OperationError, strawberry.union("PublishAchievementReportsResult")
]


@strawberry.type
class AchievementMutation:
    """Achievement report mutations. Errors come back as ``OperationError`` with a code."""

    @strawberry.mutation(description="Record (or correct) one quarter's achievement for the caller's region.")
    @errors_as_data
    async def record_achievement_report(
        self, info: Info, report: AchievementReportInput
    ) -> RecordAchievementReportResult:
        caller = info.context.caller
        require_region_write(caller, report.region_code)
        model = models.AchievementReport
        async with info.context.db.writing() as session:
            _check(
                report,
                await session.get(models.Region, report.region_code),
                await session.get(models.SpmService, report.service_code),
            )
            row = (
                await session.exec(
                    select(model).where(
                        model.region_code == report.region_code,
                        model.year == report.year,
                        model.quarter == report.quarter,
                        model.service_code == report.service_code,
                    )
                )
            ).first()
            if row is not None and row.published:
                raise Conflict("This report is published and frozen; ask the ministry to unpublish it first.")
            before = _snapshot(row) if row is not None else None
            run = models.IngestRun(
                connector="graphql",
                source="recordAchievementReport",
                actor=caller.name,
                status="succeeded",
                rows_read=1,
                rows_loaded=1,
                finished_at=utcnow(),
            )
            session.add(run)
            await session.flush()
            assert run.id is not None
            row = row or model(
                region_code=report.region_code,
                year=report.year,
                quarter=report.quarter,
                service_code=report.service_code,
                targeted=0,
                served=0,
                run_id=run.id,
            )
            row.targeted, row.served, row.run_id = report.targeted, report.served, run.id
            row.problems, row.solutions = report.problems, report.solutions
            session.add(row)
            await session.flush()  # the new row's id
            session.add(
                audit_record(
                    caller,
                    "record" if before is None else "update",
                    "achievement_report",
                    f"{report.region_code}/{report.year}/Q{report.quarter}/{report.service_code}",
                    region_code=report.region_code,
                    before=before,
                    after=_snapshot(row),
                )
            )
            return AchievementReport.from_model(row)

    @strawberry.mutation(description="Publish a region's verified reports for one quarter (ministry only).")
    @errors_as_data
    async def publish_achievement_reports(
        self, info: Info, region_code: str, year: int, quarter: int
    ) -> PublishAchievementReportsResult:
        caller = info.context.caller
        require_role(caller, "ministry")
        model = models.AchievementReport
        async with info.context.db.writing() as session:
            rows = (
                await session.exec(
                    select(model).where(
                        model.region_code == region_code,
                        model.year == year,
                        model.quarter == quarter,
                        col(model.published).is_(False),
                    )
                )
            ).all()
            for row in rows:
                row.published = True
                session.add(row)
                session.add(
                    audit_record(
                        caller,
                        "publish",
                        "achievement_report",
                        f"{row.region_code}/{row.year}/Q{row.quarter}/{row.service_code}",
                        region_code=row.region_code,
                        before={"published": False},
                        after={"published": True},
                    )
                )
            return PublishedReports(count=len(rows))
