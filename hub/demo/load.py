"""The demo sample: realistic data loaded on top of the reference data by `spm-hub demo`.

Real public files (Kab. Buru APBD 2025, SIPD nomenclature 2027, account and funding-source charts,
part of Kab. Pasangkayu's SSH 2024 used as Kab. Buru's prices) and generated samples where no public
file exists (e-SPM reports, Rapor Pendidikan and the e-SPM cycle for NTT and Maluku 2025), all
shipped in ``hub/demo/samples`` (see its SOURCE.md). Links between services and sub kegiatan come
from the reviewed answer set (approved, as a planning office would after review) plus the
proposer's suggestions for the rest (left as proposed).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from hub.access.caller import Caller, Role
from hub.core.errors import HubError
from hub.core.i18n import _, number
from hub.demo.assistance import load_assistance
from hub.demo.generate_cycle import generate as generate_cycle
from hub.ingest import IngestOptions, ingest
from hub.models import NomenclatureEdition
from hub.workbench import pricing
from hub.workbench.proposer import propose_for_edition
from hub.workbench.quality import read_answers

SAMPLES = Path(__file__).parent / "samples"
EDITION = "SIPD-2027"
ACTOR = "demo"
PRICED_REGION = "81.04"
PRICE_TITLE = "DEMO: Kab. Pasangkayu SSH 2024 prices, used for Kab. Buru (no public Buru SSH)"
PRICED_SERVICE = "DIK.KAB.02"

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
    # Kab. Buru has no public price list: the demo prices its services with Kab. Pasangkayu's real SSH 2024.
    ("prices", "ssh_sample_2024.xlsx", {"region": PRICED_REGION, "year": "2024", "title": PRICE_TITLE}),
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
    yield generate_cycle(engine)
    yield _price_demo_service(engine)
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
    yield from load_assistance(engine)


def _approve_reviewed_links(engine: Engine) -> str:
    """The shipped answer set, loaded through the mappings connector as approved links (a row that
    serves no service, NONE, has none to approve)."""
    answers = read_answers()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviewed_links.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["service_code", "sub_activity_code", "level", "edition", "status", "note"])
            for answer in answers:
                for service in sorted(answer.services):
                    writer.writerow([service, answer.code, answer.government_level, EDITION, "approved", answer.reason])
        try:
            summary = ingest(engine, "links", path, IngestOptions(actor=ACTOR, allow_partial=True))
        except HubError as exc:
            return _("reviewed links") + f": {exc.code}: {exc.message}"
    return _(
        "reviewed links (approved): {loaded} loaded, {rejected} rejected",
        loaded=number(summary.rows_loaded),
        rejected=number(summary.rows_rejected),
    )


def _price_demo_service(engine: Engine) -> str:
    """Propose SSH prices for Kab. Buru's items and approve those of one service, as its office would."""
    office = Caller(role=Role.MINISTRY, name=ACTOR)
    with Session(engine) as session:
        try:
            proposed = pricing.propose_matches(session, office, PRICED_REGION, 2025)
        except HubError as exc:
            return f"price matches: {exc.code}: {exc.message}"
        session.flush()
        listed = pricing.item_list(session, PRICED_SERVICE, PRICED_REGION)
        approved = 0
        for item in pricing.items_of(session, listed.id) if listed and listed.id else []:
            try:
                pricing.review_match(session, office, PRICED_REGION, 2025, item.item_code, "approved")
                approved += 1
            except HubError:
                continue  # no price proposed: stays unmatched
        session.commit()
    return f"price matches for {PRICED_REGION}: {proposed} proposed, {approved} of {PRICED_SERVICE} approved"
