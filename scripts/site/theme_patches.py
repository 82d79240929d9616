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
# Loads the theme's script, which the page's own tag no longer runs (patch "theme script
# started on first use"), when the reader first moves the pointer, touches, scrolls, presses
# a key or moves focus. What the theme does answers such actions (scrolling, the search
# dialog, keyboard focus on wide code blocks); what it does unasked, fitting the desktop
# sidebars to the screen, waits for the first pointer move. A page that is only loaded,
# and not yet touched, pays nothing for the script. Events in the capture phase, so a
# handler that stops one does not keep the theme from starting. The same action removes
# UNTOUCHED_CLASS from <html> (set there by overrides/main.html), under which the phone
# drawer's navigation is skipped (docs/assets/brief.css): a keyboard reader's first key
# removes it before Tab can get past the skip link and the header to the drawer, and the
# first tap on the menu button opens a drawer that is drawn.
THEME_START_EVENTS = ("pointerdown", "pointermove", "touchstart", "wheel", "scroll", "keydown",
                      "focusin")
UNTOUCHED_CLASS = "brief-untouched"
THEME_LOADER = (
    'const events=["' + '","'.join(THEME_START_EVENTS) + '"];'
    "const start=()=>{"
    "for(const name of events)removeEventListener(name,start,true);"
    f'document.documentElement.classList.remove("{UNTOUCHED_CLASS}");'
    "const script=document.createElement(\"script\");"
    f"script.src=document.querySelector('script[nomodule][src$=\"{THEME_SCRIPT}\"]').src;"
    "document.body.append(script)};"
    "for(const name of events)addEventListener(name,start,{capture:true,passive:true})"
)
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
    ThemePatch(
        name="theme starts after DOMContentLoaded",
        moment="built",
        files="assets/javascripts/bundle.*.min.js",
        pattern='h(document,"DOMContentLoaded",{once:!0}).subscribe(()=>e.next(document)),e}',
        replacement='(document.readyState==="loading"?h(document,"DOMContentLoaded",{once:!0})'
                    '.subscribe(()=>e.next(document)):e.next(document)),e}',
        count=1,
        reason="The theme starts every component when DOMContentLoaded fires. Its script now "
               "arrives on the reader's first action (patch \"theme script started on first "
               "use\"), when that event has long passed and would never come: the theme "
               "then starts at once on the document as it is.",
    ),
    ThemePatch(
        name="tables wrapped at build time left alone",
        moment="built",
        files="assets/javascripts/bundle.*.min.js",
        pattern="function ti(e){return e.replaceWith(ei),ei.replaceWith(Un(e)),$({ref:e})}",
        replacement='function ti(e){return e.matches(".md-typeset__table>table")||'
                    "(e.replaceWith(ei),ei.replaceWith(Un(e))),$({ref:e})}",
        count=1,
        reason="The theme wraps every table without a class in two boxes of its own when it "
               "starts. The build already writes those boxes (scripts/content/tables.py), so "
               "the page is laid out finally before the script arrives and nothing shifts "
               "then; a table already inside them is left as it is, not boxed twice.",
    ),
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
        name="theme script started on first use",
        moment="page",
        files="*.html",
        pattern=f'{THEME_SCRIPT}"></script>',
        replacement=f'{THEME_SCRIPT}" nomodule></script><script type="module">{THEME_LOADER}'
                    '</script>',
        count=1,
        reason="Material's script (about 35 KB gzip) is parsed and run while the page loads, "
               "in one task of a few hundred milliseconds on a slow phone, which Lighthouse "
               "(mobile) counts as blocking time, run before or after the first paint alike. "
               "Nothing a reader sees before doing anything needs it: the page is laid out "
               "finally without it (tables are wrapped at build time, overrides/main.html "
               "sets the classes it would set on <html>), and search, the drawer and the "
               "language menu work without it. Marked nomodule, the tag is skipped by every "
               "browser that runs modules; the inline module loads the same file on the "
               "reader's first pointer move, touch, scroll, key or focus, and the theme then "
               "starts on the page as it is; it also lets the phone drawer's navigation be "
               "drawn (UNTOUCHED_CLASS). Browsers without modules run the tag as before.",
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
