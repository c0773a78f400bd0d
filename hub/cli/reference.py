"""`spm-hub catalogue load` and `spm-hub regions load`: the reference data shipped with the hub."""

from __future__ import annotations

from pathlib import Path

import typer

from hub import reference
from hub.cli.common import engine, out
from hub.db import session_scope

catalogue_app = typer.Typer(help="The SPM catalogue: urusan, jenis pelayanan dasar, mutu, IP SPM scheme.",
                            no_args_is_help=True)
regions_app = typer.Typer(help="Provinces and kabupaten/kota (kode wilayah Kemendagri).", no_args_is_help=True)


@catalogue_app.command("load")
def load_catalogue(
    path: Path = typer.Option(reference.CATALOGUE_TOML, help="Catalogue TOML file (default: the shipped one)."),
) -> None:
    """Load or update the SPM catalogue (idempotent)."""
    with session_scope(engine()) as session:
        counts = reference.load_catalogue(session, path)
    out.print("Catalogue loaded: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))


@regions_app.command("load")
def load_regions(
    path: Path = typer.Option(reference.REGIONS_CSV, help="Regions CSV (default: the shipped Kepmendagri 2025 list)."),
) -> None:
    """Load or update provinces and kabupaten/kota (idempotent)."""
    with session_scope(engine()) as session:
        count = reference.load_regions(session, path)
    out.print(f"Regions loaded: {count}")
