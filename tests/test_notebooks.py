"""Notebooks: run once per build, cached on their data, rendered per language, failing loudly."""

from __future__ import annotations

import csv
import re

import nbformat
import pytest

from scripts.figures import registry as figures_registry
from scripts.figures.publish import format_number
from scripts.notebooks import execution as notebooks
from scripts.notebooks.render import render

from .conftest import NOTEBOOK_HEADER, add_notebook, notebook_states, run_build

GOOD_TITLE = """
+++ {"tags": ["lang-id"]}

# Catatan uji

+++ {"tags": ["lang-en"]}

# Test note
"""


def test_render_keeps_each_language_apart():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Judul", metadata={"tags": ["lang-id"]}),
        nbformat.v4.new_markdown_cell("# Title", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell("Shared: both languages."),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["remove-input"]}),
        nbformat.v4.new_code_cell("print(x)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
            nbformat.v4.new_output("stream", name="stderr", text="noise\n"),
        ]),
    ])
    executed = notebooks.ExecutedNotebook(path=None, notebook=notebook)
    indonesian, english = render(executed, "id"), render(executed, "en")
    assert "# Judul" in indonesian and "# Title" not in indonesian
    assert "# Title" in english and "# Judul" not in english
    assert "Shared: both languages." in indonesian and "Shared: both languages." in english
    assert "x = 1" not in indonesian, "remove-input code must not be shown"
    assert '??? code-cell "Kode Python"' in indonesian and '"Python code"' in english
    assert '<pre class="brief-output"><code>1</code></pre>' in english and "noise" not in english


def test_render_refuses_an_unknown_language():
    with pytest.raises(ValueError):
        render(notebooks.ExecutedNotebook(None, nbformat.v4.new_notebook()), "fr")


def test_a_notebook_shown_in_one_language_only_is_reported():
    settings = {"metode/x.md": {"notebook": "x"}, "metode/x.en.md": {"notebook": "x"},
                "metode/half.en.md": {"notebook": "half"}}
    with pytest.raises(notebooks.NotebookError, match=r"notebooks/half.md has no id page"):
        notebooks.notebook_pages(settings, ["x", "half", "pageless"])


def test_a_notebook_without_pages_is_used_when_a_page_places_what_it_publishes():
    settings = {"metode/x.md": {"notebook": "x"}, "metode/x.en.md": {"notebook": "x"}}
    assert set(notebooks.notebook_pages(settings, ["x", "pageless"])) == {("x", "id"),
                                                                        ("x", "en")}
    registry = figures_registry.Registry(origin={
        "value:share": "pageless", "figure:map": "pageless", "value:own": "lonely"})
    names, shown = ["lonely", "pageless", "x"], {"x"}
    own_use = {"notebooks/lonely.md": "It is {{ value: own }}."}
    (message,) = figures_registry.unused_notebooks(registry, names, shown, {
        **own_use, "docs/a.md": "Share: {{ value: share }}."})
    assert message.startswith("notebooks/lonely.md:1: nothing uses this notebook")
    assert "places none of what it publishes (value own)" in message
    unused = figures_registry.unused_notebooks(registry, names, shown, {
        **own_use, "docs/a.md": "```\n{{ value: share }}\n```\n"})
    assert [message.split(":")[0] for message in unused] == [  # code is not a placement
        "notebooks/lonely.md", "notebooks/pageless.md"]
    for page in ("Share: {{ value: share }}.", "\n{{ figure: map }}\n",
                 "---\ncard_value: share\n---\n", '---\ntitle: "{{ value: share }}"\n---\n'):
        assert figures_registry.unused_notebooks(
            registry, ["pageless"], set(), {"docs/a.en.md": page}) == [], page


