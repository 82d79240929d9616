"""The sidebars of long pages while a reader scrolls: no title is drawn over a link.

The theme pins each sidebar's title (the site name above the navigation, the contents'
title) to the top of its scrolling box; links scrolled beneath it then showed through its
fading edge. The check scrolls the page and each sidebar, and compares the boxes of the
title and of every link the sidebar shows. A title that stays pinned must at least be
opaque, or links would show through it.
"""

from __future__ import annotations

import pytest

from ..browser_support import wait_for_theme

pytestmark = pytest.mark.browser

# 1280 px has both sidebars; 1024 px only the contents (the navigation is a drawer there).
# Heights short enough that the navigation and the longer contents lists scroll.
WIDTHS = [{"width": 1280, "height": 800}, {"width": 1024, "height": 640}]

# The long pages: both reference pages, every methods page, the author guide (longest
# contents list), each in both languages.
LONG_PAGES = ("referensi/", "metode/", "panduan-penulis/")

# For each sidebar on screen, scrolled to each of a few positions: the title's box, the boxes
# of the links showing inside the sidebar's scrolling box, and how the title is drawn.
SIDEBARS_JS = """async () => {
  const frame = () => new Promise(done => requestAnimationFrame(() => done()));
  const box = el => el.getBoundingClientRect();
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                      && box(el).width > 0 && box(el).height > 0;
  const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
                          * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const found = [];
  for (const wrap of document.querySelectorAll(".md-sidebar__scrollwrap")) {
    const view = box(wrap);
    // The phone drawer is in the page but slid off the left edge.
    if (!shown(wrap) || view.right <= 0 || view.left >= innerWidth) continue;
    const title = wrap.querySelector(":scope > .md-sidebar__inner > nav > .md-nav__title");
    const side = wrap.closest(".md-sidebar").classList.contains("md-sidebar--primary")
      ? "navigation" : "contents";
    const range = wrap.scrollHeight - wrap.clientHeight;
    for (const top of [wrap.scrollTop, 0, range / 3, range / 2, range]) {
      wrap.scrollTop = top;
      await frame();
      const style = title && shown(title) ? getComputedStyle(title) : null;
      const at = title ? box(title) : null;
      const links = [...wrap.querySelectorAll(".md-nav__link")]
        .filter(a => shown(a) && overlap(box(a), view) > 0);
      found.push({
        side, scrolls: range > 1, scrollTop: Math.round(wrap.scrollTop),
        title: style ? title.textContent.trim() : null,
        position: style && style.position,
        background: style && style.backgroundColor,
        covered: style ? links.filter(a => overlap(box(a), at) > 1)
          .map(a => `"${a.textContent.trim().slice(0, 40)}" at y=${Math.round(box(a).top)}`
                    + ` under the title at y=${Math.round(at.top)}-${Math.round(at.bottom)}`)
          : [],
      });
    }
  }
  return found;
}"""


def opaque(colour: str) -> bool:
    """`rgb(…)` is opaque; `rgba(…, a)` only with a = 1; `transparent` never."""
    if colour.startswith("rgb("):
        return True
    return colour.startswith("rgba(") and float(colour.rstrip(")").split(",")[-1]) == 1


@pytest.mark.parametrize("viewport", WIDTHS, ids=lambda viewport: f"{viewport['width']}px")
def test_sidebar_titles_never_cover_links_while_scrolling(tab, served_site, viewport):
    pages = [page for page in served_site.pages
             if served_site.counterpart(page, "id").startswith(LONG_PAGES)]
    assert {"referensi/", "en/referensi/"} <= set(pages), pages
    page = tab.page
    page.set_viewport_size(viewport)
    problems, scrolled = [], 0
    try:
        for name in pages:
            page.goto(served_site.page_url(name), wait_until="load")
            wait_for_theme(page)  # the theme sizes the sidebars to the screen
            # Down the page first: the sidebars shrink when the footer comes into view.
            for fraction in (0.5, 1):
                page.evaluate(f"window.scrollTo(0, document.body.scrollHeight * {fraction})")
                for state in page.evaluate(SIDEBARS_JS):
                    scrolled += state["scrolls"]
                    where = f"/{name} {state['side']} scrolled to {state['scrollTop']}"
                    problems += [f"{where}: {covered}" for covered in state["covered"]]
                    if state["position"] in ("sticky", "fixed") and not opaque(
                            state["background"]):
                        problems.append(f"{where}: the pinned title \"{state['title']}\" "
                                        f"has a see-through background {state['background']}")
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    # Without a sidebar that scrolls, no link could ever pass under a title.
    assert scrolled, f"no sidebar scrolled at {viewport}: the check would be empty"
    assert not problems, "\n".join(problems[:20])
