"""Region codes in every common form, through one normaliser (connectors, ``-o region=`` and the
region loader use it): dotted Kemendagri ``11.01``, undotted ``1101``, numbers from a spreadsheet
(``1101``, ``11.1`` for ``11.10``) and surrounding spaces all become ``11.01``; a province stays ``11``."""

from __future__ import annotations

import re
from typing import Any

_CANONICAL = re.compile(r"\d{2}(?:\.\d{2})?")
_UNDOTTED = re.compile(r"\d{4}")
_SHORT_DECIMAL = re.compile(r"\d{2}\.\d")  # 11.10 typed as a number shows as 11.1


def region_code(value: Any) -> Any:
    """The canonical dotted code for ``value``, None for an empty cell, or the value unchanged
    when it is no region code (the contract then reports it)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return None
    if _CANONICAL.fullmatch(text):
        return text
    if _UNDOTTED.fullmatch(text):
        return f"{text[:2]}.{text[2:]}"
    if _SHORT_DECIMAL.fullmatch(text):
        return f"{text}0"
    return value
