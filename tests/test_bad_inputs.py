"""The catalogue of author mistakes: each stops the build cleanly, and each is built once here.

For every mistake: a non-zero exit status, a message naming the file and the line (or row,
key) and what to fix, no Python traceback, the previously built site left byte-for-byte whole
and no staging folder left behind. Each case plants ONE mistake in a private copy of the
built fixture project (warm caches, site in place), so the build is quick and fails for the
planted reason only. The build stops at the first stage that finds a problem, so mistakes
share a build only where one check reports every problem it finds (`all_at_once`).

Every rule's message is also checked without a build by the unit tests of its module
(test_data_validation, test_citations, test_figures, ...); this file checks that the build
turns each kind of mistake into that message and stops safely.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import (
    NOTEBOOK_HEADER,
    add_notebook,
    add_to_nav,
    differing_files,
    run_build,
    staging_folders,
)


def append(path: Path, text: str) -> int:
    """Append `text` on a new line; returns the 1-based line where it starts."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    old = old if old.endswith("\n") or not old else old + "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def insert_after_front_matter(path: Path, line: str) -> int:
    """Insert a line right after the page's front matter; returns its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    lines.insert(at, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def set_cell(project: Path, stage: str, column: str, value: str) -> int:
    """Change one cell of the fixture's table; returns its spreadsheet row (header = 1)."""
    path = project / "notebooks" / "data" / "cases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    (index,) = [n for n, row in enumerate(rows) if row[0] == stage]
    rows[index][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return index + 1


def drop_column(project: Path, column: str) -> None:
    path = project / "notebooks" / "data" / "cases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index(column)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(row[:at] + row[at + 1:]
                                                         for row in rows)


TITLE = """
+++ {"tags": ["lang-id"]}

# Rusak

+++ {"tags": ["lang-en"]}

# Broken
"""


def added_notebook_line(p: Path, name: str, body: str, first_words: str) -> int:
    """Add a notebook of its own (a small one: the fixture's notebook, charts and all, stays in
    the cache) and return the line, counted in the file, of the first line starting with
    `first_words`."""
    add_notebook(p, name, body)
    lines = (p / "notebooks" / f"{name}.md").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(first_words))


# --- one function per mistake: plant it, return the message parts the build must print ----
def malformed_bib_entry(p: Path) -> list[str]:
    line = append(p / "bib" / "references.bib", "@article{broken2024entry,\n  title = {Unclosed,"
                  "\n  year = 2024\n\n@misc{fine2024entry, author = {A, B.}, title = {T}}\n")
    return [f"bib/references.bib:{line}: malformed entry 'broken2024entry'"]


def duplicate_bib_key(p: Path) -> list[str]:
    line = append(p / "bib" / "references.bib",
                  "@misc{detik2021survei,\n  author = {X, Y.},\n  title = {Again},\n}\n")
    return [f"bib/references.bib:{line}: duplicate key 'detik2021survei'"]


def duplicate_key_across_files(p: Path) -> list[str]:
    (p / "bib" / "zz-extra.bib").write_text(
        "\n@misc{detik2021survei,\n  author = {X, Y.},\n  title = {Again},\n}\n", "utf-8")
    return ["bib/zz-extra.bib:2: duplicate key 'detik2021survei': already used at "
            "bib/references.bib:"]


def missing_required_field(p: Path) -> list[str]:
    line = append(p / "bib" / "references.bib", "@article{nojournal2024x,\n  author = {A, B.},"
                  "\n  title = {T},\n  year = {2024},\n}\n")
    return [f"bib/references.bib:{line}: entry 'nojournal2024x' (@article) is missing journal"]


def unknown_citation_key(p: Path) -> list[str]:
    line = append(p / "docs" / "referensi.en.md", "As shown [@detik2021surve].\n")
    return [f"docs/referensi.en.md:{line}: unknown citation key 'detik2021surve'",
            "Nearest known key: 'detik2021survei'"]


