"""`spm-hub catalogue load` and `spm-hub regions load`: the reference data shipped with the hub."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer
from sqlmodel import Session

from hub import reference
from hub.cli.common import engine, out
from hub.core.i18n import _, number
from hub.db.engine import session_scope

catalogue_app = typer.Typer(
    help="The SPM catalogue: urusan, jenis pelayanan dasar, mutu, IP SPM scheme.", no_args_is_help=True
)
regions_app = typer.Typer(help="Provinces and kabupaten/kota (kode wilayah Kemendagri).", no_args_is_help=True)
Loaded = TypeVar("Loaded")


def _load(loader: Callable[[Session, Path], Loaded], path: Path) -> Loaded:
    """Run one shipped-data loader in its own committed transaction."""
    with session_scope(engine()) as session:
        return loader(session, path)


@catalogue_app.command("load")
def load_catalogue(
    path: Path = typer.Option(reference.CATALOGUE_TOML, help="Catalogue TOML file (default: the shipped one)."),
) -> None:
    """Load or update the SPM catalogue (idempotent)."""
    counts = _load(reference.load_catalogue, path)
    out.print(_("Catalogue loaded: {counts}", counts=", ".join(f"{number(n)} {kind}" for kind, n in counts.items())))


@regions_app.command("load")
def load_regions(
    path: Path = typer.Option(reference.REGIONS_CSV, help="Regions CSV (default: the shipped Kepmendagri 2025 list)."),
) -> None:
    """Load or update provinces and kabupaten/kota (idempotent)."""
    out.print(_("Regions loaded: {count}", count=number(_load(reference.load_regions, path))))
