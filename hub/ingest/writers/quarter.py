"""Store a quarter workbook: each sheet's validated rows are gathered, then the whole quarter is saved
at once through ``hub.workbench.cycle.save_quarter`` (the same code as GraphQL's ``saveQuarter``, with
its audit), inside the run's transaction. A quarter that is submitted or verified is refused whole."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlmodel import Session

from hub.access.caller import Caller, Role
from hub.models import IngestRun
from hub.workbench import cycle


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def _money(value: Any) -> Decimal | None:
    value = _plain(value)
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _text(value: Any) -> str | None:
    value = _plain(value)
    return None if value is None else str(value).strip() or None


def _day(value: Any) -> date | None:
    value = _plain(value)
    return date.fromisoformat(str(value)[:10]) if isinstance(value, str) else value


class QuarterWriter:
    """Gathers the sheets of one quarter workbook and saves the quarter in ``finish``."""

    def __init__(self) -> None:
        self.parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.scope: tuple[str, int, int] | None = None

    def write(self, session: Session, frame: pd.DataFrame, run: IngestRun) -> int:
        del session, run
        rows = [{k: _plain(v) for k, v in row.items()} for row in frame.astype(object).to_dict(orient="records")]
        for row in rows:
            self.scope = (str(row["region_code"]), int(row["year"]), int(row["quarter"]))
            self.parts[str(row["part"])].append(row)
        return len(rows)

    def finish(self, session: Session, run: IngestRun) -> None:
        if self.scope is None:
            return
        region, year, quarter = self.scope
        caller = Caller(role=Role.MINISTRY, name=run.actor or "cli")  # the entry point checked the caller's region
        cycle.save_quarter(session, caller, self.content(region, year, quarter), run_id=run.id)

    def content(self, region: str, year: int, quarter: int) -> cycle.QuarterContent:
        """The gathered sheets as a quarter (a sheet absent from the workbook leaves its part out)."""
        parts = self.parts
        achievements: dict[str, cycle.Achievement] = {}
        for row in parts.get("Capaian", []):
            achievements[row["service_code"]] = cycle.Achievement(row["service_code"], row["targeted"], row["served"])
        for row in parts.get("Penganggaran", []):
            item = achievements.setdefault(row["service_code"], cycle.Achievement(row["service_code"]))
            item.budget_allocated, item.budget_realised = (
                _money(row["budget_allocated"]),
                _money(row["budget_realised"]),
            )
        has_reports = "Capaian" in parts or "Penganggaran" in parts
        plan_rows = parts.get("Dokumen Rencana Aksi", [])
        has_plan = "Rencana Aksi" in parts or "Dokumen Rencana Aksi" in parts
        decree_rows = parts.get("SK Tim", [])
        return cycle.QuarterContent(
            region_code=region,
            year=year,
            quarter=quarter,
            achievements=list(achievements.values()) if has_reports else None,
            problems=[
                cycle.Problem(
                    problem=str(row["problem"]).strip(),
                    service_code=_text(row["service_code"]),
                    solution=_text(row["solution"]),
                    kinds=[k for k in (_text(row["kinds"]) or "").split(",") if k],
                )
                for row in parts["Permasalahan"]
            ]
            if "Permasalahan" in parts
            else None,
            stages=[
                cycle.StageEntry(
                    field_code=row["field_code"],
                    stage=row["stage"],
                    status=row["status"],
                    done_on=_day(row["done_on"]),
                    evidence_ref=_text(row["evidence_ref"]),
                    evidence_file_name=_text(row["evidence_file_name"]),
                    evidence_sha256=_text(row["evidence_sha256"]),
                )
                for row in parts["Tahapan"]
            ]
            if "Tahapan" in parts
            else None,
            plan=cycle.Plan(
                document_ref=_text(plan_rows[0]["document_ref"]) if plan_rows else None,
                adopted_on=_day(plan_rows[0]["adopted_on"]) if plan_rows else None,
                actions=[_action(row) for row in parts.get("Rencana Aksi", [])],
            )
            if has_plan
            else None,
            team=cycle.Team(
                number=str(decree_rows[0]["number"]).strip(),
                decreed_on=_day(decree_rows[0]["decreed_on"]),
                valid_until=_day(decree_rows[0]["valid_until"]),
                document_ref=_text(decree_rows[0]["document_ref"]),
                members=[
                    cycle.Member(
                        name=str(row["name"]).strip(),
                        role=str(row["role"]).strip(),
                        agency=_text(row["agency"]),
                        member_from=_day(row["member_from"]),
                        member_to=_day(row["member_to"]),
                    )
                    for row in parts.get("Anggota Tim", [])
                ],
            )
            if decree_rows
            else None,
        )


def _action(row: dict[str, Any]) -> cycle.Action:
    return cycle.Action(
        action=str(row["action"]).strip(),
        service_code=_text(row["service_code"]),
        agency=_text(row["agency"]),
        sub_activity_code=_text(row["sub_activity_code"]),
        budget_line_key=_text(row["budget_line_key"]),
        target=_text(row["target"]),
        deadline=_day(row["deadline"]),
        status=row["status"],
        progress_pct=Decimal(str(row["progress_pct"])).quantize(Decimal("0.01")),
        document_ref=_text(row["document_ref"]),
    )
