"""The mapping workbench and recipient-need estimation (issue 6): link import/export, penghitungan
kebutuhan from population by age, and budget per recipient."""
