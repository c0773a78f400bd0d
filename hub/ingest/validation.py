"""The validation gate: a batch checked against its connector's Pandera contract, every failing cell
turned into a row issue worded for a planning officer."""

from __future__ import annotations

import contextlib
import re

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from connectors.base import Batch
from hub.core.errors import RowIssue

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^plain:(.*)$"), "{0}"),  # a custom check named in plain words
    (re.compile(r"^(must .*)$"), "{0}"),  # a custom check whose error text is already plain words
    (re.compile(r"str_matches\('(.*)'\)"), "must match the code format {0}"),
    (re.compile(r"greater_than_or_equal_to\((.*)\)"), "must be at least {0}"),
    (re.compile(r"greater_than\((.*)\)"), "must be greater than {0}"),
    (re.compile(r"less_than_or_equal_to\((.*)\)"), "must be at most {0}"),
    (re.compile(r"less_than\((.*)\)"), "must be less than {0}"),
    (re.compile(r"in_range\((.*), (.*)\)"), "must be between {0} and {1}"),
    (re.compile(r"isin\((.*)\)"), "must be one of {0}"),
    (re.compile(r"str_length\((.*)\)"), "has the wrong length ({0})"),
    (re.compile(r"(coerce_)?dtype\('(\w+).*'\)"), "has the wrong type (expected {1})"),
    (re.compile(r"not_nullable"), "is required but empty"),
    (re.compile(r"field_uniqueness|unique|duplicates"), "is duplicated within the file"),
    (re.compile(r"column_in_dataframe"), "column is missing"),
]


def plain_rule(check: str, description: str | None = None) -> str:
    """A Pandera check name in plain words, prefixed with the column's description when it has one."""
    for pattern, template in _RULES:
        match = pattern.search(check)
        if match:
            text = template.format(*[g or "" for g in match.groups()])
            break
    else:
        text = f"fails the check {check}"
    return f"{description}: {text}" if description else text


def validate(
    contract: type[pa.DataFrameModel], batch: Batch, *, file: str | None = None
) -> tuple[pd.DataFrame, list[RowIssue]]:
    """Validate a batch lazily; returns the coerced frame and one issue per failing cell.

    Rows named in an issue are still in the returned frame: the caller drops or quarantines them.
    """
    schema = contract.to_schema()
    try:
        return schema.validate(batch.frame, lazy=True), []
    except SchemaErrors as exc:
        failures = exc.failure_cases
    issues: list[RowIssue] = []
    seen: set[tuple[int | None, str | None, str]] = set()
    for case in failures.itertuples(index=False):
        index = case.index if case.index is not None and not pd.isna(case.index) else None
        column = case.column if isinstance(case.column, str) else None
        if index is None and column in schema.columns:
            continue  # a check that crashed on an uncoercible value already reported per row
        row = batch.rows[int(index)] if index is not None else None
        column_schema = schema.columns.get(column) if column else None
        rule = plain_rule(str(case.check), column_schema.description if column_schema is not None else None)
        key = (row, column, rule)
        if key in seen:
            continue
        seen.add(key)
        value = None if case.failure_case is None or index is None else str(case.failure_case)
        issues.append(RowIssue(row=row, column=column, value=value, rule=rule, sheet=batch.sheet, file=file))
    return _coerce_loosely(schema, batch.frame), issues


def _coerce_loosely(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep only the contract's columns, coercing what can be coerced and leaving the rest as is."""
    out = frame[[c for c in schema.columns if c in frame.columns]].copy()
    for name, column in schema.columns.items():
        if name in out.columns:
            with contextlib.suppress(Exception):  # uncoercible values stay raw; their rows are rejected anyway
                out[name] = column.dtype.coerce(out[name])
    return out
