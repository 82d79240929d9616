"""What search engines and link previews need from each language, and what search leaves out.

Three jobs, all plain functions on data so they are tested without MkDocs:
- `head_tags()`: for one page, the absolute `hreflang` alternates (each language plus
  `x-default`, the default language's page), the canonical address, and the OpenGraph
  fields (title, description, address, type, site name, locale and its alternates). The
  template `overrides/main.html` prints them.
- `summary()`: a page (other than the home page, which keeps the site's description)
  without a `description` in its front matter is described by the
  opening of its first paragraph (text only: no citation tooltips, no figure notes), so
  each page has its own description in its own language rather than the site's one line.
- `mark_print_targets()`: a printed page shows where each link goes; for the site's own
  (relative) links the print stylesheet needs the full address, so it is put beside the
  link as `data-print-href`.

`exclude_from_search()` marks what the site's search (`scripts/site/search.py`) leaves out.

Material's own output (its JavaScript bundle, markup outside template blocks) is patched in
`scripts/site/theme_patches.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from scripts.site.html_edit import HtmlEdit, Token, tokenize

# OpenGraph wants language_TERRITORY; these are the site's languages' usual territories.
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
# Search engines show about this many characters of a description.
DESCRIPTION_CHARS = 160
MIN_SUMMARY_CHARS = 50


@dataclass(frozen=True)
class HeadTags:
    canonical: str
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, url)
    og: list[tuple[str, str]] = field(default_factory=list)  # (property, content)


def absolute(site_url: str, link: str) -> str:
    """A site link (`/netralitas-asn/en/`, `en/`, or absolute) as a full address."""
    if urlsplit(link).scheme:
        return link
    if link.startswith("/"):
        parts = urlsplit(site_url)
        return f"{parts.scheme}://{parts.netloc}{link}"
    return urljoin(site_url, link)


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language)


def head_tags(*, site_url: str, page_url: str, language: str, default_language: str,
              alternates: Iterable[dict], title: str, description: str, site_name: str,
              is_homepage: bool) -> HeadTags:
    """Canonical, hreflang and OpenGraph tags for one page.

    `alternates` is the i18n plugin's per-page `extra.alternate` list (`link`, `lang`);
    `page_url` is the page's URL relative to the site root (`en/metode/penegakan/`).
    """
    canonical = absolute(site_url, page_url)
    links = [(alt["lang"], absolute(site_url, alt["link"])) for alt in alternates
             if alt.get("lang") and alt.get("link")]
    default = [url for lang, url in links if lang == default_language]
    if default:
        links.append(("x-default", default[0]))
    others = [og_locale(lang) for lang, _ in links if lang not in (language, "x-default")]
    og = [
        ("og:type", "website" if is_homepage else "article"),
        ("og:site_name", site_name),
        ("og:title", title if not is_homepage else site_name),
        ("og:description", description),
        ("og:url", canonical),
        ("og:locale", og_locale(language)),
        *(("og:locale:alternate", locale) for locale in others),
    ]
    return HeadTags(canonical=canonical, alternates=links, og=og)


def image_tags(image_url: str, alt: str, width: int, height: int) -> list[tuple[str, str]]:
    """OpenGraph tags for a page's share card (absolute address, size, alternative text)."""
    return [("og:image", image_url), ("og:image:type", "image/png"),
            ("og:image:width", str(width)), ("og:image:height", str(height)),
            ("og:image:alt", alt)]


def mark_print_targets(html: str, page_address: str) -> str:
    """Add `data-print-href="<full address>"` to every link to another page of the site."""
    page = HtmlEdit(html)
    plan_print_targets(page, page_address)
    return page.result()


