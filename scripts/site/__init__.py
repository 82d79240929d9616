"""Stage 5, site: head tags, search index per language, the offline rewrite, theme patches."""