def notebook_cell_raises(p: Path) -> list[str]:
    add_notebook(p, "broken", TITLE + "\n```{code-cell} ipython3\nvalues = [1, 2, 3]\n```\n\n"
                 "```{code-cell} ipython3\ntotal = sum(values)\nshare = total / 0\n```\n")
    lines = (p / "notebooks" / "broken.md").read_text(encoding="utf-8").splitlines()
    return [f"notebooks/broken.md:{lines.index('share = total / 0') + 1}: code cell 2 raised "
            "ZeroDivisionError"]


def page_without_counterpart_or_mark(p: Path) -> list[str]:
    (p / "docs" / "catatan.md").write_text("# Catatan\n\nTeks.\n", "utf-8")
    add_to_nav(p, "catatan.md")
    return ["docs/catatan.md: no English counterpart (docs/catatan.en.md)",
            "translation: pending"]


def english_page_without_indonesian(p: Path) -> list[str]:
    (p / "docs" / "notes.en.md").write_text("# Notes\n\nText.\n", "utf-8")
    return ["docs/notes.en.md: an English page needs its Indonesian page (docs/notes.md)"]


def broken_internal_link(p: Path) -> list[str]:
    line = append(p / "docs" / "referensi.md", "Baca [ini](tidak-ada.md).\n")
    return [f"docs/referensi.md:{line}: the page 'tidak-ada.md' does not exist"]


def broken_anchor(p: Path) -> list[str]:
    line = append(p / "docs" / "referensi.md", "Baca [ini](index.md#tidak-ada).\n")
    return [f"docs/referensi.md:{line}: the link 'index.md#tidak-ada' points to a heading "
            "'#tidak-ada' that docs/index.md does not have"]


def missing_image(p: Path) -> list[str]:
    line = append(p / "docs" / "referensi.en.md", "![Map](peta.png)\n")
    return [f"docs/referensi.en.md:{line}: the image 'peta.png' does not exist"]


def broken_front_matter(p: Path) -> list[str]:
    page = p / "docs" / "referensi.en.md"
    page.write_text("---\ntitle: [oops\n---\n" + page.read_text(encoding="utf-8"), "utf-8")
    return ["docs/referensi.en.md:", "the front matter", "not valid YAML"]


def front_matter_not_settings(p: Path) -> list[str]:
    page = p / "docs" / "referensi.md"
    page.write_text("---\n- a list\n---\n" + page.read_text(encoding="utf-8"), "utf-8")
    return ["docs/referensi.md", "key: value"]


def unknown_figure_placeholder(p: Path) -> list[str]:
    line = append(p / "docs" / "referensi.md", "\n{{ figure: cases_funel }}\n") + 1
    return [f"docs/referensi.md:{line}: unknown figure id `cases_funel`",
            "nearest known id: `cases_funnel`"]


def unknown_value_placeholder(p: Path) -> list[str]:
    # A page without front matter: the line count must not be thrown off by a missing one.
    line = insert_after_front_matter(p / "docs" / "referensi.en.md",
                                     "A typo: {{ value: cases_reportd }}.")
    return [f"docs/referensi.en.md:{line}: unknown value id `cases_reportd`; nearest known id: "
            "`cases_reported`"]


def unknown_value_in_a_notebook(p: Path) -> list[str]:
    line = added_notebook_line(p, "ulasan", TITLE + '\n+++ {"tags": ["lang-en"]}\n\n'
                               "It was {{ value: cases_reportd }}.\n", "It was")
    return [f"notebooks/ulasan.md:{line}: unknown value id `cases_reportd`"]


def page_names_an_unknown_notebook(p: Path) -> list[str]:
    for suffix in (".md", ".en.md"):
        (p / "docs" / f"lain{suffix}").write_text("---\nnotebook: nope\n---\n", "utf-8")
    add_to_nav(p, "lain.md")
    return ["docs/lain.md: `notebook: nope`"]


def notebook_nothing_uses(p: Path) -> list[str]:
    # No page shows it, and it publishes nothing another page could place.
    (p / "notebooks" / "yatim.md").write_text(NOTEBOOK_HEADER + TITLE, "utf-8")
    return ["notebooks/yatim.md:1: nothing uses this notebook: no page names it",
            "it publishes no figure or value", "Fix:"]


