"""Names beside codes, for the people who read lists in a spreadsheet: each code column of a list with
the column that names it (the sub kegiatan, account, funding source, region, service...), and the
human label of every column. The XLSX export uses these; GraphQL and CSV keep their machine columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, func
from sqlmodel import col, select

from hub import models
from hub.core.i18n import N_

NameOf = Callable[[Any], ColumnElement[Any]]


def _lookup(model: Any, key: str, name: str = "name") -> NameOf:
    """The ``name`` of the ``model`` row whose ``key`` equals the code (a correlated scalar subquery)."""
    return lambda code: select(getattr(model, name)).where(getattr(model, key) == code).limit(1).scalar_subquery()


def _sub_kegiatan(code: Any) -> ColumnElement[Any]:
    """The name in the newest edition holding the code (codes are stable across editions, names drift)."""
    node = models.NomenclatureNode
    return select(node.name).where(node.code == code).order_by(col(node.edition_id).desc()).limit(1).scalar_subquery()


_REGION, _SERVICE = _lookup(models.Region, "code"), _lookup(models.SpmService, "code")
# list -> code column -> (name column, how to look the name up)
NAMED: dict[str, dict[str, tuple[str, NameOf]]] = {
    "regions": {"parent_code": ("parent_name", _REGION)},
    "services": {"field_code": ("field_name", _lookup(models.SpmField, "code"))},
    "nomenclature-nodes": {"edition_id": ("edition_code", _lookup(models.NomenclatureEdition, "id", "code"))},
    "service-links": {
        "service_code": ("service_name", _SERVICE),
        "node_id": ("sub_activity_code", _lookup(models.NomenclatureNode, "id", "code")),
    },
    "budget-lines": {
        "region_code": ("region_name", _REGION),
        "sub_activity_code": ("sub_activity_name", _sub_kegiatan),
        "account_code": ("account_name", _lookup(models.Account, "code")),
        "funding_source_code": ("funding_source_name", _lookup(models.FundingSource, "code")),
    },
    "achievement-reports": {"region_code": ("region_name", _REGION), "service_code": ("service_name", _SERVICE)},
    "rapor-values": {"region_code": ("region_name", _REGION)},
}


def with_names(dataset: str, model: Any, statement: Select[Any]) -> tuple[list[str], Select[Any]]:
    """``statement`` (a list's filtered, ordered select of ``model``) with each named code followed by
    its name; returns the column names in order and the new statement. When ``model`` stores a name of
    its own under that column (a budget line's account and funding-source names as the file gave them),
    the one column shows the looked-up name, else the stored one."""
    own = {column.name for column in model.__table__.columns}
    named_here = NAMED.get(dataset, {})
    stored = {name for name, _of in named_here.values() if name in own}
    names, columns = [], []
    for column in model.__table__.columns:
        if column.name in stored:
            continue  # shown beside its code
        names.append(column.name)
        columns.append(getattr(model, column.name))
        named = named_here.get(column.name)
        if named is not None:
            name, name_of = named
            value = name_of(getattr(model, column.name))
            if name in stored:
                value = func.coalesce(value, getattr(model, name))
            names.append(name)
            columns.append(value.label(name))
    return names, statement.with_only_columns(*columns)


# The label of every column a list can export (English; translated through the message catalogue).
LABELS: dict[str, str] = {
    "account_code": N_("Account code"),
    "account_name": N_("Account"),
    "actor": N_("Actor"),
    "agency_code": N_("Agency code"),
    "agency_name": N_("Agency"),
    "bps_code": N_("BPS code"),
    "budget_allocated": N_("Budget allocated"),
    "budget_realised": N_("Budget realised"),
    "category": N_("Category"),
    "code": N_("Code"),
    "connector": N_("Connector"),
    "dapodik_code": N_("Dapodik code"),
    "edition": N_("Edition"),
    "edition_code": N_("Edition"),
    "edition_id": N_("Edition id"),
    "error_code": N_("Error code"),
    "evidence": N_("Evidence"),
    "field_code": N_("Urusan code"),
    "field_name": N_("Urusan"),
    "file_hash": N_("File hash"),
    "finished_at": N_("Finished at"),
    "fiscal_year": N_("Fiscal year"),
    "funding_source_code": N_("Funding source code"),
    "funding_source_name": N_("Funding source"),
    "government_level": N_("Government level"),
    "id": N_("Id"),
    "indicator": N_("Indicator"),
    "indicator_id": N_("Indicator id"),
    "kind": N_("Kind"),
    "legal_ref": N_("Legal reference"),
    "level": N_("Level"),
    "line_key": N_("Line key"),
    "message": N_("Message"),
    "name": N_("Name"),
    "needs_review": N_("Needs review"),
    "node_id": N_("Node id"),
    "note": N_("Note"),
    "options": N_("Options"),
    "ordinal": N_("Order"),
    "origin": N_("Origin"),
    "package_name": N_("Package"),
    "parent_code": N_("Parent code"),
    "parent_id": N_("Parent id"),
    "parent_name": N_("Parent"),
    "performance": N_("Performance"),
    "planned_amount": N_("Planned amount"),
    "population_female": N_("Population (female)"),
    "population_male": N_("Population (male)"),
    "population_total": N_("Population"),
    "predecessor_code": N_("Predecessor code"),
    "problems": N_("Problems"),
    "proposed_at": N_("Proposed at"),
    "proposed_by": N_("Proposed by"),
    "published": N_("Published"),
    "quarter": N_("Quarter"),
    "realised_amount": N_("Realised amount"),
    "reason": N_("Reason"),
    "recipient_definition": N_("Recipients"),
    "region_code": N_("Region code"),
    "region_name": N_("Region"),
    "report": N_("Report"),
    "reviewed_at": N_("Reviewed at"),
    "reviewed_by": N_("Reviewed by"),
    "rows_flagged": N_("Rows flagged"),
    "rows_loaded": N_("Rows loaded"),
    "rows_read": N_("Rows read"),
    "rows_rejected": N_("Rows rejected"),
    "run_id": N_("Run"),
    "score": N_("Score"),
    "served": N_("Served"),
    "service_code": N_("Service code"),
    "service_name": N_("Service"),
    "solutions": N_("Solutions"),
    "source": N_("Source"),
    "source_row": N_("Source row"),
    "spm_flag": N_("SPM flag"),
    "stage": N_("Stage"),
    "started_at": N_("Started at"),
    "status": N_("Status"),
    "sub_activity_code": N_("Sub kegiatan code"),
    "sub_activity_known": N_("Sub kegiatan known"),
    "sub_activity_name": N_("Sub kegiatan"),
    "subject_code": N_("Subject code"),
    "subject_type": N_("Subject type"),
    "tags": N_("Tags"),
    "targeted": N_("Targeted"),
    "unit": N_("Unit"),
    "year": N_("Year"),
}
