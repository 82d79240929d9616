"""What a finished page with citations gets: the tooltip and reference-list CSS in its head,
and a print-only line saying where the full reference list is; `finish_page` adds these and
the `citation_*` meta tags (`scripts/references/cite_this.py`) in one reading of the page.

Both work on the page MkDocs has finished,
through `scripts/site/html_edit.py`, so only the inserted markup differs from the page as
the theme wrote it. Called by the MkDocs hook `scripts/mkdocs_adapter/hooks.py`
(after each page is rendered) and by the tests.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence

from scripts.references.cite_this import plan_meta
from scripts.site.html_edit import HtmlEdit, Token, insert_before_end_tag
from scripts.site.output_cache import OutputCache, digest, generator_code

STYLE = (
    "<style>.cite{position:relative}.cite-tip{display:none;position:absolute;left:0;"
    "top:100%;z-index:4;width:min(26rem,85vw);padding:.5em .7em;font-size:.7rem;"
    "line-height:1.45;font-style:normal;font-weight:normal;text-align:left;"
    "color:var(--md-default-fg-color);background:var(--md-default-bg-color);"
    "border:1px solid var(--md-default-fg-color--lighter);border-radius:.2rem;"
    "box-shadow:0 .2rem .5rem rgba(0,0,0,.2)}.cite:hover>.cite-tip,"
    ".cite>a:focus+.cite-tip{display:block}.references .ref{padding-left:2em;"
    "text-indent:-2em;overflow-wrap:anywhere}.references .ref-note{display:block;"
    "text-indent:0}.references .ref:target{background:var(--md-accent-fg-color--transparent)}"
    ".cite-print-note{display:none}"
    # On paper a citation's author and year lead to the reference list (APA's author-date
    # idea); one note at the end gives that list's address instead of a URL per citation.
    "@media print{.cite-tip{display:none!important}.md-typeset .cite>a[href]::after"
    "{content:none}.cite-print-note{display:block;font-size:.85em}}</style>"
)
PRINT_NOTE = {
    "id": "Kutipan di halaman ini merujuk ke daftar referensi lengkap di {address}",
    "en": "The citations on this page refer to the full reference list at {address}",
}


def _is_citation(element: Token) -> bool:
    return "cite" in element.classes()


def _is_citation_or_reference_list(element: Token) -> bool:
    return not {"cite", "references"}.isdisjoint(element.classes())


def plan_print_note(page: HtmlEdit, language: str, address: str) -> None:
    """On a page with citations, plan a line shown only in print saying where the references
    are, at the end of the article."""
    if page.has_element(_is_citation):
        text = html.escape(PRINT_NOTE[language].format(address=address))
        insert_before_end_tag(page, "article", f'<p class="cite-print-note">{text}.</p>')


def plan_style(page: HtmlEdit) -> None:
    """On a page with citations or reference lists, plan their CSS at the end of the head."""
    if page.has_element(_is_citation_or_reference_list):
        insert_before_end_tag(page, "head", STYLE)


def add_print_note(html_text: str, language: str, address: str) -> str:
    """On a page with citations, a line shown only in print saying where the references are.

    Search leaves the line out (its class is excluded in scripts/site/search.py), so it does
    not turn every page into a search hit for the reference page.
    """
    page = HtmlEdit(html_text)
    plan_print_note(page, language, address)
    return page.result()


def finish_page(html_text: str, language: str, address: str, meta_tags: str,
                cache: OutputCache | None = None,
                content: tuple[str, Sequence[Token]] | None = None) -> str:
    """A finished page with its print note, `citation_*` meta tags and citation CSS, from
    one reading of the page (a page is tens of kilobytes; each reading costs time), or from
    `cache` when it holds the result. `content`, the page's content and its tokens when the
    content passes have read it, spares reading the content again."""
    if cache is None:
        return _finish(html_text, language, address, meta_tags)
    key = digest(generator_code(), html_text, language, address, meta_tags)
    if content is None:
        return cache.text(key, lambda: _finish(html_text, language, address, meta_tags))
    return cache.text(key, lambda: _plan(HtmlEdit.read_around(html_text, *content), language,
                                         address, meta_tags))


# A live-preview save renders every page again, and all but the edited one are unchanged.
@functools.lru_cache(maxsize=256)
def _finish(html_text: str, language: str, address: str, meta_tags: str) -> str:
    return _plan(HtmlEdit(html_text), language, address, meta_tags)


def _plan(page: HtmlEdit, language: str, address: str, meta_tags: str) -> str:
    plan_print_note(page, language, address)
    plan_meta(page, meta_tags)  # before the CSS, as the tags come first in the head
    plan_style(page)
    return page.result()
