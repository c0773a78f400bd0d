"""The mapping workbench: link proposals, their measured quality, and the edition crosswalk."""
