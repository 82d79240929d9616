"""The MkDocs hooks of the site: connect MkDocs' events to the project's steps and modules.

Listed alone under `hooks:` in mkdocs.yml. Holds no state of its own: each build's
`BuildState` (scripts/build_state.py) is created by `on_config` and kept on MkDocs'
configuration object under `STATE_KEY`, where every other hook finds it. MkDocs loads a new
configuration for every build, live-preview rebuilds included, so no build sees another's
state. Builds run as `python -m …` from the project root, so `scripts` is importable.

Event order. mkdocs-static-i18n builds the site once per language: MkDocs' whole `build()`
runs for the default language, and at the end of it (the plugin's `on_post_build`, priority
-100) again for each other language, with the same configuration object. So:

- `on_config` (-150, after the i18n plugin (-100) has set the pass's language): start a
  language pass; on the first pass, create the state and check the project's input.
- `on_pre_build` (first pass only): start the helper process that prints the PDF briefs
  (scripts/site/helper_process.py) when they will be printed, validate the data, then run the
  notebooks; start drawing the charts' PNG files in the build's other helper process.
- `on_files` (-200, after the i18n plugin (-100) has rebuilt the file list for the pass):
  add each figure's CSV, its chart as PNG and SVG in the pass's language (under `en/` for
  English; the PNG is written once drawn, after the last pass), and the figures-and-values
  page for the pass's language.
- page events, per page: the notebook, figures and values, citations, glossary, tables
  (Markdown and HTML); head tags and the page facts at `on_page_context` (-50, after the
  i18n plugin (50) has set the page's alternates); each page's share card starts being
  drawn in the helper process there, and at `on_post_page` the finished page starts being
  read for the offline check, in that helper when it runs anyway.
- `on_post_build` (-200, after the i18n plugin (-100) has built the other languages): end
  the pass; after the last, finish the site (scripts/build_finish.py: search index, PNG
  files, theme patches, offline and weight checks, PDF briefs and share cards; the live
  preview leaves out search, PDFs and cards: `QUICK_PREVIEW`), and end the helper
  processes. `on_build_error` ends them when a build fails.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from scripts import build_finish, build_steps
from scripts.build_state import BuildState, ShareCard
from scripts.content import frontmatter, glossary, source_files
from scripts.figures import catalogue, csv_safety, reuse
from scripts.figures import registry as figures_registry
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, counterpart_path, language_of
from scripts.mkdocs_adapter import link_messages, theme_listing
from scripts.notebooks.render import render as render_notebook
from scripts.paths import ProjectPaths
from scripts.references import citations, cite_this, page_html
from scripts.site import (
    helper_process,
    page_content,
    page_info,
    pdf_brief,
    seo,
    share_cards,
    theme_patches,
)

STATE_KEY = "brief_state"
# Set by the live preview (scripts/mkdocs_adapter/serve.py) unless it is run with --full: the
# preview leaves out the PDF briefs, the share cards and the search index, the slowest steps
# after the pages, and tells the author so.
QUICK_PREVIEW = "brief_quick_preview"
log = logging.getLogger("mkdocs.hooks.brief")


def build_state(config: MkDocsConfig) -> BuildState:
    """The state of the build this configuration belongs to."""
    return config[STATE_KEY]


def _page_languages(page: Page) -> tuple[str, str]:
    """(language of the site being built, language the page is written in)."""
    written = getattr(page.file, "locale", None) or language_of(page.file.src_uri)
    reader = getattr(page.file, "locale_alternate_of", None) or written
    return reader, written


def _language_root(config: MkDocsConfig, language: str) -> str:
    base = (config.site_url or "").rstrip("/") + "/"
    return base if language == DEFAULT_LANGUAGE else f"{base}{language}/"


# --- Once per language pass ------------------------------------------------------------------

@event_priority(-150)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    language = config.theme.get("language") or DEFAULT_LANGUAGE
    state = config.get(STATE_KEY)
    if state is None:
        state = BuildState(ProjectPaths(Path(config.config_file_path).resolve().parent))
        config[STATE_KEY] = state
    state.start_pass(language)
    # The i18n plugin gives each page its language-switcher links as an attribute of
    # `config.extra`; left in place, the last page's links would shadow the site-wide ones
    # on the next pass's 404 page, which is rendered before any page.
    vars(config.extra).pop("alternate", None)
    theme_listing.list_theme_without_icons(config.theme.dirs, state.paths.cache)
    if not state.is_first_pass:
        return config
    link_messages.install(Path(config.docs_dir))
    try:
        build_steps.check_input(state, Path(config.docs_dir), Path(config.config_file_path))
    except build_steps.BuildInputError as error:
        raise PluginError(str(error)) from None
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    state = build_state(config)
    if not state.is_first_pass:
        return
    if (not config.get(QUICK_PREVIEW) and _site_settings(config).brief
            and not state.output_cache("pdf-brief").has_entries()):
        # Nothing to reuse: the PDFs will be printed, so the printing helper imports its
        # renderer now, while the data are checked on one core and no kernel runs yet.
        state.helper("printing").submit(pdf_brief.load_renderer)
    try:
        build_steps.validate_data(state)
        build_steps.run_notebooks(state, Path(config.docs_dir), log)
        build_steps.collect_figures(state, Path(config.docs_dir), log)
    except build_steps.BuildInputError as error:
        raise PluginError(str(error)) from None
    build_steps.start_figure_pngs(state)


@event_priority(-200)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    state = build_state(config)
    language_pass = state.current_pass
    clashes = source_files.addresses_with_two_sources(
        (f"{Path(config.docs_dir).name}/{file.src_uri}", file.url)
        for file in files.documentation_pages())
    if clashes:
        raise PluginError("\n".join(clashes))
    for figure_id, figure in sorted(state.registry.figures.items()):
        contents = figure_contents(figure, language_pass.language)
        generated = File.generated(config, figures_registry.csv_name(figure_id),
                                   content=contents["csv"])
        files.append(generated)
        language_pass.csv_files[figure_id] = generated
        for extension in ("png", "svg"):
            # The PNG is being drawn in the helper process: written after the last pass.
            chart = File.generated(config, figures_registry.image_name(figure_id, extension),
                                   content=contents.get(extension, b""))
            if language_pass.language != DEFAULT_LANGUAGE:  # the language's own folder
                chart.dest_uri = f"{language_pass.language}/{chart.dest_uri}"
            files.append(chart)
            language_pass.image_files[figure_id, extension] = chart
    files.append(_catalogue_page(config, state, language_pass.language))
    brief = _site_settings(config).brief
    if brief:
        # Known to MkDocs from the start, so pages may link to it and links are checked; the
        # PDF itself is written after the last language pass, from the built brief page.
        language = language_pass.language
        pdf = File.generated(config, brief["file"][language], content=b"")
        if language != DEFAULT_LANGUAGE:  # where the i18n plugin puts a language's files
            pdf.dest_uri = f"{language}/{pdf.dest_uri}"
        files.append(pdf)
        language_pass.pdf_file = pdf
    return files


def figure_contents(figure: dict, language: str, state: BuildState | None = None
                    ) -> dict[str, str | bytes]:
    """What a figure publishes in a language pass: its data ("csv"), its chart ("svg", and
    "png" when `state` is given: drawn from the SVG, waiting for the drawing if need be)."""
    contents: dict[str, str | bytes] = {"csv": csv_safety.spreadsheet_safe(figure["csv"]),
                                        "svg": figure["svg"][language].encode("utf-8")}
    if state is not None:
        contents["png"] = build_steps.figure_png(state, figure, language)
    return contents


def _catalogue_page(config: MkDocsConfig, state: BuildState, language: str) -> File:
    """The figures-and-values page for `language`, linked to its other-language versions."""
    for each in LANGUAGES:
        taken = counterpart_path(catalogue.SOURCE, each)
        if (Path(config.docs_dir) / taken).exists():
            raise PluginError(f"docs/{taken}: this name is kept for the generated "
                              "figures-and-values page. Rename the page.")
    versions = {}
    for each in LANGUAGES:
        page_file = File.generated(config, catalogue.SOURCE,
                                   content=catalogue.page_markdown(
                                       state.registry, each,
                                       (Path(config.docs_dir) / catalogue.GUIDE).exists()),
                                   inclusion=InclusionLevel.NOT_IN_NAV)
        if each != DEFAULT_LANGUAGE:  # where the i18n plugin puts a language's pages
            page_file.dest_uri = f"{each}/{page_file.dest_uri}"
        # What the i18n plugin records on the pages it places, for the language switcher
        # and the hreflang links.
        page_file.locale = page_file.locale_alternate_of = each
        page_file.alternates = versions
        versions[each] = page_file
    return versions[language]


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Jinja otherwise compiles the theme's templates again for each language on every build
    # and every live-preview save; it checks each template's checksum, so an edited override
    # is compiled again.
    template_cache = build_state(config).paths.cache / "templates"
    template_cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(template_cache))
    return env


@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not build_state(config).finish_pass():
        return
    state = build_state(config)
    try:
        build_finish.finish_site(_site_settings(config), state)
    except (helper_process.HelperFailed, build_steps.BuildInputError) as error:
        state.close_helpers(stop=True)
        raise PluginError(str(error)) from None
    except BaseException:
        state.close_helpers(stop=True)
        raise
    state.close_helpers()


def _site_settings(config: MkDocsConfig) -> build_finish.SiteSettings:
    try:
        brief = build_finish.brief_settings(config.extra)
    except build_steps.BuildInputError as error:
        raise PluginError(str(error)) from None
    return build_finish.SiteSettings(Path(config.site_dir), config.site_url or "",
                                     bool(config.get(QUICK_PREVIEW)), brief)


def on_build_error(*, error: Exception) -> None:
    # The build state is out of reach here; one build runs at a time in a process.
    helper_process.stop_all()


# --- Per page ---------------------------------------------------------------------------------

def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = build_state(config)
    reader, written = _page_languages(page)
    page.meta = frontmatter.neutralise(page.meta)
    _fill_settings(page, state, written)
    # The page's own Markdown and the notebook shown above it get their placeholders filled
    # apart, so a mistake is reported at its line in the file that holds it.
    markdown = _place_figures_and_values(markdown, page, state, written, None)
    notebook = page.meta.get("notebook")
    if notebook:
        rendered = _place_figures_and_values(
            render_notebook(state.executed_notebooks[notebook], written), page, state,
            written, notebook)
        markdown = rendered + ("\n" + markdown if markdown.strip() else "")
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    try:
        markdown = citations.Renderer(state.bibliography, written, page.file.src_uri).render(
            markdown, where)
        markdown = citations.fill_reference_lists(markdown, state.bibliography, written,
                                                  state.cited_keys, where)
    except citations.CitationError as error:
        raise PluginError(str(error)) from None
    markdown = cite_this.fill_cite_this_site(markdown, state.citation_record, config.site_name,
                                             _language_root(config, written), written)
    return glossary.place_list(markdown, state.glossary_terms, reader)


# Front-matter settings the theme shows to readers (navigation, <title>, link previews).
SHOWN_SETTINGS = ("title", "description")


def _fill_settings(page: Page, state: BuildState, language: str) -> None:
    """Values in a page's title or description, in the page's language; never literal braces."""
    source = page.file.content_string
    for key in SHOWN_SETTINGS:
        value = page.meta.get(key)
        if not isinstance(value, str) or "{{" not in value:
            continue
        line = frontmatter.line_of_setting(source, key)
        try:
            page.meta[key] = state.registry.substitute_setting(
                value, language, f"docs/{page.file.src_uri}", line)
        except figures_registry.PlaceholderError as error:
            raise PluginError(str(error)) from None


def _first_line(source: str, markdown: str) -> int:
    """Line of the source file where the Markdown MkDocs hands over (no front matter) starts."""
    body = markdown.lstrip("\n")
    position = source.find(body[:200]) if body else -1
    if position < 0:  # changed by an earlier step: count back from the end instead
        return max(1, source.rstrip("\n").count("\n") - markdown.rstrip("\n").count("\n") + 1)
    return source.count("\n", 0, position) + 1 - (len(markdown) - len(body))


def _place_figures_and_values(markdown: str, page: Page, state: BuildState, language: str,
                              notebook: str | None) -> str:
    if notebook:
        where, first_line = f"notebooks/{notebook}.md (shown on docs/{page.file.src_uri})", 1
    else:
        first_line = _first_line(page.file.content_string, markdown)
        where = f"docs/{page.file.src_uri}"
    try:
        return state.registry.substitute(markdown, language, where, first_line)
    except figures_registry.PlaceholderError as error:
        message = str(error)
        if notebook:  # point at the line of the notebook file, not of its rendered page
            message = figures_registry.locate_in_source(
                message, where, state.paths.notebooks / f"{notebook}.md")
        raise PluginError(message) from None


def _reuse_block(page: Page, config: MkDocsConfig, state: BuildState, language: str):
    """The function giving a figure's downloads, address, licence and citation on `page`."""
    site_url = config.site_url or ""
    # The charts in the page's own language: a page shown untranslated keeps its labels.
    written_pass = state.language_pass(language)
    images = (written_pass or state.current_pass).image_files
    csv_files = state.current_pass.csv_files

    def reuse_block(figure_id: str) -> str:
        image = {kind: images.get((figure_id, kind)) or
                 state.current_pass.image_files[figure_id, kind] for kind in ("png", "svg")}
        links = reuse.FigureLinks(
            png=image["png"].url_relative_to(page.file),
            svg=image["svg"].url_relative_to(page.file),
            csv=csv_files[figure_id].url_relative_to(page.file),
            csv_url=seo.absolute(site_url, csv_files[figure_id].url),
            page_url=seo.absolute(site_url, page.url))
        title = state.registry.figures[figure_id]["title"][language]
        return reuse.reuse_html(figure_id, title, language, links, state.citation_record,
                                config.site_name)

    return reuse_block


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = build_state(config)
    reader, written = _page_languages(page)
    html = state.registry.fill_figures(html, written, _reuse_block(page, config, state, written))
    # Read by the theme's <meta name="description"> and by the OpenGraph tags; the home page
    # keeps the site's own description (per language, from mkdocs.yml).
    summarise = not page.meta.get("description") and not page.is_homepage
    finished = page_content.finish_content(
        html, reader=reader, written=written, summarise=summarise,
        terms=state.glossary_terms if page.meta.get("glossary", True) is not False else None,
        page_address=seo.absolute(config.site_url or "", page.url),
        cache=state.output_cache("page-content"))
    if summarise:
        page.meta["description"] = finished.summary or None
    if finished.tokens is not None:  # for `on_post_page`, which reads the page around it
        state.finished_content[page.file.abs_dest_path] = (finished.html, finished.tokens)
    return finished.html


