"""The facts shown under each page: when it last changed, who wrote it, where to report a mistake.

`last_changed_dates()` reads the git history once per build (the date of the last commit
that touched each file); `page_date()` picks a page's date from its own source and, for a
notebook page, its notebook. Without git history (an exported copy, a shallow clone's
missing commits) the date falls back to SOURCE_DATE_EPOCH, which `scripts/build.py` sets,
so the same commit always gives the same bytes. `footer_html()` renders the facts in the
page's language, dates through Babel. Called by `scripts/build_steps.py` and the MkDocs
adapter; no generator import.
"""

from __future__ import annotations

import functools
import html
import os
import subprocess
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from babel.dates import format_date

LABELS = {
    "id": {"updated": "Terakhir diperbarui", "authors": "Penulis",
           "correct": "Koreksi halaman ini", "facts": "Tentang halaman ini",
           "pdf": "Unduh ringkasan kebijakan (PDF)"},
    "en": {"updated": "Last updated", "authors": "Authors",
           "correct": "Correct this page", "facts": "About this page",
           "pdf": "Download the policy brief (PDF)"},
}


def last_changed_dates(root: Path) -> dict[str, date]:
    """Project-relative path -> UTC date of the last commit that changed it; {} without git."""
    try:
        # --relative with cwd at the root: paths stay project-relative even when the project
        # sits inside a larger repository.
        output = subprocess.run(
            ["git", "log", "--format=%x00%ct", "--name-only", "--relative", "--",
             "docs", "notebooks"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, date] = {}
    current: date | None = None
    for line in output.splitlines():
        if line.startswith("\0"):
            current = datetime.fromtimestamp(int(line[1:]), UTC).date()
        elif line and current is not None:
            dates.setdefault(line, current)  # newest first: keep the first date seen
    return dates


def build_date() -> date:
    """The date SOURCE_DATE_EPOCH names (today when it is unset)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date()


def page_date(sources: Iterable[str], dates: dict[str, date], fallback: date) -> date:
    """The newest date among a page's sources; `fallback` when git knows none of them."""
    known = [dates[source] for source in sources if source in dates]
    return max(known) if known else fallback


def footer_html(language: str, updated: date, authors: Sequence[str],
                contact_url: str | None, pdf_href: str | None = None,
                pdf_address: str | None = None) -> str:
    """One short block: last-updated date, authors, a link to report a mistake, and the
    policy brief as a PDF to download and forward."""
    labels = LABELS.get(language, LABELS["en"])
    shown = html.escape(format_date(updated, format="long", locale=language))
    facts = [f'{labels["updated"]}: <time datetime="{updated.isoformat()}">{shown}</time>']
    if authors:
        facts.append(f'{labels["authors"]}: {html.escape(", ".join(authors))}')
    if contact_url:
        facts.append(f'<a href="{html.escape(contact_url)}">{labels["correct"]}</a>')
    if pdf_href:
        # On paper the link shows its full address, like every link in the content.
        printed = f' data-print-href="{html.escape(pdf_address)}"' if pdf_address else ""
        facts.append(f'<a href="{html.escape(pdf_href)}"{printed} download>{labels["pdf"]}</a>')
    items = "".join(f'<span class="md-source-file__fact">{fact}</span>' for fact in facts)
    return (f'<aside class="md-source-file brief-page-info" aria-label="{labels["facts"]}">'
            f"{items}</aside>")


def issue_form_url(citation_record: Path) -> str | None:
    """The repository's issue forms, from CITATION.cff's `repository-code`; None without it."""
    try:
        text = citation_record.read_text(encoding="utf-8")
    except OSError:
        return None
    return _issue_form_url(text)


@functools.lru_cache(maxsize=8)  # asked for every page of every build; parsed once per text
def _issue_form_url(citation_record_text: str) -> str | None:
    try:
        data = yaml.safe_load(citation_record_text) or {}
    except yaml.YAMLError:
        return None
    repository = str(data.get("repository-code") or "").rstrip("/")
    return f"{repository}/issues/new/choose" if repository else None