def bib_field_swallows_the_next(p: Path) -> list[str]:
    line = append(p / "bib" / "references.bib", "@online{tanpakoma2024catatan,\n"
                  "  author = {{Tanpa Koma}},\n  title = {Catatan},\n"
                  "  url = {https://example.org/catatan},\n  urldate = {2023-06-20}\n"
                  "  doi = {10.1/x},\n}\n") + 4
    return [f"bib/references.bib:{line}: entry tanpakoma2024catatan, field urldate swallows "
            "the next field (doi): a comma is missing after its value. "
            f'Fix: add "," at the end of line {line}.']


def nav_group_without_translation(p: Path) -> list[str]:
    config = p / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    lines.remove("            Tentang: About")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [f"mkdocs.yml:{lines.index('  - Tentang:') + 1}: the navigation group 'Tentang' "
            "has no English title", "nav_translations", "Fix:"]


def page_left_out_of_the_menu(p: Path) -> list[str]:
    (p / "docs" / "catatan.md").write_text("# Catatan\n", encoding="utf-8")
    (p / "docs" / "catatan.en.md").write_text("# Notes\n", encoding="utf-8")
    return ["docs/catatan.md:1: the page is not in the navigation. Fix: add `- catatan.md` "
            "under `nav:` in mkdocs.yml"]


def menu_entry_without_its_page(p: Path) -> list[str]:
    config = p / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    at = lines.index("      - referensi.md") + 1
    lines.insert(at, "      - metode.md")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [f"mkdocs.yml:{at + 1}: the navigation lists metode.md, but docs/metode.md does not "
            "exist. Fix: correct the path, or write the page."]


def languages_cite_differently(p: Path) -> list[str]:
    line = append(p / "docs" / "referensi.md", "\nMakalahnya [@regif2023penyalahgunaan].\n") + 1
    return [f"docs/referensi.md:{line} and docs/referensi.en.md: the two languages of the page "
            f"differ: only the Indonesian page cites @regif2023penyalahgunaan (line {line})",
            "parity_exceptions:"]


def source_without_bib_entry(p: Path) -> list[str]:
    line = append(p / "notebooks" / "data" / "sources.csv",
                  "kompas_2099_01_01,Kompas,Judul,https://example.org/k,2099-01-01,news,id,\n")
    return [f"notebooks/data/sources.csv:{line}: source_id kompas_2099_01_01 has no "
            "bibliography entry", "Fix:"]


def bib_source_id_not_in_sources(p: Path) -> list[str]:
    path = p / "bib" / "references.bib"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sourceid = {detik_2021_12_16}", "sourceid = {detik_2021_12_61}"),
                    encoding="utf-8")
    line = text[:text.index("sourceid = {detik_2021_12_16}")].count("\n") + 1
    return [f"bib/references.bib:{line}: entry detik2021survei: sourceid detik_2021_12_61 is "
            "not a source_id in notebooks/data/sources.csv", "Fix:"]


def notebook_output_loads_scripts(p: Path) -> list[str]:
    line = added_notebook_line(p, "skrip", TITLE + "```{code-cell} ipython3\n"
                               "from IPython.display import HTML\n"
                               "HTML('<script src=\"https://cdn.jsdelivr.net/npm/vega@5\">"
                               "</script>')\n```\n", "from IPython")
    return [f"notebooks/skrip.md:{line}: the cell's output is raw HTML with a <script "
            'src="https://cdn.jsdelivr.net/npm/vega@5"> (text/html), which would load scripts '
            "from another host. Fix: publish it with publish_figure(...) or end the cell with "
            "`;`."]


def page_loads_from_another_host(p: Path) -> list[str]:
    append(p / "docs" / "referensi.md", '\n<img src="https://example.org/peta.png" alt="Peta">\n')
    return ["docs/referensi.md:1: the built page site/referensi/index.html loads "
            "https://example.org/peta.png (<img src>) from another host", "Fix:"]


