"""Figures and values: placeholders, locale formats, errors, and what each figure carries.

Unit tests drive `scripts.figures.registry` directly; the rest read the real built site
(`built_site`, built once per session) or build a private copy after an edit.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from scripts.figures import publish as figures
from scripts.figures import registry as figures_registry
from scripts.figures import sources
from scripts.figures.registry import PlaceholderError, Registry

from .conftest import ROOT, run_build

SOURCES_CSV = ROOT / "notebooks" / "data" / "sources.csv"

# The value ids the team agreed pages may rely on (their numbers follow the data).
CONTRACT_VALUES = (
    "kasn2020_reported", "kasn2020_proven", "kasn2020_sanctioned", "kasn2020_not_proven",
    "kasn2020_pending", "kasn2020_proven_rate", "kasn2020_sanctioned_rate", "survey_respondents",
    "survey_cause_kinship", "survey_cause_career", "survey_remove_vote_pilkada",
    "pattiro2019_cases", "kasn2024_revised_reported", "kasn2024_revised_proven",
    "kasn2024_revised_sanctioned",
)
VALUE = re.compile(r"\{\{\s*value\s*:\s*(\w+)\s*\}\}")
FIGURE = re.compile(r"^\{\{\s*figure\s*:\s*(\w+)\s*\}\}\s*$", re.M)


def registry() -> Registry:
    result = Registry()
    result.add("value", {"id": "kasn2020_reported", "value": 2007.0, "kind": "integer",
                         "digits": 1, "meaning": {}, "unit": "asn_persons", "source_ids": []}, "a")
    result.add("value", {"id": "survey_cause_kinship", "value": 50.76, "kind": "percent",
                         "digits": 2, "meaning": {}, "unit": "%", "source_ids": []}, "a")
    opening = figures.figure_opening("enforcement_funnel")
    html = {lang: f"{opening}{lang} {figures.REUSE_TOKEN}</figure>" for lang in ("id", "en")}
    svg = {lang: '<svg width="10" height="5"></svg>' for lang in ("id", "en")}
    notes = {"id": "Sumber: detikNews", "en": "Source: detikNews"}
    result.add("figure", {"id": "enforcement_funnel", "html": html, "svg": svg,
                          "csv": "a\n1\n", "sources": [["detik_2021_12_16", "high"]],
                          "source_notes": notes}, "a")
    return result


def test_values_take_the_page_locale():
    text = "Dari {{ value: kasn2020_reported }} ASN, {{value:survey_cause_kinship}}."
    assert registry().substitute(text, "id", "x.md") == "Dari 2.007 ASN, 50,76%."
    assert registry().substitute(text, "en", "x.md") == "Dari 2,007 ASN, 50.76%."


def test_a_figure_line_becomes_the_figure_with_its_links_for_the_page():
    page = "Intro\n\n{{ figure: enforcement_funnel }}\n\nAfter"
    markdown = registry().substitute(page, "en", "x.md")
    # In the Markdown, the figure's element keeps its anchor and holds a token for the rest.
    assert markdown == ('Intro\n\n<figure class="brief-figure" id="figure-enforcement_funnel">'
                        "__BRIEF_FIGURE_BODY_enforcement_funnel__</figure>\n\nAfter")
    # Once the page is HTML, the token becomes the figure's contents, with this page's links.
    out = registry().fill_figures(f"<p>Intro</p>\n{markdown.split(chr(10))[2]}", "en",
                                  reuse=lambda fid: f'<a href="../{fid}.csv">csv</a>')
    assert out == ('<p>Intro</p>\n<figure class="brief-figure" id="figure-enforcement_funnel">'
                   'en <a href="../enforcement_funnel.csv">csv</a></figure>')
    assert registry().fill_figures("<p>No figure</p>", "en") == "<p>No figure</p>"


def test_code_keeps_its_placeholders_so_the_guide_can_show_them():
    page = ("Write `{{ value: kasn2020_reported }}` or:\n\n```markdown\n"
            "{{ figure: nope }}\n{{ value: nope }}\n```\n")
    assert registry().substitute(page, "id", "guide.md") == page


@pytest.mark.parametrize("text,message", [
    ("A\nB {{ value: kasn2020_reportd }}", "guide.md:12: unknown value id `kasn2020_reportd`; "
                                           "nearest known id: `kasn2020_reported`"),
    ("A\n{{ figure: enforcement_funel }}", "guide.md:12: unknown figure id `enforcement_funel`; "
                                           "nearest known id: `enforcement_funnel`"),
    ("A\nSee {{ figure: enforcement_funnel }} here", "guide.md:12: `{{ figure: … }}` must "
                                                     "stand on a line of its own"),
])
def test_placeholder_errors_name_file_line_id_and_nearest(text, message):
    with pytest.raises(PlaceholderError) as raised:
        registry().substitute(text, "id", "guide.md", first_line=11)
    assert message in str(raised.value)


def test_two_notebooks_cannot_publish_one_id():
    with pytest.raises(PlaceholderError, match=r"already published by notebooks/a\.md"):
        registry().add("value", {"id": "kasn2020_reported"}, "b")


@pytest.fixture(scope="module")
def published(built_project) -> Registry:
    """What the real project's notebooks publish, from the session build's notebook cache."""
    from scripts.notebooks import execution as notebooks
    from scripts.notebooks.cache import NotebookCache

    cache = NotebookCache(built_project)
    executed = {path.stem: cache.load(path)
                for path in notebooks.discover(built_project / "notebooks")}
    assert None not in executed.values(), "a notebook of the session build is not cached"
    return figures_registry.collect(executed, built_project / "notebooks/data/sources.csv")


def test_the_notebooks_publish_the_contract_ids(published):
    missing = [value_id for value_id in CONTRACT_VALUES if value_id not in published.values]
    assert not missing, f"value ids pages rely on are no longer published: {missing}"


def built(site: Path, page: str, language: str) -> str:
    prefix = "" if language == "id" else "en/"
    return (site / prefix / page / "index.html").read_text(encoding="utf-8")


def source(page: str, language: str) -> str:
    suffix = ".md" if language == "id" else ".en.md"
    return (ROOT / "docs" / f"{page}{suffix}").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["id", "en"])
def test_evidence_page_shows_every_value_in_its_locale(built_site, published, language):
    page = built(built_site, "bukti", language)
    assert "{{" not in page, "an unreplaced placeholder reached the page"
    used = set(VALUE.findall(source("bukti", language)))
    assert used, "the evidence page uses no value"
    for value_id in sorted(used):
        shown = published.substitute(f"{{{{ value: {value_id} }}}}", language, "x.md")
        assert shown in page, (language, value_id, shown)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_figure_has_alt_text_table_download_and_source(built_site, language):
    page_html = built(built_site, "bukti", language)
    blocks = re.findall(r'<figure class="brief-figure".*?</figure>', page_html, re.DOTALL)
    placed = FIGURE.findall(source("bukti", language))
    assert placed and len(blocks) == len(placed)
    words = {"id": ("Sumber:", "keyakinan", "Unduh:", "data (CSV)", "Tabel data"),
             "en": ("Source:", "confidence", "Download:", "data (CSV)", "Data table")}[language]
    for block in blocks:
        alt = re.search(r'role="img" aria-label="([^"]{40,})"', block)
        assert alt, "alt text stating the finding"
        assert "<svg" in block and "<table>" in block and '<th scope="col">' in block
        assert all(word in block for word in words), block[:200]


def test_chart_svg_and_prose_use_the_locale_number_format(warm_fixture):
    """The fixture's count (four digits) and its source's date, in each page's locale."""
    with (warm_fixture / "notebooks" / "data" / "cases.csv").open(encoding="utf-8") as handle:
        reported = int(next(csv.DictReader(handle))["value"])
    assert reported >= 1000, "the fixture needs a count with a thousands separator"
    site = warm_fixture / "site"
    pages = {"id": (site / "index.html").read_text(encoding="utf-8"),
             "en": (site / "en" / "index.html").read_text(encoding="utf-8")}
    shown = {language: figures.format_number(reported, "integer", language)
             for language in pages}
    assert shown["id"] != shown["en"]
    for language, html in pages.items():
        assert f">{shown[language]}</text>" in html, f"{language}: chart label"
        assert f"{shown[language]} " in html, f"{language}: value in the prose"
    assert "Desember 2021" in pages["id"] and "December 2021" in pages["en"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_csv_links_resolve_to_files_the_site_serves(built_site, language):
    prefix = "" if language == "id" else "en/"
    page_url = f"http://site/{prefix}bukti/"
    links = re.findall(r'<a href="([^"]+\.csv)" download', built(built_site, "bukti", language))
    assert links
    for href in links:
        target = urljoin(page_url, href).removeprefix("http://site/")
        served = built_site / target
        assert served.is_file(), f"{href} from {page_url} is not served"
        with served.open(encoding="utf-8") as handle:
            assert {"source_id", "confidence"} <= set(next(csv.reader(handle)))


@pytest.mark.parametrize("markdown_start", ["\nhello", "hello"])
def test_error_lines_count_the_front_matter(markdown_start):
    from scripts.mkdocs_adapter.hooks import _first_line

    source = "---\nnotebook: x\n---\n\nhello\n\nA typo\n"
    markdown = source.split("---\n", 2)[2]
    markdown = markdown if markdown_start.startswith("\n") else markdown.lstrip("\n")
    typo_line = markdown.split("\n").index("A typo")
    assert _first_line(source, markdown) + typo_line == 7


def test_publish_value_refuses_bad_input():
    meaning = {"id": "arti", "en": "meaning"}
    with pytest.raises(ValueError, match="snake_case"):
        figures.publish_value("Bad-Id", 1, kind="integer", meaning=meaning, unit="x",
                              source_ids=["detik_2021_12_16"])
    with pytest.raises(ValueError, match="every language"):
        figures.publish_value("ok_id", 1, kind="integer", meaning={"id": "arti"}, unit="x",
                              source_ids=["detik_2021_12_16"])
    with pytest.raises(ValueError, match="name the source_id"):
        figures.publish_value("ok_id", 1, kind="integer", meaning=meaning, unit="x",
                              source_ids=[])


def test_a_figure_needs_its_provenance_columns():
    import pandas as pd

    data = pd.DataFrame({"label": ["a"], "value": [1]})
    with pytest.raises(ValueError, match="source_id"):
        figures.publish_figure("x", chart=lambda language: {}, alt_text={"id": "a", "en": "a"},
                               title={"id": "t", "en": "t"}, data=data, columns=[])


def test_source_note_names_publisher_date_and_weakest_confidence():
    import pandas as pd

    data = pd.DataFrame({"source_id": ["detik_2021_12_16", "detik_2021_12_16"],
                         "confidence": ["high", "medium"]})
    cited = figures.cited_sources(data)
    assert cited == [["detik_2021_12_16", "medium"]]
    table = sources.load_sources(SOURCES_CSV)
    assert figures.source_line(cited, "id", table) == (
        "Sumber: detikNews, 16 Desember 2021 (keyakinan: sedang)")
    assert figures.source_line(cited, "en", table) == (
        "Source: detikNews, 16 December 2021 (confidence: medium)")


def _executed(tmp_path: Path, notebook_text: str, outputs: list[dict]) -> dict:
    """One executed notebook, as the cache gives it, whose one cell shows `outputs`."""
    from scripts.notebooks.execution import ExecutedNotebook, from_dict

    path = tmp_path / "demo.md"
    path.write_text(notebook_text, encoding="utf-8")
    cell = {"cell_type": "code", "source": "", "outputs": [
        {"output_type": "display_data", "data": data} for data in outputs]}
    return {"demo": ExecutedNotebook(path=path, notebook=from_dict({"cells": [cell]}),
                                     reads={})}


def _figure_payload(source_ids: list[str]) -> dict:
    html_text = (f'{figures.figure_opening("demo")}<p class="brief-figure__source">'
                 f"{figures.SOURCE_TOKEN}</p>{figures.SVG_TOKEN}</figure>")
    return {figures.FIGURE_MIME: {
        "id": "demo", "html": {"id": html_text, "en": html_text}, "title": {},
        "csv": "", "svg": {"id": "<svg/>", "en": "<svg/>"},
        "sources": [[source_id, "high"] for source_id in source_ids]}}


def test_the_source_note_is_written_from_sources_csv_when_collected(tmp_path):
    sources_csv = tmp_path / "sources.csv"
    sources_csv.write_text(SOURCES_CSV.read_text(encoding="utf-8").replace(
        "detikNews", "detik & News", 1), encoding="utf-8")
    executed = _executed(tmp_path, "# Demo\n", [_figure_payload(["detik_2021_12_16"])])
    block = figures.figure_body(figures_registry.collect(executed, sources_csv)
                                .figures["demo"], "en")
    assert "Source: detik &amp; News, 16 December 2021 (confidence: high)" in block
    assert figures.SOURCE_TOKEN not in block


@pytest.mark.parametrize("kind,payload,line", [
    ("figure", _figure_payload(["detik_2099"]), 3),
    ("value", {figures.VALUE_MIME: {"id": "demo", "source_ids": ["detik_2099"]}}, 3),
])
def test_a_source_sources_csv_lacks_is_named_at_its_notebook_line(tmp_path, kind, payload,
                                                                   line):
    text = "# Demo\n\npublish(..., source_ids=[\"detik_2099\"])\n"
    with pytest.raises(PlaceholderError) as raised:
        figures_registry.collect(_executed(tmp_path, text, [payload]), SOURCES_CSV)
    assert str(raised.value).startswith(
        f"notebooks/demo.md:{line}: {kind} `demo` names the source_id `detik_2099`, which "
        "notebooks/data/sources.csv does not list. Fix:")


def test_errors_on_notebook_pages_point_at_the_notebook_line(tmp_path):
    notebook = tmp_path / "notebooks" / "demo.md"
    notebook.parent.mkdir()
    notebook.write_text("# Demo\n\nText\n\nSee {{ value: kasn2020_reportd }} here.\n")
    where = "notebooks/demo.md (shown on docs/metode/demo.md)"
    with pytest.raises(PlaceholderError) as raised:
        registry().substitute("# Demo\n\nrendered\n\nSee {{ value: kasn2020_reportd }}", "id",
                              where)
    message = figures_registry.locate_in_source(str(raised.value), where, notebook)
    assert message.startswith("notebooks/demo.md:5: unknown value id `kasn2020_reportd`")


def test_the_labelled_bars_are_three_altair_layers_in_row_order():
    import altair as alt
    import pandas as pd

    from scripts.figures import kit

    data = pd.DataFrame({"label": ["b", "a", "c"], "value": [1, 3, 2]})
    title = "A title far longer than the thirty-four characters that fit"
    chart = kit.bars(data, label="label", value="value", title=title, axis_title="Count")
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "text", "text"]
    assert all(layer["encoding"]["y"]["sort"] is None for layer in spec["layer"])
    assert spec["title"] == kit.wrapped(title) and len(spec["title"]) == 2
    assert all(len(line) <= kit.TITLE_CHARACTERS for line in spec["title"])


