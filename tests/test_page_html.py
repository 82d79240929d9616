"""Passes that add markup to pages read them with html.parser: citation CSS, print note and
meta tags (references/page_html.py), glossary marks and table boxes on awkward markup."""

from __future__ import annotations

from scripts.content import glossary, tables
from scripts.references import page_html

ADDRESS = "https://example.org/brief/referensi/"
TAGS = '<meta name="citation_title" content="T">'
HEAD = "<!doctype html><html><head><script>var end = '</head>';</script><title>T</title></head>"
CITED = (HEAD + '<body><article><p>Text <span class="cite"><a href="../referensi/#ref-a">A, '
         "2020</a></span>.</p><!-- </article> --></article></body></html>")
PLAIN = HEAD + "<body><article><p>No citation.</p></article></body></html>"


def test_a_page_with_citations_gets_meta_tags_css_and_print_note_in_place():
    finished = page_html.finish_page(CITED, "id", ADDRESS, TAGS)
    note = ('<p class="cite-print-note">Kutipan di halaman ini merujuk ke daftar referensi '
            f'lengkap di {ADDRESS}.</p>')
    assert finished == CITED.replace(
        "<title>T</title></head>", f"<title>T</title>{TAGS}{page_html.STYLE}</head>").replace(
        "--></article>", f"-->{note}</article>")


def test_a_page_without_citations_gets_only_the_meta_tags_once():
    finished = page_html.finish_page(PLAIN, "en", ADDRESS, TAGS)
    assert finished == PLAIN.replace("</title></head>", f"</title>{TAGS}</head>")
    assert page_html.finish_page(finished, "en", ADDRESS, TAGS) == finished


def test_a_reference_list_page_gets_the_css_but_no_print_note():
    page = HEAD + '<body><article><div class="references"><p class="ref">R</p></div></article>'
    finished = page_html.finish_page(page, "en", ADDRESS, TAGS)
    assert page_html.STYLE in finished and "cite-print-note\"" not in finished


def test_a_class_merely_containing_cite_is_not_a_citation():
    page = HEAD + '<body><article><p class="cite-tip excited">x</p></article>'
    assert page_html.add_print_note(page, "en", ADDRESS) == page


def test_glossary_reads_attributes_holding_angle_brackets():
    terms = glossary.load()
    html = ('<p data-note="a > b">ASN<a title="x>y" href="#">PPK</a> lalu PPK &amp; ASN</p>'
            '<div class="admonition ref">BKN</div><p>BKN</p>')
    marked = glossary.mark_first_uses(html, terms, "id")
    assert marked.startswith('<p data-note="a > b"><abbr class="glossary"')
    assert '<a title="x>y" href="#">PPK</a>' in marked
    assert 'lalu <abbr class="glossary"' in marked and "&amp; ASN</p>" in marked
    assert '<div class="admonition ref">BKN</div>' in marked
    assert marked.endswith('">BKN</abbr></p>')
    # Everything outside the marks is as written.
    assert glossary.mark_first_uses(html, [], "id") == html


def test_tables_nested_and_after_a_heading_with_markup():
    page = ('<h2 id="s">Data <em>per</em> tahun<a class="headerlink" href="#s">¶</a></h2>'
            '<table data-x="1 > 0"><tr><th>Tahun</th><td><table><caption>Dalam</caption>'
            "</table></td></tr></table>")
    wrapped = tables.wrap_tables(page, "id")
    assert wrapped.count('<div class="brief-table"') == 1
    assert 'aria-label="Tabel: Data per tahun (Tahun)"><div class="md-typeset__scrollwrap">' \
           '<div class="md-typeset__table"><table data-x="1 > 0">' in wrapped
    assert wrapped.endswith("</table></div></div></td></tr></table></div></div></div>")


def test_a_cached_page_is_the_same_text_and_a_changed_page_is_finished_again(tmp_path,
                                                                           monkeypatch):
    from scripts.site.output_cache import OutputCache

    crlf = CITED.replace("<body>", "<body>\r\n")  # stored as bytes: line ends stay as written
    expected = page_html.finish_page(crlf, "id", ADDRESS, TAGS)
    plain = page_html.finish_page(PLAIN, "id", ADDRESS, TAGS)
    made = []
    real_finish = page_html._finish
    monkeypatch.setattr(page_html, "_finish", lambda *a: made.append(1) or real_finish(*a))

    def cached(page: str) -> str:
        return page_html.finish_page(page, "id", ADDRESS, TAGS, OutputCache(tmp_path))

    assert cached(crlf) == cached(crlf) == expected
    assert len(made) == 1
    assert cached(PLAIN) == plain
    assert len(made) == 2
