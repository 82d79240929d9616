"""The glossary: its data file, the first-use marking, and the hover definitions on the site."""

from __future__ import annotations

import re

import pytest

from scripts.content import glossary
from scripts.languages import LANGUAGES

from .conftest import ROOT

TERMS = glossary.load()
ABBR = re.compile(r'<abbr class="glossary" title="([^"]*)" tabindex="0">([^<]*)</abbr>')


def test_glossary_file_has_both_languages_for_the_terms_the_brief_needs():
    by_term = {term.term: term for term in TERMS}
    for needed in ("ASN", "PNS", "PPPK", "PPK", "KASN", "BKN", "Bawaslu", "Pilkada", "Pemilu",
                   "paslon", "petahana", "JPT", "KemenPANRB", "SKB", "PP", "UU", "MK"):
        assert needed in by_term, f"glossary.yml lacks {needed}"
    for term in TERMS:
        assert term.definitions["id"] != term.definitions["en"], term.term


def test_a_malformed_entry_is_reported_with_its_name_and_the_fix(tmp_path):
    bad = tmp_path / "glossary.yml"
    bad.write_text("- term: ASN\n  id: {name: A, definition: B}\n- term: ASN\n"
                   "  id: {name: A, definition: B}\n  en: {name: A, definition: C}\n",
                   encoding="utf-8")
    with pytest.raises(glossary.GlossaryError) as error:
        glossary.load(bad)
    message = str(error.value)
    assert "entry 1 (ASN): add `en:`" in message
    assert "`ASN` is defined twice" in message


@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_first_use_in_running_text_is_marked(language):
    html = ("<h1>ASN dan PPK</h1><p>Kata <code>ASN</code> dan <a href='x'>ASN</a>.</p>"
            "<p>ASN, lalu PPK, lalu ASN lagi; PPPK bukan PP.</p>")
    marked = glossary.mark_first_uses(html, TERMS, language)
    found = ABBR.findall(marked)
    assert [text for _, text in found] == ["ASN", "PPK", "PPPK", "PP"]
    asn = next(t for t in TERMS if t.term == "ASN")
    assert found[0][0] == glossary.tooltip(asn, language).replace("'", "&#x27;")
    # Heading, code and link are untouched.
    assert "<h1>ASN dan PPK</h1>" in marked
    assert "<code>ASN</code>" in marked and ">ASN</a>" in marked


def test_terms_inside_a_citation_tooltip_are_left_alone():
    html = ('<p>Lihat <span class="cite"><a href="#r">KASN, 2021</a><span class="cite-tip" '
            'role="tooltip">Komisi <span>ASN</span> (<em>ASN</em>) ASN</span></span> lalu ASN.</p>'
            '<div hidden>PPK</div><p>PPK</p>')
    marked = glossary.mark_first_uses(html, TERMS, "en")
    assert 'role="tooltip">Komisi <span>ASN</span> (<em>ASN</em>) ASN</span>' in marked
    assert marked.count("<abbr") == 2
    assert "lalu <abbr" in marked and "<div hidden>PPK</div>" in marked


def test_words_containing_a_term_are_not_marked():
    marked = glossary.mark_first_uses("<p>UUD 1945, PPKn, ASN-nya, SEA</p>", TERMS, "id")
    assert "<abbr" not in marked


def test_glossary_page_lists_every_term_in_its_language():
    for language in LANGUAGES:
        listing = glossary.render_list(TERMS, language)
        for term in TERMS:
            assert f"**{term.term}**" in listing
            assert term.definitions[language] in listing
    page_sources = [ROOT / "docs" / "glosarium.md", ROOT / "docs" / "glosarium.en.md"]
    for page in page_sources:
        assert glossary.LIST_MARKER in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize(("page", "language"), [("masalah/index.html", "id"),
                                                 ("en/masalah/index.html", "en")])
def test_built_pages_carry_definitions_in_the_readers_language(built_site, page, language):
    html = (built_site / page).read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    found = dict((text, title) for title, text in ABBR.findall(article))
    assert "ASN" in found and "PPK" in found, "glossary terms not marked"
    ppk = next(t for t in TERMS if t.term == "PPK")
    assert found["PPK"] == glossary.tooltip(ppk, language).replace("'", "&#x27;")
    # First use only: each term is marked once per page.
    texts = [text for _, text in ABBR.findall(article)]
    assert len(texts) == len(set(texts))
    # Keyboard users get the definition too (CSS shows it on focus).
    assert "assets/brief.css" in html
    css = (ROOT / "docs" / "assets" / "brief.css").read_text(encoding="utf-8")
    assert "abbr.glossary:focus-visible" in css


def test_reference_entries_and_cite_block_are_left_as_records(built_site):
    """Bibliographic records are copied by readers as they stand: no glossary markup."""
    for page in (built_site / "referensi" / "index.html", built_site / "tentang" / "index.html"):
        html = page.read_text(encoding="utf-8")
        records = re.findall(r'<(?:div|p|section) class="(?:references|ref|cite-site)[^"]*".*?'
                             r'</(?:div|p|section)>', html, re.DOTALL)
        assert records, f"{page}: no reference entries or cite block found"
        assert not any('class="glossary"' in record for record in records), page


def test_the_list_marker_is_replaced_in_prose_and_kept_in_code():
    from scripts.content.glossary import LIST_MARKER, Term, place_list

    terms = [Term(term="ASN", spellings=("ASN",),
                  names={"id": "Aparatur Sipil Negara", "en": "State Civil Apparatus"},
                  definitions={"id": "Pegawai negeri", "en": "Civil servants"})]
    page = (f"# G\n\n{LIST_MARKER}\n\nWrite `{LIST_MARKER}` on a line.\n\n"
            f"```md\n{LIST_MARKER}\n```\n")
    placed = place_list(page, terms, "en")
    assert placed.count(LIST_MARKER) == 2 and "Civil servants" in placed
