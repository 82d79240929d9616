"""Notebooks: run once per build, cached on their data, rendered per language, failing loudly."""

from __future__ import annotations

import csv

import nbformat
import pytest

from scripts.figures.publish import format_number
from scripts.notebooks import execution as notebooks
from scripts.notebooks.render import render

from .conftest import add_notebook, notebook_states, run_build

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


def test_a_notebook_without_pages_is_reported():
    settings = {"metode/x.md": {"notebook": "x"}, "metode/x.en.md": {"notebook": "x"}}
    with pytest.raises(notebooks.NotebookError, match=r"notebooks/lonely.md has no id page"):
        notebooks.notebook_pages(settings, ["x", "lonely"])


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
