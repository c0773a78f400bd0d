"""Text normalisation shared by readers and services: names compare the way a person reads them."""

from __future__ import annotations

from typing import Any


def normalise_name(value: Any) -> Any:
    """Names and sex codes compare case- and space-insensitively: ' loa  janan ' == 'LOA JANAN'."""
    return " ".join(value.split()).upper() if isinstance(value, str) else value
