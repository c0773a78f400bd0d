"""One table of hostile upload files (zip bombs in a sheet and in sharedStrings, XXE, billion laughs,
lying extensions), built small on disk; every upload path is tested with the same table."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import openpyxl

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>'
)


def workbook_bytes(header: list[str] | None = None) -> bytes:
    """A small, valid workbook with text cells (so it has a sharedStrings part)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header or ["service_code", "sub_activity_code", "edition", "status", "note"])
    sheet.append(["KES.KAB.01", "1.02.02.2.01.0001", "SIPD-2025", "proposed", "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_part(content: bytes, name: str, data: bytes | str) -> bytes:
    """``content`` (an XLSX) with part ``name`` replaced by (or added as) ``data``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item.filename, source.read(item.filename))
        target.writestr(name, data)
    return buffer.getvalue()


def _strings_bomb() -> bytes:
    body = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    return body + b"A" * (8 * 1024 * 1024) + b"</t></si></sst>"


@dataclass(frozen=True)
class Hostile:
    """A hostile file: its upload name, how to build its bytes, and what the refusal must say."""

    name: str
    filename: str
    make: Callable[[], bytes]
    says: str

    def build(self) -> bytes:
        """The file's bytes (built once per test session)."""
        return _built(self.make)


@cache
def _built(make: Callable[[], bytes]) -> bytes:
    return make()


HOSTILE_FILES = [
    Hostile(
        "zip bomb in a sheet",
        "links.xlsx",
        lambda: replace_part(workbook_bytes(), "xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024)),
        "zip bomb",
    ),
    Hostile(
        "zip bomb in sharedStrings",
        "links.xlsx",
        lambda: replace_part(workbook_bytes(), "xl/sharedStrings.xml", _strings_bomb()),
        "zip bomb",
    ),
    Hostile("XXE", "links.xlsx", lambda: replace_part(workbook_bytes(), "xl/sharedStrings.xml", XXE), "DTD"),
    Hostile(
        "billion laughs",
        "links.xlsx",
        lambda: replace_part(workbook_bytes(), "xl/sharedStrings.xml", BILLION_LAUGHS),
        "DTD",
    ),
    Hostile("a workbook named .csv", "links.csv", workbook_bytes, "binary content"),
    Hostile("a PDF named .xlsx", "links.xlsx", lambda: b"%PDF-1.7\n%fake\n", "not an XLSX"),
    Hostile("an executable named .csv", "links.csv", lambda: b"MZ\x90\x00\x03\x00\x00\x00", "binary content"),
]
