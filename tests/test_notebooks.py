"""Notebooks: run once per build, cached on their data, rendered per language, failing loudly."""

from __future__ import annotations

import nbformat
import pytest

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
    assert "```text\n1\n```" in english and "noise" not in english


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


def test_a_raising_cell_fails_the_build_and_keeps_the_old_site(project):
    site = project / "site"
    assert run_build(project, site).returncode == 0
    home_before = (site / "index.html").read_bytes()
    add_notebook(project, "broken", GOOD_TITLE + """
```{code-cell} ipython3
values = [1, 2, 3]
```

```{code-cell} ipython3
total = sum(values)
share = total / 0
```
""")
    result = run_build(project, site)
    assert result.returncode != 0
    source_lines = (project / "notebooks" / "broken.md").read_text().splitlines()
    line = source_lines.index("share = total / 0") + 1
    expected = f"notebooks/broken.md:{line}: code cell 2 raised ZeroDivisionError"
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert (site / "index.html").read_bytes() == home_before, "the previous site must stay whole"
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert not leftovers, f"staging folders left behind: {leftovers}"


def test_csv_edit_reexecutes_exactly_the_notebooks_that_read_it(project):
    add_notebook(project, "independent", GOOD_TITLE + """
```{code-cell} ipython3
print(6 * 7)
```
""")
    site = project / "site"
    first = run_build(project, site)
    assert first.returncode == 0, first.output
    states = notebook_states(first)
    assert {"notebooks/enforcement_funnel.md", "notebooks/independent.md"} <= set(states)
    assert all(state == {"executed"} for state in states.values()), states
    logged = [line for line in first.stderr.splitlines() if "Notebook notebooks/" in line]
    assert len(logged) == len(states), "each notebook is handled once, not once per language"

    unchanged = run_build(project, site)
    assert all(states == {"from cache"} for states in notebook_states(unchanged).values())

    csv_path = project / "notebooks" / "data" / "enforcement_funnel.csv"
    text = csv_path.read_text(encoding="utf-8")
    # Keep KASN's accounting intact: reported = proven + not proven + incomplete files.
    text = text.replace("reported_processed,2007,", "reported_processed,2107,")
    text = text.replace("2021-12-16,not_proven,311,", "2021-12-16,not_proven,411,")
    csv_path.write_text(text, encoding="utf-8")
    edited = run_build(project, site)
    assert edited.returncode == 0, edited.output
    assert "executed" in notebook_states(edited)["notebooks/enforcement_funnel.md"]
    assert notebook_states(edited)["notebooks/independent.md"] == {"from cache"}
    indonesian = (site / "metode" / "penegakan" / "index.html").read_text(encoding="utf-8")
    english = (site / "en" / "metode" / "penegakan" / "index.html").read_text(encoding="utf-8")
    assert "2.107" in indonesian and "2.007" not in indonesian
    assert "2,107" in english and "2,007" not in english
    assert ">2,107</text>" in english, "the chart's own bar label must change too"
    # The same change reaches the evidence page's figure and prose, and the CSV download.
    evidence_id = (site / "bukti" / "index.html").read_text(encoding="utf-8")
    evidence_en = (site / "en" / "bukti" / "index.html").read_text(encoding="utf-8")
    assert ">2.107</text>" in evidence_id and ">2,107</text>" in evidence_en
    assert "memproses laporan terhadap 2.107 ASN" in evidence_id
    assert "reports against 2,107 civil" in evidence_en
    download = site / "data" / "figures" / "enforcement_funnel.csv"
    assert ",2107," in download.read_text(encoding="utf-8"), "the download changed"
