"""Minutes of an assistance session: its decisions and their follow-ups (the hub's XLSX template)."""

from connectors.minutes.contract import MinutesContract
from connectors.minutes.extract import MinutesConnector

__all__ = ["MinutesConnector", "MinutesContract"]
