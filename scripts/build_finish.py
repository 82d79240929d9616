"""The steps after the last page of the last language: from rendered pages to a finished site.

Called once per build by the generator adapter (`scripts/mkdocs_adapter/hooks.py`), which
passes what it knows of the configuration as `SiteSettings`: no generator import here, so a
move to another generator keeps these steps. In order, `finish_site`:
- indexes the built pages for search (Pagefind, one index per language; it runs while the
  other steps do);
- writes the charts' PNG files, drawn in the build's helper process
  (scripts/site/helper_process.py);
- applies the theme patches to the built files;
- starts printing the PDF briefs not started yet (each starts as soon as its page is
  rendered: `start_pdf_brief`);
- checks that nothing built loads from another host and that no page is over its weight;
- writes the PDF briefs and the share cards, then checks the search files.

The live preview leaves out search, PDFs and cards (`SiteSettings.quick_preview`). Input an
author can fix comes out as `BuildInputError`, whose message names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts import build_steps
from scripts.build_state import BuildState
from scripts.build_steps import BuildInputError
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, counterpart_path
from scripts.site import budgets, pdf_brief, search, share_cards, theme_patches
from scripts.site.output_cache import DrawnFiles


@dataclass(frozen=True)
class SiteSettings:
    """What the finishing steps need from the generator's configuration."""

    site_dir: Path
    site_url: str
    quick_preview: bool  # the live preview's quick builds: no search, PDFs or cards
    brief: dict | None  # `extra.brief.pdf`, checked by `brief_settings`


def brief_settings(extra: dict) -> dict | None:
    """`extra.brief.pdf` in mkdocs.yml: the brief page and the PDF's name per language."""
    settings = (extra.get("brief") or {}).get("pdf")
    if not settings:
        return None
    names = settings.get("file") or {}
    if not settings.get("page") or any(not names.get(each) for each in LANGUAGES):
        raise BuildInputError("mkdocs.yml: `extra.brief.pdf` needs `page` (the brief page, "
                              "e.g. ringkasan-kebijakan.md) and `file` with a PDF name per "
                              f"language ({', '.join(LANGUAGES)}). Fix: add the missing "
                              "setting.")
    return settings


def finish_site(settings: SiteSettings, state: BuildState) -> None:
    site_dir = settings.site_dir
    quick_preview = settings.quick_preview
    # What the slow finishing steps made from unchanged input is copied, not made again.
    caches = {name: state.output_cache(name) for name in ("pagefind", "pdf-brief", "share-cards")}
    # Pagefind reads only the pages, so it indexes them while the other steps run; its own
    # files are checked for loads from other hosts once it has written them.
    in_index = f"{search.BUNDLE_DIR}/"
    index = None
    try:
        if not quick_preview:
            index = search.start_index(site_dir, LANGUAGES, caches["pagefind"])
        write_figure_pngs(state)
        theme_patches.patch_built_files(site_dir)
        if not quick_preview:
            start_pdf_briefs(settings, state)
        # Each page is read once for both checks: the budget takes what the offline check
        # read of each page's first load.
        first_loads: dict[Path, list[str]] = {}
        build_steps.check_offline(state, site_dir, settings.site_url,
                                  lambda built: not built.startswith(in_index), first_loads)
        heavy = budgets.over_budget(site_dir, cache=state.output_cache("page-loads"),
                                    addresses=first_loads)
        if not quick_preview:
            draw_share_cards(state, site_dir)
            briefs, state.pdf_briefs = state.pdf_briefs, {}
            for _, (source, finish) in sorted(briefs.items()):
                try:
                    finish()
                except pdf_brief.BriefError as error:
                    raise BuildInputError(brief_message(source, error)) from None
            index.finish()
            build_steps.check_offline(state, site_dir, settings.site_url,
                                      lambda built: built.startswith(in_index))
    except search.SearchIndexError as error:
        raise BuildInputError(f"scripts/site/search.py: {error}") from None
    except theme_patches.ThemePatchError as error:
        raise BuildInputError(str(error)) from None
    finally:
        if index is not None:
            index.stop()
    state.keep_caches()
    if heavy:
        raise BuildInputError("\n".join(over_budget_message(weight, site_dir, state)
                                        for weight in heavy))


