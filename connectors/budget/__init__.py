"""Regional budget lines (APBD / DPA / SIPD exports), checked against the loaded charts and nomenclature."""

from connectors.budget.contract import BudgetContract
from connectors.budget.extract import BudgetConnector

__all__ = ["BudgetConnector", "BudgetContract"]
