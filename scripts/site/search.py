"""The site's search index: Pagefind, run on the built site once every language is built.

Pagefind reads the built pages and writes one index per `<html lang>` into `pagefind/` at
the site root; the page's search (overrides/partials/search.html) loads `pagefind.js`
when the reader opens search, and Pagefind picks the index of the page's own language, so
the Indonesian site finds Indonesian pages only and the English site English ones. Its
Indonesian stemmer lets "pelaporan" find "laporan" and "dilaporkan", and "kenetralan"
find "netral", which Material's lunr index (no Indonesian support) could not.

What is indexed: only the main article of a page shown in its own language (the template
marks it `data-pagefind-body`; a page shown untranslated in the other language has no such
mark, so it never lands in the wrong language's index), minus `EXCLUDE_SELECTORS`.

`build_index()` is called by the MkDocs hook `scripts/mkdocs_adapter/hooks.py` after the
last language pass, on the staging folder; the binary comes from the `pagefind-bin` wheel.
Given a cache (`scripts/site/output_cache.py`), an index made from the same HTML files by the
same Pagefind version with the same options is copied from the last build instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pagefind_bin

from scripts.site.output_cache import OutputCache, digest, package_versions

BUNDLE_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
# Parts of an article that are not its prose. `data-search-exclude` is the site's own mark
# (`scripts/site/seo.py`: chart text, data tables, notebook code and printed output); the
# rest are the heading anchors' pilcrow, the citation tooltips (every page citing a source
# would match its title), the print-only note about the reference list, and the page facts
# (date, authors, correction link) that are the same on every page.
EXCLUDE_SELECTORS = (
    "[data-search-exclude]",
    ".headerlink",
    ".cite-tip",
    ".cite-print-note",
    ".md-source-file",
)
# Pagefind also writes its ready-made interfaces; the site has its own, so these would be
# half a megabyte of files nobody loads.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


# What Material copies into every site for the lunr search it runs no more (its search
# plugin is not configured): the lunr language files and the search worker.
THEME_SEARCH_FILES = ("assets/javascripts/lunr", "assets/javascripts/workers/search.*.js",
                      "assets/javascripts/workers/search.*.js.map")


class SearchIndexError(RuntimeError):
    """Pagefind failed or indexed something other than the site's languages."""


def build_index(site_dir: Path, languages: Sequence[str],
                cache: OutputCache | None = None) -> dict[str, int]:
    """Index `site_dir` into `site_dir/pagefind/`; return the pages indexed per language.

    Also removes the theme's own search files (`THEME_SEARCH_FILES`), which no page loads.
    """
    options = ["--output-subdir", BUNDLE_DIR, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        options += ["--exclude-selectors", selector]
    key = _inputs_digest(site_dir, options) if cache is not None else ""
    entry = cache.lookup(key) if cache is not None else None
    if entry is not None:
        shutil.copytree(entry / BUNDLE_DIR, site_dir / BUNDLE_DIR)
    else:
        _run_pagefind(site_dir, options)
    _remove_theme_search_files(site_dir)
    bundle = site_dir / BUNDLE_DIR
    if entry is None:
        for name in UNUSED_FILES:
            (bundle / name).unlink(missing_ok=True)
    counts = _sorted_entry(bundle / ENTRY_FILE)
    if set(counts) != set(languages):
        raise SearchIndexError(
            f"Pagefind indexed the languages {sorted(counts)}, the site has "
            f"{sorted(languages)}: a page marked for search (data-pagefind-body) has a "
            "<html lang> of another language, or a language has no page to index.")
    if cache is not None and entry is None:
        cache.store(key, lambda folder: shutil.copytree(bundle, folder / BUNDLE_DIR))
    return counts


def _inputs_digest(site_dir: Path, options: list[str]) -> str:
    """What Pagefind reads (every HTML file, by path and content), its version and options."""
    parts: list[str | bytes] = [package_versions("pagefind", "pagefind-bin"), *options]
    for path in sorted(site_dir.rglob("*.html")):
        parts += [path.relative_to(site_dir).as_posix(), path.read_bytes()]
    return digest(*parts)


def _run_pagefind(site_dir: Path, options: list[str]) -> None:
    command = [str(pagefind_bin.get_executable()), "--site", str(site_dir.resolve()), *options]
    # Pagefind reads a pagefind.yml/.toml/.json from its working directory; an empty one
    # makes the command line above the whole configuration.
    with tempfile.TemporaryDirectory() as empty:
        result = subprocess.run(command, cwd=empty, capture_output=True, text=True,
                                check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}):\n"
                               f"{result.stdout}{result.stderr}".rstrip())


def _remove_theme_search_files(site_dir: Path) -> None:
    for pattern in THEME_SEARCH_FILES:
        for path in site_dir.glob(pattern):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
    workers = site_dir / "assets/javascripts/workers"
    if workers.is_dir() and not any(workers.iterdir()):
        workers.rmdir()


def _sorted_entry(entry_file: Path) -> dict[str, int]:
    """Re-save Pagefind's entry file with sorted keys; {language: pages}.

    Pagefind 1.5 writes its languages in a different order from run to run; sorted, the
    file (and so the whole site) is byte-identical between two builds of the same input.
    """
    if not entry_file.is_file():
        raise SearchIndexError(f"Pagefind wrote no {entry_file.name}: no page was indexed")
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry_file.write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")), encoding="utf-8")
    return {language: int(info.get("page_count", 0))
            for language, info in sorted(entry.get("languages", {}).items())}
