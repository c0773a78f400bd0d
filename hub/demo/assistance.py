"""The demo's assistance cycle in Nusa Tenggara Timur, generated and marked ``demo`` (titles start with
[DEMO]; participants are placeholders): a Timor and a Sumba cluster, a Timor asistensi whose minutes are
imported through the minutes connector (a coordination meeting: its checklist asks the quarter's
submission and problems, which two Timor regions filed, one in time), a Sumba monev terpadu, and the
next Timor session (an asistensi), which opens
with what the first left open. As of ``DEMO_ON`` some follow-ups are done, some late, one escalated.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import openpyxl
from sqlalchemy import Engine
from sqlmodel import Session, select

from hub import models
from hub.access.caller import Caller, Role
from hub.assistance import clusters, followups, minutes, readiness, sessions
from hub.core.errors import HubError
from hub.core.vocabulary import MINUTES_SHEET
from hub.ingest import IngestOptions, ingest

DEMO_ON = date(2025, 10, 8)  # the date the demo's digest and overdue list are read on (docs/assistance.md)
PROVINCE = Caller(role=Role.PROVINCE, region_code="53", name="demo:Prov NTT")
CLUSTERS = {
    "Timor": ("53.01", "53.02", "53.03", "53.04", "53.21", "53.71"),
    "Sumba": ("53.11", "53.12", "53.17", "53.18"),
}
SINCE = date(2024, 8, 1)  # the clusters' start (August 2024)
# Timor asistensi minutes: (decision, action, region, OPD, role, deadline, status, evidence, closed on, concerns)
TIMOR_MINUTES = [
    (1, "Kirim laporan e-SPM TW2", "53.01", "Dinas Kesehatan", "Operator e-SPM", "2025-07-31", "selesai",
     "Laporan TW2 terkirim di e-SPM", "2025-07-29", "kesenjangan data"),
    (1, "Kirim laporan e-SPM TW2", "53.02", "Dinas Pendidikan", "Operator e-SPM", "2025-07-31", "selesai",
     "Laporan TW2 terkirim di e-SPM", "2025-08-06", "kesenjangan data"),
    (1, "Kirim laporan e-SPM TW2", "53.03", "Dinas Sosial", "Operator e-SPM", "2025-07-31", "berjalan",
     None, None, "kesenjangan data"),
    (2, "Petakan sub kegiatan SPM di APBD 2025", "53.04", "Bappeda", "Kepala Sub Bagian Perencanaan",
     "2025-09-15", "terbuka", None, None, "sub kegiatan"),
    (2, "Petakan sub kegiatan SPM di APBD 2025", "53.71", "Bappeda", "Kepala Sub Bagian Perencanaan",
     "2025-10-10", "terbuka", None, None, "sub kegiatan"),
    (3, "Terbitkan SK Tim Penerapan SPM", "53.21", "Sekretariat Daerah", "Tim Penerapan SPM", "2025-08-30",
     "dibatalkan", None, "2025-08-20", None),
]  # fmt: skip
TIMOR_DROPPED_REASON = "SK lama masih berlaku sampai 2026"


# Quarter 2 of 2025 as two Timor regions filed it before the July session (cut-off 2025-07-08): Kab. Kupang
# on time, Kab. Timor Tengah Selatan after the cut-off, so the snapshot shows one ready and one not.
CYCLE_SEED = (("53.01", datetime(2025, 7, 5, 2, 0, tzinfo=UTC)), ("53.02", datetime(2025, 7, 12, 2, 0, tzinfo=UTC)))


def _seed_cycle(session: Session) -> None:
    """The e-SPM quarter rows the Timor checklist reads (only where the store has none)."""
    for code, submitted in CYCLE_SEED:
        exists = session.exec(
            select(models.QuarterSubmission).where(
                models.QuarterSubmission.region_code == code,
                models.QuarterSubmission.year == 2025,
                models.QuarterSubmission.quarter == 2,
            )
        ).first()
        if exists is not None:
            continue
        session.add(
            models.QuarterSubmission(
                region_code=code, year=2025, quarter=2, status="submitted", first_submitted_at=submitted,
                submitted_at=submitted, submitted_by="demo",
            )
        )  # fmt: skip
        session.add(
            models.ProblemReport(
                region_code=code, year=2025, quarter=2, ordinal=1, problem="[DEMO] Data sasaran balita belum mutakhir",
                solution="Pemutakhiran bersama Dukcapil", recorded_by="demo",
                recorded_at=datetime(2025, 7, 4, tzinfo=UTC),
            )
        )  # fmt: skip


def _minutes_file(engine: Engine, session_id: int, folder: Path) -> Path:
    """The session's minutes template, filled in as a host would during the meeting."""
    with Session(engine) as session:
        workbook = openpyxl.load_workbook(BytesIO(minutes.minutes_workbook(session, PROVINCE, session_id)))
    sheet = workbook[MINUTES_SHEET]
    decisions = {1: "Data TW2 lengkap sebelum monev", 2: "Anggaran SPM terpetakan", 3: "Tim Penerapan SPM aktif"}
    for number, action, region, opd, role, due, status, evidence, closed, concerns in TIMOR_MINUTES:
        reason = TIMOR_DROPPED_REASON if status == "dibatalkan" else None
        sheet.append(
            [None, number, decisions[number], action, region, opd, role, None, due, status, reason, evidence,
             closed, concerns, None]
        )  # fmt: skip
    path = folder / "notulen_asistensi_timor.xlsx"
    workbook.save(path)
    return path


