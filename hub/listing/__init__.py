"""Filtered, ordered lists of every fact type: one statement per list, shared by GraphQL and exports."""

from hub.listing.statements import DATASETS, Dataset, Order

__all__ = ["DATASETS", "Dataset", "Order"]
