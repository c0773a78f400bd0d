"""Upload hygiene shared by every upload path (``/ingest`` and GraphQL): plain file names, content that
matches its extension, and a streamed size cap."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from connectors.reading import check_archive
from hub.core.errors import BadInput, LimitExceeded

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv", ".json")
_MAGIC = {".xlsx": b"PK\x03\x04", ".ods": b"PK\x03\x04", ".xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"}
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()+,-]{0,150}")
_CHUNK = 1 << 16


def safe_filename(name: str | None) -> str:
    """``name`` if it is a plain file name with an accepted extension.

    Raises:
        BadInput: missing, a path (``/``, ``\\``, ``..``), control or NUL bytes, odd characters, or a
            type other than .xlsx/.csv/.json.
    """
    if not name:
        raise BadInput("The upload has no file name; send it as multipart field 'file' with a filename.")
    shown = name[:80].encode("unicode_escape").decode("ascii")
    if "/" in name or "\\" in name or ".." in name or any(ord(char) < 32 for char in name):
        raise BadInput(f"Refused file name '{shown}': a plain name is required (no folders, '..' or control bytes).")
    if not _PLAIN_NAME.fullmatch(name):
        raise BadInput(f"Refused file name '{shown}': use letters, digits, spaces and . _ - ( ) + , only.")
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise BadInput(f"Refused file '{shown}': upload {', '.join(ALLOWED_SUFFIXES)} files only.")
    return name


def check_content(path: Path) -> None:
    """Refuse content that does not match the extension (an executable renamed .csv, a PDF as .xlsx),
    and workbooks that fail ``check_archive`` (zip bombs, DTDs), before any lock or parser meets them.

    Raises:
        BadInput: the bytes are not what the extension says, or the archive is hostile.
    """
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
    suffix = path.suffix.lower()
    if suffix in _MAGIC:
        if not head.startswith(_MAGIC[suffix]):
            kind = suffix.lstrip(".").upper()
            raise BadInput(f"{path.name}: this is not an {kind} workbook (save it as Excel .xlsx, or upload a .csv).")
        if head.startswith(b"PK\x03\x04"):  # xlsx and ods are zip archives: checked before anything parses them
            check_archive(path)
    elif head.startswith(b"PK\x03\x04") or b"\x00" in head:
        raise BadInput(f"{path.name}: binary content in a {path.suffix} file; upload UTF-8 text.")


async def save_upload(upload: Any, path: Path, cap: int) -> None:
    """Stream ``upload`` to ``path``, never holding more than one chunk in memory.

    Raises:
        LimitExceeded: more than ``cap`` bytes.
        BadInput: the file is empty.
    """
    written = 0
    with path.open("wb") as handle:
        while chunk := await upload.read(_CHUNK):
            written += len(chunk)
            if written > cap:
                raise LimitExceeded(f"The file is over the {cap:,}-byte upload limit.")
            handle.write(chunk)
    if written == 0:
        raise BadInput(f"{path.name}: the file is empty.")
