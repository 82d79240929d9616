"""The Lighthouse benchmark's choice of pages (`scripts/tools/lighthouse.py`); the scores
themselves are a benchmark, not a test."""

from __future__ import annotations

from pathlib import Path

from scripts.tools.lighthouse import choose_pages, every_page, heaviest_page


def test_all_finds_every_default_language_page_and_nothing_else(tmp_path):
    for folder in ("", "referensi/", "metode/penegakan/", "en/", "en/referensi/",
                   "assets/x/", "pagefind/"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("<p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>", encoding="utf-8")
    assert every_page(tmp_path) == ["", "metode/penegakan/", "referensi/"]


def test_key_pages_include_the_reference_page():
    docs = Path(__file__).parents[1] / "docs"
    pages, _ = choose_pages(docs)
    assert ("references", "referensi/") in pages and ("home", "") in pages


def test_heaviest_page_is_the_largest_after_gzip(tmp_path):
    import random

    noise = random.Random(1).randbytes(3000).hex()  # barely compresses
    for folder, text in (("", "a" * 50_000), ("metode/x/", noise), ("en/y/", noise * 3)):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text(text, encoding="ascii")
    # The run of one letter is larger on disk but smaller once compressed. The English page
    # is left out: the benchmark measures each chosen page in both languages anyway.
    assert heaviest_page(tmp_path) == "metode/x/"
