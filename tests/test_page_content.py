"""scripts/site/page_content.py: the content passes on one reading give exactly what the
passes give one after the other, each reading the page afresh."""

from __future__ import annotations

import pytest

from scripts.content import glossary, tables, translations
from scripts.paths import PROJECT
from scripts.site import seo
from scripts.site.page_content import finish_content

ADDRESS = "https://example.org/netralitas-asn/bukti/"


def one_after_the_other(html: str, terms, reader: str, written: str) -> tuple[str, str]:
    """The passes as separate functions, each reading the page afresh."""
    if terms is not None:
        html = glossary.mark_first_uses(html, terms, reader)
    if written != reader:
        html = translations.with_pending_notice(html, reader, written)
    html = tables.focus_code_blocks(tables.wrap_tables(html, reader))
    summary = seo.summary(html)
    html = seo.mark_print_targets(html, ADDRESS)
    return seo.exclude_from_search(html), summary


CONTENT = (
    '<h2 id="a">Pelanggaran ASN<a class="headerlink" href="#a">¶</a></h2>'
    "<p>Laporan tentang ASN dan PPK diteruskan ke BKN; lihat <a href=\"../hukum/\">hukum</a>"
    " dan <a href='#a'>bagian ini</a>, atau <a href=\"https://example.org/\">situs lain</a>."
    "</p><table><thead><tr><th>Tahun (ASN)</th><th>Jumlah</th></tr></thead>"
    "<tbody><tr><td>2020</td><td>1.588</td></tr></tbody></table>"
    '<div class="brief-figure__image"><svg><text>ASN</text></svg></div>'
    '<pre class="code-cell"><code>ASN = 1</code></pre>'
    "<table><caption>Kedua &amp; terakhir</caption><tr><td>x<br/>y</td></tr></table>\n")


@pytest.mark.parametrize(("reader", "written", "marked"), [
    ("id", "id", True), ("en", "id", True), ("id", "id", False)])
def test_one_reading_gives_what_the_separate_passes_give(reader, written, marked):
    terms = glossary.load(PROJECT.glossary) if marked else None
    expected, summary = one_after_the_other(CONTENT, terms, reader, written)
    finished = finish_content(CONTENT, terms=terms, reader=reader, written=written,
                              page_address=ADDRESS, summarise=True)
    assert finished.html == expected and finished.summary == summary
    assert "<abbr" in finished.html if marked else "<abbr" not in finished.html
    assert finished.html.count('class="brief-table"') == 2


def test_built_pages_give_the_same_either_way(built_site):
    terms = glossary.load(PROJECT.glossary)
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 10
    # The largest pages hold every kind of content the passes touch (tables, charts, code
    # cells, glossary terms, links), at a fraction of the time of reading all of them.
    for page in sorted(pages, key=lambda path: path.stat().st_size)[-8:]:
        html = page.read_text(encoding="utf-8")
        finished = finish_content(html, terms=terms, reader="en", written="id",
                                  page_address=ADDRESS, summarise=True)
        assert (finished.html, finished.summary) == one_after_the_other(
            html, terms, "en", "id"), page


def test_no_summary_is_read_unless_asked():
    finished = finish_content(CONTENT, terms=None, reader="id", written="id",
                              page_address=ADDRESS, summarise=False)
    assert finished.summary == ""


def test_a_cached_result_is_the_same_and_a_changed_page_is_finished_again(tmp_path,
                                                                        monkeypatch):
    from scripts.site import page_content
    from scripts.site.output_cache import OutputCache

    terms = glossary.load(PROJECT.glossary)
    expected = finish_content(CONTENT, terms=terms, reader="en", written="id",
                              page_address=ADDRESS, summarise=True)
    changed = CONTENT.replace("Laporan", "Pengaduan")
    expected_changed = finish_content(changed, terms=terms, reader="en", written="id",
                                      page_address=ADDRESS, summarise=True)
    made = []
    real_finish = page_content._finish
    monkeypatch.setattr(page_content, "_finish", lambda *a: made.append(1) or real_finish(*a))

    def cached(html: str):
        # A fresh cache object per call, as each build makes its own.
        return finish_content(html, terms=terms, reader="en", written="id",
                              page_address=ADDRESS, summarise=True,
                              cache=OutputCache(tmp_path / "content"))

    assert cached(CONTENT) == cached(CONTENT) == expected
    assert len(made) == 1
    assert cached(changed) == expected_changed != expected
    assert len(made) == 2
