"""The demo sample: realistic data loaded on top of the reference data by `spm-hub demo`.

Real public files (Kab. Buru APBD 2025, SIPD nomenclature 2027, account and funding-source charts)
and generated samples where no public file exists (e-SPM reports and Rapor Pendidikan for NTT and
Maluku 2025), all shipped in ``hub/demo/samples`` (see its SOURCE.md). Links between services and sub
kegiatan come from the reviewed answer set (approved, as a planning office would after review)
plus the proposer's suggestions for the rest (left as proposed).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from hub.core.errors import HubError
from hub.core.i18n import _, number
from hub.ingest import IngestOptions, ingest
from hub.models import NomenclatureEdition
from hub.reference import REFERENCE_DIR
from hub.workbench.proposer import propose_for_edition

SAMPLES = Path(__file__).parent / "samples"
EDITION = "SIPD-2027"
ACTOR = "demo"

LOADS: list[tuple[str, str, dict[str, str]]] = [
    ("accounts", "kode_belanja_permendagri_50.xlsx", {}),
    ("funding_sources", "sipd_kab_buru_sumber_dana_2025.json", {}),
    (
        "nomenclature",
        "nomenklatur_sipd_2027.xlsx",
        {"edition": EDITION, "name": "SIPD nomenklatur sub kegiatan, pemutakhiran 2027", "fiscal_year": "2027"},
    ),
    ("budget", "sipd_kab_buru_rekap5_murni_2025.xlsx", {"region": "81.04", "stage": "murni"}),
    ("achievement", "espm_reports_2025.xlsx", {}),
    ("schools", "dapodik_sekolah_kota_balikpapan.csv", {}),
    ("rapor", "rapor_pendidikan_2025.xlsx", {}),
]


def load_sample(engine: Engine) -> Iterator[str]:
    """Load the shipped samples; yields one human-readable line per data set."""
    for source, name, options in LOADS:
        try:
            summary = ingest(engine, source, SAMPLES / name, IngestOptions(actor=ACTOR, options=options))
        except HubError as exc:
            yield f"{source}: {exc.code}: {exc.message}"
            continue
        yield _(
            "{source} ({name}): {status}, {loaded} rows loaded, {flagged} flagged",
            source=source,
            name=name,
            status=summary.status,
            loaded=number(summary.rows_loaded),
            flagged=number(summary.rows_flagged),
        )
    yield _approve_reviewed_links(engine)
    with Session(engine) as session:
        edition = session.exec(select(NomenclatureEdition).where(NomenclatureEdition.code == EDITION)).first()
        if edition is not None and edition.id is not None:
            run = propose_for_edition(session, edition.id, actor=ACTOR)
            session.commit()
            yield _(
                "link proposals for {edition}: {nodes} SPM sub kegiatan, {created} proposed, "
                "{reviewed} already reviewed",
                edition=EDITION,
                nodes=number(run.nodes),
                created=number(run.created),
                reviewed=number(run.kept_reviewed),
            )


def _approve_reviewed_links(engine: Engine) -> str:
    """The shipped answer set, loaded through the mappings connector as approved links."""
    with (REFERENCE_DIR / "link_answers.csv").open(encoding="utf-8", newline="") as handle:
        answers = list(csv.DictReader(handle))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviewed_links.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["service_code", "sub_activity_code", "level", "edition", "status", "note"])
            for answer in answers:
                for service in answer["services"].split():
                    writer.writerow(
                        [
                            service.strip(),
                            answer["code"],
                            answer["government_level"],
                            EDITION,
                            "approved",
                            answer["reason"],
                        ]
                    )
        try:
            summary = ingest(engine, "links", path, IngestOptions(actor=ACTOR, allow_partial=True))
        except HubError as exc:
            return _("reviewed links") + f": {exc.code}: {exc.message}"
    return _(
        "reviewed links (approved): {loaded} loaded, {rejected} rejected",
        loaded=number(summary.rows_loaded),
        rejected=number(summary.rows_rejected),
    )
