"""Source notes for figures, from the data package's `sources.csv`.

Every data row names a `source_id`; a chart's note lists those sources by publisher and date
in the page's language. The build reads `sources.csv` when it collects the notebooks' figures
(`scripts/figures/registry.py`), not the notebooks' kernels, so the file can change without a
notebook running again.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from babel.dates import format_date

from scripts.figures.numbers import BABEL_LOCALE

SourceTable = dict[str, dict[str, str]]


def load_sources(path: Path) -> SourceTable:
    """`sources.csv` by `source_id`. Read afresh on each call: a preview server reads it
    again on every rebuild, and the file is a few kilobytes."""
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


def source_note(source_ids: list[str], language: str, table: SourceTable) -> str:
    """'detikNews, 16 Desember 2021; Tribunnews, 17 Desember 2021' for the given ids, which
    must all be in `table` (`unknown_sources` says which are not)."""
    parts = []
    for source_id in source_ids:
        row = table[source_id]
        parts.append(f"{row['publisher']}, {published_on(row['date_published'], language)}")
    return "; ".join(parts)


def unknown_sources(source_ids: list[str], table: SourceTable) -> list[str]:
    """The ids `table` lacks, in the order given."""
    return [source_id for source_id in source_ids if source_id not in table]
