"""Charts the budget is checked against: expenditure accounts and funding sources (Permendagri 90/2019 family)."""

from connectors.accounts.contract import ChartContract
from connectors.accounts.extract import AccountsConnector, FundingSourcesConnector

__all__ = ["AccountsConnector", "ChartContract", "FundingSourcesConnector"]
