"""Stage 5, site: head tags, search (Pagefind, per language), the offline check, theme patches."""
