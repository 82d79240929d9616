"""The project's own logic (notebooks, charts, numbers, sources, build), importable, tested."""