def load_assistance(engine: Engine) -> Iterator[str]:
    """Generate the NTT assistance cycle; yields one line per step. Skipped when already loaded."""
    with Session(engine) as session:
        if session.exec(select(models.AssistanceSession).where(models.AssistanceSession.demo)).first():
            yield "assistance demo: already loaded"
            return
        ids = {}
        for name, codes in CLUSTERS.items():
            cluster = clusters.create_cluster(session, PROVINCE, province_code="53", name=name)
            for code in codes:
                clusters.add_member(session, PROVINCE, cluster.id or 0, code, since=SINCE)
            ids[name] = cluster.id or 0
        people = [
            sessions.Participant(f"Peserta demo {i}", role, opd, region)
            for i, (role, opd, region) in enumerate(
                [("Kepala Bidang", "Dinas Kesehatan", "53.01"), ("Operator e-SPM", "Dinas Pendidikan", "53.02")], 1
            )
        ]
        timor = sessions.plan_session(
            session,
            PROVINCE,
            sessions.SessionPlan(
                "rapat_koordinasi",
                "[DEMO] Rapat Koordinasi Klaster Timor TW2",
                date(2025, 7, 15),
                "onsite",
                cluster_id=ids["Timor"],
                agenda="Kelengkapan data TW2, pemetaan anggaran, Tim Penerapan SPM",
                location="Kupang",
                participants=people,
                demo=True,
            ),
        )
        sumba = sessions.plan_session(
            session,
            PROVINCE,
            sessions.SessionPlan(
                "monev_terpadu", "[DEMO] Monev Terpadu Klaster Sumba", date(2025, 8, 20), "online",
                cluster_id=ids["Sumba"], demo=True,
            ),
        )  # fmt: skip
        _seed_cycle(session)
        for row in (timor, sumba):
            readiness.take_snapshot(session, PROVINCE, row.id or 0)
        items = [
            followups.FollowUpInput("Lengkapi Rencana Aksi 2025", code, "Bappeda", "Kepala Bidang", date(2025, 9, 30))
            for code in ("53.11", "53.12")
        ]
        items.append(
            followups.FollowUpInput(
                "Input capaian TW3 layanan kesehatan", "53.17", "Dinas Kesehatan", "Operator e-SPM",
                date(2025, 10, 10), concerns="service", concerns_ref="KES.KAB.01",
            )
        )  # fmt: skip
        _, made = followups.record_decision(
            session, PROVINCE, sumba.id or 0, 1, "Rencana Aksi dan capaian siap sebelum TW3", items, today=sumba.held_on
        )
        followups.update_follow_up(
            session,
            Caller(role=Role.REGION, region_code="53.11", name="demo:Bappeda Sumba Timur"),
            made[0].id or 0,
            {"status": "done", "evidence": "Rencana Aksi 2025 diunggah", "closed_on": date(2025, 9, 26)},
        )
        session.commit()
        timor_id, sumba_id, timor_cluster = timor.id or 0, sumba.id or 0, ids["Timor"]
    yield f"assistance demo: clusters Timor and Sumba (NTT), sessions {timor_id} and {sumba_id}, readiness frozen"
    with tempfile.TemporaryDirectory() as folder:
        path = _minutes_file(engine, timor_id, Path(folder))
        try:
            summary = ingest(
                engine, "minutes", path, IngestOptions(actor=PROVINCE.name, options={"session": str(timor_id)})
            )
        except HubError as exc:
            yield f"minutes: {exc.code}: {exc.message}"
            return
    yield f"minutes of session {timor_id}: {summary.status}, {summary.rows_loaded} follow-ups"
    with Session(engine) as session:
        escalated = followups.escalate_overdue(session, PROVINCE, on=DEMO_ON, grace_days=30)
        nxt = sessions.plan_session(
            session,
            PROVINCE,
            sessions.SessionPlan(
                "asistensi", "[DEMO] Asistensi Klaster Timor TW3", date(2025, 10, 14), "onsite",
                cluster_id=timor_cluster, demo=True,
            ),
        )  # fmt: skip
        carried, next_id = len(sessions.carried_follow_ups(session, nxt)), nxt.id
        session.commit()
    yield (
        f"assistance demo: {len(escalated)} follow-up escalated on {DEMO_ON}; next Timor session {next_id} opens "
        f"with {carried} open follow-ups"
    )
