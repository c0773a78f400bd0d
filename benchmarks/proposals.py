"""Quality of the link proposals on the reviewed answer set (hub/reference/link_answers.csv).

Loads a nomenclature export into a scratch SQLite store, runs the proposer, and prints top-1 and
top-3 precision and recall separately for the ``tune`` and the ``holdout`` part of the answer set.

    python benchmarks/proposals.py [PATH_TO_SIPD_XLSX]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from hub import reference
from hub.db import migrate
from hub.db.engine import make_engine
from hub.ingest import IngestOptions, ingest
from hub.ingest.writers.nomenclature import edition_by_code
from hub.models import NomenclatureNode, ServiceLink
from hub.workbench.proposer import propose_for_edition
from hub.workbench.quality import read_answers, score

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "nomenclature"
    / "nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1.xlsx"
)


def main(path: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/bench.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        ingest(engine, "nomenclature", path, IngestOptions(options={"edition": "BENCH"}))
        with Session(engine) as session:
            reference.load_catalogue(session)
            started = time.perf_counter()
            run = propose_for_edition(session, edition_by_code(session, "BENCH").id or 0)
            elapsed = time.perf_counter() - started
            session.commit()
            rows = session.execute(
                select(
                    NomenclatureNode.government_level,
                    NomenclatureNode.code,
                    ServiceLink.service_code,
                    ServiceLink.score,
                ).join(ServiceLink, ServiceLink.node_id == NomenclatureNode.id)
            ).all()
        engine.dispose()
    ranked: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for gov, code, service, value in rows:
        ranked[(gov, code)].append((-float(value), service))
    best_first = {key: [service for _, service in sorted(found)] for key, found in ranked.items()}
    print(f"proposer: {run.nodes} SPM sub kegiatan, {len(run.proposals)} proposals in {elapsed:.2f} s")
    answers = read_answers()
    for part in ("tune", "holdout"):
        result = score([a for a in answers if a.split == part], best_first)
        print(
            f"{part:8} items {result.items:4}  "
            f"top-1 P {result.top1_precision:.3f} R {result.top1_recall:.3f}  "
            f"top-3 P {result.top3_precision:.3f} R {result.top3_recall:.3f}  no proposal {result.missing}"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
