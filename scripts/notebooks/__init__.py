"""Notebooks: execute the text notebooks (`execution`), keep the results (`cache`), and render
them per language (`render`)."""
