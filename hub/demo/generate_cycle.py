"""GENERATED e-SPM cycle data for the demo (no public file of it exists): for every region of the demo
provinces (53 Nusa Tenggara Timur, 81 Maluku) and year 2025, the four stages per urusan, problems with
kinds per quarter, a Rencana Aksi, the Tim Penerapan SPM decree and members, and each quarter's
submission (some on time, some late, some returned, some never submitted; some decrees expired).

Written through the same service as GraphQL and the quarter workbook (``save_quarter``, audited as
the actor ``demo (generated)``); only the submission timestamps are set directly, back-dated around the
calendar's deadlines. Deterministic (seed below). Every text says it is generated.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from hub import models
from hub.access.caller import Caller, Role
from hub.core.vocabulary import STAGES, quarter_period
from hub.workbench.cycle import Action, Member, Plan, Problem, QuarterContent, StageEntry, Team, save_quarter

SEED = 20251
YEAR = 2025
PROVINCES = ("53", "81")
ACTOR = Caller(role=Role.MINISTRY, name="demo (generated)")
MARK = "[DATA CONTOH]"  # every generated text carries it
PROBLEMS = {
    "DATA_COLLECTION": ("Data sasaran by name by address belum lengkap", "Pendataan bersama desa dan kader"),
    "NEED_CALCULATION": ("Penghitungan kebutuhan biaya belum dipahami OPD", "Bimtek penghitungan kebutuhan"),
    "NOT_IN_PLANNING": ("SPM belum masuk Renja OPD", "Sinkronisasi Renja dengan Rencana Aksi"),
    "STAFF_SHORTAGE": ("Tenaga pengelola SPM kurang", "Penugasan tambahan staf"),
    "STAFF_ROTATION": ("Operator e-SPM dimutasi", "Serah terima dan pelatihan operator baru"),
    "FACILITIES": ("Sarana prasarana layanan terbatas", "Usulan DAK fisik"),
    "BUDGET": ("Anggaran SPM belum mencukupi", "Prioritas dalam APBD Perubahan"),
    "TEAM_DECREE": ("SK Tim Penerapan SPM belum diperbarui", "Penerbitan SK baru"),
}
SERVICE_OF_KIND = {"DATA_COLLECTION": "KES.KAB.01", "FACILITIES": "DIK.KAB.02", "BUDGET": "PU.KAB.01"}
ROLES = ("ketua", "sekretaris", "anggota")
AGENCIES = ("Bappeda", "Dinas Pendidikan", "Dinas Kesehatan", "Dinas PUPR", "Dinas Sosial", "Satpol PP")


def generate(engine: Engine) -> str:
    """Write the demo's cycle data; returns a one-line summary."""
    rng = random.Random(SEED)
    with Session(engine) as session:
        done = session.exec(select(models.AuditEvent.id).where(models.AuditEvent.actor == ACTOR.name).limit(1)).first()
        if done is not None:
            return f"generated e-SPM cycle {YEAR}: already in the store, unchanged"
        regions = session.exec(
            select(models.Region.code, models.Region.government_level)
            .where(col(models.Region.code).like("53%") | col(models.Region.code).like("81%"))
            .order_by(col(models.Region.code))
        ).all()
        fields = list(session.exec(select(models.SpmField.code).order_by(col(models.SpmField.sipd_urusan_code))))
        deadlines = {
            row.period: row.due_on
            for row in session.exec(select(models.ReportingDeadline).where(models.ReportingDeadline.year == YEAR))
        }
        counts = {"late": 0, "returned": 0, "missing": 0, "expired": 0}
        for code, level in regions:
            diligence = rng.random()  # how well the region keeps up: drives every part below
            if _team(session, rng, code, diligence):
                counts["expired"] += 1
            _plan(session, rng, code, level, diligence)
            for quarter in range(1, 5):
                _quarter(session, rng, code, level, quarter, fields, diligence)
                outcome = _submission(session, rng, code, quarter, deadlines.get(quarter_period(quarter)), diligence)
                if outcome in counts:
                    counts[outcome] += 1
        session.commit()
    return (
        f"generated e-SPM cycle {YEAR} ({len(regions)} regions of {', '.join(PROVINCES)}): "
        f"{counts['late']} late, {counts['returned']} returned, {counts['missing']} missing quarters, "
        f"{counts['expired']} expired team decrees"
    )


