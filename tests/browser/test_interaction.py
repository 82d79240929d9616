"""What a reader does: switch language, move by keyboard alone, dismiss tooltips.

Searching is checked in test_search.py.
"""

from __future__ import annotations

import pytest

from scripts.languages import LANGUAGES

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


def test_the_deferred_theme_script_runs_before_the_page_is_ready(tab, served_site):
    """Material's script is deferred (scripts/site/theme_patches.py): by DOMContentLoaded it
    has run on every page, and the header still follows the reader's scrolling."""
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = []
    for here in served_site.pages:
        page.goto(served_site.page_url(here), wait_until="domcontentloaded")
        classes = page.evaluate("document.documentElement.className")
        if "no-js" in classes.split() or "js" not in classes.split():
            problems.append(f"/{here}: <html class={classes!r}> at DOMContentLoaded")
    assert not problems, "\n".join(problems)
    for here in ("referensi/", "en/referensi/"):
        page.goto(served_site.page_url(here), wait_until="load")
        page.mouse.wheel(0, 2000)
        page.wait_for_selector(".md-header__title--active", timeout=5000)


def test_keyboard_alone_reaches_switcher_search_and_every_link(tab, served_site):
    page = tab.page
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = []
    for here in served_site.pages:
        page.goto(served_site.page_url(here), wait_until="load")
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
