"""The attribution rule is reference data: the shipped file names EQUAL_SPLIT, another file can weight
services instead, and the SQL follows whichever rule it is given (expected shares worked out by hand)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from hub.analytics import attribution
from hub.analytics.budget import effective_lines
from tests.factories import make_edition, make_line, make_link, make_node_path, make_run

SHARED, OWN = "1.02.02.2.01.0003", "1.02.02.2.01.0004"


def write_rule(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "budget_attribution.toml"
    path.write_text(text, encoding="utf-8")
    return path


def amounts(engine: Engine, rule: attribution.Rule) -> dict[str, attribution.ServiceAmounts]:
    with Session(engine) as session:
        lines = effective_lines(2025, region_codes=["53.02"])
        share = attribution.shares(rule, statuses=("approved",))
        rows = session.exec(attribution.sums(lines, share, [share.c.service_code])).all()
    return {key[0]: value for key, value in attribution.collect(rows, keys=1, rule=rule).items()}


@pytest.fixture
def shared_line(reference_db: Engine) -> Engine:
    """A line of Rp 1,000.00 serving KES.KAB.01 and KES.KAB.02; a line of Rp 10.00 serving KES.KAB.01 only."""
    with Session(reference_db) as session:
        run, edition = make_run(session), make_edition(session)
        node = make_node_path(session, edition, SHARED)
        make_link(session, "KES.KAB.01", node)
        make_link(session, "KES.KAB.02", node)
        make_link(session, "KES.KAB.01", make_node_path(session, edition, OWN))
        make_line(session, run, "53.02", SHARED, "1000.00", realised="400.00")
        make_line(session, run, "53.02", OWN, "10.00")
        session.commit()
    return reference_db


def test_the_shipped_rule_is_an_equal_split() -> None:
    assert attribution.load_rule() == attribution.Rule("EQUAL_SPLIT")


def test_service_weights_divide_a_shared_line(shared_line: Engine, tmp_path: Path) -> None:
    rule = attribution.load_rule(write_rule(tmp_path, 'rule = "SERVICE_WEIGHTS"\n[weights]\n"KES.KAB.01" = 3\n'))
    found = amounts(shared_line, rule)
    first, second = found["KES.KAB.01"], found["KES.KAB.02"]
    assert (first.attributed_planned, second.attributed_planned) == (Decimal("760.00"), Decimal("250.00"))
    assert (first.attributed_realised, second.attributed_realised) == (Decimal("300.00"), Decimal("100.00"))
    assert (first.linked_planned, second.linked_planned) == (Decimal("1010.00"), Decimal("1000.00"))
    assert (first.line_count, first.shared_line_count, first.attribution_rule) == (2, 1, "SERVICE_WEIGHTS")
    equal = amounts(shared_line, attribution.Rule("EQUAL_SPLIT"))
    assert (equal["KES.KAB.01"].attributed_planned, equal["KES.KAB.02"].attributed_planned) == (
        Decimal("510.00"),
        Decimal("500.00"),
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('rule = "LARGEST_SERVICE"\n', "rule must be one of"),
        ('rule = "SERVICE_WEIGHTS"\n[weights]\n"KES.KAB.01" = 0\n', "positive integers"),
    ],
)
def test_a_bad_rule_file_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        attribution.load_rule(write_rule(tmp_path, text))
