"""The brief's pages (content A): both languages, equal in substance, sourced, and in the nav."""

from __future__ import annotations

import difflib
import re

import pytest
import yaml

from .conftest import ROOT

DOCS = ROOT / "docs"
# The pages this part of the brief owns, by their Indonesian path.
PAGES = ("index.md", "ringkasan.md", "masalah.md", "pelanggaran.md", "hukum.md", "glosarium.md")
CITATION = re.compile(r"(?<![\w.])@([a-z][a-z0-9]*)\b")
VALUE = re.compile(r"\{\{\s*value\s*:\s*([^}\s]+)\s*\}\}")
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")
# Frequent Indonesian function words: an English page full of them is an untranslated copy.
INDONESIAN_WORDS = {"yang", "dan", "di", "dari", "untuk", "dengan", "tidak", "ini", "itu",
                    "dalam", "adalah", "atau", "pada", "oleh", "sudah", "bisa"}


def pair(page: str) -> tuple[str, str]:
    english = page.removesuffix(".md") + ".en.md"
    return ((DOCS / page).read_text(encoding="utf-8"),
            (DOCS / english).read_text(encoding="utf-8"))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", re.sub(r"\[@[^\]]*\]|\{\{[^}]*\}\}", " ", text.lower()))


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_in_both_languages(page):
    assert (DOCS / page).is_file()
    assert (DOCS / (page.removesuffix(".md") + ".en.md")).is_file()


@pytest.mark.parametrize("page", PAGES)
def test_english_page_is_not_an_untranslated_copy(page):
    indonesian, english = pair(page)
    assert difflib.SequenceMatcher(None, indonesian, english).ratio() < 0.6
    english_words = words(english)
    share = sum(w in INDONESIAN_WORDS for w in english_words) / max(len(english_words), 1)
    assert share < 0.03, f"{page}: the English page reads like Indonesian ({share:.0%})"
    indonesian_words = words(indonesian)
    share = sum(w in INDONESIAN_WORDS for w in indonesian_words) / max(len(indonesian_words), 1)
    assert share > 0.05, f"{page}: the Indonesian page does not read like Indonesian"


@pytest.mark.parametrize("page", PAGES)
def test_both_languages_cite_the_same_sources_and_values(page):
    indonesian, english = pair(page)
    assert set(CITATION.findall(indonesian)) == set(CITATION.findall(english))
    assert sorted(VALUE.findall(indonesian)) == sorted(VALUE.findall(english))
    assert sorted(LINK.findall(indonesian)) == sorted(LINK.findall(english))


# Paragraphs that say what we could NOT source open with one of these, and need no citation.
UNCERTAINTY = ("**Yang belum pasti.**", "**What is uncertain.**")


@pytest.mark.parametrize("page", [p for p in PAGES if p != "glosarium.md"])
def test_every_paragraph_with_a_claim_is_cited(page):
    """A prose paragraph naming a number or an institution cites a source, links onward only,
    or is an explicit note of uncertainty. Practical advice needs no source."""
    uncited = []
    for text in pair(page):
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
        previous = ""
        for block in (b.strip() for b in re.split(r"\n\s*\n", body)):
            # A list that completes a cited sentence ending in ":" shares its citation.
            introduced, previous = previous.endswith(":") and "[@" in previous, block
            if not block or block.startswith(("#", "|", "!!!", *UNCERTAINTY)) or CITATION.search(
                    block):
                continue
            if introduced:
                continue
            items = re.findall(r"^(?:-|\d+\.) (.*)", block, flags=re.MULTILINE)
            if items and all(item.startswith(("[", "**[")) for item in items):
                continue  # a list of links onward
            if re.search(r"\d", block) or re.search(r"\b(KASN|BKN|Bawaslu|MK|UU|PP)\b", block):
                uncited.append(block[:160])
    assert not uncited, f"{page}: paragraphs without a citation:\n" + "\n---\n".join(uncited)


def test_cited_keys_exist_in_the_bibliography():
    # The loader reads every bib/*.bib (references.bib plus files such as policy.bib).
    keys = set()
    for bib_file in sorted((ROOT / "bib").glob("*.bib")):
        bib = bib_file.read_text(encoding="utf-8")
        keys |= set(re.findall(r"^@\w+\{([^,\s]+),", bib, flags=re.MULTILINE))
    for page in PAGES:
        for text in pair(page):
            missing = set(CITATION.findall(text)) - keys
            assert not missing, f"{page}: keys not in any bib/*.bib: {sorted(missing)}"


def test_no_page_tells_readers_to_report_to_kasn():
    """KASN was dissolved: no page may send a reader to it (whatever the pages say else)."""
    for page in PAGES:
        for text in pair(page):
            assert not re.search(r"\b(laporkan|melapor) ke KASN|\breport (it )?to KASN", text), page


def test_pages_are_in_the_navigation():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = config.index("\nnav:")
    nav = yaml.safe_load(config[start:config.index("\n# ---", start)])
    listed = set(re.findall(r"[\w/-]+\.md", str(nav)))
    for page in PAGES:
        assert page in listed, f"{page} is missing from mkdocs.yml nav"
    # Every nav section has an English name.
    sections = [key for entry in nav["nav"] if isinstance(entry, dict) for key in entry]
    assert sections
    for section in sections:
        assert re.search(rf"^\s+{re.escape(section)}: \S", config, re.M), section
