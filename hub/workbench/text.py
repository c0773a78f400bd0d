"""Indonesian text as the proposer and the crosswalk compare it: normalised names, content tokens
without stop words or nomenclature boilerplate, and a fuzzy name similarity."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from hub.core.text import clean_text

# Function words plus the verbs and nouns every sub kegiatan name uses ("Pengelolaan ... sesuai
# standar"), which say nothing about which service is meant.
STOP_WORDS = frozenset(
    [
        "dan",
        "atau",
        "yang",
        "di",
        "ke",
        "dari",
        "dalam",
        "pada",
        "untuk",
        "bagi",
        "dengan",
        "oleh",
        "serta",
        "atas",
        "se",
        "per",
        "sebagai",
        "tentang",
        "terhadap",
        "antar",
        "lintas",
        "melalui",
        "adalah",
        "akan",
        "telah",
        "ini",
        "itu",
        "tersebut",
        "sesuai",
        "standar",
        "jumlah",
        "persentase",
        "cakupan",
        "pengelolaan",
        "penyediaan",
        "penyelenggaraan",
        "pelaksanaan",
        "pembangunan",
        "pengadaan",
        "pemeliharaan",
        "rehabilitasi",
        "fasilitasi",
        "koordinasi",
        "pembinaan",
        "pengembangan",
        "peningkatan",
        "kegiatan",
        "layanan",
        "pelayanan",
        "dasar",
        "daerah",
        "kabupaten",
        "kota",
        "kab",
        "provinsi",
        "prov",
        "terlaksananya",
        "tersedianya",
        "terkelolanya",
        "meningkatnya",
        "yang_telah",
        "dokumen",
        "laporan",
        "unit",
        "orang",
        "paket",
        "kali",
        "tahun",
        "bulan",
    ]
)

_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str | None) -> str:
    """Casefolded, with runs of whitespace collapsed and words hyphenated across lines joined, so
    the artefacts of a PDF extraction (``Kese- hatan``) are no renames."""
    return (clean_text(text or "") or "").casefold()


def content_tokens(*texts: str | None) -> set[str]:
    """Distinct words of the texts, without stop words, numbers or one-letter words."""
    words: set[str] = set()
    for text in texts:
        words.update(w for w in _WORD.findall(normalise(text)) if len(w) > 1 and not w.isdigit())
    return words - STOP_WORDS


def name_similarity(a: str | None, b: str | None) -> float:
    """0..1: how alike two names read (normalised Indel similarity; word order matters a little)."""
    return fuzz.ratio(normalise(a), normalise(b)) / 100.0
