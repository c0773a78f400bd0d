"""Text normalisation shared by readers and services: names compare the way a person reads them."""

from __future__ import annotations

import re
from typing import Any

# C0 control characters other than tab, newline and carriage return: no text field has a use for
# them, XLSX cannot hold them (one breaks a whole export), and PostgreSQL refuses NUL in text.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_control(value: Any) -> Any:
    """Text without ``CONTROL_CHARACTERS`` (anything else as it is)."""
    if not isinstance(value, str) or value.isprintable():  # the common case, without a regex pass
        return value
    return CONTROL_CHARACTERS.sub("", value)


def control_character(value: str) -> str | None:
    """The first control character of ``value`` as ``U+0001``, or None when it has none."""
    found = CONTROL_CHARACTERS.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def normalise_name(value: Any) -> Any:
    """Names and sex codes compare case- and space-insensitively: ' loa  janan ' == 'LOA JANAN'."""
    return " ".join(value.split()).upper() if isinstance(value, str) else value


_BROKEN_WORD = re.compile(r"(\w)-[ \t]*[\r\n]+[ \t]*(\w)|(\w)- +([a-z])")


def clean_text(value: Any) -> Any:
    """Text as a person reads it, without the artefacts of a PDF extraction: a word hyphenated across
    a line break (``Pen-\\ndidikan``, ``Pen- didikan``) is joined, line breaks and runs of spaces
    become one space, and an empty result is None. Other values come back unchanged."""
    if not isinstance(value, str):
        return value
    text = _BROKEN_WORD.sub(lambda m: (m[1] or m[3]) + (m[2] or m[4]), value)
    return " ".join(text.split()) or None
