"""Source notes for figures, from the data package's `sources.csv`.

Every data row names a `source_id`; a chart's note lists those sources by publisher and date
in the page's language. Called from notebooks through `scripts.figures.charts` users.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date

from scripts.figures.numbers import BABEL_LOCALE
from scripts.paths import PROJECT

SOURCES_CSV = PROJECT.sources_csv


@cache
def load_sources(path: Path = SOURCES_CSV) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["source_id"]: row for row in csv.DictReader(handle)}


def published_on(iso: str, language: str) -> str:
    """An ISO date at the precision given: '2021-12-16', '2021-12' or '2023', in the locale."""
    locale = BABEL_LOCALE[language]
    parts = iso.split("-")
    if len(parts) == 3:
        return format_date(date.fromisoformat(iso), "d MMMM y", locale=locale)
    if len(parts) == 2:
        return format_date(date(int(parts[0]), int(parts[1]), 1), "LLLL y", locale=locale)
    return parts[0]


def source_note(source_ids: list[str], language: str, path: Path = SOURCES_CSV) -> str:
    """'detikNews, 16 Desember 2021; Tribunnews, 17 Desember 2021' for the given ids."""
    sources = load_sources(path)
    parts = []
    for source_id in source_ids:
        if source_id not in sources:
            raise KeyError(f"{path.name}: no source with source_id {source_id!r}")
        row = sources[source_id]
        parts.append(f"{row['publisher']}, {published_on(row['date_published'], language)}")
    return "; ".join(parts)
