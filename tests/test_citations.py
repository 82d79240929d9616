"""Citations in Markdown: parsing, rendering, and what a bad citation does to a real build."""

from __future__ import annotations

import pytest

from scripts.references import bibliography as references
from scripts.references import citations, page_html

BIB = r"""
@article{regif2023penyalahgunaan, ids = {regif2023politicization},
  author = {Regif, S. Y. and Pattipeilohy, A.}, title = {Penyalahgunaan},
  journal = {Jurnal Adhyasta Pemilu}, year = {2023}, doi = {10.55108/jap.v6i1.62}}
@online{kasn2021hasil, author = {{Komisi Aparatur Sipil Negara}}, shortauthor = {KASN},
  title = {Hasil Survei <b>KASN</b>}, date = {2021-12-16}, url = {https://kasn.go.id/a}}
@online{detik2021survei, author = {{detikNews}}, title = {Survei}, date = {2021-12-16},
  url = {https://news.detik.com/b}}
"""


@pytest.fixture
def bib(tmp_path) -> references.Bibliography:
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "x.bib").write_text(BIB, encoding="utf-8")
    return references.load(tmp_path / "bib", tmp_path)


def keys(text: str) -> list[tuple[tuple[str, ...], bool]]:
    return [(c.keys, c.narrative) for c in citations.find(text)]


def test_citation_forms_are_found():
    text = ("One [@regif2023penyalahgunaan]. Two [@a2020x; @b2021y]. Page "
            "[@kasn2021hasil, p. 12]. Narrative @detik2021survei says. Prefix [lihat @c2019z].")
    assert keys(text) == [(("regif2023penyalahgunaan",), False), (("a2020x", "b2021y"), False),
                          (("kasn2021hasil",), False), (("detik2021survei",), True),
                          (("c2019z",), False)]
    found = citations.find(text)
    assert found[2].locators == ("p. 12",)
    assert found[4].prefixes == ("lihat",)


def test_bracket_may_wrap_onto_the_next_line():
    text = "A [@a2020x;\n  @b2021y, p. 3] and [lihat\n@c2020z]."
    assert keys(text) == [(("a2020x", "b2021y"), False), (("c2020z",), False)]
    assert citations.find(text)[0].locators == ("", "p. 3")


def test_not_citations():
    text = ("Mail humas@kasn2021.go.id or x@y2020z.org. Code `[@a2020x]` and `@b2020y`.\n"
            "```\n[@c2020z] @d2020w\n```\n<!-- [@e2020v] -->\n"
            "A [link](https://example.org/@f2020u) and [@g2020t](https://x.org) and "
            "@bawaslu_ri and \\@h2020s.")
    assert keys(text) == []


def test_rendering_in_both_languages(bib):
    text = "See [@kasn2021hasil; @regif2023penyalahgunaan, p. 40] and @kasn2021hasil."
    html = citations.Renderer(bib, "id", "rekomendasi/kode-etik.md").render(text, "p.md")
    # items in reference-list order; group author written out at its first citation
    assert html.startswith('See (<span class="cite">[Komisi Aparatur Sipil Negara &#91;KASN'
                           '&#93;, 2021](../referensi.md#ref-kasn2021hasil)')
    assert '; <span class="cite">[Regif &amp; Pattipeilohy, 2023, hlm. 40]' \
           "(../referensi.md#ref-regif2023penyalahgunaan)" in html
    assert "[KASN (2021)](../referensi.md#ref-kasn2021hasil)" in html
    english = citations.Renderer(bib, "en", "index.en.md").render(text, "p.md")
    assert "[Regif &amp; Pattipeilohy, 2023, p. 40](referensi.en.md#ref-" in english
    # the hover/focus text is the full reference, escaped
    assert "Hasil Survei &lt;b&gt;KASN&lt;/b&gt;" in html and "<b>" not in html
    assert 'aria-describedby="cite-tip-1"' in html and 'id="cite-tip-1"' in html


def test_alias_resolves_and_escape_is_literal(bib):
    html = citations.Renderer(bib, "en", "a.md").render(
        "@regif2023politicization and \\@regif2023penyalahgunaan", "a.md")
    assert "#ref-regif2023penyalahgunaan" in html
    assert html.endswith("and &#64;regif2023penyalahgunaan")


def test_a_tooltip_follows_the_bibliography_it_is_rendered_with(bib, tmp_path):
    # Tooltip references are made once per bibliography and language: an edited entry in a
    # bibliography loaded again (the next build) shows its new text.
    text = "See [@kasn2021hasil] and again [@kasn2021hasil]."
    before = citations.Renderer(bib, "id", "a.md").render(text, "a.md")
    assert before.count("Hasil Survei &lt;b&gt;KASN&lt;/b&gt;") == 2
    (tmp_path / "bib" / "x.bib").write_text(BIB.replace("Hasil Survei", "Laporan Survei"),
                                            encoding="utf-8")
    edited = references.load(tmp_path / "bib", tmp_path)
    after = citations.Renderer(edited, "id", "a.md").render(text, "a.md")
    assert after.count("Laporan Survei &lt;b&gt;KASN&lt;/b&gt;") == 2 and "Hasil" not in after
    english = citations.Renderer(edited, "en", "a.md").render(text, "a.md")
    assert english != after and "Laporan Survei" in english


def test_unknown_key_names_line_and_nearest_key(bib):
    text = "Line one.\n\nLine three [@regif2023penyalahgunaan;\n@kasn2021hsil]."
    with pytest.raises(citations.CitationError) as caught:
        citations.check(text, "docs/x.md", bib)
    assert str(caught.value).startswith("docs/x.md:4: unknown citation key 'kasn2021hsil'.")
    assert "Nearest known key: 'kasn2021hasil'" in str(caught.value)


def test_a_page_with_citations_gets_a_print_note_with_the_reference_address():
    page = '<article><span class="cite"><a href="../referensi/#ref-a">A, 2020</a></span></article>'
    address = citations.reference_address("https://example.org/brief/en")
    assert address == "https://example.org/brief/en/referensi/"
    noted = page_html.add_print_note(page, "en", address)
    assert noted.endswith('<p class="cite-print-note">The citations on this page refer to the '
                          'full reference list at https://example.org/brief/en/referensi/.</p>'
                          "</article>")
    assert "daftar referensi lengkap" in page_html.add_print_note(page, "id", address)
    plain = "<article><p>No citation here.</p></article>"
    assert page_html.add_print_note(plain, "en", address) == plain
