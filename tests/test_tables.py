"""Tables sit in a named, focusable box that scrolls sideways on a phone (content/tables.py)."""

from __future__ import annotations

import re

from scripts.content.tables import THEME_WRAPPER, focus_code_blocks, table_name, wrap_tables

FIGURE_TABLE = "<table><caption>Corong penegakan</caption><tr><td>1</td></tr></table>"
PROSE_TABLE = "<table><thead><tr><th>Siapa</th><th>Langkah</th></tr></thead></table>"
BOX = re.compile(r'<div class="brief-table" role="region" tabindex="0" aria-label="([^"]*)">')


def test_a_caption_names_the_table_in_the_readers_language():
    assert table_name(FIGURE_TABLE, "id") == "Tabel: Corong penegakan"
    assert table_name(FIGURE_TABLE, "en") == "Table: Corong penegakan"


def test_without_a_caption_the_section_heading_and_columns_name_it():
    assert table_name(PROSE_TABLE, "id", "Langkah berikutnya") == (
        "Tabel: Langkah berikutnya (Siapa, Langkah)")
    assert table_name(PROSE_TABLE, "en") == "Table: Siapa, Langkah"
    assert table_name("<table><tr><td>1</td></tr></table>", "en") == "Table"


def test_every_table_is_wrapped_once_under_distinct_names():
    page = (
        '<h2 id="a">Langkah berikutnya<a class="headerlink" href="#a">¶</a></h2>'
        f"{PROSE_TABLE}<p>…</p>{PROSE_TABLE}{FIGURE_TABLE}"
    )
    wrapped = wrap_tables(page, "id")
    assert BOX.findall(wrapped) == [
        "Tabel: Langkah berikutnya (Siapa, Langkah)",
        "Tabel: Langkah berikutnya (Siapa, Langkah) (2)",
        "Tabel: Corong penegakan",
    ]
    assert wrapped.count("<table>") == 3
    # Inside each box, the theme's own wrapper, as its script would write it.
    assert wrapped.count(f'">{THEME_WRAPPER[0]}<table>') == 3
    assert wrapped.count(f"</table>{THEME_WRAPPER[1]}</div>") == 3


def test_the_theme_wrapper_goes_around_class_less_tables_only_nested_ones_too():
    page = ('<table class="dataframe"><tr><td>1</td></tr></table>'
            "<table><tr><td><table><tr><td>2</td></tr></table></td></tr></table>")
    wrapped = wrap_tables(page, "en")
    assert wrapped.count(THEME_WRAPPER[0]) == 2 and wrapped.count("md-typeset__table") == 2
    assert f'">{THEME_WRAPPER[0]}<table><tr><td>{THEME_WRAPPER[0]}<table><tr><td>2' in wrapped
    assert '"><table class="dataframe">' in wrapped
    assert wrapped.endswith(f"</table>{THEME_WRAPPER[1]}</td></tr></table>"
                            f"{THEME_WRAPPER[1]}</div>")


def test_code_blocks_are_in_the_keyboards_order_until_the_theme_decides():
    page = ('<pre><code class="language-py">x = 1</code></pre><p><code>inline</code></p>'
            '<pre><code tabindex="-1">y</code></pre>')
    assert focus_code_blocks(page) == (
        '<pre><code class="language-py" tabindex="0">x = 1</code></pre>'
        '<p><code>inline</code></p><pre><code tabindex="-1">y</code></pre>')


def test_long_names_are_cut_and_markup_in_headings_stays_text():
    hostile = '<table><tr><th>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</th></tr></table>'
    label = BOX.search(wrap_tables(hostile, "en")).group(1)
    assert "<" not in label and '"' not in label
    assert "&lt;script&gt;" in label
    long_caption = f"<table><caption>{'kata ' * 60}</caption></table>"
    assert len(table_name(long_caption, "id")) <= len("Tabel: ") + 120


def test_built_pages_have_no_table_outside_a_box(built_site):
    loose, boxed_total = [], 0
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        tables = text.count("<table")
        boxed = len(re.findall(r'<div class="brief-table"[^>]*>\s*(?:'
                               + re.escape(THEME_WRAPPER[0]) + r')?<table', text))
        boxed_total += boxed
        if tables != boxed:
            loose.append(f"{page.relative_to(built_site)}: {tables - boxed} of {tables}")
    assert not loose, loose
    assert boxed_total, "no boxed table found: the check would pass on any site"
