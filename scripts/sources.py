"""Source notes for figures, from the data package's `sources.csv`.

Every data row names a `source_id`; a chart's note lists those sources by publisher and date
in the page's language. Called from notebooks through `scripts.charts` users.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date

from scripts.numbers import BABEL_LOCALE

SOURCES_CSV = Path(__file__).resolve().parents[1] / "notebooks" / "data" / "sources.csv"


@cache
def load_sources(path: Path = SOURCES_CSV) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["source_id"]: row for row in csv.DictReader(handle)}


def source_note(source_ids: list[str], language: str, path: Path = SOURCES_CSV) -> str:
    """'detikNews, 16 Desember 2021; Tribunnews, 17 Desember 2021' for the given ids."""
    sources = load_sources(path)
    parts = []
    for source_id in source_ids:
        if source_id not in sources:
            raise KeyError(f"{path.name}: no source with source_id {source_id!r}")
        row = sources[source_id]
        published = date.fromisoformat(row["date_published"])
        when = format_date(published, "d MMMM y", locale=BABEL_LOCALE[language])
        parts.append(f"{row['publisher']}, {when}")
    return "; ".join(parts)
