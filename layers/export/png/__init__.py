"""export/png."""