def plan_print_targets(page: HtmlEdit, page_address: str) -> None:
    """`mark_print_targets`, planned on a page that other passes also edit."""
    for token in page.tokens:
        if token.kind != "start" or token.name != "a" or token.has_attr("data-print-href"):
            continue
        href = token.attr("href")
        if not href or href.startswith(("#", "//")) or urlsplit(href).scheme:
            continue
        target = urljoin(page_address, href).replace("&", "&amp;").replace('"', "&quot;")
        raw = page.raw(token)
        closing = "/>" if raw.endswith("/>") else ">"
        page.replace(token, f'{raw.removesuffix(closing)} data-print-href="{target}"{closing}')


class _Paragraphs:
    """Text of the page's own paragraphs, leaving out tooltips, footnote marks and figures.

    Reads the page's tokens as `html.parser` reports them: a self-closing tag (`<br/>`) is a
    start tag followed by its end tag."""

    SKIP_INSIDE: ClassVar[set[str]] = {
        "figure", "details", "aside", "nav", "table", "sup", "script", "style",
    }

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._text: list[str] | None = None

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        hidden = (tag in self.SKIP_INSIDE or values.get("role") == "tooltip"
                  or "admonition" in (values.get("class") or "").split())
        if tag == "p" and not self._skipping() and self._text is None:
            self._text = []
        if tag not in ("br", "img", "hr", "input", "wbr"):
            self._stack.append((tag, hidden))

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if tag == "p" and self._text is not None and not self._skipping():
            self.paragraphs.append(" ".join("".join(self._text).split()))
            self._text = None

    def handle_data(self, data):
        if self._text is not None and not self._skipping():
            self._text.append(data)


    def read(self, tokens: Iterable[Token]) -> None:
        for token in tokens:
            if token.kind == "start":
                self.handle_starttag(token.name, token.attrs)
                if token.self_closing:
                    self.handle_endtag(token.name)
            elif token.kind == "end":
                self.handle_endtag(token.name)
            elif token.kind == "text":
                self.handle_data(token.text)


@functools.lru_cache(maxsize=256)  # a live-preview save re-renders every page unchanged
def summary(content_html: str, limit: int = DESCRIPTION_CHARS) -> str:
    """The opening of the first real paragraph, cut at a word and at most `limit` characters."""
    return summary_of(tokenize(content_html), limit)


def summary_of(tokens: Iterable[Token], limit: int = DESCRIPTION_CHARS) -> str:
    """`summary` of a page already read into tokens."""
    parser = _Paragraphs()
    parser.read(tokens)
    text = next((p for p in parser.paragraphs if len(p) >= MIN_SUMMARY_CHARS), "")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:(")
    return cut + "\u2026"


# Parts of a page that are not prose: a chart's drawn text (axis labels, values), its data
# table, its download links and citation, the notebook code behind it, and what notebook
# cells printed. Search results made
# of runs of axis labels or printed tables help nobody, and a large printed output would
# swell the search index readers download. `data-search-exclude` is the site's own mark,
# not tied to one search tool: scripts/site/search.py hands it to Pagefind as a selector
# to leave out.
NOT_FOR_SEARCH = frozenset({"brief-figure__image", "brief-figure__data", "code-cell",
                            "brief-output", "brief-figure__download", "brief-figure__reuse"})


def exclude_from_search(html_text: str) -> str:
    """The page with `data-search-exclude` on every element of a NOT_FOR_SEARCH class."""
    if not any(name in html_text for name in NOT_FOR_SEARCH):
        return html_text
    page = HtmlEdit(html_text)
    plan_search_exclusions(page)
    return page.result()


def plan_search_exclusions(page: HtmlEdit) -> None:
    """`exclude_from_search`, planned on a page that other passes also edit."""
    if not any(name in page.source for name in NOT_FOR_SEARCH):
        return
    for token in page.tokens:
        if (token.kind == "start" and NOT_FOR_SEARCH.intersection(token.classes())
                and not token.has_attr("data-search-exclude")):
            markup = page.raw(token)
            closing = 2 if markup.endswith("/>") else 1
            page.replace(token, markup[:-closing] + " data-search-exclude" + markup[-closing:])
