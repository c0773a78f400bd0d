"""`spm-hub demo` loads every shipped sample without an error (the README's first command)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from hub import models
from hub.demo.load import load_sample


def test_demo_sample_loads_completely(reference_db: Engine) -> None:
    lines = list(load_sample(reference_db))
    assert not [line for line in lines if "VALIDATION_FAILED" in line or "BAD_INPUT" in line or "NOT_FOUND" in line]
    with Session(reference_db) as session:
        total = session.exec(
            select(func.sum(models.BudgetLine.planned_amount)).where(models.BudgetLine.region_code == "81.04")
        ).one()
        approved = session.exec(
            select(func.count()).select_from(models.ServiceLink).where(models.ServiceLink.status == "approved")
        ).one()
        reports = session.exec(select(func.count()).select_from(models.AchievementReport)).one()
    assert Decimal(total) == Decimal("1078983576660")
    assert approved > 150
    assert reports > 1000
