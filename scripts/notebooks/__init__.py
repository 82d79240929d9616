"""Stage 2, notebooks: execute the text notebooks (cached on what they read), render per language."""
