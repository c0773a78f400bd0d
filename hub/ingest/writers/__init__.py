"""Writers: how each source's validated rows are stored (one module per domain)."""
