"""Incremental live-preview rebuilds: after a full build, a save renders again only what it changed.

Used by the live preview (scripts/mkdocs_adapter/serve.py). A full preview build registers a
`Recorder` among MkDocs' plugins; it keeps, for each language pass, what MkDocs rendered the
pages with (the file list, the navigation, the template environment, the configuration's
per-language settings) and each page's front matter as read. When that build succeeds, the
preview makes a `Session` of it. On the next save, `Session.update(changed paths)` either
renders the changed pages again with those stored objects, or raises `FullBuildNeeded`, and
the preview makes a full build as before.

What a save may change incrementally:
- the body of pages that the last build rendered (`docs/**/*.md`), in every language pass that
  shows them (a page shown untranslated in the other language is rendered there too);
- the notebooks and their data (anything under `notebooks/`): the notebooks whose cached run
  no longer matches run again, and the pages that show what changed are rendered again: the
  pages of a notebook whose rendered text changed, the pages whose source (or notebook) names
  a figure or value whose content changed, the figures-and-values page; each changed
  figure's CSV, PNG and SVG are written again.
For such a save the session

1. runs the project-wide steps of a build again on a fresh `BuildState`
   (scripts/build_steps.py: the input checks, data validation, the notebooks (from their
   cache unless what they read changed), the figures and values with the language-parity
   and unused-notebook checks), reading every page's source as a full build does, so no
   site-wide check sees one page only and no check reports a false error;
2. compares that fresh state with the stored one: the cited references (which fill the
   reference lists on other pages), the glossary, the notebooks' pages, the pages' dates.
   Any difference means other pages change: full build. So do a notebook added or removed,
   figure or value ids added or removed, and a changed figure or value named in any page's
   front matter (a title in the navigation, a share card). Otherwise the stored state takes
   the new notebook results;
3. renders each changed page again (MkDocs' own `_populate_page` and `_build_page`, so every
   plugin and hook runs for it as in a full build) with the pass's stored file list,
   navigation, environment and settings;
4. checks every page's links to anchors again (another page may link to a heading of the
   changed one), then checks the files it wrote as a full build checks the site: nothing
   loads from another host, no page over its weight (with `--full`: the hooks' whole
   `on_post_build`, search, PDFs and share cards included, which read every page).

Full build instead, whenever a save may change more than the saved page's own output: a site
with MkDocs plugins other than the i18n plugin and the project's hooks (MkDocs' `search`,
say, writes one index from every page; this site uses Pagefind instead), mkdocs.yml, the
navigation, a page created, deleted or moved, a page the last build did not render (with
`--language id`, an English page: its checks still run in the full build), anything outside
the rendered pages and notebooks/ (bib/, CITATION.cff, scripts/, overrides/, docs/_data/
with the glossary, stylesheets and other site files), a change of a page's front matter (its
title, notebook, description and nav-related keys feed other pages or the project-wide
state), a change of a page's title as rendered (its first heading names it in every page's
navigation and in the previous/next links), a project-wide state that differs from the
stored one (step 2), any save after a full build that failed, and any save after an update
with new notebook results that failed (the pages showing them may not all have been
rendered).

Strict stays strict: a warning or error during an incremental rebuild fails it, as in a full
build, and the browser shows the same `file:line` messages. The pages that failed are
rendered again with the next save, so a fix recovers without a full build.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.utils.meta import get_data

from scripts import build_finish, build_steps
from scripts.build_state import BuildState
from scripts.figures import catalogue
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES
from scripts.mkdocs_adapter import hooks
from scripts.notebooks.render import render as render_notebook
from scripts.site import budgets

# The hooks' own logger: the project-wide steps log their notices and warnings under it.
hooks_log = logging.getLogger("mkdocs.hooks.brief")
RECORDER = "brief/preview-recorder"
# The plugins whose page events are known to leave nothing site-wide behind but what the
# session handles (the hooks are recognised by their module's file).
KNOWN_PLUGINS = frozenset({"i18n", RECORDER})
HOOKS_FILE = ("mkdocs_adapter", "hooks.py")
# What one build's state holds that pages other than the saved one are rendered from.
SHARED_STATE = ("cited_keys", "glossary_terms", "notebook_pages", "last_changed",
                "fallback_date")


class FullBuildNeeded(Exception):
    """The save may change more than the saved pages' own output; the message says why."""


@dataclass
class LanguageRecord:
    """What one language pass rendered its pages with."""

    language: str
    files: Files
    nav: Navigation
    env: Any
    settings: dict[str, Any]


