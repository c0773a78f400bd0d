"""Human-facing language: Bahasa Indonesia by default, English with ``SPM_HUB_LANG=en``.

Messages are written in English in the code as ``_("...")`` and translated by the standard gettext
catalogue ``hub/locale/<lang>/LC_MESSAGES/spm_hub.po`` (compiled to ``.mo`` by ``scripts/messages``;
``tests/hub/test_messages.py`` checks that every message is translated and the ``.mo`` is current).
Numbers, rupiah and dates in CLI tables, workbooks and XLSX exports are formatted for Indonesia
(Babel, locale ``id_ID`` / ``en_ID``); GraphQL and CSV keep machine formats and never pass through here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from hub.core.settings import get_settings

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "spm_hub"
LOCALES = {"id": "id_ID", "en": "en_ID"}  # English as written in Indonesia: same rupiah and separators
DEFAULT_LANGUAGE = "id"


def language() -> str:
    """The configured language (``SPM_HUB_LANG``), ``id`` when unset or unknown."""
    lang = get_settings().lang.strip().lower()[:2]
    return lang if lang in LOCALES else DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LOCALES))
def _catalogue(lang: str) -> NullTranslations:
    return Translations.load(LOCALE_DIR, [lang], DOMAIN) if lang != "en" else NullTranslations()


def _(message: str, **values: Any) -> str:
    """``message`` in the configured language, with ``{name}`` placeholders filled from ``values``."""
    text = _catalogue(language()).gettext(message)
    return text.format(**values) if values else text


def locale() -> str:
    """The Babel locale of the configured language."""
    return LOCALES[language()]


def number(value: int | float | Decimal, digits: int = 0) -> str:
    """``1.234.567`` (Indonesian grouping); ``digits`` decimals at most."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale())


def rupiah(value: int | float | Decimal) -> str:
    """``Rp 1.078.983.576.660``, or ``Rp 104.568.050,50`` when there are sen (never rounded away)."""
    whole = Decimal(str(value)) % 1 == 0
    pattern = "¤ #,##0" if whole else "¤ #,##0.00"
    return format_currency(value, "IDR", format=pattern, currency_digits=False, locale=locale())


def when(value: datetime | date) -> str:
    """A date (or date and time) as an Indonesian reader writes it."""
    if isinstance(value, datetime):
        return format_datetime(value, "d MMM yyyy HH.mm.ss", locale=locale())
    return format_date(value, "d MMM yyyy", locale=locale())


def yes_no(value: bool) -> str:
    """Ya / Tidak (Yes / No)."""
    return _("Yes") if value else _("No")


def N_(message: str) -> str:  # the gettext name for "mark for translation, translate later"
    """Mark ``message`` for the catalogue without translating it yet (labels kept in tables)."""
    return message