def malformed_glossary(p: Path) -> list[str]:
    append(p / "docs" / "_data" / "glossary.yml",
           "\n- term: BKN\n  id: {name: Badan Kepegawaian Negara, definition: Badan.}\n")
    return ["(BKN): add `en:`"]


def unreadable_citation_record(p: Path) -> list[str]:
    (p / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: Proyek Uji\n", "utf-8")
    return ["CITATION.cff: cannot read the site's citation record"]


def licence_choice_in_the_citation_record(p: Path) -> list[str]:
    path = p / "CITATION.cff"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("license:") + 1
    path.write_text(text.replace("license:\n  - CC-BY-4.0\n", "license:\n  - CC-BY-4.0\n  - MIT\n"),
                    "utf-8")
    return [f"CITATION.cff:{line}: `license` must name the one licence",
            "Fix: write `license: CC-BY-4.0`"]


# The CSV mistakes; the rest of the data rules (percentages, survey sums, area codes) meet
# the same build step and are checked message by message in test_data_validation.py.
def csv_missing_column(p: Path) -> list[str]:
    drop_column(p, "unit")
    return ["cases.csv:1: row 1", "column unit", "rule missing-label", "Fix:"]


def csv_wrong_type(p: Path) -> list[str]:
    row = set_cell(p, "proven_recommended", "value", "9x0")
    return [f"cases.csv:{row}: row {row}", "column value", "rule type-error", "Fix:"]


def csv_negative_count(p: Path) -> list[str]:
    row = set_cell(p, "sanctioned", "value", "-6")
    return [f"cases.csv:{row}: row {row}", "column value", "rule constraint-error", "minimum"]


def csv_unknown_source(p: Path) -> list[str]:
    row = set_cell(p, "sanctioned", "source_id", "detik_2099")
    return [f"cases.csv:{row}: row {row}", "column source_id", "rule foreign-key", "sources.csv"]


def csv_mixed_units(p: Path) -> list[str]:
    row = set_cell(p, "sanctioned", "unit", "cases")
    return [f"cases.csv:{row}: row {row}", "column unit", "rule one_unit_per_series", "Fix:"]


def csv_growing_funnel(p: Path) -> list[str]:
    row = set_cell(p, "sanctioned", "value", "99999")
    return [f"cases.csv:{row}: row {row}", "column value", "rule funnel_never_grows", "Fix:"]


# --- the trust boundary, data edges and limits -------------------------------------------------
def link_to_a_file_outside_the_project(p: Path) -> list[str]:
    outside = p.parent / "outside-secret.txt"
    outside.write_text("a key of the building machine", encoding="utf-8")
    (p / "docs" / "assets" / "leak.txt").symlink_to(outside)
    return ["docs/assets/leak.txt:1: a symbolic link to ", "outside the project", "Fix:"]


def two_sources_for_one_address(p: Path) -> list[str]:
    folder = p / "docs" / "referensi"
    folder.mkdir()
    (folder / "index.md").write_text("# Lagi\n", encoding="utf-8")
    (folder / "index.en.md").write_text("# Again\n", encoding="utf-8")
    return ["docs/referensi.md:1: docs/referensi/index.md would publish the same address",
            "Fix: rename or delete one of them"]


def header_only_table(p: Path) -> list[str]:
    path = p / "notebooks" / "data" / "cases.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return ["notebooks/data/cases.csv:1: rule min-rows", "Fix:"]


def fact_recorded_twice(p: Path) -> list[str]:
    path = p / "notebooks" / "data" / "cases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    return [f"notebooks/data/cases.csv:{len(lines) + 1}: row {len(lines) + 1}, column stage, "
            "unit: rule primary-key", "Fix:"]


def line_number_after_a_cell_on_two_lines(p: Path) -> list[str]:
    path = p / "notebooks" / "data" / "cases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[4] = '"high\nstill high"'  # a quoted cell spanning two lines
    second = lines[2].split(",")
    second[1] = "many"
    lines[1], lines[2] = ",".join(first), ",".join(second)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["notebooks/data/cases.csv:4: row 3, column value: rule type-error"]