def write_figure_pngs(state: BuildState) -> None:
    """Write each chart's PNG file, in every language, as drawn by the helper process."""
    for language_pass in state.passes:
        for (figure_id, kind), file in sorted(language_pass.image_files.items()):
            if kind == "png":
                file.content_bytes = build_steps.figure_png(
                    state, state.registry.figures[figure_id], language_pass.language)
                file.copy_file()


def start_pdf_briefs(settings: SiteSettings, state: BuildState) -> None:
    """Start printing each language's brief not started yet (as its page was rendered)."""
    brief = settings.brief
    if not brief:
        return
    for language in LANGUAGES:
        if language not in state.brief_pages:
            source = f"docs/{counterpart_path(brief['page'], language)}"
            raise BuildInputError(f"mkdocs.yml: `extra.brief.pdf.page` names {source}, which "
                                  "was not built. Fix: name an existing page in both "
                                  "languages.")
        if language not in state.pdf_briefs:
            built = Path(state.brief_pages[language][0])
            start_pdf_brief(settings, state, language, built.read_text(encoding="utf-8"))


def start_pdf_brief(settings: SiteSettings, state: BuildState, language: str,
                    page_html: str) -> None:
    """Start printing a language's built brief page to its PDF, in the helper process (see
    scripts/site/pdf_brief.py); `state.pdf_briefs` keeps what writes the PDF at the end."""
    brief = settings.brief
    source = f"docs/{counterpart_path(brief['page'], language)}"
    _, title, address, site_name = state.brief_pages[language]
    site_dir = settings.site_dir
    root = site_dir if language == DEFAULT_LANGUAGE else site_dir / language
    try:
        finish = pdf_brief.start(page_html, site_dir, root / brief["file"][language],
                                 title=title, language=language, page_url=address,
                                 built=state.fallback_date, site_name=site_name,
                                 site_url=settings.site_url,
                                 cache=state.output_cache("pdf-brief"),
                                 submit=state.submitter("printing"))
    except pdf_brief.BriefError as error:
        raise BuildInputError(brief_message(source, error)) from None
    state.pdf_briefs[language] = (source, finish)


def brief_message(source: str, error: pdf_brief.BriefError) -> str:
    return (f"{source}:1: {error}. Fix: shorten the brief page, or keep only files of the "
            "site in it.")


def over_budget_message(weight: budgets.PageWeight, site_dir: Path, state: BuildState) -> str:
    built = weight.page.relative_to(site_dir).as_posix()
    source, _, showing = state.page_sources.get(str(weight.page), f"site/{built}").partition(
        " ")
    showing = f" {showing}" if showing else ""
    return (f"{source}:1:{showing} the page weighs {weight.total / 1000:.0f} KB on first load "
            f"(gzip), over the {budgets.PAGE_BUDGET_BYTES // 1000} KB budget for readers on "
            f"phones; heaviest: {weight.describe()}. Fix: shorten the page, or trim what a "
            "notebook cell prints (publish a large table as a figure's CSV download).")


def share_card_files(state: BuildState) -> DrawnFiles:
    """The share cards drawn, or being drawn, in the helper process."""
    return state.drawn_files("share-cards", share_cards.draw, share_cards.CARD_NAME)


def draw_share_cards(state: BuildState, site_dir: Path) -> None:
    """Write every page's share card (see scripts/site/share_cards.py), as the helper process
    drew it."""
    cards = share_card_files(state)
    for path, card in sorted(state.share_cards.items()):
        key = share_cards.KeyNumber(card.key_value, card.key_label) if card.key_value else None
        (site_dir / path).write_bytes(share_cards.card_png(
            card.title, card.site_name, card.address, key, cards=cards))
