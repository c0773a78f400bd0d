"""Column types shared by the tables. Kept importable by migrations (no table imports here)."""

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

_SEN = Decimal(100)


class Money(TypeDecorator[Decimal]):
    """Rupiah with two decimals, exact on every database.

    PostgreSQL stores NUMERIC(20, 2). SQLite has no exact decimal type (NUMERIC affinity is a
    float), so there the value is stored as an integer number of sen and SUM() stays exact.
    """

    impl = Numeric(20, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(20, 2, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"Amount {amount} has more than 2 decimals (sen)")
        if dialect.name == "sqlite":
            return int(amount * _SEN)
        return amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(str(value)) / _SEN).quantize(Decimal("0.01"))
        return Decimal(value).quantize(Decimal("0.01"))
