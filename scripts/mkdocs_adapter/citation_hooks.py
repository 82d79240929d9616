"""MkDocs adapter for references and citations (issue 4); the logic is in scripts/citations*.py.

Listed under `hooks:` in mkdocs.yml after the figures/values hook. On `on_config`, before
notebooks run or any page is rendered, it loads `bib/*.bib` and reads every page and
notebook source for citations, so a bad entry or an unknown key stops the build at once with
file, line and key, and the reference pages know every key the site cites. Then, per page:
citations become linked APA citations, `{{ references: <group> }}` lines become reference
lists, `{{ cite_this_site }}` becomes the site's APA and BibTeX citation; after rendering,
`citation_*` meta tags (every page), and on pages with citations a small inline stylesheet
and a print-only line giving the reference page's address, are added.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from scripts.languages import DEFAULT_LANGUAGE, language_of  # noqa: E402
from scripts.mkdocs_adapter import passes as build_passes  # noqa: E402
from scripts.references import bibliography as references  # noqa: E402
from scripts.references import citations, page_html  # noqa: E402
from scripts.references import cite_this as citations_site  # noqa: E402

_state: dict = {}


def _project(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config) -> None:
    """Runs before anything else is built (notebooks included), so bad input fails fast."""
    if build_passes.repeated(config, "citations"):
        return
    project = _project(config)
    try:
        bibliography = references.load(project / "bib", project)
        sources = [*Path(config.docs_dir).rglob("*.md"), *(project / "notebooks").glob("*.md")]
        cited = citations.scan(sources, project, bibliography)
    except (references.BibliographyError, citations.CitationError) as error:
        raise PluginError(str(error)) from None
    try:
        record = citations_site.load_record(project / "CITATION.cff")
    except (OSError, ValueError, KeyError, TypeError, IndexError, yaml.YAMLError) as error:
        raise PluginError(f"CITATION.cff: cannot read the site's citation record ({error}). "
                          f"It needs title, authors and date-released (CFF 1.2.0).") from None
    _state.update(bib=bibliography, cited=cited, record=record)


def _language(page) -> str:
    return getattr(page.file, "locale", None) or language_of(page.file.src_uri)


def _site_url(config, language: str) -> str:
    base = (config.site_url or "").rstrip("/") + "/"
    return base if language == DEFAULT_LANGUAGE else f"{base}{language}/"


def on_page_markdown(markdown: str, page, config, files) -> str:
    language = _language(page)
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    bibliography = _state["bib"]
    try:
        text = citations.Renderer(bibliography, language, page.file.src_uri).render(
            markdown, where)
        text = citations.fill_reference_lists(text, bibliography, language,
                                              _state["cited"], where)
    except citations.CitationError as error:
        raise PluginError(str(error)) from None
    return citations_site.fill_cite_this_site(text, _state["record"], config.site_name,
                                              _site_url(config, language), language)


def on_post_page(output: str, page, config) -> str:
    language = _language(page)
    tags = citations_site.meta_tags(_state["record"], page.title or "", page.canonical_url or "",
                                    language, config.site_name)
    return page_html.finish_page(
        output, language, citations.reference_address(_site_url(config, language)), tags)
