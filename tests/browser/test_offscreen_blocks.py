"""What is off screen at load waits to be drawn (brief.css), and nothing a reader does
notices it.

On a phone: a chart far down a page is skipped at load (`content-visibility: auto`), in a
box of the height its figure declares; scrolled to, it is drawn at that height; a link to it
shows it; printing lays out every chart. The navigation drawer, slid off the left edge, is
skipped until the reader's first action (`brief-untouched`): the first Tab reaches its links
in the same order as once the reader has acted, the first tap on the menu button opens it
drawn, and without JavaScript it is never skipped.
"""

from __future__ import annotations

import pytest

from ..browser_support import DRAWER_LINK_ON_SCREEN, THEME_STARTED, wait_for_theme

pytestmark = pytest.mark.browser

# The phone Lighthouse emulates.
PHONE = {"width": 412, "height": 823}

CHARTS_JS = """() => [...document.querySelectorAll(".brief-figure__image")].map(box => {
  const svg = box.querySelector("svg");
  return {
    id: box.closest("figure").id,
    skipped: !svg.checkVisibility({contentVisibilityAuto: true}),
    reserved: parseFloat(box.style.getPropertyValue("--brief-chart-height")),
    top: box.getBoundingClientRect().top,
    height: box.getBoundingClientRect().height,
    maxWidth: parseFloat(svg.style.maxWidth),
    column: box.clientWidth,
  };
})"""

# Two frames: the browser decides what is near the screen after a layout, then draws it.
NEXT_FRAMES = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => done())))"""

SKIPPING_STYLES = """() => [...document.querySelectorAll(".brief-figure__image")]
  .map(el => getComputedStyle(el).contentVisibility)"""


@pytest.fixture()
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  service_workers="block")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["bukti/", "en/bukti/"])
def test_a_chart_far_down_is_skipped_then_drawn_at_the_height_kept_for_it(phone, served_site,
                                                                           page_name):
    phone.goto(served_site.page_url(page_name), wait_until="load")
    phone.evaluate(NEXT_FRAMES)
    charts = phone.evaluate(CHARTS_JS)
    assert len(charts) >= 3, f"/{page_name} needs several charts for this test"
    assert all(chart["reserved"] > 50 for chart in charts), charts
    on_screen = [c for c in charts if c["top"] < PHONE["height"]]
    # The browser draws ahead of the reader: blocks within about a screen and a half below
    # the screen are drawn at load (Chromium), so "far" starts three screens down.
    far = [c for c in charts if c["top"] > 3 * PHONE["height"]]
    assert far, f"/{page_name}: no chart lies far below the first screen"
    assert not any(c["skipped"] for c in on_screen), on_screen
    assert all(c["skipped"] for c in far), "charts far down were drawn at load: " + str(far)
    last = far[-1]
    # Until drawn, the box has the chart's height; drawn, the chart has that height too,
    # scaled down when the column is narrower than the chart.
    assert last["height"] == pytest.approx(last["reserved"], abs=1)
    phone.locator(f"#{last['id']} .brief-figure__image").scroll_into_view_if_needed()
    phone.evaluate(NEXT_FRAMES)
    drawn = {c["id"]: c for c in phone.evaluate(CHARTS_JS)}[last["id"]]
    assert not drawn["skipped"]
    scale = min(1, drawn["column"] / drawn["maxWidth"])
    assert drawn["height"] == pytest.approx(last["reserved"] * scale, abs=1)


def test_a_link_to_a_chart_far_down_shows_it(phone, served_site):
    phone.goto(served_site.page_url("en/bukti/"), wait_until="load")
    last = phone.evaluate(CHARTS_JS)[-1]
    phone.goto(served_site.page_url("en/bukti/") + f"#{last['id']}", wait_until="load")
    phone.evaluate(NEXT_FRAMES)
    shown = {c["id"]: c for c in phone.evaluate(CHARTS_JS)}[last["id"]]
    assert not shown["skipped"]
    assert 0 <= shown["top"] < PHONE["height"], f"the linked chart is not on screen: {shown}"


@pytest.mark.parametrize("page_name", ["bukti/", "en/metode/penegakan/"])
def test_charts_are_skipped_on_screen_only_never_in_print(phone, served_site, page_name):
    phone.goto(served_site.page_url(page_name), wait_until="load")
    on_screen = phone.evaluate(SKIPPING_STYLES)
    assert on_screen and set(on_screen) == {"auto"}, on_screen
    phone.emulate_media(media="print")
    assert set(phone.evaluate(SKIPPING_STYLES)) == {"visible"}


DRAWER_JS = """() => {
  const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
  return {
    skipping: getComputedStyle(wrap).contentVisibility,
    linksShown: [...wrap.querySelectorAll("a.md-nav__link")].filter(a => a.checkVisibility())
      .length,
    untouched: document.documentElement.classList.contains("brief-untouched"),
  };
}"""

# Where focus lands after each Tab: the element, and whether it is in the drawer.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  return `${el.closest(".md-sidebar--primary") ? "drawer " : ""}${el.tagName.toLowerCase()} ${
    el.getAttribute("href") || el.id || el.className}`;
}"""


def tab_order(page, presses: int) -> list[str]:
    order = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        order.append(page.evaluate(FOCUSED_JS))
    return order


@pytest.mark.parametrize("page_name", ["referensi/", "en/panduan-penulis/"])
def test_the_phone_drawer_waits_for_the_first_action_and_tab_still_reaches_it(
        phone, served_site, page_name):
    phone.goto(served_site.page_url(page_name), wait_until="load")
    phone.evaluate(NEXT_FRAMES)
    assert phone.evaluate(DRAWER_JS) == {"skipping": "hidden", "linksShown": 0,
                                         "untouched": True}
    # A keyboard reader's first key is the first action: Tab then walks the page exactly as
    # it does once the reader has touched it, drawer links included.
    first = tab_order(phone, 1)
    assert phone.evaluate(DRAWER_JS)["untouched"] is False
    phone.wait_for_function(THEME_STARTED, timeout=15_000)  # started by that key
    first += tab_order(phone, 24)
    assert any(stop.startswith("drawer ") for stop in first), first
    phone.goto(served_site.page_url(page_name), wait_until="load")
    wait_for_theme(phone)  # a first action that is no key
    assert phone.evaluate(DRAWER_JS)["skipping"] == "visible"
    assert tab_order(phone, 25) == first


def test_the_first_tap_on_the_menu_button_opens_a_drawn_drawer(phone, served_site):
    phone.goto(served_site.page_url("en/referensi/"), wait_until="load")
    assert phone.evaluate(DRAWER_JS)["skipping"] == "hidden"
    phone.tap('label.md-header__button[for="__drawer"]')
    phone.wait_for_function(DRAWER_LINK_ON_SCREEN, timeout=5000)


def test_without_javascript_the_drawer_is_never_skipped(browser, served_site):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site.page_url("referensi/"), wait_until="load")
        skipping = page.locator(".md-sidebar--primary .md-sidebar__scrollwrap").evaluate(
            "wrap => getComputedStyle(wrap).contentVisibility")
        assert skipping == "visible"
    finally:
        context.close()
