"""Read SIPD nomenclature exports into hierarchy node rows.

Two shapes: the SIPD XLSX export (one row per sub kegiatan, with its bidang, program and kegiatan
as "code name" cells) and SIPD's JSON list of sub kegiatan (``kode_sub_giat``/``nama_sub_giat``,
no ancestor names). Each source row yields its ancestors the first time they are met, then the
sub kegiatan itself, so a file streams in bounded chunks and parents always precede children.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from connectors.base import Batch, Need, References, issue
from connectors.keys import FirstOccurrences, duplicate_issues
from connectors.nomenclature.contract import (
    LEVEL_EXAMPLES,
    LEVEL_RES,
    SUB_KEGIATAN_CODE,
    NomenclatureContract,
    SpmTaggingContract,
)
from connectors.reading import read_batches
from hub.core.errors import BadInput, RowIssue
from hub.core.vocabulary import KEGIATAN_DIGIT_LEVELS

XLSX_COLUMNS = {
    "JENIS PEMDA": "government_level",
    "BIDANG": "bidang",
    "PROGRAM": "program",
    "KEGIATAN": "kegiatan",
    "SUBKEGIATAN": "sub_kegiatan",
    "KINERJA": "performance",
    "INDIKATOR": "indicator",
    "SATUAN": "unit",
    "TAG": "tags",
    "SPM": "spm",
    "JENIS": "kind",
    "SUBKEGIATAN SEBELUMNYA": "predecessor",
}
XLSX_OPTIONAL = frozenset({"performance", "indicator", "unit", "tags", "kind", "predecessor"})
JSON_COLUMNS = {"kode_sub_giat": "code", "nama_sub_giat": "name"}
ANCESTOR_COLUMNS = ("bidang", "program", "kegiatan")
NODE_COLUMNS = (
    "code",
    "name",
    "level",
    "parent_code",
    "government_level",
    "performance",
    "indicator",
    "unit",
    "spm",
    "kind",
    "predecessor_code",
    "tags",
    "name_derived",
)


def clean_text(value: Any) -> str | None:
    """Collapse runs of whitespace (the export has line breaks inside names, trailing spaces in units)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def split_code_name(cell: Any) -> tuple[str | None, str | None]:
    """``"1.01.02 PROGRAM ..."`` -> ``("1.01.02", "PROGRAM ...")``: code and name split at the first space."""
    text = clean_text(cell)
    if text is None:
        return None, None
    code, _, name = text.partition(" ")
    return code, name.strip() or None


def parse_tags(cell: Any) -> str | None:
    """``["INFLASI (ASTACITA)", null]`` -> ``INFLASI (ASTACITA)``; several tags joined by ``; ``."""
    text = clean_text(cell)
    if text is None:
        return None
    try:
        values = json.loads(text)
    except json.JSONDecodeError:
        return text
    items = [clean_text(v) for v in (values if isinstance(values, list) else [values])]
    return "; ".join(v for v in items if v) or None


def parent_of(code: str) -> str | None:
    """The parent code: one dotted segment fewer (kegiatan ``1.01.02.2.01`` drops two: digit and number)."""
    parts = code.split(".")
    if len(parts) <= 1:
        return None
    if len(parts) == 5:
        return ".".join(parts[:3])
    return ".".join(parts[:-1])


def level_of(code: str) -> int:
    """1 urusan, 2 bidang, 3 program, 4 kegiatan (``a.bb.cc.d.ee``), 5 sub kegiatan."""
    segments = code.count(".") + 1
    return {1: 1, 2: 2, 3: 3, 5: 4, 6: 5}.get(segments, 0)


PLACEHOLDER_PREFIX = "(nama tidak tersedia di sumber: "


def placeholder(code: str) -> str:
    """The name of a node the source does not name (the writer replaces it when the store knows it)."""
    return f"{PLACEHOLDER_PREFIX}{code})"


def is_placeholder(name: str | None) -> bool:
    """True for names made up by ``placeholder``."""
    return name is None or name.startswith(PLACEHOLDER_PREFIX)


