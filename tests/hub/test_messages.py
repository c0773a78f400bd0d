"""The message catalogue: every message the code marks is translated to Bahasa Indonesia, the
committed .mo is compiled from the .po, and the configured language decides what people read."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from hub.core import i18n

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "messages.py"


def _messages_script():  # scripts/ is not a package: load the one checker the CLI also runs
    spec = importlib.util.spec_from_file_location("messages_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_is_translated_and_the_mo_is_current() -> None:
    assert _messages_script().problems("id") == []


def test_indonesian_is_the_default_and_english_is_available(english: None) -> None:
    assert i18n._("Yes") == "Yes" and i18n.rupiah(Decimal("1078983576660")) == "Rp 1.078.983.576.660"


@pytest.mark.usefixtures("indonesian")
def test_indonesian_messages_and_numbers() -> None:
    assert i18n._("Yes") == "Ya"
    assert (
        i18n._("Wrote {count} rows to {path}", count=i18n.number(1234), path="a.xlsx")
        == "1.234 baris ditulis ke a.xlsx"
    )
    assert i18n.rupiah(Decimal("104568050.50")) == "Rp 104.568.050,50"
    assert i18n.number(12.345, 1) == "12,3"


def test_an_unknown_language_falls_back_to_indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPM_HUB_LANG", "fr")
    i18n.get_settings.cache_clear()
    assert i18n.language() == "id" and i18n._("No") == "Tidak"