@dataclass
class Recorder:
    """Registered as a plugin by the preview; keeps what each language pass rendered with."""

    passes: dict[str, LanguageRecord] = field(default_factory=dict)
    navs: dict[str, Navigation] = field(default_factory=dict)
    # page source (absolute path) -> its front matter as MkDocs read it
    front_matter: dict[str, dict] = field(default_factory=dict)

    @event_priority(-1000)  # after every other plugin has changed the navigation
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navs[_language(config)] = nav
        return nav

    @event_priority(1000)  # before any hook changes the front matter
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig,
                         files: Files) -> str:
        self.front_matter[_real(page.file.abs_src_path)] = copy.deepcopy(page.meta)
        return markdown

    @event_priority(-1000)  # the environment as every plugin left it
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        language = _language(config)
        self.passes[language] = LanguageRecord(language, files, self.navs[language], env,
                                               _settings(config))
        return env


def _language(config: MkDocsConfig) -> str:
    return config.theme.get("language") or DEFAULT_LANGUAGE


def _settings(config: MkDocsConfig) -> dict[str, Any]:
    """The configuration as a language pass renders its pages: the i18n plugin sets the
    site's name, description, theme language and language switcher per pass, on the one
    configuration object all passes share."""
    return {"data": dict(config.data), "theme": dict(config.theme.items()),
            "theme_dirs": list(config.theme.dirs),
            "extra": copy.deepcopy(dict(config.extra)),
            "extra_attributes": copy.deepcopy(vars(config.extra))}


def _restore(config: MkDocsConfig, settings: dict[str, Any]) -> None:
    config.data.clear()
    config.data.update(settings["data"])
    theme = config.theme
    for key in [key for key in theme if key not in settings["theme"]]:
        del theme[key]
    for key, value in settings["theme"].items():
        theme[key] = value
    theme.dirs[:] = settings["theme_dirs"]
    config.extra.clear()
    config.extra.update(copy.deepcopy(settings["extra"]))
    attributes = vars(config.extra)
    attributes.clear()
    attributes.update(copy.deepcopy(settings["extra_attributes"]))


