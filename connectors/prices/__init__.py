"""Regional unit-price lists (Standar Satuan Harga)."""

from connectors.prices.extract import PricesConnector

__all__ = ["PricesConnector"]
