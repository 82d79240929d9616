"""Session fixtures for the browser checks: one build, one server, one browser, one tab.

The real project's session build (`served_site` in tests/conftest.py, shared with the
checks that need no browser) is served the way GitHub Pages serves it
(`scripts/tools/serve.py`: sub-path, gzip, 404.html). Pages are discovered from the built
file tree, so every check covers every page in both languages, including pages added later.
Debian's Chromium is driven by Playwright; `playwright install` is never needed. npm tools
(axe-core, vnu-jar) come from package-lock.json through `scripts/tools/npm.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scripts.tools.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.npm import ensure_node_modules

from ..browser_support import wait_for_theme
from ..conftest import ROOT, ServedSite

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def node_modules() -> Path:
    return ensure_node_modules(ROOT)


# Package scope, not session: Playwright's sync API runs an event loop while it is open, and
# tests elsewhere that start their own Playwright must find it closed.
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """What the tab asked for since the last `reset()`."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def reset(self) -> None:
        for values in (self.requests, self.foreign, self.failed, self.console_errors):
            values.clear()


@dataclass
class Tab:
    page: object  # playwright.sync_api.Page
    traffic: Traffic


@pytest.fixture(scope="package")
def tab(browser, served_site) -> Iterator[Tab]:
    """One browser tab for the whole session, its traffic recorded and kept on the site.

    Every request goes through a route handler: requests to any other host are recorded
    and aborted (so nothing leaves the machine), the rest go to the local server. Routing
    also bypasses the HTTP cache, so each page's first load is measured in full.
    """
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    page = context.new_page()
    traffic = Traffic()
    origin = served_site.origin

    def route(route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")):
            route.continue_()
        elif not url.startswith(origin + "/"):
            traffic.foreign.append(url)
            route.abort()
        else:
            traffic.requests.append(url)
            route.continue_()

    def on_response(response) -> None:
        if response.status >= 400:
            traffic.failed.append(f"{response.status} {response.url}")

    def on_failed(request) -> None:
        if request.url.startswith(origin + "/"):
            traffic.failed.append(f"failed ({request.failure}) {request.url}")

    def on_console(message) -> None:
        if message.type == "error":
            traffic.console_errors.append(message.text)

    page.route("**/*", route)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda error: traffic.console_errors.append(f"uncaught: {error}"))
    try:
        yield Tab(page, traffic)
    finally:
        context.close()


# One evaluation per state keeps the visit of each page to a few round trips.
FIGURES_JS = """() => [...document.querySelectorAll("figure.brief-figure")].map((figure, i) => {
  const svg = figure.querySelector("svg");
  const box = svg ? svg.getBoundingClientRect() : null;
  return {
    figure: figure.id || `figure ${i + 1}`,
    svg: Boolean(svg),
    visible: Boolean(svg) && svg.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
             && box.width > 50 && box.height > 50,
    size: box ? `${Math.round(box.width)}x${Math.round(box.height)}` : "none",
  };
})"""

OVERFLOW_JS = """() => {
  // Material sets `overflow-x: hidden` on <html>, which stops sideways scrolling but cuts
  // off whatever is too wide; so also look for visible elements poking out to the right
  // that no scrolling or clipping box of their own contains.
  const root = document.documentElement;
  window.scrollTo(10000, window.scrollY);
  const scrolled = window.scrollX;
  window.scrollTo(0, window.scrollY);
  const limit = root.clientWidth;
  const contained = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [...document.body.querySelectorAll("*")]
    .filter(el => el.getBoundingClientRect().right > limit + 1)
    .filter(el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}))
    .filter(el => !contained(el))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${
      Math.round(el.getBoundingClientRect().right)}`);
  return {scrollWidth: root.scrollWidth, clientWidth: limit, scrolled, culprits};
}"""

PRINT_JS = """() => {
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const chrome = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                  ".md-footer", ".md-search", ".md-top", ".md-skip"];
  const navigation = chrome.flatMap(sel => [...document.querySelectorAll(sel)])
    .filter(shown).map(el => el.className);
  const charts = [...document.querySelectorAll("figure.brief-figure svg")].map(svg => {
    const box = svg.getBoundingClientRect();
    return shown(svg) && box.width > 50 && box.height > 50;
  });
  const links = [...document.querySelectorAll(".md-content a[href]")]
    .filter(a => shown(a) && !a.getAttribute("href").startsWith("#"))
    .map(a => ({href: a.getAttribute("href"), target: a.href, cite: !!a.closest(".cite"),
                after: getComputedStyle(a, "::after").content}));
  const note = document.querySelector(".cite-print-note");
  return {navigation, charts, links, note: note && shown(note) ? note.textContent : null};
}"""


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
}"""


@dataclass
class Visit:
    """What one page showed and asked for on its first load."""

    page: str
    requests: list[str]
    foreign: list[str]
    failed: list[str]
    console_errors: list[str]
    figures: list[dict]
    axe: list[dict]
    overflow: dict
    printed: dict


def visit(tab: Tab, served_site: ServedSite, page: str, axe_source: str) -> Visit:
    browser_page = tab.page
    tab.traffic.reset()
    browser_page.set_viewport_size(DESKTOP)
    browser_page.emulate_media(media="screen")
    browser_page.goto(served_site.page_url(page), wait_until="networkidle")
    figures = browser_page.evaluate(FIGURES_JS)
    browser_page.add_script_tag(content=axe_source)
    # At desktop width, the page as loaded; at phone width below, as the theme's script
    # leaves it once the reader's first action has started it.
    axe = [{**found, "width": DESKTOP["width"]} for found in browser_page.evaluate(AXE_RUN)]
    wait_for_theme(browser_page)
    first_load = list(tab.traffic.requests)  # what the page weight counts, the theme's too
    # The print-only note about the reference list must not show on screen.
    assert browser_page.evaluate(
        "!document.querySelector('.cite-print-note')?.checkVisibility()"), page
    browser_page.emulate_media(media="print")
    printed = browser_page.evaluate(PRINT_JS)
    browser_page.emulate_media(media="screen")
    browser_page.set_viewport_size({"width": 360, "height": 740})
    # Let media queries apply and the drawer's slide-out transitions finish, so the checks
    # see the phone layout a reader sees rather than a frame of an animation.
    browser_page.wait_for_timeout(50)
    browser_page.wait_for_function(
        "document.getAnimations().every(animation => animation.playState !== 'running')"
    )
    overflow = browser_page.evaluate(OVERFLOW_JS)
    # Phones get the drawer navigation and a collapsed header: audit that layout too.
    axe += [{**found, "width": 360} for found in browser_page.evaluate(AXE_RUN)]
    browser_page.set_viewport_size(DESKTOP)
    traffic = tab.traffic  # errors and requests from every state of the visit count
    return Visit(page, first_load, list(traffic.foreign), list(traffic.failed),
                 list(traffic.console_errors), figures, axe, overflow, printed)


@pytest.fixture(scope="package")
def visits(tab, served_site, node_modules) -> dict[str, Visit]:
    """Every page visited once; the checks below read what each visit recorded."""
    axe_source = (node_modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    return {page: visit(tab, served_site, page, axe_source) for page in served_site.pages}