@event_priority(-50)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict:
    state = build_state(config)
    reader, written = _page_languages(page)
    description = (page.meta or {}).get("description") or config.site_description or ""
    title = (page.meta or {}).get("title") or page.title or config.site_name
    context["brief_head"] = seo.head_tags(
        site_url=config.site_url or "",
        page_url=page.url,
        language=written,
        default_language=DEFAULT_LANGUAGE,
        # i18n sets the per-page list as an attribute, which shadows the mapping's item.
        alternates=getattr(config.extra, "alternate", None) or [],
        title=str(title),
        description=str(description).strip(),
        site_name=config.site_name,
        is_homepage=page.is_homepage,
    )
    context["brief_head"].og.extend(_share_card(page, config, state, written, str(title)))
    # Search indexes a page only where it is shown in its own language (scripts/site/search.py).
    context["brief_search_indexed"] = reader == written
    context["brief_page_info"] = _page_facts(page, config, state, reader)
    if page.file.inclusion.is_not_in_nav():
        # The theme's contents list names its toggle with a label for a control it renders
        # only inside the navigation; outside it the label would point at nothing (invalid
        # HTML), so such a page shows no contents list. Search has indexed its sections.
        page.toc = get_toc([])
    return context


def _share_card(page: Page, config: MkDocsConfig, state: BuildState, language: str,
                title: str) -> list[tuple[str, str]]:
    """Plan the page's share card (drawn after the build) and return its OpenGraph tags.

    A page may show one of its numbers on the card: `card_value: <value id>` in its front
    matter; the card then gives the value and its meaning in the page's language.
    """
    key_value = key_label = ""
    value_id = page.meta.get("card_value")
    if value_id:
        if value_id not in state.registry.values:
            line = frontmatter.line_of_setting(page.file.content_string, "card_value")
            raise PluginError(f"docs/{page.file.src_uri}:{line}: `card_value: {value_id}` "
                              "names no published value. Fix: use an id from the site's "
                              "figures-and-values page (nilai/).")
        key_value = state.registry.value_text(value_id, language)
        key_label = state.registry.values[value_id]["meaning"][language]
    site_url = config.site_url or ""
    address = seo.absolute(site_url, page.url).split("://", 1)[-1]
    card_path = f"{page.url}{share_cards.CARD_NAME}"
    state.share_cards[card_path] = ShareCard(title, config.site_name, address, key_value,
                                             key_label)
    if not config.get(QUICK_PREVIEW):
        share_cards.start_card(build_finish.share_card_files(state), title, config.site_name,
                               address, share_cards.KeyNumber(key_value, key_label) if key_value
                               else None)
    alt = f"{title}: {key_value} {key_label}".strip() if key_value else title
    return seo.image_tags(seo.absolute(site_url, card_path), alt, share_cards.WIDTH,
                          share_cards.HEIGHT)


