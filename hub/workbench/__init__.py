"""The mapping workbench: link proposals and their measured quality, the edition crosswalk,
and the mapping workbook round trip and review of links."""
