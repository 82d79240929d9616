"""What a figure offers readers who reuse it: PNG and SVG files, its address, licence,
citation (APA 7 and BibTeX per language) and the pandas lines that load its CSV.

Unit tests drive `scripts.figures.publish`, `scripts.figures.reuse` and
`scripts.references.cite_this` directly; the last tests read the real built site
(`built_site`, built once per session).
"""

from __future__ import annotations

import html
import re
import struct
from pathlib import Path
from urllib.parse import urljoin

import altair as alt
import bibtexparser
import pandas as pd
import pytest
import vl_convert

from scripts.figures import charts, publish, reuse, sources
from scripts.figures.numbers import D3_FORMAT_LOCALE, D3_TIME_FORMAT_LOCALE
from scripts.figures.registry import Registry, with_source_notes
from scripts.references import cite_this
from scripts.references.bibliography import Name

from .conftest import ROOT

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RECORD = cite_this.SiteRecord("Netralitas ASN dalam Pilkada",
                              (Name("Tim Netralitas ASN dalam Pilkada", corporate=True),),
                              "0.1.0", "2026-11-27", "", ("CC-BY-4.0",))
SITE_NAMES = {"id": "Netralitas ASN dalam Pilkada",
              "en": "Civil-Service Neutrality in Indonesia's Regional Elections"}


