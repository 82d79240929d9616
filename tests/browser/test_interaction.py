"""What a reader does: switch language, move by keyboard alone, dismiss tooltips.

Searching is checked in test_search.py.
"""

from __future__ import annotations

import pytest

from scripts.languages import LANGUAGES

from ..browser_support import DRAWER_LINK_ON_SCREEN, wait_for_theme

pytestmark = pytest.mark.browser

# Records every element that receives focus; read back once after the Tab presses.
TAB_RECORDER = """() => {
  window.__tabbed = [];
  document.addEventListener("focusin", event => window.__tabbed.push(event.target));
  document.activeElement && document.activeElement.blur();
  return document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]").length;
}"""

TAB_RESULT = """() => {
  const reached = new Set(window.__tabbed);
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                      && el.getBoundingClientRect().width > 0;
  const label = el => (el.textContent || el.getAttribute("aria-label") || "").trim();
  const name = el => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`
                     + ` "${label(el).slice(0, 40)}" ${el.getAttribute("href") || ""}`;
  const links = [...document.querySelectorAll("a[href]")]
    .filter(a => !a.closest(".md-select") && shown(a));
  return {
    unreached: links.filter(a => !reached.has(a)).map(name),
    links: links.length,
    switcher: [...document.querySelectorAll("a.md-select__link")]
      .filter(a => reached.has(a)).map(a => a.getAttribute("hreflang")),
    search: [...reached].some(el => el.matches("input.md-search__input")),
  };
}"""


def test_language_switcher_lands_on_the_counterpart(tab, served_site):
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = []
    for here in served_site.pages:
        language = served_site.language(here)
        for other in LANGUAGES:
            if other == language:
                continue
            page.goto(served_site.page_url(here), wait_until="domcontentloaded")
            # Reach the link the way a keyboard user does, then follow it with Enter.
            page.focus(f'a.md-select__link[hreflang="{other}"]')
            with page.expect_navigation(wait_until="domcontentloaded"):
                page.keyboard.press("Enter")
            landed = served_site.page_of(page.url)
            expected = served_site.counterpart(here, other)
            lang = page.evaluate("document.documentElement.lang")
            if landed != expected or lang != other:
                problems.append(f"/{here} -> {other}: landed on /{landed} (lang={lang}), "
                                f"expected /{expected}")
    assert not problems, "\n".join(problems)


# When Material's script was fetched, against the first paint and the load event, and how
# each table without a class sits in the theme's wrapper.
THEME_START_JS = """() => {
  const fetched = performance.getEntriesByType("resource")
    .filter(entry => /\\/assets\\/javascripts\\/bundle\\.[^/]*\\.js$/.test(entry.name));
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const navigation = performance.getEntriesByType("navigation")[0];
  const tables = [...document.querySelectorAll(".md-content table:not([class])")];
  return {
    fetched: fetched.map(entry => Math.round(entry.startTime)),
    started: window.component$ !== undefined,
    paint: paint ? Math.round(paint.startTime) : null,
    load: Math.round(navigation.loadEventEnd),
    tables: tables.length,
    unwrapped: tables.filter(table => !table.parentElement.matches(
      ".md-typeset__scrollwrap > .md-typeset__table")).length,
    twice: document.querySelectorAll(
      ".md-typeset__scrollwrap .md-typeset__scrollwrap, .md-typeset__table .md-typeset__table"
    ).length,
    wrappers: document.querySelectorAll(".md-content .md-typeset__scrollwrap").length,
  };
}"""


