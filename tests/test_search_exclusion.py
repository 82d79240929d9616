"""Search leaves out what is not prose: chart text, data tables, notebook code and output."""

from __future__ import annotations

import nbformat

from scripts.notebooks.execution import ExecutedNotebook
from scripts.notebooks.render import render
from scripts.site.seo import exclude_from_search


def test_chart_table_code_and_output_boxes_are_marked():
    page = ('<p>prose</p><div class="brief-figure__image" role="img"><svg><text>2.007</text>'
            '</svg></div><details class="brief-figure__data"><table></table></details>'
            '<details class="code-cell"><pre>import pandas</pre></details>'
            '<pre class="brief-output"><code>x</code></pre>'
            '<p class="brief-figure__download"><a href="x.png" download>PNG</a></p>'
            '<details class="brief-figure__reuse"><pre><code>@misc</code></pre></details>')
    marked = exclude_from_search(page)
    assert marked.count(" data-search-exclude") == 6
    assert marked.startswith("<p>prose</p>")
    assert exclude_from_search(marked) == marked  # marking twice changes nothing


def test_a_page_without_such_parts_is_left_byte_for_byte():
    page = '<p class="lead">Teks &amp; angka</p>'
    assert exclude_from_search(page) == page


def test_printed_output_is_escaped_and_boxed_and_markdown_output_stays_prose(tmp_path):
    cells = [nbformat.v4.new_code_cell("print('<b>')", outputs=[
                 nbformat.v4.new_output("stream", name="stdout", text="<b>\n")]),
             nbformat.v4.new_code_cell("md", outputs=[
                 nbformat.v4.new_output("display_data", data={"text/markdown": "**Hasil**"})])]
    executed = ExecutedNotebook(path=tmp_path / "n.md",
                                notebook=nbformat.v4.new_notebook(cells=cells))
    text = render(executed, "id")
    assert '<pre class="brief-output"><code>&lt;b&gt;</code></pre>' in text
    assert "**Hasil**" in text