class _Expander:
    """Turns sub kegiatan rows into node rows, remembering what it has emitted in this run."""

    def __init__(self) -> None:
        self.emitted: set[tuple[str | None, str]] = set()
        self.repeats = FirstOccurrences(("government_level", "code"))  # a sub kegiatan appears once per level

    def node(
        self, code: str, name: str | None, gov: str | None, *, derived: bool = False, **facts: Any
    ) -> dict[str, Any] | None:
        level = level_of(code)
        key = (gov if level >= 4 else None, code)
        if level < 5:
            if key in self.emitted:
                return None
            self.emitted.add(key)
        return {
            "code": code,
            "name": name if name is not None else (placeholder(code) if derived else None),
            "level": level or None,
            "parent_code": parent_of(code),
            "government_level": key[0],
            "name_derived": derived,
            **facts,
        }

    def batch(self, nodes: list[dict[str, Any]], rows: list[int], sheet: str | None) -> Batch:
        """The node rows of one source chunk, repeated sub kegiatan marked."""
        frame = pd.DataFrame(nodes, columns=list(NODE_COLUMNS), dtype=object)
        return self.repeats.mark(Batch(frame, rows, sheet))

    def ancestors(self, chain: Sequence[tuple[str, str | None, bool]], gov: str | None) -> list[dict[str, Any]]:
        out = []
        for code, name, derived in chain:
            node = self.node(code, name, gov, derived=derived)
            if node is not None:
                out.append(node)
        return out