def _team(session: Session, rng: random.Random, code: str, diligence: float) -> bool:
    expired = diligence < 0.35
    decreed = date(2023, 1, 16) if expired else date(2025, 1, rng.randint(6, 28))
    members = [
        Member(f"{MARK} {role.title()} {code}", role, AGENCIES[i % len(AGENCIES)], decreed, None)
        for i, role in enumerate(ROLES)
    ]
    if rng.random() < 0.4:  # the secretary left and nobody took the role
        members[1].member_to = date(2025, rng.randint(2, 9), 1)
    if rng.random() < 0.2:  # one person holds the member role for two OPDs
        members.append(Member(members[2].name, "anggota", AGENCIES[3], decreed, None))
    team = Team(
        number=f"{MARK} 100.3.3/{rng.randint(10, 99)}/{decreed.year}",
        decreed_on=decreed,
        valid_until=date(decreed.year, 12, 31) if expired else date(decreed.year + 1, 12, 31),
        document_ref=f"{MARK} SK Kepala Daerah",
        members=members,
    )
    save_quarter(session, ACTOR, QuarterContent(code, YEAR, 1, team=team))
    return expired


def _plan(session: Session, rng: random.Random, code: str, level: str, diligence: float) -> None:
    if diligence < 0.2:
        return  # no Rencana Aksi at all
    service = "DIK.KAB.02" if level == "KAB" else "DIK.PROV.01"
    actions = [
        Action(
            action=f"{MARK} Pendataan sasaran layanan dasar",
            service_code=service,
            agency="Dinas Pendidikan",
            target="Seluruh desa terdata",
            deadline=date(YEAR, 6, 30),
            status="done" if diligence > 0.6 else "in_progress",
            progress_pct=Decimal(100 if diligence > 0.6 else rng.randint(20, 80)),
        ),
        Action(
            action=f"{MARK} Penghitungan kebutuhan biaya pemenuhan SPM",
            service_code=service,
            agency="Bappeda",
            target="Dokumen penghitungan kebutuhan",
            deadline=date(YEAR, 9, 30),
            status="in_progress",
            progress_pct=Decimal(rng.randint(10, 90)),
        ),
    ]
    document = f"{MARK} Perkada Rencana Aksi SPM {YEAR}" if diligence > 0.3 else None
    save_quarter(session, ACTOR, QuarterContent(code, YEAR, 1, plan=Plan(document, date(YEAR, 2, 1), actions)))


def _quarter(
    session: Session, rng: random.Random, code: str, level: str, quarter: int, fields: list[str], diligence: float
) -> None:
    stages = []
    reached = min(4, int(diligence * 4 + quarter * 0.5))
    for field_code in fields:
        for index, stage in enumerate(STAGES):
            if index > reached or rng.random() > 0.4 + diligence:
                continue
            done = index < reached
            stages.append(
                StageEntry(
                    field_code,
                    stage,
                    "done" if done else "in_progress",
                    date(YEAR, min(12, index * 3 + 1), 15) if done else None,
                    f"{MARK} BA {stage.lower()} {field_code}" if done else None,
                )
            )
    kinds = rng.sample(sorted(PROBLEMS), k=rng.randint(0 if diligence > 0.7 else 1, 3))
    problems = [
        Problem(
            f"{MARK} {PROBLEMS[kind][0]}",
            SERVICE_OF_KIND.get(kind) if level == "KAB" else None,
            PROBLEMS[kind][1],
            [kind],
        )
        for kind in kinds
    ]
    save_quarter(session, ACTOR, QuarterContent(code, YEAR, quarter, problems=problems, stages=stages))


def _submission(
    session: Session, rng: random.Random, code: str, quarter: int, due: date | None, diligence: float
) -> str:
    row = session.exec(
        select(models.QuarterSubmission).where(
            models.QuarterSubmission.region_code == code,
            models.QuarterSubmission.year == YEAR,
            models.QuarterSubmission.quarter == quarter,
        )
    ).one()
    if due is None or (quarter == 4 and diligence < 0.3) or rng.random() > 0.5 + diligence:
        return "missing"  # still a draft
    late = 0 if rng.random() < 0.3 + diligence else rng.randint(1, 25)
    submitted_on = due + timedelta(days=late) if late else due - timedelta(days=rng.randint(0, 5))
    first = datetime.combine(submitted_on, time(10), UTC)
    row.first_submitted_at = row.submitted_at = first
    row.submitted_by = f"{MARK} operator {code}"
    verifier = "ministry" if "." not in code else f"province {code[:2]}"
    if rng.random() < 0.15:
        row.status, row.returned_at = "returned", first + timedelta(days=4)
        row.returned_by, row.return_reason = verifier, f"{MARK} Capaian dan bukti tahapan belum lengkap"
        outcome = "returned"
    else:
        verified = rng.random() < 0.7
        row.status = "verified" if verified else "submitted"
        if verified:
            row.verified_at, row.verified_by = first + timedelta(days=7), verifier
        outcome = "late" if late else "on_time"
    session.add(row)
    return outcome
