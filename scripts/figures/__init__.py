"""Stage 3, figures and values: what notebooks publish, charts, locale formats, source notes."""