def published(monkeypatch) -> dict:
    """The payload of one small figure, as a notebook's publish_figure() emits it."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda bundle, raw: shown.append(bundle))
    data = pd.DataFrame({"label": ["a", "b"], "value": [1234.5, 20.0],
                         "source_id": ["detik_2021_12_16"] * 2, "confidence": ["high"] * 2})
    chart = alt.Chart(data[["label", "value"]]).mark_bar().encode(y="label:N", x="value:Q")
    publish.publish_figure("demo_bars", chart=lambda language: chart,
                           alt_text={"id": "Dua batang", "en": "Two bars"},
                           title={"id": "Judul 50% & {x}", "en": "Title 50% & {x}"}, data=data,
                           columns=[publish.Column("label", {"id": "Label", "en": "Label"})])
    # As the build collects it: with its source note per language, written from sources.csv.
    return with_source_notes(shown[0][publish.FIGURE_MIME],
                             sources.load_sources(ROOT / "notebooks/data/sources.csv"))


def svg_size(svg: str) -> tuple[float, float]:
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"\s+height="([\d.]+)"', svg)
    assert match, "the SVG file keeps its fixed size"
    return float(match.group(1)), float(match.group(2))


def test_the_payload_carries_an_svg_file_per_language_and_the_png_is_twice_its_size(
        monkeypatch):
    payload = published(monkeypatch)
    assert "png" not in payload, "the build draws the PNG, not the notebook's kernel"
    for language in ("id", "en"):
        svg = payload["svg"][language]
        assert svg.startswith("<svg") and "aria-hidden" not in re.match("<svg[^>]*>", svg)[0]
        png = charts.png_from_svg(svg)
        assert png.startswith(PNG_SIGNATURE)
        width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
        assert (width, height) == tuple(round(side * 2) for side in svg_size(svg))
        # Each chart is held once: the page's inline copy is made from the file.
        assert "<svg" not in payload["html"][language]
        # The chart joins the figure once the page is finished: the passes over the page's
        # HTML read a token in its place.
        body = publish.figure_body(payload, language)
        assert "<svg" not in body and body.count(publish.chart_token("demo_bars")) == 1
        chart = publish.inline_chart(payload, language)
        assert chart.startswith('<svg aria-hidden="true" focusable="false"')
        assert 'style="max-width:' in re.match("<svg[^>]*>", chart)[0]
        shown = body.replace(publish.chart_token("demo_bars"), chart)
        # The chart's box keeps the chart's height while the browser skips drawing it.
        assert re.search(r'<div class="brief-figure__image" style="--brief-chart-height:'
                         r'([\d.]+)px" role="img" aria-label="[^"]+">', shown)[1] \
            == f"{svg_size(svg)[1]:g}"
        # The source note is written from sources.csv; what depends on the page is left.
        assert '<p class="brief-figure__source">' + {
            "id": "Sumber: detikNews, 16 Desember 2021 (keyakinan: tinggi)",
            "en": "Source: detikNews, 16 December 2021 (confidence: high)"}[language] in shown
        assert publish.SOURCE_TOKEN not in shown
        assert shown.count(publish.REUSE_TOKEN) == 1
    # Each language draws its own labels and number format.
    assert payload["svg"]["id"] != payload["svg"]["en"]
    assert ">1.000<" in payload["svg"]["id"] and ">1,000<" in payload["svg"]["en"]


def test_a_notebook_kernel_draws_each_chart_once_as_svg_and_no_png(monkeypatch):
    def drawn_as_png(*args, **kwargs):
        raise AssertionError("a PNG was drawn in the kernel")

    monkeypatch.setattr(vl_convert, "vegalite_to_png", drawn_as_png)
    monkeypatch.setattr(vl_convert, "svg_to_png", drawn_as_png)
    assert published(monkeypatch)["svg"]["id"].startswith("<svg")


def _vl_convert_png(chart, language: str) -> bytes:
    return vl_convert.vegalite_to_png(
        charts.styled(chart), scale=charts.PNG_SCALE, format_locale=D3_FORMAT_LOCALE[language],
        time_format_locale=D3_TIME_FORMAT_LOCALE[language])


def test_the_png_drawn_from_the_svg_file_is_the_png_vl_convert_draws_from_the_chart():
    # The build rasterises the SVG file instead of laying the chart out again; a vl-convert
    # whose own PNG differed would make other files.
    data = pd.DataFrame({"label": ["Kampanye di media sosial", "Hadir"], "value": [1588, 62]})
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("value:Q", axis=alt.Axis(format=",d")), y="label:N").properties(title="Judul")
    for language in ("id", "en"):
        svg = charts.svg_file(chart, language)
        assert vl_convert.svg_to_png(svg, scale=charts.PNG_SCALE) == _vl_convert_png(
            chart, language)
        # The same bytes every time: builds are reproducible.
        assert charts.png_from_svg(svg) == charts.png_from_svg(svg)


def links(language: str) -> reuse.FigureLinks:
    root = "https://example.org/brief/" + ("" if language == "id" else "en/")
    prefix = "../" if language == "id" else "../../"
    return reuse.FigureLinks(png="../figures/demo_bars.png", svg="../figures/demo_bars.svg",
                             csv=f"{prefix}data/figures/demo_bars.csv",
                             csv_url="https://example.org/brief/data/figures/demo_bars.csv",
                             page_url=f"{root}bukti/")


def block(language: str, title: str = "Judul 50% & {x}") -> str:
    return reuse.reuse_html("demo_bars", title, language, links(language), RECORD,
                            SITE_NAMES[language])


def code_blocks(markup: str) -> list[str]:
    # The build puts each code block in the keyboard's order (scripts/content/tables.py).
    blocks = re.findall(r'<pre><code(?: tabindex="0")?>(.*?)</code></pre>', markup, re.DOTALL)
    return [html.unescape(code) for code in blocks]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_block_links_the_files_the_address_and_the_licence(language):
    markup = block(language)
    for href in ("../figures/demo_bars.png", "../figures/demo_bars.svg",
                 links(language).csv):
        assert f'<a href="{href}" download>' in markup
    assert '<a class="brief-figure__anchor" href="#figure-demo_bars">' in markup
    licence = {"id": "https://creativecommons.org/licenses/by/4.0/deed.id",
               "en": "https://creativecommons.org/licenses/by/4.0/"}[language]
    assert f'<a href="{licence}" rel="license">CC BY 4.0</a>' in markup
    words = {"id": ("Unduh", "Kutip gambar ini", "Tautan ke gambar ini", "Lisensi"),
             "en": ("Download", "Cite this figure", "Link to this figure", "Licence")}
    assert all(word in markup for word in words[language])
    assert "\n\n" not in markup and "{" not in markup, "one Markdown block, no placeholders"


@pytest.mark.parametrize("language, date, description", [
    ("id", "(2026, 27 November)", "[Gambar]"), ("en", "(2026, November 27)", "[Figure]")])
def test_apa_reference_per_language(language, date, description):
    address = f"{links(language).page_url}#figure-demo_bars"
    apa = cite_this.figure_apa(RECORD, "Judul & co", SITE_NAMES[language], address, language)
    assert apa == (f"Tim Netralitas ASN dalam Pilkada. {date}. <em>Judul &amp; co</em> "
                   f"{description}. {html.escape(SITE_NAMES[language])}. "
                   f'<a href="{address}">{address}</a>')
    assert apa in block(language, "Judul & co")


def test_apa_leaves_out_the_site_name_when_it_is_the_author():
    apa = cite_this.figure_apa(RECORD, "T", "Tim Netralitas ASN dalam Pilkada",
                               "https://x.org/#figure-a", "en")
    assert "[Figure]. <a href" in apa


def test_apa_without_a_release_date_says_no_date():
    undated = cite_this.SiteRecord("T", RECORD.authors, "", "", "", ("CC-BY-4.0",))
    assert "(t.t.)" in cite_this.figure_apa(undated, "T", "S", "https://x.org/", "id")
    assert "(n.d.)" in cite_this.figure_apa(undated, "T", "S", "https://x.org/", "en")


@pytest.mark.parametrize("language", ["id", "en"])
def test_bibtex_entry_parses_with_the_title_authors_year_and_address(language):
    bibtex, _ = code_blocks(block(language))
    library = bibtexparser.parse_string(bibtex)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc" and entry.key == "tim2026netralitas_demo_bars"
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == r"Judul 50\% \& \{x\}"
    assert fields["author"] == "{Tim Netralitas ASN dalam Pilkada}"
    assert fields["year"] == "2026"
    assert fields["url"] == f"{links(language).page_url}#figure-demo_bars"
    assert fields["langid"] == {"id": "indonesian", "en": "english"}[language]


def test_pandas_snippet_is_three_lines_loading_the_csv_address():
    _, snippet = code_blocks(block("en"))
    assert snippet.splitlines() == [
        "import pandas as pd",
        'url = "https://example.org/brief/data/figures/demo_bars.csv"',
        "df = pd.read_csv(url)"]


@pytest.mark.parametrize("licenses", [("CC-BY-4.0", "MIT"), ("MIT",), ()])
def test_the_figures_need_one_known_licence(licenses):
    record = cite_this.SiteRecord("T", RECORD.authors, "", "2026-01-01", "", licenses)
    with pytest.raises(reuse.LicenceError, match=re.escape("Fix: write `license: CC-BY-4.0`")):
        reuse.figure_licence(record)


def test_the_project_names_one_licence_for_its_figures():
    record = cite_this.load_record(ROOT / "CITATION.cff")
    assert reuse.figure_licence(record).name == "CC BY 4.0"


def test_the_registry_fills_the_block_on_each_page(monkeypatch):
    registry = Registry()
    registry.add("figure", published(monkeypatch), "demo")
    page = "Intro\n\n{{ figure: demo_bars }}\n\nAfter\n"
    markdown = registry.substitute(page, "en", "x.md")
    assert '<figure class="brief-figure" id="figure-demo_bars">' in markdown
    out = registry.fill_figures(markdown, "en", reuse=lambda figure_id: block("en"))
    assert block("en") in out and publish.REUSE_TOKEN not in out
    assert out.count('<figure class="brief-figure" id="figure-demo_bars">') == 1
    bare = registry.fill_figures(markdown, "en")
    assert publish.REUSE_TOKEN not in bare and "brief-figure__reuse" not in bare
    finished = registry.fill_charts(out, "en")
    assert publish.CHART_TOKEN_PREFIX not in finished
    assert finished.count('<svg aria-hidden="true"') == 1


# --- the built site ---------------------------------------------------------------------------
def figures_on(site: Path, page: str, language: str) -> tuple[str, list[str]]:
    prefix = "" if language == "id" else "en/"
    text = (site / prefix / page / "index.html").read_text(encoding="utf-8")
    return text, re.findall(r'<figure class="brief-figure" id="figure-(\w+)".*?</figure>',
                            text, re.DOTALL)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_figure_offers_its_files_address_and_citation(built_site, language):
    prefix = "" if language == "id" else "en/"
    page_html, ids = figures_on(built_site, "bukti", language)
    assert ids, "the evidence page places figures"
    page_url = re.search(r'<link rel="canonical" href="([^"]+)"', page_html).group(1)
    site_root = page_url.removesuffix(f"{prefix}bukti/")
    for figure_id in ids:
        figure = re.search(rf'<figure class="brief-figure" id="figure-{figure_id}">.*?</figure>',
                           page_html, re.DOTALL).group(0)
        hrefs = re.findall(r'<a href="([^"]+)" download', figure)
        assert [Path(h).name for h in hrefs] == [f"{figure_id}.png", f"{figure_id}.svg",
                                                  f"{figure_id}.csv"]
        served = [built_site / urljoin(f"http://site/{prefix}bukti/", h).removeprefix(
            "http://site/") for h in hrefs]
        png, svg, csv = served
        assert png.read_bytes().startswith(PNG_SIGNATURE), png
        assert png.parent == built_site / prefix / "figures", "each language its own charts"
        assert svg.read_text(encoding="utf-8").startswith("<svg"), svg
        assert csv.is_file(), csv
        assert f'href="#figure-{figure_id}"' in figure
        bibtex, snippet = code_blocks(figure)
        (entry,) = bibtexparser.parse_string(bibtex).entries
        assert {f.key: f.value for f in entry.fields}["url"] == f"{page_url}#figure-{figure_id}"
        csv_url = re.search(r'url = "([^"]+)"', snippet).group(1)
        assert built_site / csv_url.removeprefix(site_root) == csv
        assert re.search(r'<details class="brief-figure__reuse" data-search-exclude>', figure)
    english = built_site / "en" / "figures" / f"{ids[0]}.png"
    assert english.read_bytes() != (built_site / "figures" / f"{ids[0]}.png").read_bytes()