def test_the_labelled_bars_refuse_two_rows_with_one_label():
    import pandas as pd

    from scripts.figures import kit

    data = pd.DataFrame({"label": ["a", "a"], "value": [1, 2]})
    with pytest.raises(ValueError, match=r"bars: each bar needs its own label, but \['a'\] "
                                         r"name two rows of column 'label'"):
        kit.bars(data, label="label", value="value", title="t", axis_title="n")


@pytest.mark.parametrize("drawn,name", [({"mark": "bar"}, "dict"), (None, "NoneType")])
def test_a_figure_chart_must_be_an_altair_chart(drawn, name):
    import pandas as pd

    data = pd.DataFrame({"label": ["a"], "value": [1], "source_id": ["detik_2021_12_16"],
                         "confidence": ["high"]})
    with pytest.raises(ValueError, match=rf"figure x: chart\('id'\) gave {name}, not an "
                                         r"Altair chart\. Make the function return one"):
        figures.publish_figure("x", chart=lambda language: drawn,
                               alt_text={"id": "a", "en": "a"}, title={"id": "t", "en": "t"},
                               data=data, columns=[])


def test_a_plain_altair_chart_gets_the_site_look_and_the_page_number_format():
    import altair as alt
    import pandas as pd

    from scripts.figures import charts

    data = pd.DataFrame({"stage": ["Dilaporkan", "Terbukti"], "value": [2007, 1588]})
    chart = alt.Chart(data).mark_bar().encode(x=alt.X("value:Q", axis=alt.Axis(format=",d")),
                                              y=alt.Y("stage:N", sort=None))
    svg = charts.to_svg(chart, "id")
    assert f'fill="{charts.PALETTE[0]}"' in svg, "the site's colour, not Vega's default"
    assert charts.FONT.split(",")[0] in svg and ">1.000</text>" in svg
    assert 'aria-hidden="true"' in svg and ' width="' not in svg.split(">", 1)[0]


def test_a_link_to_a_figure_s_anchor_is_checked_like_any_other(small_project):
    """A figure's contents join the page after Markdown, but its element, which carries the
    anchor, is there from the start: links to it are checked with every other link."""
    page = small_project / "docs" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nLihat [grafiknya](referensi.md#figure-cases_funnel).\n",
                    encoding="utf-8")
    built = run_build(small_project, small_project / "site")
    assert built.returncode == 0, built.output
    shown = (small_project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="referensi/#figure-cases_funnel"' in shown
    page.write_text(text + "\nLihat [grafiknya](referensi.md#figure-cases_funel).\n",
                    encoding="utf-8")
    broken = run_build(small_project, small_project / "site")
    assert broken.returncode == 1
    assert ("the link 'referensi.md#figure-cases_funel' points to a heading "
            "'#figure-cases_funel' that docs/referensi.md does not have") in broken.stderr
