"""MkDocs adapter for the content checks: translation completeness, glossary definitions and
tables a keyboard can scroll.

Only glue lives here; the logic is in `scripts/content/` (translations, glossary and
`scripts/content/tables.py`.
Listed LAST under `hooks:` in mkdocs.yml, so it sees each page after figures, values and
citations have been filled in. MkDocs loads hook files by path, so the project root is put on
`sys.path` first.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

from scripts.content import glossary, tables, translations  # noqa: E402
from scripts.content.frontmatter import FrontMatterError  # noqa: E402
from scripts.languages import language_of  # noqa: E402
from scripts.mkdocs_adapter import passes as build_passes  # noqa: E402

_terms: list[glossary.Term] = []


def on_config(config):
    """Stop before anything runs (notebooks included) if a page lacks its counterpart or the
    glossary is malformed: both are quick to check and need no build to report."""
    if build_passes.repeated(config, "content"):
        return config
    try:
        report = translations.scan(Path(config.docs_dir))
        _terms[:] = glossary.load()
    except (FrontMatterError, glossary.GlossaryError) as error:
        raise PluginError(str(error)) from None
    if report.problems():
        raise PluginError("\n".join(report.problems()))
    return config


def _languages(page) -> tuple[str, str]:
    """(language of the site being built, language the page is written in)."""
    written = getattr(page.file, "locale", None) or language_of(page.file.src_uri)
    reader = getattr(page.file, "locale_alternate_of", None) or written
    return reader, written


def on_page_markdown(markdown: str, page, config, files) -> str:
    if glossary.LIST_MARKER in markdown:
        reader, _ = _languages(page)
        markdown = markdown.replace(glossary.LIST_MARKER, glossary.render_list(_terms, reader))
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    reader, written = _languages(page)
    # Definitions in the reader's language, even on a page shown untranslated.
    if page.meta.get("glossary", True) is not False:
        html = glossary.mark_first_uses(html, _terms, reader)
    if written != reader:
        html = translations.with_pending_notice(html, reader, written)
    return tables.wrap_tables(html, reader)
