"""Every change the site makes to what Material for MkDocs writes, declared in one place.

Material's templates are changed through `overrides/`; what cannot be reached that way (its
minified JavaScript bundle, markup it writes outside any template block) is patched here by
exact text replacement. Each `ThemePatch` names the files it targets, the exact text the
pinned Material version writes, what replaces it, and why. A patch whose text is not where it
should be stops the build with the Material version and the missing text: a theme update
that moves the code must be looked at, never silently skipped.

Two moments:
- "page": on each page's HTML as MkDocs writes it (`patch_page`), called by the MkDocs hook
  `scripts/mkdocs_adapter/hooks.py` from `on_post_page` and `on_post_template`;
- "built": on the files of the built site (`patch_built_files`), called by the same hook
  after every language is built. The i18n plugin runs the post-build hooks once per
  language, and a later pass may find a file already patched: a file without the original
  text but with its replacement counts as patched.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal

THEME_PACKAGE = "mkdocs-material"
PATCH_FILE = "scripts/site/theme_patches.py"
EMPTY_SCRIPT = "data:text/javascript,"
THEME_SCRIPT = "assets/javascripts/bundle.a5f9d56c.min.js"  # as Material 9.8.2 names it
THEME_CDN_LOADS = (
    "https://unpkg.com/resize-observer-polyfill",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
)

class ThemePatchError(RuntimeError):
    """The theme's output is not what a patch expects; the message names file, version, text."""


@cache
def material_version() -> str:
    try:
        return version(THEME_PACKAGE)
    except PackageNotFoundError:
        return "(not installed)"


@dataclass(frozen=True)
class ThemePatch:
    name: str
    moment: Literal["page", "built"]
    files: str  # glob against the path inside the site; `*` also matches `/`
    pattern: str  # exact text the pinned Material version writes
    replacement: str
    reason: str
    count: int | None = None  # occurrences per file: exactly this many, or None for one or more

    def targets(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.files)


PATCHES: tuple[ThemePatch, ...] = (
    ThemePatch(
        name="no sitemap lookup beside alternates",
        moment="built",
        files="assets/javascripts/bundle.*.min.js",
        pattern='"link[rel=alternate]"',
        replacement='"link[rel=alternate][data-md-sitemap-lookup]"',
        count=1,
        reason="Material's JavaScript fetches sitemap.xml beside every <link rel=alternate>, "
               "meant for one-site-per-language setups; with per-page hreflang alternates "
               "that is a 404 on every page. The language switcher already links each page "
               "to its counterpart, so the lookup is pointed at links no page has.",
    ),
    *(ThemePatch(
        name=f"no CDN fallback from {url.split('/')[3]}",
        moment="built",
        files="assets/javascripts/bundle.*.min.js",
        pattern=f'"{url}"',
        replacement=f'"{EMPTY_SCRIPT}"',
        count=1,
        reason="The theme loads this from a public CDN in rare cases (a polyfill for very old "
               "browsers, Mermaid for diagram pages); an empty inline script keeps those "
               "paths, too, from telling another host who reads the site.",
    ) for url in THEME_CDN_LOADS),
    *(ThemePatch(
        name=f"no autocomplete on the {toggle} toggle",
        moment="page",
        files="*.html",
        pattern=f'<input class="md-toggle" data-md-toggle="{toggle}" type="checkbox" '
                f'id="__{toggle}" autocomplete="off">',
        replacement=f'<input class="md-toggle" data-md-toggle="{toggle}" type="checkbox" '
                    f'id="__{toggle}">',
        count=1,
        reason="The Nu Html Checker rejects autocomplete on checkboxes (it is allowed only on "
               "text-like inputs). Browsers keep such toggles unchecked on reload anyway, as "
               "the theme resets them.",
    ) for toggle in ("drawer", "search")),
    ThemePatch(
        name="theme script deferred",
        moment="page",
        files="*.html",
        pattern=f'{THEME_SCRIPT}"></script>',
        replacement=f'{THEME_SCRIPT}" defer></script>',
        count=1,
        reason="Material's script (about 35 KB gzip) sits at the end of the page without "
               "defer, so the browser fetches it at high priority beside the stylesheets a "
               "first paint needs, and on a slow phone connection it shares their bandwidth; "
               "Lighthouse (mobile) counts it on the first paint's critical path. Deferred, "
               "it is fetched at low priority and still runs before DOMContentLoaded, where "
               "the theme starts anyway; the page's own scripts before it wait for no theme "
               "code.",
    ),
    ThemePatch(
        name="no empty tabindex on navigation section titles",
        moment="page",
        files="*.html",
        pattern='_label" tabindex="">',
        replacement='_label">',
        reason='Material writes tabindex="" on navigation section titles (their ids end in '
               '"_label"), which the Nu Html Checker rejects; an empty value means the '
               "attribute is not set, so dropping it changes nothing.",
    ),
)


def _moved(patch: ThemePatch, where: str, found: int) -> ThemePatchError:
    expected = "once" if patch.count == 1 else (
        f"{patch.count} times" if patch.count else "at least once")
    return ThemePatchError(
        f"{where}: Material for MkDocs {material_version()} was expected to write "
        f"{patch.pattern!r} {expected}, found it {found} times (patch '{patch.name}'). The "
        "theme changed: check whether the patch is still needed (its reason is declared with "
        f"it), then update or remove it in {PATCH_FILE}.")


def _check(patch: ThemePatch, text: str, where: str, already_patched_counts: bool) -> int:
    """Occurrences of the patch's text in `text`, raising when they are not as declared."""
    found = text.count(patch.pattern)
    if found == 0 and already_patched_counts and patch.replacement \
            and patch.replacement in text:
        return 0
    if (patch.count is None and found == 0) or (patch.count is not None
                                                and found != patch.count):
        raise _moved(patch, where, found)
    return found


def _apply(patches: list[ThemePatch], text: str) -> str:
    for patch in patches:
        text = text.replace(patch.pattern, patch.replacement)
    return text


def patch_page(html: str, path: str, patches: Iterable[ThemePatch] = PATCHES) -> str:
    """The page's HTML with every page patch that targets `path` (its path in the site)."""
    chosen = [p for p in patches if p.moment == "page" and p.targets(path)]
    # Every patch is checked against the page as the theme wrote it.
    for patch in chosen:
        _check(patch, html, path, already_patched_counts=False)
    return _apply(chosen, html)


def patch_built_files(site_dir: Path, patches: Iterable[ThemePatch] = PATCHES) -> int:
    """Apply every built-site patch to its files; return how many files changed."""
    chosen = [p for p in patches if p.moment == "built"]
    by_file: dict[Path, list[ThemePatch]] = {}
    for patch in chosen:
        files = sorted(site_dir.glob(patch.files))
        if not files:
            raise ThemePatchError(
                f"{site_dir}/{patch.files}: no such file in the built site, which Material "
                f"for MkDocs {material_version()} writes (patch '{patch.name}'). The theme "
                f"changed: find where it now writes that code and update {PATCH_FILE}.")
        for path in files:
            by_file.setdefault(path, []).append(patch)
    changed = 0
    for path, file_patches in sorted(by_file.items()):
        original = path.read_text(encoding="utf-8")
        # All checked against the file as read, so one patch's replacement never passes for
        # another patch's having been applied.
        pending = [p for p in file_patches
                   if _check(p, original, path.as_posix(), already_patched_counts=True)]
        text = _apply(pending, original)
        if text != original:
            path.write_text(text, encoding="utf-8")
            changed += 1
    return changed
