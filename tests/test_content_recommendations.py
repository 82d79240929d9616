"""The recommendation, further-proposal, paper-and-data and About pages.

Checks the page sources: both languages exist with the sections each page promises, every
citation key resolves, both languages cite the same sources and show the same numbers and
figures (equal in substance), no page says KASN still operates, and the paper's
unverifiable figures are presented as such. The last test reads the built site.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
PAGES = ("rekomendasi/index", "rekomendasi/penilaian-kinerja", "rekomendasi/kode-etik",
         "rekomendasi/rekrutmen", "usulan-lanjutan", "makalah-dan-data", "tentang",
         "panduan-penulis")
RECOMMENDATIONS = ("rekomendasi/penilaian-kinerja", "rekomendasi/kode-etik",
                   "rekomendasi/rekrutmen")
# The six parts every recommendation page has, in this order, by heading anchor.
SECTIONS = {
    "id": ("usulan", "bukti", "yang-sudah-ada", "yang-berubah", "untung-rugi", "langkah"),
    "en": ("proposal", "evidence", "what-exists", "what-changed", "trade-offs", "next-steps"),
}
REQUIRED_ANCHORS = {
    "usulan-lanjutan": {"id": ("hak-pilih", "partai", "lembaga-independen"),
                        "en": ("voting-rights", "parties", "independent-body")},
    "makalah-dan-data": {"id": ("kokoh", "keliru-dibaca", "tidak-terverifikasi"),
                         "en": ("hold", "misdescribed", "unverified")},
    "tentang": {"id": ("dasar", "lisensi", "mengutip", "pembaruan", "berkontribusi"),
                "en": ("credit", "licence", "cite", "last-updated", "contribute")},
}
# Who takes the next steps: the institutions the brief names, as written in both languages.
ACTORS = ("KemenPANRB", "BKN", "Kemendagri", "Bawaslu", "DPR")
# Present-tense claims that KASN works today (it was abolished by UU 20/2023).
KASN_TODAY = re.compile(
    r"KASN (masih|saat ini|kini|sekarang|currently|still|now|oversees|supervises|is responsible"
    r"|mengawasi|bertugas|berwenang)|(lapor\w* ke|report\w* to|adukan ke) KASN", re.I)
VALUE = re.compile(r"\{\{\s*value\s*:\s*([a-z0-9_]+)\s*\}\}")
FIGURE = re.compile(r"^\{\{\s*figure\s*:\s*([a-z0-9_]+)\s*\}\}$", re.M)
FENCED = re.compile(r"^(`{3,}).*?^\1", re.M | re.S)


def source(page: str, language: str) -> str:
    suffix = ".md" if language == "id" else ".en.md"
    return (DOCS / f"{page}{suffix}").read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The page without code blocks, code spans and HTML comments (the guide's examples)."""
    text = FENCED.sub("", text)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def cited(text: str) -> set[str]:
    """Citation keys as the site's own citation parser reads them (code is skipped)."""
    from scripts.references import citations

    return {key for citation in citations.find(text) for key in citation.keys}


def anchors(text: str) -> list[str]:
    return re.findall(r"^#{2,6} .*\{#([a-z0-9-]+)\}\s*$", text, re.M)


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_in_both_languages_with_a_title(page):
    for language in ("id", "en"):
        text = source(page, language)
        assert text.startswith("# "), f"{page} ({language}): the first line is the page title"


@pytest.mark.parametrize("page", RECOMMENDATIONS)
def test_recommendation_pages_have_the_six_sections_in_order(page):
    for language, expected in SECTIONS.items():
        found = [a for a in anchors(source(page, language)) if a in expected]
        assert tuple(found) == expected, f"{page} ({language}): sections {found}"


@pytest.mark.parametrize("page", RECOMMENDATIONS)
def test_next_steps_name_who_acts(page):
    for language, expected in SECTIONS.items():
        text = source(page, language)
        steps = text.split("{#" + expected[-1] + "}", 1)[1]
        rows = [r for r in steps.splitlines() if r.startswith("| ") and "---" not in r][1:]
        assert len(rows) >= 5, f"{page} ({language}): fewer than five next steps"
        named = {actor for actor in ACTORS if actor in steps}
        assert len(named) >= 2, f"{page} ({language}): next steps name {named}"