def cell_printing_too_much(p: Path) -> list[str]:
    line = added_notebook_line(p, "cerewet", TITLE + "```{code-cell} ipython3\n"
                               "print('x' * 2_000_000)\n```\n", "print(")
    return [f"notebooks/cerewet.md:{line}: the cell's output is 2.0 MB", "Fix:"]


def malformed_cell_time_limit(p: Path) -> list[str]:
    path = p / "notebooks" / "kasus.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "kernelspec:", "execution:\n  timeout: soon\nkernelspec:", 1), encoding="utf-8")
    return ["notebooks/kasus.md:1: `execution: timeout: soon` is not a number of seconds",
            "Fix:"]


def cell_over_its_time_limit(p: Path) -> list[str]:
    path = p / "notebooks" / "kasus.md"
    text = path.read_text(encoding="utf-8").replace(
        "kernelspec:", "execution:\n  timeout: 1\nkernelspec:", 1)
    # The slow cell comes first, so that no other cell (an import on a busy machine) can be
    # the one that runs out of time.
    first_cell = text.index("```{code-cell}")
    text = (text[:first_cell] + "```{code-cell} ipython3\nimport time\ntime.sleep(5)\n```\n\n"
            + text[first_cell:])
    path.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, first_cell) + 2
    return [f"notebooks/kasus.md:{line}: code cell 1 ran longer than 1 s", "timeout: 600"]


def year_published_as_kind_year(p: Path) -> list[str]:
    line = added_notebook_line(p, "tahun", TITLE + (
        "```{code-cell} ipython3\n"
        "from scripts.figures.publish import publish_value\n\n"
        'publish_value("cases_year", 2020, kind="year", unit="year",\n'
        '              source_ids=["detik_2021_12_16"], meaning={"id": "tahun", "en": "year"})\n'
        "```\n"), "publish_value(")
    return [f"notebooks/tahun.md:{line}: code cell 1 raised ValueError: value cases_year: "
            "kind must be one of", 'A year is a date: use kind="date"']


def figure_chart_that_is_not_altair(p: Path) -> list[str]:
    line = added_notebook_line(p, "grafik", TITLE + (
        "```{code-cell} ipython3\n"
        "import pandas as pd\n"
        "from scripts.figures.publish import publish_figure\n\n"
        'publish_figure("cases_dict", chart=lambda language: {"mark": "bar"},\n'
        '               alt_text={"id": "a", "en": "a"}, title={"id": "t", "en": "t"},\n'
        '               data=pd.DataFrame({"value": [1], "source_id": ["detik_2021_12_16"],\n'
        '                                  "confidence": ["high"]}), columns=[])\n'
        "```\n"), "publish_figure(")
    return [f"notebooks/grafik.md:{line}: code cell 1 raised ValueError: figure cases_dict: "
            "chart('id') gave dict, not an Altair chart. Make the function return one"]


def figure_in_a_title(p: Path) -> list[str]:
    path = p / "docs" / "referensi.md"
    path.write_text("---\ntitle: \"Angka {{ figure: cases_funnel }}\"\n---\n"
                    + path.read_text(encoding="utf-8"), encoding="utf-8")
    return ["docs/referensi.md:2: only `{{ value: … }}` can be used in the front matter"]


def page_over_the_weight_budget(p: Path) -> list[str]:
    import os

    # Random text does not compress, so the page really sends more than the budget.
    append(p / "docs" / "index.md", "\n" + os.urandom(80_000).hex() + "\n")
    return ["docs/index.md:1: (showing notebooks/kasus.md) the page weighs",
            "over the 100 KB budget", "Fix:"]


def notebook_saved_as_ipynb(p: Path) -> list[str]:
    import nbformat

    cell = nbformat.v4.new_code_cell("print(1)")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), p / "notebooks" / "rekap.ipynb")
    return ["notebooks/rekap.ipynb:1: a notebook saved as .ipynb is not read by the build",
            "Fix: convert it with `.venv/bin/jupytext --to myst notebooks/rekap.ipynb && rm "
            "notebooks/rekap.ipynb`"]


