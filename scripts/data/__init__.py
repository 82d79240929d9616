"""Stage 1, data: validate `notebooks/data/` (Frictionless schema plus the project's rules)."""
