"""CLI tables for people: rupiah in Indonesian format, never cut on a narrow terminal."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from rich.console import Console
from rich.table import Table

from hub.cli import common
from hub.core.i18n import rupiah


@pytest.mark.usefixtures("indonesian")
def test_a_narrow_terminal_never_cuts_a_rupiah_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(common, "out", Console(file=screen, width=40))
    table = Table("layanan", "sumber")
    common.money_column(table, "pagu teratribusi")
    table.add_row("DIK.KAB.01", "reported_target", rupiah(Decimal("1078983576660.50")))
    common.print_table(table)
    text = screen.getvalue()
    assert "Rp 1.078.983.576.660,50" in text and "…" not in text
    assert "reported_target" in text