def test_the_theme_starts_on_the_readers_first_action_on_every_page(browser, served_site):
    """Material's script is loaded on the reader's first action (scripts/site/
    theme_patches.py): the classes it sets on <html> are there from the start
    (overrides/main.html); a page that is loaded and left alone neither fetches nor runs it;
    the first pointer move fetches it once, after the first paint, and it starts on every
    page, leaving the tables the build wrapped as they are (one wrapper each)."""
    # A tab of its own for each page: a pointer that once moved over a tab stays there, and
    # the browser reports it to the next page as a move.
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    problems, tables = [], 0
    try:
        for here in served_site.pages:
            page = context.new_page()
            try:
                page.goto(served_site.page_url(here), wait_until="domcontentloaded")
                classes = page.evaluate("document.documentElement.className").split()
                if "no-js" in classes or not {"js", "js-focus-visible"} <= set(classes):
                    problems.append(f"/{here}: <html class={classes!r}> at DOMContentLoaded")
                page.wait_for_load_state("load")
                page.wait_for_timeout(200)  # the frames after the load event
                idle = page.evaluate(THEME_START_JS)
                if idle["fetched"] or idle["started"]:
                    problems.append(f"/{here}: the theme's script came without an action")
                wait_for_theme(page)
                state = page.evaluate(THEME_START_JS)
            finally:
                page.close()
            tables += state["tables"]
            if len(state["fetched"]) != 1:
                problems.append(f"/{here}: the theme's script was fetched {state['fetched']}")
            elif state["paint"] is None or state["fetched"][0] < max(state["paint"],
                                                                    state["load"]):
                problems.append(f"/{here}: the theme's script was fetched at "
                                f"{state['fetched'][0]} ms, before the first paint "
                                f"({state['paint']} ms) or the end of loading "
                                f"({state['load']} ms)")
            if state["unwrapped"] or state["twice"] or state["wrappers"] != state["tables"]:
                problems.append(f"/{here}: tables {state}")
        assert tables, "no table without a class on any page: the table check would be empty"
        assert not problems, "\n".join(problems[:20])
        # The theme's own behaviour runs: the header shows the page title once scrolled.
        page = context.new_page()
        for here in ("referensi/", "en/referensi/"):
            page.goto(served_site.page_url(here), wait_until="load")
            wait_for_theme(page)
            page.mouse.wheel(0, 2000)
            page.wait_for_selector(".md-header__title--active", timeout=5000)
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["", "en/referensi/"])
def test_the_late_theme_runs_the_search_dialog_and_the_drawer_on_a_phone(browser, served_site,
                                                                        page_name):
    """What only the theme's script does on a phone works once it has started late: opening
    search locks the page's scrolling behind the dialog, and the navigation drawer opens
    and closes."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, service_workers="block")
    try:
        page = context.new_page()
        page.goto(served_site.page_url(page_name), wait_until="load")
        wait_for_theme(page)
        page.evaluate("window.scrollTo(0, 400)")
        page.click('label.md-header__button[for="__search"]')
        # The theme locks scrolling (and keeps the reader's place) under the open dialog.
        page.wait_for_selector("body[data-md-scrolllock]", state="attached", timeout=5000)
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("Escape")
        page.wait_for_selector("body[data-md-scrolllock]", state="detached", timeout=5000)
        assert page.evaluate("window.scrollY") == 400, "closing search lost the reader's place"
        page.click('label.md-header__button[for="__drawer"]')
        # The drawer slides in: its links end up on screen, where a tap can reach them.
        page.wait_for_function(DRAWER_LINK_ON_SCREEN, timeout=5000)
    finally:
        context.close()


def test_keyboard_alone_reaches_switcher_search_and_every_link(tab, served_site):
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = []
    for here in served_site.pages:
        page.goto(served_site.page_url(here), wait_until="load")
        wait_for_theme(page)  # the theme makes wide code blocks focusable when it starts
        focusable = page.evaluate(TAB_RECORDER)
        for _ in range(focusable + 10):
            page.keyboard.press("Tab")
        result = page.evaluate(TAB_RESULT)
        language = served_site.language(here)
        others = {other for other in LANGUAGES if other != language}
        if result["links"] < 3:
            problems.append(f"/{here}: only {result['links']} visible links found")
        if not others <= set(result["switcher"]):
            problems.append(f"/{here}: Tab never reached the language switcher")
        if not result["search"]:
            problems.append(f"/{here}: Tab never reached the search field")
        if result["unreached"]:
            problems.append(f"/{here}: Tab never reached {result['unreached'][:5]}")
    assert not problems, "\n".join(problems)


# Whether the citation tooltip or the glossary definition of the focused element is on screen.
TIP_SHOWN = """() => {
  const el = document.activeElement;
  if (el.matches("abbr.glossary")) {
    const box = getComputedStyle(el, "::after");
    return box.display !== "none" && box.content.startsWith('"');  // "none" when no box
  }
  const tip = el.parentElement.querySelector(".cite-tip");
  return tip.checkVisibility() && tip.getBoundingClientRect().height > 0;
}"""


@pytest.mark.parametrize("page_name", ["ringkasan/", "en/ringkasan/"])
def test_escape_dismisses_a_tooltip_without_moving_focus(tab, served_site, page_name):
    """WCAG 1.4.13: content shown on focus can be dismissed where the reader is."""
    assert page_name in served_site.pages, served_site.pages
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_site.page_url(page_name), wait_until="load")
    for selector in (".cite > a", "abbr.glossary"):
        targets = page.locator(f"article {selector}")
        assert targets.count() >= 2, f"/{page_name} needs two of {selector} for this test"
        page.keyboard.press("Escape")  # a stale dismissal must not hide the next tip
        targets.nth(0).focus()
        assert page.evaluate(TIP_SHOWN), f"{selector}: no tooltip on focus"
        page.keyboard.press("Escape")
        assert not page.evaluate(TIP_SHOWN), f"{selector}: Escape left the tooltip shown"
        assert page.evaluate("el => el === document.activeElement",
                             targets.nth(0).element_handle()), "Escape moved focus"
        targets.nth(1).focus()
        assert page.evaluate(TIP_SHOWN), f"{selector}: the next tooltip stayed hidden"


# For the focused glossary term: is its definition box drawn, and where, in screen pixels?
# A pseudo-element has no box of its own to ask for; its used position and width are read
# from the computed style, relative to the screen (fixed) or to the term (absolute).
TAPPED_TERM = """() => {
  const el = document.activeElement;
  if (!el.matches("abbr.glossary")) return {term: null};
  const box = getComputedStyle(el, "::after"), term = el.getBoundingClientRect();
  const left = parseFloat(box.left) + (box.position === "fixed" ? 0 : term.left);
  return {
    term: el.textContent,
    // Without a box the content is "none" (or "normal"); with one it is the quoted title.
    shown: box.display !== "none" && box.content.startsWith('"'),
    left: Math.round(left),
    right: Math.round(left + parseFloat(box.width)),
    screen: window.innerWidth,
  };
}"""


@pytest.mark.parametrize("page_name", ["ringkasan/", "en/ringkasan/"])
def test_a_tap_on_a_glossary_term_shows_its_definition_on_a_phone(browser, served_site,
                                                                  page_name):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, service_workers="block")
    try:
        page = context.new_page()
        page.goto(served_site.page_url(page_name), wait_until="load")
        terms = page.locator("article abbr.glossary")
        assert terms.count() >= 3, f"/{page_name} needs glossary terms for this test"
        problems = []
        for index in range(terms.count()):
            terms.nth(index).scroll_into_view_if_needed()
            terms.nth(index).tap()
            state = page.evaluate(TAPPED_TERM)
            on_screen = state["term"] is not None and 0 <= state["left"] <= state["right"] <= \
                state["screen"]  # a position that cannot be read (NaN) fails too
            if not state["shown"] or not on_screen:
                problems.append(f"term {index}: {state}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