def all_at_once(*mistakes: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    """Several mistakes in one build, for checks that report every problem they find (the
    bibliography and translation checks do, by design): each message must appear."""
    def plant(p: Path) -> list[str]:
        return [part for mistake in mistakes for part in mistake(p)]

    plant.__name__ = " + ".join(mistake.__name__ for mistake in mistakes)
    return plant


CASES: dict[str, Callable[[Path], list[str]]] = {
    case.__name__.replace("_", " "): case for case in (
        all_at_once(malformed_bib_entry, duplicate_bib_key, duplicate_key_across_files,
                    missing_required_field),
        unknown_citation_key, notebook_cell_raises,
        all_at_once(page_without_counterpart_or_mark, english_page_without_indonesian),
        broken_internal_link, broken_anchor, missing_image, broken_front_matter,
        front_matter_not_settings, unknown_figure_placeholder, unknown_value_placeholder,
        unknown_value_in_a_notebook, page_names_an_unknown_notebook, notebook_nothing_uses,
        malformed_glossary, unreadable_citation_record,
        licence_choice_in_the_citation_record, csv_missing_column, csv_wrong_type,
        csv_negative_count, csv_unknown_source, csv_mixed_units, csv_growing_funnel,
        link_to_a_file_outside_the_project, two_sources_for_one_address, header_only_table,
        fact_recorded_twice, line_number_after_a_cell_on_two_lines, cell_printing_too_much,
        malformed_cell_time_limit, cell_over_its_time_limit, year_published_as_kind_year,
        figure_chart_that_is_not_altair, figure_in_a_title,
        page_over_the_weight_budget, bib_field_swallows_the_next, nav_group_without_translation,
        languages_cite_differently, page_left_out_of_the_menu, menu_entry_without_its_page,
        all_at_once(source_without_bib_entry, bib_source_id_not_in_sources),
        notebook_output_loads_scripts, page_loads_from_another_host, notebook_saved_as_ipynb)
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_author_mistake_stops_the_build_cleanly(warm_fixture, small_project, case):
    expected = CASES[case](small_project)
    result = run_build(small_project, small_project / "site")
    assert result.returncode == 1, f"{case}: exit status {result.returncode}\n{result.output}"
    for part in expected:
        assert part in result.stderr, f"{case}: {part!r} not in\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.output, result.output
    assert differing_files(warm_fixture / "site", small_project / "site") == [], (
        f"{case}: the previous site changed")
    assert staging_folders(small_project) == [], "staging folder left behind"
    if case.startswith("csv"):
        # Bad data stops the build before any notebook is run (or taken from the cache).
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        assert len(errors) == 1, errors
        assert "Notebook notebooks/" not in result.stderr


def test_a_failed_first_build_publishes_nothing_and_runs_no_notebook(cold_small_project):
    expected = csv_wrong_type(cold_small_project)
    result = run_build(cold_small_project, cold_small_project / "site")
    assert result.returncode == 1 and all(part in result.stderr for part in expected)
    assert not (cold_small_project / "site").exists(), "a failed first build published a site"
    assert not (cold_small_project / ".cache" / "notebooks").exists(), "a notebook ran"
    assert staging_folders(cold_small_project) == []


def test_a_typo_below_a_notebook_pages_front_matter_names_the_page_and_line(small_project):
    line = append(small_project / "docs" / "index.en.md", "A typo: {{ value: cases_reportd }}.\n")
    result = run_build(small_project, small_project / "site")
    assert result.returncode == 1
    assert f"docs/index.en.md:{line}: unknown value id `cases_reportd`" in result.stderr


def test_a_value_in_a_title_is_filled_in_each_language(small_project):
    page = small_project / "docs" / "referensi.md"
    page.write_text('---\ntitle: "Kasus: {{ value: cases_reported }}"\n---\n'
                    + page.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(small_project, small_project / "site")
    assert result.returncode == 0, result.output[-3000:]
    built = (small_project / "site" / "referensi" / "index.html").read_text(encoding="utf-8")
    assert "<title>Kasus: 1.250" in built and "{{" not in built.split("</title>")[0]
