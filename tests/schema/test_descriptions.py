"""The schema teaches itself: counted on the introspection result a client sees (the whole schema,
every module included), every type and argument is described and at least 95% of the fields are."""

from __future__ import annotations

from typing import Any

from graphql import get_introspection_query

from schema import schema


def _introspection() -> list[dict[str, Any]]:
    result = schema.execute_sync(get_introspection_query(specified_by_url=True, input_value_deprecation=True))
    assert result.errors is None and result.data is not None
    return [t for t in result.data["__schema"]["types"] if not t["name"].startswith("__")]


def _missing(items: list[tuple[str, str | None]]) -> list[str]:
    return [name for name, description in items if not (description or "").strip()]


def test_every_type_field_and_argument_is_described() -> None:
    types = _introspection()
    fields = [
        (f"{t['name']}.{f['name']}", f["description"]) for t in types for f in (t["fields"] or t["inputFields"] or [])
    ]
    arguments = [
        (f"{t['name']}.{f['name']}({a['name']})", a["description"])
        for t in types
        for f in t["fields"] or []
        for a in f["args"]
    ]
    assert len(types) > 80 and len(fields) > 400 and len(arguments) > 100
    assert _missing([(t["name"], t["description"]) for t in types]) == []
    assert _missing(arguments) == []
    undescribed = _missing(fields)
    assert len(undescribed) <= 0.05 * len(fields), undescribed


def test_custom_scalars_name_their_specification() -> None:
    scalars = {t["name"]: t for t in _introspection() if t["kind"] == "SCALAR"}
    for name in ("Decimal", "DateTime", "JSON"):
        assert scalars[name]["specifiedByURL"].startswith("https://"), name
