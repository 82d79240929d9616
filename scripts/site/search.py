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

`start_index()` is called by the MkDocs hook `scripts/mkdocs_adapter/hooks.py` after the
last language pass, on the staging folder, and the index finished once the PDF briefs and
share cards are made, so that Pagefind runs beside them; the binary comes from the
`pagefind-bin` wheel.
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
    return start_index(site_dir, languages, cache).finish()


def start_index(site_dir: Path, languages: Sequence[str],
                cache: OutputCache | None = None) -> PendingIndex:
    """Start indexing `site_dir` (see `build_index`); Pagefind reads only the HTML files, so
    the build's other finishing steps may run while it works. Call `finish()` on the result
    (and `stop()` when the build ends early)."""
    options = ["--output-subdir", BUNDLE_DIR, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        options += ["--exclude-selectors", selector]
    key = _inputs_digest(site_dir, options) if cache is not None else ""
    entry = cache.lookup(key) if cache is not None else None
    _remove_theme_search_files(site_dir)
    if entry is not None:
        shutil.copytree(entry / BUNDLE_DIR, site_dir / BUNDLE_DIR)
        return PendingIndex(site_dir, languages, None)
    return PendingIndex(site_dir, languages, _start_pagefind(site_dir, options), cache, key)


class PendingIndex:
    """A search index being made: Pagefind running (or its bundle copied from the cache)."""

    def __init__(self, site_dir: Path, languages: Sequence[str], run: _PagefindRun | None,
                 cache: OutputCache | None = None, key: str = "") -> None:
        self.site_dir, self.languages, self.run = site_dir, languages, run
        self.cache, self.key = cache, key

    def finish(self) -> dict[str, int]:
        """Wait for Pagefind, tidy and check its bundle; the pages indexed per language."""
        bundle = self.site_dir / BUNDLE_DIR
        if self.run is not None:
            self.run.wait()
            for name in UNUSED_FILES:
                (bundle / name).unlink(missing_ok=True)
        counts = _sorted_entry(bundle / ENTRY_FILE)
        if set(counts) != set(self.languages):
            raise SearchIndexError(
                f"Pagefind indexed the languages {sorted(counts)}, the site has "
                f"{sorted(self.languages)}: a page marked for search (data-pagefind-body) has "
                "a <html lang> of another language, or a language has no page to index.")
        if self.cache is not None and self.run is not None:
            self.cache.store(self.key, lambda folder: shutil.copytree(bundle,
                                                                      folder / BUNDLE_DIR))
        return counts

    def stop(self) -> None:
        """End Pagefind if it is still running (the build stopped before `finish`)."""
        if self.run is not None:
            self.run.stop()


def _inputs_digest(site_dir: Path, options: list[str]) -> str:
    """What Pagefind reads (every HTML file, by path and content), its version and options."""
    parts: list[str | bytes] = [package_versions("pagefind", "pagefind-bin"), *options]
    for path in sorted(site_dir.rglob("*.html")):
        parts += [path.relative_to(site_dir).as_posix(), path.read_bytes()]
    return digest(*parts)


class _PagefindRun:
    """One Pagefind process, started in a folder of its own."""

    def __init__(self, command: list[str]) -> None:
        # Pagefind reads a pagefind.yml/.toml/.json from its working directory; an empty one
        # makes the command line the whole configuration.
        self._folder = tempfile.TemporaryDirectory()
        try:
            self._process = subprocess.Popen(command, cwd=self._folder.name, text=True,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except BaseException:
            self._folder.cleanup()
            raise

    def wait(self) -> None:
        try:
            stdout, stderr = self._process.communicate()
        finally:
            self.stop()
        if self._process.returncode != 0:
            raise SearchIndexError(f"Pagefind failed (exit {self._process.returncode}):\n"
                                   f"{stdout}{stderr}".rstrip())

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        self._folder.cleanup()


def _start_pagefind(site_dir: Path, options: list[str]) -> _PagefindRun:
    return _PagefindRun([str(pagefind_bin.get_executable()), "--site", str(site_dir.resolve()),
                         *options])


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