@pytest.mark.parametrize("page", REQUIRED_ANCHORS)
def test_other_pages_have_their_sections(page):
    for language, expected in REQUIRED_ANCHORS[page].items():
        missing = set(expected) - set(anchors(source(page, language)))
        assert not missing, f"{page} ({language}): missing sections {missing}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_cites_known_sources(page):
    from scripts.references import bibliography as references

    bibliography = references.load()
    for language in ("id", "en"):
        keys = cited(source(page, language))
        assert keys, f"{page} ({language}): cites no source"
        unknown = {key for key in keys if bibliography.resolve(key) is None}
        assert not unknown, f"{page} ({language}): unknown citation keys {unknown}"


@pytest.mark.parametrize("page", PAGES)
def test_both_languages_carry_the_same_sources_numbers_and_figures(page):
    found = {}
    for language in ("id", "en"):
        text = prose(source(page, language))
        found[language] = (cited(text), sorted(VALUE.findall(text)),
                           sorted(FIGURE.findall(text)))
    assert found["id"][0] == found["en"][0], f"{page}: citation keys differ"
    assert found["id"][1] == found["en"][1], f"{page}: value placeholders differ"
    assert found["id"][2] == found["en"][2], f"{page}: figures differ"


@pytest.mark.parametrize("page", PAGES)
def test_no_page_says_kasn_still_operates(page):
    for language in ("id", "en"):
        claims = KASN_TODAY.findall(prose(source(page, language)))
        assert not claims, f"{page} ({language}): says KASN works today: {claims}"


def test_paper_and_data_page_shows_the_unverified_total_only_as_unverified():
    for language, section in (("id", "tidak-terverifikasi"), ("en", "unverified")):
        text = source("makalah-dan-data", language)
        # Before its own section, the paper's unverified total appears only in the summary
        # table, on the row that calls it unverified.
        before = text.split("{#" + section + "}", 1)[0]
        for line in before.splitlines():
            if "paper_cases_total" in line:
                assert line.startswith("|") and "verif" in line.lower(), line


def test_voting_rights_section_uses_the_survey_value():
    for language, section in (("id", "hak-pilih"), ("en", "voting-rights")):
        text = source("usulan-lanjutan", language).split("{#" + section + "}", 1)[1]
        text = re.split(r"^## ", text, maxsplit=1, flags=re.M)[0]
        assert "{{ value: survey_remove_vote_pilkada }}" in text, language


def test_about_page_credits_licences_and_cites():
    for language in ("id", "en"):
        text = source("tentang", language)
        assert re.search(r"^\{\{ cite_this_site \}\}$", text, re.M)
        for needed in ("10.55108/jap.v6i1.62", "Regif", "Pattipeilohy", "MIT", "CC BY 4.0",
                       "{{ value: data_last_updated }}", "panduan-penulis.md"):
            assert needed in text, f"tentang ({language}): missing {needed}"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "CC BY 4.0" in licence
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    text = str(declared["project"]["license"])
    assert "MIT" in text and "CC BY 4.0" in text


def test_pages_and_sections_are_in_the_navigation():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"- {page}.md" in config, f"mkdocs.yml nav lacks {page}.md"
    for section, english in (("Rekomendasi", "Recommendations"), ("Tentang", "About")):
        assert f"  - {section}:" in config
        assert f"{section}: {english}" in config, f"no nav_translations for {section}"


def test_paragraphs_are_short_for_phone_readers():
    for page in PAGES:
        for language in ("id", "en"):
            for block in prose(source(page, language)).split("\n\n"):
                if block.lstrip().startswith(("|", "#", "-", "1.", "{{")):
                    continue
                words = len(block.split())
                assert words <= 90, f"{page} ({language}): a paragraph of {words} words"


def test_built_pages_have_no_leftover_placeholders(built_site: Path):
    for page in PAGES:
        for prefix in ("", "en/"):
            name = f"{page}.html" if page.endswith("/index") else f"{page}/index.html"
            article = (built_site / prefix / name).read_text(encoding="utf-8")
            article = article.split("<article", 1)[1]
            # Code shows syntax on purpose (the guide, the BibTeX of "cite this site").
            article = re.sub(r"<pre.*?</pre>|<code.*?</code>", "", article, flags=re.S)
            assert "{{" not in article, f"{prefix}{page}: a placeholder is left"
            assert "[@" not in article, f"{prefix}{page}: a raw citation is left"
            assert 'class="cite"' in article, f"{prefix}{page}: no rendered citation"
