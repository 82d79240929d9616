"""MkDocs adapter for scripts/site/seo.py: head tags per page, one search index per language.

Only glue lives here. Listed last under `hooks:` in mkdocs.yml; its post-build step runs
after the i18n plugin has built every language and written the merged search index.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, language_of  # noqa: E402
from scripts.site import seo, theme_patches  # noqa: E402


@event_priority(-50)  # after the i18n plugin has set this page's alternates (priority 50)
def on_page_context(context, page, config, nav):
    language = getattr(page.file, "locale", None) or language_of(page.file.src_uri)
    description = (page.meta or {}).get("description") or config.site_description or ""
    title = (page.meta or {}).get("title") or page.title or config.site_name
    context["brief_head"] = seo.head_tags(
        site_url=config.site_url or "",
        page_url=page.url,
        language=language,
        default_language=DEFAULT_LANGUAGE,
        # i18n sets the per-page list as an attribute, which shadows the mapping's item.
        alternates=getattr(config.extra, "alternate", None) or [],
        title=str(title),
        description=str(description).strip(),
        site_name=config.site_name,
        is_homepage=page.is_homepage,
    )
    context["brief_search_base"] = seo.search_base(context["base_url"], language,
                                                   DEFAULT_LANGUAGE)
    return context


@event_priority(-100)  # after the content hooks have added their links
def on_page_content(html, page, config, files):
    if not page.meta.get("description") and not page.is_homepage:
        # Read by the theme's <meta name="description"> and by the OpenGraph tags below;
        # the home page keeps the site's own description (per language, from mkdocs.yml).
        page.meta["description"] = seo.summary(html) or None
    return seo.mark_print_targets(html, seo.absolute(config.site_url or "", page.url))


def on_post_page(output, page, config):
    try:
        return theme_patches.patch_page(output, page.file.dest_uri)
    except theme_patches.ThemePatchError as error:
        raise PluginError(str(error)) from None


def on_post_template(output, template_name, config):
    if not template_name.endswith(".html"):
        return output
    try:
        return theme_patches.patch_page(output, template_name)
    except theme_patches.ThemePatchError as error:
        raise PluginError(str(error)) from None


@event_priority(-200)  # after i18n's post-build (-100), which writes the merged index
def on_post_build(config) -> None:
    site_dir = Path(config.site_dir)
    try:
        seo.split_search_index(site_dir, LANGUAGES, DEFAULT_LANGUAGE)
    except seo.SeoError as error:
        raise PluginError(f"scripts/mkdocs_adapter/seo_hooks.py: {error}") from None
    try:
        theme_patches.patch_built_files(site_dir)
    except theme_patches.ThemePatchError as error:
        raise PluginError(str(error)) from None