def test_a_notebook_without_pages_publishes_for_other_pages(small_project):
    (small_project / "notebooks" / "angka.md").write_text(NOTEBOOK_HEADER + """
```{code-cell} ipython3
from scripts.figures.publish import publish_value

publish_value("cases_extra", 4321, kind="integer", unit="asn_persons",
              source_ids=["detik_2021_12_16"],
              meaning={"id": "kasus uji", "en": "test cases"})
```
""", encoding="utf-8")
    for name, text in (("referensi.md", "Tambahan: {{ value: cases_extra }}."),
                       ("referensi.en.md", "Extra: {{ value: cases_extra }}.")):
        page = small_project / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    result = run_build(small_project, small_project / "site")
    assert result.returncode == 0, result.output[-3000:]
    assert notebook_states(result)["notebooks/angka.md"] == {"executed"}
    english = (small_project / "site" / "en" / "referensi" / "index.html").read_text("utf-8")
    assert "Extra: 4,321." in english


def test_a_page_naming_an_unknown_notebook_is_reported():
    with pytest.raises(notebooks.NotebookError, match=r"docs/stray.md: `notebook: nope`"):
        notebooks.notebook_pages({"stray.md": {"notebook": "nope"}}, [])


def test_csv_edit_reexecutes_exactly_the_notebooks_that_read_it(small_project):
    """The cache is keyed on the files each notebook read: edit one, and only its readers run.

    Starts from the fixture's warm cache; the new numbers are derived from the old ones, so
    the check holds whatever the table says."""
    add_notebook(small_project, "independent", GOOD_TITLE + """
```{code-cell} ipython3
print(6 * 7)
```
""")
    site = small_project / "site"
    first = run_build(small_project, site)
    assert first.returncode == 0, first.output
    assert notebook_states(first) == {"notebooks/kasus.md": {"from cache"},
                                      "notebooks/independent.md": {"executed"}}
    logged = [line for line in first.stderr.splitlines() if "Notebook notebooks/" in line]
    assert len(logged) == 2, "each notebook is handled once, not once per language"

    unchanged = run_build(small_project, site)
    assert all(states == {"from cache"} for states in notebook_states(unchanged).values())

    csv_path = small_project / "notebooks" / "data" / "cases.csv"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    old = int(rows[0]["value"])
    new = old + 1111  # the first stage only grows: the funnel stays valid
    rows[0]["value"] = str(new)
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    edited = run_build(small_project, site)
    assert edited.returncode == 0, edited.output
    assert notebook_states(edited) == {"notebooks/kasus.md": {"executed"},
                                       "notebooks/independent.md": {"from cache"}}
    # The new number reaches the value in the prose, the chart's bar label, in each locale,
    # and the figure's CSV download.
    # The notebook's own page and another page that places the same figure and value.
    pages = [(site / prefix / page / "index.html", language)
             for prefix, language in (("", "id"), ("en", "en")) for page in ("", "referensi")]
    for page, language in pages:
        html = page.read_text(encoding="utf-8")
        shown_old, shown_new = (format_number(n, "integer", language) for n in (old, new))
        assert f">{shown_new}</text>" in html, f"{page}: the chart did not change"
        assert f"{shown_new} " in html and f"{shown_old} " not in html, page
    download = site / "data" / "figures" / "cases_funnel.csv"
    assert f",{new}," in download.read_text(encoding="utf-8"), "the download did not change"

    # The figure names its sources by id and the build writes the note from sources.csv, so
    # correcting a source's publisher re-runs no notebook and still reaches the page.
    sources_csv = small_project / "notebooks" / "data" / "sources.csv"
    sources_csv.write_text(sources_csv.read_text(encoding="utf-8").replace(
        ",detikNews,", ",Detik Network,"), encoding="utf-8")
    renamed = run_build(small_project, site)
    assert renamed.returncode == 0, renamed.output
    assert all(states == {"from cache"} for states in notebook_states(renamed).values())
    for page, language in pages:
        note = "Sumber: Detik Network" if language == "id" else "Source: Detik Network"
        assert note in page.read_text(encoding="utf-8"), f"{page}: the source note is stale"


