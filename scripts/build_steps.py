"""The project-wide steps of a build, each reading and filling one `BuildState`.

Called by the generator adapter (`scripts/mkdocs_adapter/hooks.py`) during the first
language pass, in this order: `check_input` (before anything is rendered, so bad input
fails fast), `validate_data` then `run_notebooks` (so no notebook runs on a bad table), and
`collect_figures` (the figures and values the pages may place). Every author error comes
out as `BuildInputError` whose message names the file and line and says how to fix it; the
adapter turns it into the generator's own error. No generator import here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from scripts.build_state import BuildState
from scripts.content import frontmatter, glossary, source_files, translations
from scripts.data import validation as data_validation
from scripts.figures import registry as figures_registry
from scripts.figures import reuse as figures_reuse
from scripts.notebooks import execution as notebooks
from scripts.notebooks.cache import NotebookCache
from scripts.references import bibliography as references
from scripts.references import citations, cite_this
from scripts.site import page_info


class BuildInputError(Exception):
    """Input an author can fix; the message says where and how."""


def check_input(state: BuildState, docs_dir: Path) -> None:
    """Source files, translations, glossary, bibliography, citations, the citation record."""
    paths = state.paths
    leaving = source_files.links_leaving_project(paths.root)
    if leaving:
        raise BuildInputError("\n".join(leaving))
    try:
        state.bibliography = references.load(paths.bib, paths.root)
        sources = [*docs_dir.rglob("*.md"), *paths.notebooks.glob("*.md")]
        state.cited_keys = citations.scan(sources, paths.root, state.bibliography)
    except (references.BibliographyError, citations.CitationError) as error:
        raise BuildInputError(str(error)) from None
    try:
        state.citation_record = cite_this.load_record(paths.citation_record)
    except (OSError, ValueError, KeyError, TypeError, IndexError, yaml.YAMLError) as error:
        raise BuildInputError(
            f"CITATION.cff: cannot read the site's citation record ({error}). "
            "It needs title, authors and date-released (CFF 1.2.0).") from None
    try:
        figures_reuse.figure_licence(state.citation_record)
    except figures_reuse.LicenceError as error:
        raise BuildInputError(
            f"CITATION.cff:{_line_of_key(paths.citation_record, 'license')}: {error}") from None
    try:
        report = translations.scan(docs_dir)
        state.glossary_terms = glossary.load(paths.glossary)
    except (frontmatter.FrontMatterError, glossary.GlossaryError) as error:
        raise BuildInputError(str(error)) from None
    if report.problems():
        raise BuildInputError("\n".join(report.problems()))
    state.last_changed = page_info.last_changed_dates(paths.root)
    state.fallback_date = page_info.build_date()


def validate_data(state: BuildState) -> None:
    """Check the CSV tables against datapackage.json (skipped when they passed before)."""
    try:
        data_validation.validate_once(state.paths.data, state.paths.cache / "data-validation")
    except data_validation.DataError as error:
        raise BuildInputError(str(error)) from None


def run_notebooks(state: BuildState, docs_dir: Path, log: logging.Logger) -> None:
    """Execute (or take from the cache) every notebook; one run serves every language.

    `log` is the generator's logger, so notebook warnings count as build warnings.
    """
    paths = state.paths
    notebook_paths = notebooks.discover(paths.notebooks)
    try:
        page_settings = frontmatter.check_pages(docs_dir)
        state.notebook_pages = notebooks.notebook_pages(
            page_settings, [path.stem for path in notebook_paths])
        results = NotebookCache(paths.root).executed_all(notebook_paths)
    except (frontmatter.FrontMatterError, notebooks.NotebookError) as error:
        raise BuildInputError(str(error)) from None
    for path, result in zip(notebook_paths, results, strict=True):
        state.executed_notebooks[path.stem] = result
        how = "from cache" if result.from_cache else "executed"
        log.info(f"Notebook {path.relative_to(paths.root)}: {how}")
        for warning in result.warnings:
            log.warning(f"notebook wrote to stderr: {warning}")


def collect_figures(state: BuildState) -> None:
    """The figures and values the executed notebooks published, by id."""
    try:
        state.registry = figures_registry.collect(state.executed_notebooks)
    except figures_registry.PlaceholderError as error:
        raise BuildInputError(str(error)) from None


def _line_of_key(path: Path, key: str) -> int:
    """The line of a top-level YAML key (1 when it is missing: the file as a whole)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1
