"""The built site: both languages, right `lang`, working switcher, no leaked notebook internals."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest

from scripts.content.markdown_text import split_front_matter
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, counterpart_path, language_of

from .conftest import ROOT

DOCS = ROOT / "docs"
SOURCE_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
DEFAULT_PAGES = [page for page in SOURCE_PAGES if language_of(page) == DEFAULT_LANGUAGE]


def built_path(src: str, language: str) -> str:
    """`metode/penegakan.md` -> `metode/penegakan/index.html` (with `en/` in front for English)."""
    path = PurePosixPath(counterpart_path(src, DEFAULT_LANGUAGE))
    stem = path.name.removesuffix(".md")
    folder = path.parent if stem in ("index", "README") else path.parent / stem
    page = folder / "index.html"
    prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    return prefix + page.as_posix().removeprefix("./")


class SwitcherLinks(HTMLParser):
    """Collects <html lang> and the language switcher's links (`a.md-select__link`)."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        is_switcher = "md-select__link" in (values.get("class") or "")
        if tag == "a" and is_switcher and values.get("hreflang"):
            self.links[values["hreflang"]] = values.get("href", "")


def parse(html_file: Path) -> SwitcherLinks:
    parser = SwitcherLinks()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("page", DEFAULT_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_is_built_with_right_lang(built_site, page, language):
    html_file = built_site / built_path(page, language)
    assert html_file.is_file(), f"{page} was not built for {language} at {html_file}"
    assert parse(html_file).lang == language


@pytest.mark.parametrize("page", DEFAULT_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_links_to_counterpart(built_site, page, language):
    here = built_path(page, language)
    links = parse(built_site / here).links
    assert set(links) == set(LANGUAGES), f"{here}: switcher offers {sorted(links)}"
    # Links may be relative or absolute under the site's sub-path (from site_url).
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"',
                          (built_site / "index.html").read_text(encoding="utf-8")).group(1)
    base = urlsplit(canonical).path
    for target_language, href in links.items():
        resolved = urlsplit(urljoin(f"http://site{base}{here}", href)).path
        assert resolved.startswith(base), f"{here}: {href} leaves the site"
        resolved = resolved.removeprefix(base)
        if resolved == "" or resolved.endswith("/"):
            resolved += "index.html"
        assert resolved == built_path(page, target_language), (
            f"{here}: the {target_language} link goes to {href}, not to the counterpart page"
        )


LEAKS = {
    "notebook JSON": re.compile(r'"(cell_type|nbformat|execution_count|output_type)"\s*:'),
    "Python traceback": re.compile(r"Traceback \(most recent call last\)"),
    "terminal colour codes": re.compile(r"\x1b\[|\[0;3\dm"),
    "kernel internals": re.compile(r"_brief_(audit|reads)"),
}


def test_no_notebook_internals_or_tracebacks_are_published(built_site):
    problems = [
        f"{path.relative_to(built_site)}: {name}"
        for path in built_site.rglob("*.html")
        for name, pattern in LEAKS.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not problems, problems


# Read from the front matter only: a page may show `notebook:` in an example in its text.
NOTEBOOK_PAGES = [page for page in DEFAULT_PAGES
                  if re.search(r"^notebook:", split_front_matter(
                      (DOCS / page).read_text(encoding="utf-8")).front_matter or "", re.M)]


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_notebook_pages_show_a_chart_in_each_language(built_site, page):
    """Each notebook page carries at least one figure: a static SVG chart with its alt text,
    its heading in the page's language (so the two languages' pages differ)."""
    assert NOTEBOOK_PAGES, "no notebook page found"
    titles = {}
    for language in LANGUAGES:
        html = (built_site / built_path(page, language)).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert "<svg" in article and 'class="brief-figure"' in article, (page, language)
        assert re.search(r'role="img" aria-label="[^"]{20,}"', article), (page, language)
        titles[language] = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S).group(1)
    assert len(set(titles.values())) == len(LANGUAGES), f"{page}: one title for all: {titles}"
