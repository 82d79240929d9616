"""What each figure offers a reader who reuses it, in the page's language.

Under every figure (the way Our World in Data does it): links to the chart as PNG and SVG
and to its data as CSV, a link to the figure's own address (`#figure-<id>`, so the address
can be copied), the licence, and, folded in a `<details>` so the first view stays short, how
to cite the figure (APA 7 and BibTeX, from `scripts/references/cite_this.py`) and three
lines of Python that load its CSV from its full address.

The licence is the one CITATION.cff names for the brief (`license`): the record must name
exactly one, and one this module can state in both languages (`LICENCES`). The files
themselves are emitted by the MkDocs adapter, which gives their addresses; the registry
(`scripts/figures/registry.py`) puts the block where the figure's HTML holds
`publish.REUSE_TOKEN`. Plain functions, no generator import.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from scripts.references import cite_this
from scripts.references.apa import esc

TEXT = {
    "id": {"download": "Unduh", "png": "gambar (PNG)", "svg": "gambar vektor (SVG)",
           "csv": "data (CSV)", "licence": "Lisensi", "anchor": "Tautan ke gambar ini",
           "summary": "Kutip gambar ini atau muat datanya di Python",
           "code": "Python (pandas)"},
    "en": {"download": "Download", "png": "image (PNG)", "svg": "vector image (SVG)",
           "csv": "data (CSV)", "licence": "Licence", "anchor": "Link to this figure",
           "summary": "Cite this figure, or load its data in Python",
           "code": "Python (pandas)"},
}


@dataclass(frozen=True)
class Licence:
    name: str
    url: dict[str, str]  # the licence's own page, per language
    terms: dict[str, str]  # what a reader may do, and on what condition


LICENCES = {
    "CC-BY-4.0": Licence(
        "CC BY 4.0",
        {"id": "https://creativecommons.org/licenses/by/4.0/deed.id",
         "en": "https://creativecommons.org/licenses/by/4.0/"},
        {"id": "Anda boleh menyalin, mengubah, dan menyebarkan gambar ini beserta datanya, "
               "juga untuk keperluan komersial, asalkan menyebut sumbernya, misalnya dengan "
               "kutipan berikut.",
         "en": "You may copy, adapt and share this figure and its data, including for "
               "commercial use, as long as you credit the source, for example with this "
               "citation."},
    ),
}


class LicenceError(ValueError):
    """CITATION.cff does not name one licence the figures can be published under."""


def figure_licence(record: cite_this.SiteRecord) -> Licence:
    """The licence of the site's figures and data, from the citation record."""
    known = ", ".join(LICENCES)
    if len(record.licenses) != 1 or record.licenses[0] not in LICENCES:
        named = ", ".join(record.licenses) or "none"
        raise LicenceError(
            f"`license` must name the one licence of the brief's text, figures and data "
            f"(one of: {known}), not {named}; the Citation File Format reads a list as a "
            "choice between licences. Fix: write `license: CC-BY-4.0` and leave the code's "
            "licence to the LICENSE file.")
    return LICENCES[record.licenses[0]]


@dataclass(frozen=True)
class FigureLinks:
    """Where one figure's files are, as seen from the page the figure is placed on."""

    png: str  # relative to the page
    svg: str
    csv: str
    csv_url: str  # the CSV's full address, for code run elsewhere
    page_url: str  # the page's full address


def anchor(figure_id: str) -> str:
    """The figure's element id on its page (set by `publish.figure_html`)."""
    return f"figure-{figure_id}"


def pandas_snippet(csv_url: str) -> str:
    """Three lines of Python that load the figure's data (plain text)."""
    return f'import pandas as pd\nurl = "{csv_url}"\ndf = pd.read_csv(url)'


def reuse_html(figure_id: str, title: str, language: str, links: FigureLinks,
               record: cite_this.SiteRecord, site_name: str) -> str:
    """The downloads line and the folded citation and code of one figure on one page.

    Written without blank lines, so Markdown keeps it inside the figure's HTML block, and
    with braces as entities (`esc`), so no later hook reads `{{` in it as a placeholder.
    """
    text = TEXT[language]
    licence = figure_licence(record)
    address = f"{links.page_url}#{anchor(figure_id)}"
    files = ", ".join(f'<a href="{html.escape(href)}" download>{text[kind]}</a>'
                      for kind, href in (("png", links.png), ("svg", links.svg),
                                         ("csv", links.csv)))
    bibtex = cite_this.figure_bibtex(record, figure_id, title, site_name, address, language)
    return (
        f'<p class="brief-figure__download">{text["download"]}: {files}. '
        f'{text["licence"]}: <a href="{esc(licence.url[language])}" rel="license">'
        f"{esc(licence.name)}</a>. "
        f'<a class="brief-figure__anchor" href="#{anchor(figure_id)}">{text["anchor"]}</a></p>'
        f'<details class="brief-figure__reuse"><summary>{text["summary"]}</summary>'
        f"<p>{esc(licence.terms[language])}</p>"
        f"<p><strong>APA 7</strong><br>"
        f"{cite_this.figure_apa(record, title, site_name, address, language)}</p>"
        f"<p><strong>BibTeX</strong></p><pre><code>{esc(bibtex)}</code></pre>"
        f"<p><strong>{text['code']}</strong></p>"
        f"<pre><code>{esc(pandas_snippet(links.csv_url))}</code></pre></details>"
    )
