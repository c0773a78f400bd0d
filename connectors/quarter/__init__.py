"""A region's e-SPM quarter workbook."""

from connectors.quarter.extract import QuarterConnector

__all__ = ["QuarterConnector"]
