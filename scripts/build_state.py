"""Everything one build of the site knows, in one object handed to each step.

A build makes one `BuildState`. The steps in `scripts/build_steps.py` fill it (the
bibliography, the glossary, the executed notebooks, the figures and values they publish,
each page's last-updated date) and the generator's hooks read it while rendering pages. The
MkDocs adapter (`scripts/mkdocs_adapter/hooks.py`) keeps it on MkDocs' configuration object,
so a new build (every live-preview rebuild loads a new configuration) starts from an empty
state and nothing survives from one build to the next.

The site is built once per language, one after the other, into one folder. Each of those
language passes is recorded in `passes`: the project-wide work (loading and checking input,
running notebooks) is done during the first pass and read by the others, and the site-wide
finishing (search index per language, offline rewrite) waits until the last pass has ended.

Plain Python, no generator import, so a move to another site generator keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scripts.content.glossary import Term
from scripts.content.markdown_text import SpanStore
from scripts.figures.registry import Registry
from scripts.notebooks.execution import ExecutedNotebook
from scripts.paths import ProjectPaths
from scripts.references.bibliography import Bibliography
from scripts.references.cite_this import SiteRecord
from scripts.site.helper_process import Helper
from scripts.site.output_cache import DrawnFiles, OutputCache

# The helper process that draws the charts' PNG files and the share cards.
DRAWING_HELPER = "drawing"


@dataclass(frozen=True)
class ShareCard:
    """The text of one page's share card, in the page's language."""

    title: str
    site_name: str
    address: str
    key_value: str = ""
    key_label: str = ""


@dataclass
class LanguagePass:
    """One language's pass over the site, and what was made for that language only."""

    language: str
    number: int
    # figure id -> the generator's object for the figure's CSV file in this pass's file list
    csv_files: dict[str, Any] = field(default_factory=dict)
    # (figure id, "png" or "svg") -> the generator's object for the chart's file in this
    # pass's language
    image_files: dict[tuple[str, str], Any] = field(default_factory=dict)
    # the generator's object for this language's PDF brief, when the site has one
    pdf_file: Any = None
    finished: bool = False

    @property
    def is_first(self) -> bool:
        return self.number == 1


@dataclass
class BuildState:
    """What one build has loaded, checked and computed; see the module docstring."""

    paths: ProjectPaths
    bibliography: Bibliography | None = None
    cited_keys: set[str] = field(default_factory=set)
    citation_record: SiteRecord | None = None
    glossary_terms: list[Term] = field(default_factory=list)
    # (notebook name, language) -> the docs page that shows the notebook
    notebook_pages: dict[tuple[str, str], str] = field(default_factory=dict)
    executed_notebooks: dict[str, ExecutedNotebook] = field(default_factory=dict)
    registry: Registry | None = None
    # project-relative source path -> the date of the last commit that changed it
    last_changed: dict[str, date] = field(default_factory=dict)
    fallback_date: date | None = None
    passes: list[LanguagePass] = field(default_factory=list)
    # built page (its absolute path) -> the source an author edits, for messages about it
    page_sources: dict[str, str] = field(default_factory=dict)
    # language -> the built brief page to print as PDF: its absolute path, title, address
    # and the site's name in that language
    brief_pages: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    # language -> (the brief page's source, the function that writes its PDF once printed)
    pdf_briefs: dict[str, tuple[str, Callable[[], Any]]] = field(default_factory=dict)
    # built page (its absolute path) -> its content as the content passes left it, and the
    # content's tokens (scripts/site/html_edit.py), until the page around it is finished
    finished_content: dict[str, tuple[str, tuple]] = field(default_factory=dict)
    # share card to draw after the build: site-relative PNG path -> what the card shows
    share_cards: dict[str, ShareCard] = field(default_factory=dict)
    # outputs kept under .cache/<name>/ by a digest of their inputs, by name
    output_caches: dict[str, OutputCache] = field(default_factory=dict)
    # the Markdown spans of the pages as earlier builds parsed them (.cache/markdown-spans.json)
    span_store: SpanStore | None = None
    # files drawn from a text (chart PNGs, share cards), by the name of their cache
    drawn: dict[str, DrawnFiles] = field(default_factory=dict)
    # the build's helper processes (scripts/site/helper_process.py), started when first used
    helpers: dict[str, Helper] = field(default_factory=dict)
    # readings of finished pages for the offline check, sent to a helper process, by their
    # key in the offline check's cache (scripts/site/offline.py, `scan_key`)
    offline_scans: dict[str, Future] = field(default_factory=dict)

    def helper(self, name: str) -> Helper:
        """The helper process `name` of this build; started now if it is not running."""
        if name not in self.helpers:
            self.helpers[name] = Helper(name)
        return self.helpers[name]

    def running_helper(self, name: str) -> Helper | None:
        """The helper process `name` when this build has started it, else None."""
        return self.helpers.get(name)

    def submitter(self, name: str) -> Callable[..., Future]:
        """`submit` of the helper `name`, which is started by the first call."""
        return lambda function, *args, **kwargs: self.helper(name).submit(
            function, *args, **kwargs)

    def drawn_files(self, name: str, draw: Callable[[str], bytes], file_name: str,
                    helper: str = DRAWING_HELPER) -> DrawnFiles:
        """The files `draw` makes, kept in `.cache/<name>/`, drawn in the helper `helper`."""
        if name not in self.drawn:
            self.drawn[name] = DrawnFiles(self.output_cache(name), draw, file_name,
                                          self.submitter(helper))
        return self.drawn[name]

    def close_helpers(self, stop: bool = False) -> None:
        """End the helper processes: once they have answered every call sent, or (`stop`)
        at once."""
        helpers, self.helpers = self.helpers, {}
        for helper in helpers.values():
            if stop:
                helper.kill()
            else:
                helper.close()

    def output_cache(self, name: str) -> OutputCache:
        """The cache `.cache/<name>/` of this build (the entries it uses are kept)."""
        if name not in self.output_caches:
            self.output_caches[name] = OutputCache(self.paths.cache / name)
        return self.output_caches[name]

    def keep_caches(self) -> None:
        """Keep under `.cache/` what this build used, and only that (after the build)."""
        for cache in self.output_caches.values():
            cache.prune()
        if self.span_store is not None:
            self.span_store.save()

    def start_pass(self, language: str) -> LanguagePass:
        language_pass = LanguagePass(language, number=len(self.passes) + 1)
        self.passes.append(language_pass)
        return language_pass

    @property
    def current_pass(self) -> LanguagePass:
        """The pass whose pages are being rendered: the latest one not yet finished."""
        return next(p for p in reversed(self.passes) if not p.finished)

    def finish_pass(self) -> bool:
        """End the current pass; True when it was the last one still open (the build is done).

        Language passes nest: the first pass starts the others from its own end, so the
        first pass is the last to finish.
        """
        self.current_pass.finished = True
        return all(p.finished for p in self.passes)

    def language_pass(self, language: str) -> LanguagePass | None:
        return next((p for p in self.passes if p.language == language), None)

    @property
    def is_first_pass(self) -> bool:
        return self.current_pass.is_first