# --- output that would run scripts ----------------------------------------------------------
def _executed(tmp_path, cells: list[tuple[str, list]]) -> notebooks.ExecutedNotebook:
    """A notebook file of code cells and the same cells with the given outputs."""
    source = NOTEBOOK_HEADER + "".join(f"\n```{{code-cell}} ipython3\n{code}\n```\n"
                                       for code, _ in cells)
    path = tmp_path / "notebooks" / "n.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(code, outputs=outputs) for code, outputs in cells])
    return notebooks.ExecutedNotebook(path, notebook)


def _display(data: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data=data)


def test_outputs_that_would_run_scripts_are_reported_with_the_cell_line(tmp_path):
    from scripts.notebooks.render import remote_outputs

    pandas_table = ('<div><style scoped>.dataframe tbody tr th {vertical-align: top;}</style>'
                    '<table class="dataframe"><tr><td>1</td></tr></table></div>')
    executed = _executed(tmp_path, [
        ("table", [_display({"text/html": pandas_table, "text/plain": "   a\n0  1"})]),
        ("embed", [_display({"text/html": '<div id="v"></div><script>vegaEmbed("#v")</script>',
                             "text/plain": "chart"})]),
        ("widget", [_display({"application/vnd.jupyter.widget-view+json": {"model_id": "1"},
                              "text/plain": "IntSlider(value=0)"})]),
        ("style", [_display({"text/markdown": "<style>@import 'https://f.example/a.css';</style>"
                             })]),
        ("bundle", [_display({"application/vnd.vega.v5+json": {}, "text/plain": "x"})]),
        ("hidden", [_display({"application/javascript": "alert(1)"})]),
    ])
    executed.notebook.cells[-1].metadata["tags"] = ["remove-output"]
    lines = [message.split(": the cell's output is ", 1) for message in
             remote_outputs(executed, tmp_path)]
    assert lines == [
        ["notebooks/n.md:17", "raw HTML with a <script> (text/html), which would load scripts "
         "from another host. Fix: publish it with publish_figure(...) or end the cell with `;`."],
        ["notebooks/n.md:21", "an ipywidget (application/vnd.jupyter.widget-view+json), which "
         "would load scripts from another host. Fix: publish it with publish_figure(...) or "
         "end the cell with `;`."],
        ["notebooks/n.md:25", "raw HTML whose <style> loads https://f.example/a.css "
         "(text/markdown), which would load scripts from another host. Fix: publish it with "
         "publish_figure(...) or end the cell with `;`."],
        ["notebooks/n.md:29", "a Vega bundle (application/vnd.vega.v5+json), which would load "
         "scripts from another host. Fix: publish it with publish_figure(...) or end the cell "
         "with `;`."],
    ]


def test_a_cell_ending_with_an_altair_chart_shows_a_static_svg_per_language(small_project):
    from scripts.site import offline

    add_notebook(small_project, "grafik", GOOD_TITLE + """
```{code-cell} ipython3
import altair as alt
import pandas as pd

alt.Chart(pd.DataFrame({"n": [1200.5, 3400.25]}), description="Two bars").mark_bar().encode(
    x=alt.X("n:Q", axis=alt.Axis(format=",.1f")))
```
""")
    result = run_build(small_project, small_project / "site")
    assert result.returncode == 0, result.output[-3000:]
    site = small_project / "site"
    pages = {language: (site / prefix / "metode" / "grafik" / "index.html").read_text("utf-8")
             for language, prefix in (("id", ""), ("en", "en"))}
    for page in pages.values():
        assert re.search(r'<div class="brief-output" role="img" aria-label="Two bars"[^>]*>'
                         r'<svg aria-hidden="true"', page)
        assert "vegaEmbed" not in page and "cdn.jsdelivr" not in page
    # Axis numbers in each page's own format.
    assert "3.000,0" in pages["id"] and "3,000.0" in pages["en"]
    assert offline.find_remote_loads(site) == []
