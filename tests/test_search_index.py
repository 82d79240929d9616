"""The search index (scripts/site/search.py): reproducible bytes, one index per language,
only articles shown in their own language; no trace of Material's lunr search left."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES
from scripts.site import search

from .test_reliability import differing_files


def _copy_without_index(site: Path, target: Path) -> Path:
    shutil.copytree(site, target, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    return target


def test_two_index_runs_give_byte_identical_pagefind_files(built_site, tmp_path):
    # Pagefind 1.5 orders the languages of its entry file differently from run to run;
    # several runs make an unsorted file all but certain to show up.
    runs = []
    for number in range(3):
        site = _copy_without_index(built_site, tmp_path / f"run{number}")
        assert search.build_index(site, LANGUAGES) == search.build_index(built_site,
                                                                         LANGUAGES)
        runs.append(site / search.BUNDLE_DIR)
    for other in runs[1:]:
        assert differing_files(runs[0], other) == []
    assert differing_files(runs[0], built_site / search.BUNDLE_DIR) == []


def test_the_built_site_has_one_index_per_language_and_no_lunr(built_site):
    counts = search.build_index(_copy_without_index(built_site, built_site.parent / "again"),
                                LANGUAGES)
    assert set(counts) == set(LANGUAGES) and all(counts.values()), counts
    bundle = built_site / search.BUNDLE_DIR
    assert (bundle / "pagefind.js").is_file()
    assert not [name for name in search.UNUSED_FILES if (bundle / name).exists()]
    assert not list(built_site.glob("**/search_index.json"))
    assert not [path for pattern in search.THEME_SEARCH_FILES
                for path in built_site.glob(pattern)]
    # Every page of a language is indexed, once, in that language's index.
    pages = {language: 0 for language in LANGUAGES}
    for html in built_site.glob("**/index.html"):
        text = html.read_text(encoding="utf-8")
        if "data-pagefind-body" not in text:
            continue
        first = html.relative_to(built_site).parts[0]
        language = first if first in LANGUAGES else DEFAULT_LANGUAGE
        assert re.search(rf'<html lang="{language}"', text), html
        pages[language] += 1
    assert pages == counts


def _page(lang: str, body: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>'
            f"<article data-pagefind-body>{body}</article></body></html>")


def test_an_index_in_another_language_stops_the_build(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text(_page("id", "<p>Netralitas ASN</p>"))
    (tmp_path / "en" / "index.html").write_text(_page("fr", "<p>Neutralité</p>"))
    with pytest.raises(search.SearchIndexError, match=r"\['fr', 'id'\]"):
        search.build_index(tmp_path, ("id", "en"))


def test_an_index_the_build_no_longer_waits_for_is_stopped(tmp_path):
    # Pagefind runs beside the PDF briefs and share cards; a build stopped by one of them
    # ends Pagefind too, instead of leaving it writing into the discarded site.
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text(_page("id", "<p>Pelaporan pelanggaran</p>"))
    (tmp_path / "en" / "index.html").write_text(_page("en", "<p>Reporting breaches</p>"))
    pending = search.start_index(tmp_path, ("id", "en"))
    process = pending.run._process
    pending.stop()
    assert process.poll() is not None
    pending.stop()  # a second stop, as after `finish`, does nothing


def test_the_entry_file_is_saved_with_sorted_keys(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text(_page("id", "<p>Pelaporan pelanggaran</p>"))
    (tmp_path / "en" / "index.html").write_text(_page("en", "<p>Reporting breaches</p>"))
    assert search.build_index(tmp_path, ("id", "en")) == {"en": 1, "id": 1}
    entry = (tmp_path / search.BUNDLE_DIR / search.ENTRY_FILE).read_text(encoding="utf-8")
    assert entry.index('"en":') < entry.index('"id":')
    assert entry.index('"languages"') < entry.index('"version"')


def test_a_cached_index_is_the_same_bytes_and_a_changed_page_indexes_again(tmp_path,
                                                                         monkeypatch):
    from scripts.site.output_cache import OutputCache

    def site(name: str, english: str) -> Path:
        root = tmp_path / name
        (root / "en").mkdir(parents=True)
        (root / "index.html").write_text(_page("id", "<p>Pelaporan pelanggaran</p>"))
        (root / "en" / "index.html").write_text(_page("en", f"<p>{english}</p>"))
        return root

    plain = site("plain", "Reporting breaches")
    search.build_index(plain, ("id", "en"))
    cache = OutputCache(tmp_path / "cache")
    runs = []
    real_start = search._start_pagefind
    monkeypatch.setattr(search, "_start_pagefind",
                        lambda *a: runs.append(1) or real_start(*a))
    first, second = site("first", "Reporting breaches"), site("second", "Reporting breaches")
    assert search.build_index(first, ("id", "en"), cache) == {"en": 1, "id": 1}
    assert search.build_index(second, ("id", "en"), cache) == {"en": 1, "id": 1}
    assert len(runs) == 1
    for copy in (first, second):
        assert differing_files(plain / search.BUNDLE_DIR, copy / search.BUNDLE_DIR) == []
    search.build_index(site("changed", "Reporting a breach"), ("id", "en"), cache)
    assert len(runs) == 2
