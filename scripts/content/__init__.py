"""Stage 4, content: the pages' Markdown, front matter, glossary, translations and tables."""
