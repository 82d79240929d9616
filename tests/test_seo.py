"""What search engines and link previews read, on every built page in both languages.

Static checks of the built HTML and sitemap (no browser), on the session's build whose
site_url is the local server, so every absolute address can be checked against what is
actually served.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urlsplit

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES
from scripts.site.seo import og_locale


class Head(HTMLParser):
    """<html lang>, <title>, and the <meta>/<link> tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = values.get("name") or values.get("property")
            if key:
                self.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(served_site, page: str) -> Head:
    head = Head()
    head.feed((served_site.site_dir / page / "index.html").read_text(encoding="utf-8"))
    return head


def served(served_site, url: str) -> bool:
    """The local server answers 200 for this absolute address."""
    if not url.startswith(served_site.origin + "/"):
        return False
    return served_site.server.resolve(url[len(served_site.origin):]).status == HTTPStatus.OK


def test_every_page_has_its_own_description_in_its_own_language(served_site):
    problems, seen = [], {}
    for page in served_site.pages:
        head = head_of(served_site, page)
        descriptions = head.meta.get("description", [])
        if len(descriptions) != 1 or len(descriptions[0].strip()) < 30:
            problems.append(f"/{page}: description {descriptions!r}")
            continue
        # A page marked `translation: pending` is shown in its original language, with a
        # notice, on the other language's site: there one description for both is expected.
        pending = "translation-pending" in (
            served_site.site_dir / page / "index.html").read_text(encoding="utf-8")
        twins = {served_site.counterpart(page, other) for other in LANGUAGES} - {page}
        if descriptions[0] in seen and not (pending and seen[descriptions[0]] in twins):
            problems.append(f"/{page} has the description of /{seen[descriptions[0]]}: give it "
                            "its own (front matter `description:` or an opening paragraph)")
        seen[descriptions[0]] = page
        for other in LANGUAGES:
            twin = served_site.counterpart(page, other)
            twin_pending = "translation-pending" in (
                served_site.site_dir / twin / "index.html").read_text(encoding="utf-8")
            if pending or twin_pending:
                continue
            if twin != page and head_of(served_site, twin).meta.get("description") == descriptions:
                problems.append(f"/{page} and /{twin} share one description: one is untranslated")
        if not head.title.strip():
            problems.append(f"/{page}: empty <title>")
        if head.lang != served_site.language(page):
            problems.append(f"/{page}: <html lang={head.lang!r}>")
    assert not problems, "\n".join(problems)


def test_canonical_and_hreflang_links_are_absolute_and_point_at_the_counterparts(served_site):
    problems = []
    for page in served_site.pages:
        head = head_of(served_site, page)
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        address = served_site.page_url(page)
        if canonical != [address]:
            problems.append(f"/{page}: canonical {canonical}, expected {address}")
        alternates = {link.get("hreflang"): link.get("href", "") for link in head.links
                      if link.get("rel") == "alternate" and link.get("hreflang")}
        expected = {language: served_site.page_url(served_site.counterpart(page, language))
                    for language in LANGUAGES}
        expected["x-default"] = expected[DEFAULT_LANGUAGE]
        if alternates != expected:
            problems.append(f"/{page}: hreflang {alternates}, expected {expected}")
        problems += [f"/{page}: hreflang {lang} -> {url} is not served"
                     for lang, url in alternates.items() if not served(served_site, url)]
    assert not problems, "\n".join(problems)


def test_opengraph_tags_describe_the_page_in_its_language(served_site):
    required = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:locale")
    problems = []
    for page in served_site.pages:
        meta = head_of(served_site, page).meta
        missing = [key for key in required if not (meta.get(key) or [""])[0].strip()]
        if missing:
            problems.append(f"/{page}: missing {missing}")
            continue
        language = served_site.language(page)
        if meta["og:url"] != [served_site.page_url(page)]:
            problems.append(f"/{page}: og:url {meta['og:url']}")
        if meta["og:locale"] != [og_locale(language)]:
            problems.append(f"/{page}: og:locale {meta['og:locale']}")
        others = sorted(og_locale(lang) for lang in LANGUAGES if lang != language)
        if sorted(meta.get("og:locale:alternate", [])) != others:
            problems.append(f"/{page}: og:locale:alternate {meta.get('og:locale:alternate')}")
        if meta["og:description"] != meta.get("description"):
            problems.append(f"/{page}: og:description differs from the description")
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_page_of_both_languages_with_alternates(served_site):
    sitemap = (served_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.DOTALL)
    listed = {}
    for entry in entries:
        loc = re.search(r"<loc>(.*?)</loc>", entry).group(1).strip()
        listed[loc] = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry))
    # The generated figures-and-values page is for authors: outside the navigation, and so
    # outside the sitemap.
    expected = {served_site.page_url(page) for page in served_site.pages
                if not page.endswith("nilai/")}
    assert set(listed) == expected, (
        f"not listed: {sorted(expected - set(listed))}; listed but not built: "
        f"{sorted(set(listed) - expected)}"
    )
    for loc, alternates in listed.items():
        assert set(alternates) >= set(LANGUAGES), f"{loc}: alternates {alternates}"
        assert all(served(served_site, url) for url in alternates.values()), alternates
    assert urlsplit(next(iter(listed))).path.startswith(served_site.server.base)