def _page_facts(page: Page, config: MkDocsConfig, state: BuildState, language: str) -> str:
    """Last-updated date, authors and the contact link, in the reader's language."""
    docs = Path(config.docs_dir).name
    sources = [f"{docs}/{page.file.src_uri}"]
    if page.meta.get("notebook"):
        sources.append(f"notebooks/{page.meta['notebook']}.md")
    updated = page_info.page_date(sources, state.last_changed, state.fallback_date)
    settings = config.extra.get("brief") or {}
    authors = settings.get("authors") or [
        cite_this.plain_name(person) for person in state.citation_record.authors]
    contact = settings.get("contact_url") or page_info.issue_form_url(
        state.paths.citation_record)
    pdf_file = getattr(state.language_pass(language), "pdf_file", None)
    pdf_href = pdf_file.url_relative_to(page.file) if pdf_file else None
    pdf_address = seo.absolute(config.site_url or "", pdf_file.url) if pdf_file else None
    return page_info.footer_html(language, updated, authors, contact, pdf_href, pdf_address)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    state = build_state(config)
    _, written = _page_languages(page)
    source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    if page.meta.get("notebook"):
        source += f" (showing notebooks/{page.meta['notebook']}.md)"
    state.page_sources[page.file.abs_dest_path] = source
    record = state.citation_record
    tags = cite_this.meta_tags(record, page.title or "", page.canonical_url or "", written,
                               config.site_name)
    output = page_html.finish_page(
        output, written, citations.reference_address(_language_root(config, written)), tags,
        state.output_cache("finished-pages"),
        state.finished_content.pop(page.file.abs_dest_path, None))
    output = state.registry.fill_charts(output, written)
    output = _patched(output, page.file.dest_uri)
    build_steps.start_offline_scan(state, output)
    settings = _site_settings(config)
    brief = settings.brief
    if brief and page.file.src_uri == counterpart_path(brief["page"], written):
        state.brief_pages[written] = (page.file.abs_dest_path, page.title or config.site_name,
                                      page.canonical_url or "", config.site_name)
        if not config.get(QUICK_PREVIEW):
            # Printed in the helper process while the other pages are rendered.
            try:
                build_finish.start_pdf_brief(settings, state, written, output)
            except build_steps.BuildInputError as error:
                raise PluginError(str(error)) from None
    return output


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _patched(output, template_name) if template_name.endswith(".html") else output


def _patched(output: str, name: str) -> str:
    try:
        return theme_patches.patch_page(output, name)
    except theme_patches.ThemePatchError as error:
        raise PluginError(str(error)) from None