class NomenclatureConnector:
    """SIPD sub kegiatan nomenclature, one edition per load (``-o edition=SIPD-2027``)."""

    name: ClassVar[str] = "nomenclature"
    description: ClassVar[str] = (
        "Nomenklatur sub kegiatan (SIPD XLSX export, or SIPD JSON list-subkegiatan); "
        "options: edition (required), name, fiscal_year, previous, government_level"
    )
    contract: ClassVar[type[NomenclatureContract]] = NomenclatureContract
    needs: ClassVar[frozenset[Need]] = frozenset()

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        if not options.get("edition"):
            raise BadInput("nomenclature: pass the edition code, e.g. -o edition=SIPD-2027")
        expander = _Expander()
        if path.suffix.lower() == ".json":
            yield from self._read_json(path, options, expander)
        else:
            yield from self._read_table(path, options, expander)

    def _read_table(self, path: Path, options: Mapping[str, str], expander: _Expander) -> Iterator[Batch]:
        for batch in read_batches(path, XLSX_COLUMNS, sheet=options.get("sheet"), optional=XLSX_OPTIONAL):
            nodes: list[dict[str, Any]] = []
            rows: list[int] = []
            for row, record in zip(batch.rows, batch.frame.to_dict(orient="records"), strict=True):
                gov = clean_text(record.get("government_level"))
                chain = [split_code_name(record.get(column)) for column in ANCESTOR_COLUMNS]
                sub_code, sub_name = split_code_name(record.get("sub_kegiatan"))
                urusan = (chain[0][0] or sub_code or "").split(".")[0]
                ancestors: list[tuple[str, str | None, bool]] = [(urusan, None, True)] if urusan else []
                ancestors += [(code, name, False) for code, name in chain if code]
                predecessors = SUB_KEGIATAN_CODE.findall(clean_text(record.get("predecessor")) or "")
                found = expander.ancestors(ancestors, gov)
                found.append(
                    expander.node(  # type: ignore[arg-type]  # a sub kegiatan (level 5) is never a repeat
                        sub_code or "",
                        sub_name,
                        gov,
                        performance=clean_text(record.get("performance")),
                        indicator=clean_text(record.get("indicator")),
                        unit=clean_text(record.get("unit")),
                        spm=clean_text(record.get("spm")),
                        kind=clean_text(record.get("kind")),
                        tags=parse_tags(record.get("tags")),
                        predecessor_code=predecessors[0] if predecessors else clean_text(record.get("predecessor")),
                    )
                )
                for node in found:
                    nodes.append(node)
                    rows.append(row)
            yield expander.batch(nodes, rows, batch.sheet)

    def _read_json(self, path: Path, options: Mapping[str, str], expander: _Expander) -> Iterator[Batch]:
        forced = options.get("government_level")
        for batch in read_batches(path, JSON_COLUMNS):
            nodes: list[dict[str, Any]] = []
            rows: list[int] = []
            for row, record in zip(batch.rows, batch.frame.to_dict(orient="records"), strict=True):
                code, name = clean_text(record.get("code")) or "", clean_text(record.get("name"))
                parts = code.split(".")
                gov = forced or (KEGIATAN_DIGIT_LEVELS.get(parts[3]) if len(parts) == 6 else None)
                chain = [(".".join(parts[:n]), None, True) for n in (1, 2, 3, 5)] if len(parts) == 6 else []
                found = expander.ancestors(chain, gov)
                found.append(expander.node(code, name, gov))  # type: ignore[arg-type]
                nodes += found
                rows += [row] * len(found)
            yield expander.batch(nodes, rows, batch.sheet)

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        del refs, options
        issues = duplicate_issues(frame, rows, "sub kegiatan code for the same government level", column="code")
        for position, node in enumerate(frame.to_dict(orient="records")):
            code, level, parent = str(node["code"]), node["level"], node["parent_code"]
            if level in (4, 5):
                issues += self._check_level(rows, position, code, node["government_level"])
            rules = []
            if isinstance(level, int) and 1 <= level <= 5 and not LEVEL_RES[level - 1].match(code):
                rules.append(f"a level-{level} code must look like {LEVEL_EXAMPLES[level - 1]}")
            if level == 5 and parent and not code.startswith(f"{parent}."):
                rules.append(f"the sub kegiatan code must start with its kegiatan code {parent}")
            issues += [issue(rows, position, "code", code, rule) for rule in rules]
        return issues

    @staticmethod
    def _check_level(rows: Sequence[int], position: int, code: str, gov: Any) -> list[RowIssue]:
        parts = code.split(".")
        digit = parts[3] if len(parts) >= 5 else None
        if gov is None or pd.isna(gov):
            return [
                issue(
                    rows,
                    position,
                    "government_level",
                    None,
                    f"kegiatan digit {digit} does not tell the government level; "
                    "pass -o government_level=PROV or KABKOT",
                )
            ]
        expected = KEGIATAN_DIGIT_LEVELS.get(digit or "")
        if expected and expected != gov:
            return [
                issue(
                    rows,
                    position,
                    "government_level",
                    gov,
                    f"kegiatan digit {digit} means {expected}, but the row says {gov}",
                )
            ]
        return []


class SpmTaggingConnector:
    """SIPD's list of sub kegiatan tagged SPM (``kode``, ``bidang``): sets the SPM flag of one edition."""

    name: ClassVar[str] = "nomenclature_spm"
    description: ClassVar[str] = "SPM tagging of sub kegiatan (SIPD list-spm JSON/CSV); option: edition (required)"
    contract: ClassVar[type[SpmTaggingContract]] = SpmTaggingContract
    needs: ClassVar[frozenset[Need]] = frozenset({"nomenclature_codes"})

    def read(self, path: Path, options: Mapping[str, str]) -> Iterator[Batch]:
        if not options.get("edition"):
            raise BadInput("nomenclature_spm: pass the edition whose SPM flags this sets, e.g. -o edition=SIPD-2024")
        for batch in read_batches(path, {"kode": "code", "bidang": "field_label"}, optional=frozenset({"field_label"})):
            batch.frame["code"] = batch.frame["code"].map(clean_text)
            yield batch

    def check(
        self, frame: pd.DataFrame, rows: Sequence[int], refs: References, options: Mapping[str, str]
    ) -> list[RowIssue]:
        del options
        return [
            issue(
                rows,
                position,
                "code",
                code,
                "no loaded edition has this sub kegiatan code",
                severity="warning",
            )
            for position, code in enumerate(frame["code"])
            if code not in refs.nomenclature_codes
        ]
