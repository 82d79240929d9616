"""Every pass over a page's content HTML, on one reading of the page.

After Markdown is rendered, a page's content goes through these passes, in this order:
the glossary marks each term's first use (`scripts/content/glossary.py`), a page shown
untranslated gets its notice (`scripts/content/translations.py`), tables get their named
scrolling box and code blocks a place in the keyboard's order (`scripts/content/tables.py`),
the page's summary is read for its description, site links get their print address and
what search leaves out is marked
(`scripts/site/seo.py`). Each pass stays a function of its own, tested on its own; here they
plan their edits on one `HtmlEdit`, which is brought up to date between passes
(`HtmlEdit.commit`, which reads only the inserted markup), so each pass sees the page exactly
as the one before left it and the page is read once. A page whose content and settings are
those of the last build is finished from the build's cache instead. Called by the MkDocs
hook `scripts/mkdocs_adapter/hooks.py` on each page's content.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from scripts.content import glossary, tables, translations
from scripts.content.glossary import Term
from scripts.site import seo
from scripts.site.html_edit import HtmlEdit, Token
from scripts.site.output_cache import OutputCache, digest, generator_code


@dataclass(frozen=True)
class FinishedContent:
    html: str
    summary: str  # the opening of the first real paragraph ('' when not asked for)
    # the tokens of `html` when this build read it (None when it came from the cache), so
    # the page around it is read without reading it again (`HtmlEdit.read_around`)
    tokens: tuple[Token, ...] | None = field(default=None, compare=False)


def finish_content(content_html: str, *, terms: list[Term] | None, reader: str, written: str,
                   page_address: str, summarise: bool,
                   cache: OutputCache | None = None) -> FinishedContent:
    """The page's content after every pass; from `cache` when it holds the result.

    `terms` is the glossary to mark (None: the page asks for no marks); `reader` is the
    language of the site being built, `written` the page's own; `page_address` is the page's
    full address, against which its links are resolved for print.
    """
    glossary_key = None if terms is None else tuple(
        (term.term, term.spellings, tuple(term.names.items()),
         tuple(term.definitions.items())) for term in terms)
    arguments = (content_html, glossary_key, reader, written, page_address, summarise)
    if cache is None:
        return _finish(*arguments)
    made: list[FinishedContent] = []

    def make() -> str:
        made.append(_finish(*arguments))
        return f"{made[0].summary}\n{made[0].html}"  # a summary is one line

    key = digest(generator_code(), content_html, repr(glossary_key), reader, written,
                 page_address, str(summarise))
    summary, _, html = cache.text(key, make).partition("\n")
    return FinishedContent(html, summary, made[0].tokens if made else None)


# A live-preview save renders every page again, and all but the edited one are unchanged:
# their content is finished from this cache (as many pages as a few builds have).
@functools.lru_cache(maxsize=256)
def _finish(content_html: str, glossary_key: tuple | None, reader: str, written: str,
            page_address: str, summarise: bool) -> FinishedContent:
    terms = None if glossary_key is None else [
        Term(term, spellings, dict(names), dict(definitions))
        for term, spellings, names, definitions in glossary_key]
    page = HtmlEdit(content_html)
    if terms is not None:
        # Definitions in the reader's language, even on a page shown untranslated.
        glossary.plan_first_uses(page, terms, reader)
        page.commit()
    if written != reader:
        before, after = translations.pending_notice_markup(reader, written)
        page.insert(0, before)
        page.insert(len(page.source), after)
        page.commit()
    tables.plan_table_boxes(page, reader)
    tables.plan_code_focus(page)
    page.commit()
    summary = seo.summary_of(page.tokens) if summarise else ""
    seo.plan_print_targets(page, page_address)
    page.commit()
    seo.plan_search_exclusions(page)
    page.commit()
    return FinishedContent(page.source, summary, tuple(page.tokens))