class Session:
    """A successful full preview build, kept to render later saves of its pages again."""

    def __init__(self, config: MkDocsConfig, recorder: Recorder) -> None:
        self.config = config
        self.recorder = recorder
        self.state: BuildState = hooks.build_state(config)
        self.docs_dir = Path(config.docs_dir).resolve()
        # The passes in the order the build made them (the default language first).
        self.order = [each.language for each in self.state.passes]
        self.final_settings = _settings(config)  # as the last pass left the configuration
        self.pending: set[str] = set()  # pages whose last incremental rendering failed
        self.results_pending = False  # new notebook results not yet shown on every page
        self.other_plugins = [name for name, plugin in config.plugins.items()
                              if name not in KNOWN_PLUGINS and Path(
                                  getattr(plugin, "__file__", "") or "/").parts[-2:]
                              != HOOKS_FILE]

    def update(self, changed: set[str]) -> None:
        """Render the changed pages again; raise FullBuildNeeded when that is not enough.

        A page's error is logged by MkDocs and raised as a BuildError, as in a full build.
        The changed pages stay pending, rendered again with the next update, until the
        preview calls `succeeded()` (a warning fails a strict build without raising)."""
        if self.other_plugins:
            raise FullBuildNeeded(f"the plugin {self.other_plugins[0]} may gather from every "
                                  "page")
        if self.results_pending:
            raise FullBuildNeeded("the last update of the notebooks' results failed")
        paths = {_real(path) for path in changed} | self.pending
        self.pending = paths
        notebooks = Path(_real(str(self.state.paths.notebooks)))
        pages = self._pages({path for path in paths if not Path(path).is_relative_to(notebooks)})
        fresh = self._check_project()
        changed_notebooks, changed_ids = self._changed_results(fresh)
        written: list[Path] = []
        if changed_notebooks or changed_ids:
            # From here on the stored state holds the new results; until pages that show
            # them are all rendered without a warning, the next save makes a full build.
            self.results_pending = True
            self.state.executed_notebooks = fresh.executed_notebooks
            self.state.registry = fresh.registry
            pages += self._pages_showing(changed_notebooks, changed_ids)
            written += self._write_figures(changed_ids & set(fresh.registry.figures))
        unique = {(language, id(page)): (language, page) for language, page in pages}
        pages = list(unique.values())
        i18n = self.config.plugins.get("i18n")
        language_before = getattr(i18n, "current_language", None)
        try:
            for language in self.order:
                record = self.recorder.passes[language]
                self._render(record, [p for lang, p in pages if lang == language], i18n)
        finally:
            _restore(self.config, self.final_settings)
            if i18n is not None:
                i18n.current_language = language_before
        self._finish(pages, written)

    def succeeded(self) -> None:
        """The last update logged no warning or error: its pages are served as rendered."""
        self.pending = set()
        self.results_pending = False

    def _pages(self, paths: set[str]) -> list[tuple[str, Any]]:
        """(language, page) to render again for `paths`, or FullBuildNeeded."""
        found = []
        for path in sorted(paths):
            where = Path(path)
            if not where.is_relative_to(self.docs_dir) or where.suffix != ".md":
                raise FullBuildNeeded(f"{_shown(where)} is not a page")
            if not where.is_file():
                raise FullBuildNeeded(f"{_shown(where)} was deleted or moved")
            pages = [(language, file.page)
                     for language, record in self.recorder.passes.items()
                     for file in record.files.documentation_pages()
                     if file.page is not None and _real(file.abs_src_path) == path]
            if not pages:
                # A new page, or one of a language this preview does not build.
                raise FullBuildNeeded(f"{_shown(where)} is not a page the last build rendered")
            _, meta = get_data(where.read_text(encoding="utf-8-sig"))
            if meta != self.recorder.front_matter.get(path):
                raise FullBuildNeeded(f"the front matter of {_shown(where)} changed")
            found += pages
        return found

    def _check_project(self) -> BuildState:
        """The project-wide steps again, on every page's source; the same outcome as the
        stored build's, or FullBuildNeeded."""
        fresh = BuildState(self.state.paths)
        try:
            build_steps.check_input(fresh, self.docs_dir, Path(self.config.config_file_path))
            build_steps.validate_data(fresh)
            build_steps.run_notebooks(fresh, self.docs_dir, hooks_log)
            build_steps.collect_figures(fresh, self.docs_dir, hooks_log)
        except build_steps.BuildInputError as error:
            raise PluginError(str(error)) from None
        for name in SHARED_STATE:
            if getattr(fresh, name) != getattr(self.state, name):
                raise FullBuildNeeded(f"the site-wide {name.replace('_', ' ')} changed")
        return fresh

    def _changed_results(self, fresh: BuildState) -> tuple[set[str], set[str]]:
        """The notebooks whose pages read differently, and the figures and values that
        changed; FullBuildNeeded when the change reaches beyond the pages showing them."""
        old, new = self.state.registry, fresh.registry
        if set(self.state.executed_notebooks) != set(fresh.executed_notebooks):
            raise FullBuildNeeded("a notebook was added or removed")
        if (set(old.figures), set(old.values)) != (set(new.figures), set(new.values)):
            raise FullBuildNeeded("the notebooks publish other figures or values")
        changed_ids = {each for each in new.figures if new.figures[each] != old.figures[each]}
        changed_ids |= {each for each in new.values if new.values[each] != old.values[each]}
        notebooks = set()
        for name, result in fresh.executed_notebooks.items():
            before = self.state.executed_notebooks[name]
            if result.notebook != before.notebook and any(
                    render_notebook(result, language) != render_notebook(before, language)
                    for language in LANGUAGES):
                notebooks.add(name)
        mentions = _mentions(changed_ids)
        for path, meta in sorted(self.recorder.front_matter.items()):
            # A value in a title or on a share card: other pages show it too.
            if mentions and mentions.search(json.dumps(meta, default=str)):
                raise FullBuildNeeded(f"the front matter of {_shown(Path(path))} uses a "
                                      "changed figure or value")
        return notebooks, changed_ids

    def _pages_showing(self, notebooks: set[str], ids: set[str]) -> list[tuple[str, Any]]:
        """Every page, in every pass, that shows a changed notebook, figure or value, and the
        figures-and-values page (its content made again from the new results)."""
        mentions = _mentions(ids)
        with_guide = (self.docs_dir / catalogue.GUIDE).exists()
        found = []
        for language in self.order:
            for file in self.recorder.passes[language].files.documentation_pages():
                page = file.page
                if page is None:
                    continue
                if file.abs_src_path is None and file.src_uri == catalogue.SOURCE:
                    text = catalogue.page_markdown(self.state.registry, file.locale,
                                                   with_guide)
                    if text != file.content_string:
                        file.content_string = text
                        found.append((language, page))
                    continue
                notebook = (page.meta or {}).get("notebook")
                texts = [file.content_string] if file.abs_src_path else []
                if notebook:
                    texts.append((self.state.paths.notebooks / f"{notebook}.md").read_text(
                        encoding="utf-8"))
                if notebook in notebooks or (
                        mentions and any(mentions.search(text) for text in texts)):
                    found.append((language, page))
        return found

    def _write_figures(self, figure_ids: set[str]) -> list[Path]:
        """Write each changed figure's CSV, PNG and SVG again, in every pass's language."""
        written = []
        for language_pass in self.state.passes:
            for figure_id in sorted(figure_ids):
                contents = hooks.figure_contents(self.state.registry.figures[figure_id],
                                                 language_pass.language, self.state)
                files = {"csv": language_pass.csv_files[figure_id],
                         **{kind: language_pass.image_files[figure_id, kind]
                            for kind in ("png", "svg")}}
                for kind, file in files.items():
                    content = contents[kind]
                    if isinstance(content, str):
                        file.content_string = content
                    else:
                        file.content_bytes = content
                    file.copy_file()
                    written.append(Path(file.abs_dest_path))
        return written

    def _render(self, record: LanguageRecord, pages: list, i18n) -> None:
        if not pages:
            return
        config = self.config
        _restore(config, record.settings)
        if i18n is not None:
            i18n.current_language = record.language
        language_pass = self.state.language_pass(record.language)
        language_pass.finished = False  # the hooks render into the current pass
        try:
            doc_files = record.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            for page in pages:
                title = page.title
                _populate_page(page, config, record.files)
                if page.title != title:
                    raise FullBuildNeeded(f"the title of {page.file.src_uri} changed")
                _build_page(page, config, doc_files, record.nav, record.env,
                            excluded=page.file.inclusion.is_excluded())
            for file in doc_files:
                file.page.validate_anchor_links(files=record.files,
                                                log_level=config.validation.links.anchors)
        finally:
            language_pass.finished = True

    def _finish(self, pages: list, written: list[Path]) -> None:
        """The checks of the finished site, for what this update wrote.

        The preview with `--full` runs the hooks' whole site-wide finishing, as after a full
        build's last pass (search, PDFs and share cards read every page). The quick preview
        checks the pages written again: whether they load from another host, and their
        weight. Every other built file is as the last successful build wrote and checked it,
        the theme patches of built files included (they change theme files only)."""
        if not self.config.get(hooks.QUICK_PREVIEW):
            self.state.passes[0].finished = False
            try:
                hooks.on_post_build(config=self.config)
            finally:
                for each in self.state.passes:
                    each.finished = True
            return
        site_dir = Path(self.config.site_dir)
        built = sorted({Path(page.file.abs_dest_path) for _, page in pages})
        with tempfile.TemporaryDirectory(prefix="brief-preview-check-") as scratch:
            # The offline check reads a folder: the rewritten pages, at their site paths.
            sources = {}
            for path in sorted({*built, *written}):
                copy_path = Path(scratch) / path.relative_to(site_dir)
                copy_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy_path)
                sources[str(copy_path)] = self.state.page_sources.get(str(path), "")
            view = dataclasses.replace(self.state, page_sources=sources)
            try:
                build_steps.check_offline(view, Path(scratch), self.config.site_url or "")
            except build_steps.BuildInputError as error:
                raise PluginError(str(error)) from None
        addresses, sizes = self.state.output_cache("page-loads"), {}
        heavy = [weight for weight in (budgets.first_load(path, site_dir, cache=sizes,
                                                          addresses_cache=addresses)
                                       for path in built if path.suffix == ".html")
                 if weight.total > budgets.PAGE_BUDGET_BYTES]
        if heavy:
            raise PluginError("\n".join(
                build_finish.over_budget_message(weight, site_dir, self.state)
                for weight in sorted(heavy, key=lambda w: -w.total)))


def _mentions(ids: set[str]) -> re.Pattern | None:
    """Where a text names one of `ids` (a placeholder, a setting); None for no ids. Wider
    than the placeholders' own syntax on purpose: a page rendered once more costs little."""
    if not ids:
        return None
    names = "|".join(re.escape(each) for each in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])")


def _real(path: str | None) -> str:
    return os.path.realpath(path) if path else ""


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
