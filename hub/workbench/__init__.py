"""The mapping workbench (issue 6): link proposals and their measured quality, the edition crosswalk,
the mapping workbook round trip, recipient need (penghitungan kebutuhan) and budget per recipient."""
