"""Population by single year of age: the input for counting entitled SPM recipients (stage 2)."""

from connectors.population.contract import PopulationContract
from connectors.population.extract import PopulationConnector

__all__ = ["PopulationConnector", "PopulationContract"]
