"""The project-wide steps of a build, each reading and filling one `BuildState`.

Called by the generator adapter (`scripts/mkdocs_adapter/hooks.py`) during the first
language pass, in this order: `check_input` (before anything is rendered, so bad input
fails fast), `validate_data` then `run_notebooks` (so no notebook runs on a bad table), and
`collect_figures` (the figures and values the pages may place, and whether every notebook
is used). `start_figure_pngs` then starts drawing the
charts' PNG files in a helper process (`figure_png` collects each), and `start_offline_scan`
sends each finished page to it for the offline check (`check_offline`). Every author error
comes out as `BuildInputError` whose message names the file and line and says how to fix it;
the adapter turns it into the generator's own error. No generator import here.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from pathlib import Path

import yaml

from scripts.build_state import DRAWING_HELPER, BuildState
from scripts.content import (
    frontmatter,
    glossary,
    markdown_text,
    navigation,
    parity,
    source_files,
    translations,
)
from scripts.data import validation as data_validation
from scripts.figures import charts
from scripts.figures import registry as figures_registry
from scripts.figures import reuse as figures_reuse
from scripts.languages import LANGUAGES
from scripts.notebooks import execution as notebooks
from scripts.notebooks import render as notebook_render
from scripts.notebooks.cache import NotebookCache
from scripts.references import bibliography as references
from scripts.references import citations, cite_this
from scripts.site import offline, page_info
from scripts.site.output_cache import DrawnFiles, digest, package_versions


class BuildInputError(Exception):
    """Input an author can fix; the message says where and how."""


def check_input(state: BuildState, docs_dir: Path, config_file: Path | None = None) -> None:
    """Source files, translations, glossary, bibliography, citations, the citation record.

    The rules that report every problem they find (the data's sources against the
    bibliography, the navigation's translations) are reported together.
    """
    paths = state.paths
    # Every later step reads the pages' Markdown; what earlier builds parsed is not parsed
    # again (saved by `BuildState.keep_caches` when the build succeeds).
    state.span_store = markdown_text.SpanStore(paths.cache / "markdown-spans.json")
    markdown_text.use_store(state.span_store)
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
    config_file = config_file or paths.root / "mkdocs.yml"
    problems = [
        *report.problems(),
        *references.source_mismatches(state.bibliography, paths.sources_csv, paths.root),
        *translations.untranslated_nav_groups(config_file, _display(config_file, paths.root)),
        *navigation.problems(config_file, docs_dir, _display(config_file, paths.root),
                             _display(docs_dir, paths.root)),
    ]
    if problems:
        raise BuildInputError("\n".join(problems))
    state.last_changed = page_info.last_changed_dates(paths.root)
    state.fallback_date = page_info.build_date()


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


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
    ipynb = notebooks.saved_as_ipynb(paths.notebooks, paths.root)
    if ipynb:
        raise BuildInputError("\n".join(ipynb))
    notebook_paths = notebooks.discover(paths.notebooks)
    try:
        page_settings = frontmatter.check_pages(docs_dir)
        state.notebook_pages = notebooks.notebook_pages(
            page_settings, [path.stem for path in notebook_paths])
        results = NotebookCache(paths.root).executed_all(notebook_paths)
    except (frontmatter.FrontMatterError, notebooks.NotebookError) as error:
        raise BuildInputError(str(error)) from None
    scripted: list[str] = []
    for path, result in zip(notebook_paths, results, strict=True):
        state.executed_notebooks[path.stem] = result
        how = "from cache" if result.from_cache else "executed"
        log.info(f"Notebook {path.relative_to(paths.root)}: {how}")
        for warning in result.warnings:
            log.warning(f"notebook wrote to stderr: {warning}")
        scripted += notebook_render.remote_outputs(result, paths.root)
    if scripted:
        raise BuildInputError("\n".join(scripted))


def collect_figures(state: BuildState, docs_dir: Path, log: logging.Logger) -> None:
    """The figures and values the executed notebooks published, by id; every notebook used;
    the two languages of each page citing and placing the same things.

    A page whose languages differ is logged as a warning, which a strict build turns into
    its error at the end: the page's other mistakes (a broken link, an unknown id, which
    would otherwise show as a difference) are then reported in the same build.
    """
    try:
        state.registry = figures_registry.collect(state.executed_notebooks,
                                                  state.paths.sources_csv)
    except figures_registry.PlaceholderError as error:
        raise BuildInputError(str(error)) from None
    published = set(state.registry.figures), set(state.registry.values)
    for message in [*parity.differences(docs_dir, state.bibliography, *published),
                    *parity.notebook_differences(state.executed_notebooks, state.paths.root,
                                                 state.bibliography, *published)]:
        log.warning(message)
    root = state.paths.root
    sources = {_display(path, root): path.read_text(encoding="utf-8")
               for path in [*sorted(docs_dir.rglob("*.md")),
                            *(notebook.path for notebook in state.executed_notebooks.values())]}
    unused = figures_registry.unused_notebooks(
        state.registry, sorted(state.executed_notebooks),
        {name for name, _ in state.notebook_pages}, sources)
    if unused:
        raise BuildInputError("\n".join(unused))


FIGURE_PNG_CACHE = "figure-png"


def _figure_pngs(state: BuildState) -> DrawnFiles:
    return state.drawn_files(FIGURE_PNG_CACHE, charts.png_from_svg, "chart.png")


@functools.cache
def _png_encoding() -> str:
    """What decides a chart's PNG besides its SVG: the drawing code, its settings and the
    versions of the packages that draw and encode it."""
    return digest(inspect.getsource(charts.png_from_svg), str(charts.PNG_SCALE),
                  str(charts.PNG_COLOURS), package_versions(*charts.PNG_PACKAGES))


def start_figure_pngs(state: BuildState) -> None:
    """Start drawing the PNG file of every published chart, in every language, that
    `.cache/figure-png/` lacks: in a helper process, while the build renders the pages."""
    pngs = _figure_pngs(state)
    for _, figure in sorted(state.registry.figures.items()):
        for language in LANGUAGES:
            svg = figure["svg"][language]
            pngs.start(digest(_png_encoding(), svg), svg)


def figure_png(state: BuildState, figure: dict, language: str) -> bytes:
    """The PNG file of a published chart in `language`, drawn from its SVG file."""
    svg = figure["svg"][language]
    return _figure_pngs(state).get(digest(_png_encoding(), svg), svg)


def start_offline_scan(state: BuildState, page_html: str) -> None:
    """Start reading a finished page for the offline check, in the helper process that draws
    the charts when it runs anyway (a clean build): it is then read while the build renders
    the other pages, not after the last one. The check finds the reading by the bytes the
    generator writes (UTF-8, characters it cannot encode as references); any other bytes are
    read by the check itself."""
    helper = state.running_helper(DRAWING_HELPER)
    if helper is None:
        return
    data = page_html.encode("utf-8", errors="xmlcharrefreplace")
    key = offline.scan_key(data, "html")
    if key not in state.offline_scans and state.output_cache("offline-scan").lookup(key) is None:
        state.offline_scans[key] = helper.submit(offline.scan_text, data, "html")


def check_offline(state: BuildState, site_dir: Path, site_url: str,
                  chosen: Callable[[str], bool] = lambda relative: True,
                  first_loads: dict[Path, list[str]] | None = None) -> None:
    """Stop when any built file would fetch from another host as a page is viewed.

    Run on the whole built site after the last language pass; a built page is named with the
    source it came from (`state.page_sources`), so the author knows which file to edit. What
    each file loads is kept in `.cache/offline-scan/` by the file's bytes. `chosen` picks the
    files to check by their site-relative path (all by default). `first_loads` receives what
    the page-weight budget needs from each page read (see `offline.find_remote_loads`).
    """
    problems = []
    for load in offline.find_remote_loads(site_dir, site_url,
                                          state.output_cache("offline-scan"), chosen,
                                          first_loads, state.offline_scans):
        built = site_dir / load.file
        source, _, showing = state.page_sources.get(str(built), "").partition(" ")
        if source:
            showing = f" {showing}" if showing else ""
            problems.append(
                f"{source}:1:{showing} the built page site/{load.file} loads {load.url} "
                f"({load.where}) from another host when it is viewed. Fix: keep a copy of "
                "that file under docs/assets/ and link it by a relative address, or remove "
                "the element (or notebook output) that loads it.")
        else:
            problems.append(
                f"site/{load.file}: {load.where} loads {load.url} from another host when a "
                "page is viewed. Fix: keep a copy of that file under docs/assets/ and link it "
                "by a relative address; for a theme file, rewrite the load in "
                "scripts/site/theme_patches.py.")
    if problems:
        raise BuildInputError("\n".join(problems))


def _line_of_key(path: Path, key: str) -> int:
    """The line of a top-level YAML key (1 when it is missing: the file as a whole)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1
