"""Read Dapodik school lists in their two public shapes:

- the Dapodik city export (``Nama_Sekolah``, ``Bentuk_Pendidikan``, ``Provinsi``, ``Kota_Kabupaten``...);
- the Data Induk private-schools export (``Nama Sekolah``, ``Kabupaten``...; UTF-8 with BOM, no level
  column: the level is read from the name, ``SD``/``SMP``/``SMA``/``SMK``/``SLB`` or the words in full).

Each school is tied to its kabupaten/kota by name ("Kota Depok", "KOTA MEDAN", "KAB. LABUHANBATU
UTARA"), within the province the row (or ``-o province=...``) names. Spelling variants the store's
names do not cover are listed in ``region_aliases.csv`` beside this module.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import ClassVar

import pandas as pd

from connectors.base import Batch, Need, References, issue, outside_region
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.reading import normalise_region_name, read_batches
from connectors.schools.contract import SchoolContract
from hub.core.errors import RowIssue

DAPODIK_COLUMNS = {
    "NPSN": "npsn",
    "Nama_Sekolah": "name",
    "Bentuk_Pendidikan": "level",
    "Status": "status",
    "Provinsi": "province",
    "Kota_Kabupaten": "region_name",
    "Kecamatan": "district",
    "Akreditasi": "accreditation",
    "Peserta_Didik_Total": "students",
    "Guru_Total": "teachers",
    "Ruang_Kelas": "classrooms",
    "Rombel": "study_groups",
}
SATPEN_COLUMNS = {
    "NPSN": "npsn",
    "Nama Sekolah": "name",
    "Kabupaten": "region_name",
    "Kecamatan": "district",
    "Akreditasi": "accreditation",
    "Total Peserta Didik": "students",
    "Total Pendidik": "teachers",
}
LEVEL_PATTERNS = [  # first match wins; abbreviations are prefixes (SDIT, SMKS, SMP-IT...)
    (re.compile(r"^(SMK|SEKOLAH MENENGAH KEJURUAN)"), "SMK"),
    (re.compile(r"^(SMA|SEKOLAH MENENGAH ATAS)"), "SMA"),
    (re.compile(r"^(SMP|SEKOLAH MENENGAH PERTAMA)"), "SMP"),
    (re.compile(r"^(SLB|SEKOLAH LUAR BIASA)"), "SLB"),
    (re.compile(r"^(SD|SEKOLAH DASAR)"), "SD"),
    (re.compile(r"\bSEKOLAH DASAR\b"), "SD"),
]
ACCREDITATION = {"A": "A", "B": "B", "C": "C", "TIDAK TERAKREDITASI": "TT", "TT": "TT"}
ALIASES_CSV = Path(__file__).with_name("region_aliases.csv")


def infer_level(name: str) -> str | None:
    """``SD SWASTA BANI ADAM AS`` -> ``SD``; ``SEKOLAH DASAR ISLAM TERPADU ...`` -> ``SD``; else None."""
    text = re.sub(r"\s+", " ", name).strip().upper()
    return next((level for pattern, level in LEVEL_PATTERNS if pattern.search(text)), None)


def region_key(name: str) -> str:
    """Names compare without case, spaces, dots or hyphens ("KOTA TANJUNG BALAI" = "Kota Tanjungbalai")."""
    text = normalise_region_name(re.sub(r"^(prov\.?|provinsi)\s+", "", name.strip(), flags=re.IGNORECASE))
    return re.sub(r"[\s.\-']", "", text)


@cache
def _aliases() -> dict[str, str]:
    with ALIASES_CSV.open(encoding="utf-8", newline="") as handle:
        return {region_key(row["alias"]): region_key(row["name"]) for row in csv.DictReader(handle)}


class SchoolsConnector:
    """Dapodik schools (NPSN, level, students, teachers, classrooms), upserted by NPSN."""

    name: ClassVar[str] = "schools"
    description: ClassVar[str] = "Dapodik school lists (city export or Data Induk private-schools CSV)"
    contract: ClassVar[type[SchoolContract]] = SchoolContract
    needs: ClassVar[frozenset[Need]] = frozenset({"region_names"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        satpen = "nama sekolah" in _header(path)
        columns = SATPEN_COLUMNS if satpen else DAPODIK_COLUMNS
        repeats = FirstOccurrences(["npsn"])
        for batch in read_batches(path, columns, sheet=options.get("sheet")):
            frame = batch.frame
            if satpen:
                frame["level"] = [infer_level(str(name)) if name is not None else None for name in frame["name"]]
                frame["status"] = options.get("status")
                frame["province"] = options.get("province")
                frame["classrooms"] = frame["study_groups"] = None
            elif options.get("province"):
                frame["province"] = frame["province"].fillna(options["province"])
            frame["accreditation"] = [
                ACCREDITATION.get(str(v).strip().upper()) if v is not None else None for v in frame["accreditation"]
            ]
            yield repeats.mark(batch)

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        index = {region_key(name): code for name, code in refs.region_names.items()}
        issues, codes = duplicate_issues(frame, rows, "NPSN", column="npsn"), []
        for position, (name, province, level) in enumerate(
            zip(frame["region_name"], frame["province"], frame["level"], strict=True)
        ):
            code, column, problem = _match(index, str(name) if name is not None else "", province)
            codes.append(code)
            if problem:
                issues.append(issue(rows, position, column, province if column == "province" else name, problem))
            if level is None or (isinstance(level, float) and pd.isna(level)):
                issues.append(
                    issue(
                        rows,
                        position,
                        "level",
                        frame["name"].iloc[position],
                        "the school level (SD, SMP, SMA, SMK, SLB) cannot be read from the name; "
                        "loaded without a level",
                        severity="warning",
                    )
                )
        frame["region_code"] = codes
        return issues + outside_region(frame, rows, options.get("region"))


def _match(index: Mapping[str, str], name: str, province: object) -> tuple[str | None, str, str | None]:
    """(kab/kota code, column at fault, problem in plain words) for ``name`` inside ``province`` when given."""
    key = region_key(name)
    code = index.get(_aliases().get(key, key))
    if code is None or "." not in code:
        return (
            None,
            "region_name",
            (
                "unknown kabupaten/kota name: no region of the store has this name "
                "(add the spelling to connectors/schools/region_aliases.csv if it is a variant)"
            ),
        )
    if province is None or (isinstance(province, float) and pd.isna(province)) or not str(province).strip():
        return code, "region_name", None
    province_code = index.get(region_key(str(province)))
    if province_code is None:
        return None, "province", "unknown province name: no province of the store has this name"
    if code.split(".")[0] != province_code:
        return None, "province", f"kabupaten/kota {name!r} ({code}) is not in this province ({province_code})"
    return code, "region_name", None


def _header(path: Path) -> set[str]:
    """The lower-cased header of a CSV (empty for other files or unreadable text: the reader reports those)."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {column.strip().casefold() for column in next(csv.reader([handle.readline()]), [])}
    except UnicodeDecodeError:
        return set()
