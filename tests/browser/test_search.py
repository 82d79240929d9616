"""Search in a real browser: Indonesian word forms, one language per site, the keyboard.

The site's search is Pagefind (scripts/site/search.py), loaded when the reader opens it.
These checks type into the search field as a reader does and judge the listed pages by
their built HTML, so they do not depend on how Pagefind stores its index.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from scripts.languages import DEFAULT_LANGUAGE

from ..browser_support import wait_for_theme

pytestmark = pytest.mark.browser

FIELD = "input.md-search__input"
RESULT_LINKS = ".brief-search__results a[href]"
# Pagefind's files: fetched on first search, never with a page's first load.
BUNDLE = "/pagefind/"


def home(language: str) -> str:
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def search(tab, served_site, start: str, term: str) -> tuple[str, list[str]]:
    """Type `term` into the search field of page `start`: (status line, result pages)."""
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_site.page_url(start), wait_until="networkidle")
    wait_for_theme(page)  # the search dialog is the theme's: it moves focus and locks scrolling
    page.click(FIELD)
    # Typed key by key, as a reader does; the dialog answers input events.
    page.locator(FIELD).press_sequentially(term, delay=10)
    page.wait_for_function(
        """() => {
          const box = document.querySelector("[data-brief-search]");
          const status = box.querySelector("[role=status]").textContent.trim();
          return status !== box.dataset.empty && status !== box.dataset.loading;
        }""", timeout=15000)
    status = page.inner_text("#brief-search-status").strip()
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return status, [served_site.page_of(href) for href in hrefs]


def article_words(served_site, page: str) -> set[str]:
    """The lower-case words of a built page's article (what search indexes)."""
    html = (served_site.site_dir / page / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", html, re.DOTALL)
    assert article, f"/{page} has no <article>"
    text = unescape(re.sub(r"<[^>]+>", " ", article.group(0))).lower()
    return set(re.findall(r"[^\W\d_]+", text))


def test_pelaporan_finds_pages_with_laporan_or_dilaporkan(tab, served_site):
    status, found = search(tab, served_site, home("id"), "pelaporan")
    assert found, f"'pelaporan' found nothing ({status})"
    assert all(p is not None and served_site.language(p) == "id" for p in found), found
    forms = {"laporan", "dilaporkan"}
    with_forms = [p for p in found if forms & article_words(served_site, p)]
    assert with_forms, f"no result contains {forms}: {found}"
    # Stemming, not the word itself: some result never uses "pelaporan".
    assert [p for p in with_forms if "pelaporan" not in article_words(served_site, p)], found


def test_kenetralan_finds_pages_with_netral(tab, served_site):
    status, found = search(tab, served_site, home("id"), "kenetralan")
    assert found, f"'kenetralan' found nothing ({status})"
    assert all(p is not None and served_site.language(p) == "id" for p in found), found
    assert any("netral" in article_words(served_site, p) for p in found), found


@pytest.mark.parametrize("language, term", [("en", "reporting"), ("en", "Bawaslu"),
                                            ("id", "Bawaslu")])
def test_each_site_finds_only_its_own_language(tab, served_site, language, term):
    """An English query works on the English site; a name both languages use ("Bawaslu")
    brings only the pages of the site searched."""
    status, found = search(tab, served_site, home(language), term)
    assert found, f"{language}: {term!r} found nothing ({status})"
    wrong = [p for p in found if p is None or served_site.language(p) != language]
    assert not wrong, f"{language}: {term!r} found pages of another language: {wrong}"


def test_search_files_load_only_when_search_opens(tab, served_site):
    tab.traffic.reset()
    tab.page.goto(served_site.page_url(home("id")), wait_until="networkidle")
    assert not [u for u in tab.traffic.requests if BUNDLE in u], tab.traffic.requests
    search(tab, served_site, home("en"), "election")
    assert [u for u in tab.traffic.requests if BUNDLE in u], "Pagefind was never loaded"
    assert not tab.traffic.foreign and not tab.traffic.failed, (tab.traffic.foreign,
                                                                tab.traffic.failed)
    assert not tab.traffic.console_errors, tab.traffic.console_errors


ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), href: el.href || null,
          field: el.matches("input.md-search__input"),
          open: document.getElementById("__search").checked};
}"""


def test_results_are_reachable_and_usable_by_keyboard(tab, served_site):
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_site.page_url(home("id")), wait_until="networkidle")
    wait_for_theme(page)
    # Keyboard only: Tab to the search field, type, then Tab and the arrow keys to results.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE)["field"]:
            break
    assert page.evaluate(ACTIVE)["field"], "Tab never reached the search field"
    assert page.evaluate(ACTIVE)["open"], "focus in the field did not open search"
    page.keyboard.type("netral", delay=10)
    page.wait_for_selector(RESULT_LINKS, timeout=15000)
    links = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    # The results' scrolling box takes focus first (keyboard scrolling, as in the theme).
    for _ in range(2):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE)["href"]:
            break
    assert page.evaluate(ACTIVE)["href"] == links[0], "Tab from the field skips the results"
    assert page.evaluate(ACTIVE)["open"], "Tab into the results closed search"
    page.keyboard.press("ArrowUp")
    assert page.evaluate(ACTIVE)["field"], "ArrowUp on the first result leaves it"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE)["href"] == links[0]
    if len(links) > 1:
        page.keyboard.press("ArrowDown")
        assert page.evaluate(ACTIVE)["href"] == links[1]
    page.keyboard.press("Escape")
    state = page.evaluate(ACTIVE)
    assert not state["open"] and state["field"], f"Escape: {state}"
    # Enter in the field opens the first result.
    page.keyboard.press("End")
    page.keyboard.type(" ")
    page.wait_for_selector(RESULT_LINKS, timeout=15000)
    first = page.eval_on_selector(RESULT_LINKS, "a => a.href")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.keyboard.press("Enter")
    assert page.url == first


def test_open_search_with_results_has_no_axe_violations(tab, served_site, node_modules):
    axe = (node_modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    problems = []
    for language, term in (("id", "pelaporan"), ("en", "reporting")):
        search(tab, served_site, home(language), term)
        tab.page.add_script_tag(content=axe)
        found = tab.page.evaluate("""async () => (await axe.run(
            document.querySelector(".md-search"), {resultTypes: ["violations"]})).violations
            .map(v => `${v.id}: ${v.help} ${v.nodes.map(n => n.target.join(" "))}`)""")
        problems += [f"{language}: {violation}" for violation in found]
    assert not problems, "\n".join(problems)
