"""Quality of the link proposals on the reviewed answer set (hub/reference/link_answers.csv).

Loads a nomenclature export into a scratch SQLite store, runs the proposer without abstaining, and
prints top-1 and top-3 precision and recall separately for the ``tune`` and the ``holdout`` part of
the answer set, at the shipped abstention threshold (hub/reference/proposer.toml). Abstaining drops
every proposal of a sub kegiatan whose best score is below the threshold, so it is applied to the
one run's stored scores. Rows reviewed as serving no service (NONE) count too: a proposal for one is
a false positive, abstaining on one is right.

    python benchmarks/proposals.py [PATH_TO_SIPD_XLSX] [--calibrate]

``--calibrate`` also prints the threshold that decides the most *tune* rows right (write it to
hub/reference/proposer.toml); the holdout is never used to choose it.
"""

from __future__ import annotations

import argparse
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
from hub.workbench.proposer import abstain_threshold, propose_for_edition
from hub.workbench.quality import Key, calibrate, read_answers, score

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "nomenclature"
    / "nomenklatur-subkegiatan-20260123005058_versi_pemutakhiran_2027_1.xlsx"
)


def proposals(path: Path) -> tuple[dict[Key, list[tuple[float, str]]], int, float]:
    """Every proposal (score, service), best first, per (government level, code); SPM nodes; seconds."""
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/bench.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        ingest(engine, "nomenclature", path, IngestOptions(options={"edition": "BENCH"}))
        with Session(engine) as session:
            reference.load_catalogue(session)
            started = time.perf_counter()
            run = propose_for_edition(session, edition_by_code(session, "BENCH").id or 0, abstain_below=0.0)
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
    ranked: dict[Key, list[tuple[float, str]]] = defaultdict(list)
    for gov, code, service, value in rows:
        ranked[(gov, code)].append((float(value), service))
    for found in ranked.values():
        found.sort(key=lambda item: -item[0])  # stable: equal scores keep the proposer's evidence order
    return ranked, run.nodes, elapsed


def main(path: Path, *, recalibrate: bool) -> None:
    ranked, nodes, elapsed = proposals(path)
    answers = read_answers()
    tune = [a for a in answers if a.split == "tune"]
    threshold = abstain_threshold()
    if recalibrate:
        best = {key: found[0] for key, found in ranked.items()}
        print(f"calibrated on tune ({len(tune)} rows): abstain_below = {calibrate(tune, best)}")
    kept = {key: [s for _, s in found] for key, found in ranked.items() if found[0][0] >= threshold}
    print(
        f"proposer: {nodes} SPM sub kegiatan, {sum(len(v) for v in kept.values())} proposals for {len(kept)} "
        f"(abstained on {len(ranked) - len(kept)} below {threshold}) in {elapsed:.2f} s"
    )
    for part in ("tune", "holdout"):
        result = score([a for a in answers if a.split == part], kept)
        print(
            f"{part:8} items {result.items:4} (NONE {result.none_items:3}, abstained on {result.none_abstained:3})  "
            f"top-1 P {result.top1_precision:.3f} R {result.top1_recall:.3f}  "
            f"top-3 P {result.top3_precision:.3f} R {result.top3_recall:.3f}  no proposal {result.missing}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--calibrate", action="store_true", help="print the tune-calibrated threshold")
    arguments = parser.parse_args()
    main(arguments.path, recalibrate=arguments.calibrate)
