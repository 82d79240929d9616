"""Every built page in both languages, in a real browser: errors, hosts, charts, a11y, weight.

Also: no sideways scrolling at 360 px, and what a printed page keeps and hides.
Each page is visited once (`visits` fixture); the tests below judge what was recorded, and
each names every failing page, not just the first.
"""

from __future__ import annotations

import re

import pytest

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES

pytestmark = pytest.mark.browser

# First load of one page (HTML, CSS, JS, images, fonts) as sent gzip-compressed.
PAGE_BUDGET_BYTES = 100_000
NARROW = 360


def test_pages_in_both_languages_were_found(served_site):
    languages = {served_site.language(page) for page in served_site.pages}
    assert languages == set(LANGUAGES), f"pages found: {served_site.pages}"
    missing = [page for page in served_site.pages for language in LANGUAGES
               if served_site.counterpart(page, language) not in served_site.pages]
    assert not missing, f"pages without a counterpart in the other language: {missing}"


def test_no_console_errors(visits):
    problems = {page: v.console_errors for page, v in visits.items() if v.console_errors}
    assert not problems, problems


def test_no_failed_requests(visits):
    """Includes the sitemap.xml 404s Material made next to every hreflang link, which the
    i18n plugin's per-page alternates caused."""
    problems = {page: v.failed for page, v in visits.items() if v.failed}
    assert not problems, problems


def test_no_request_goes_to_another_host(visits):
    problems = {page: v.foreign for page, v in visits.items() if v.foreign}
    assert not problems, problems


def test_every_page_loaded_its_theme(visits, served_site):
    """Guards the checks above: a page that loaded nothing would pass them all."""
    for page, v in visits.items():
        loaded = {served_site.page_of(url) for url in v.requests}
        assert any(p and p.endswith(".css") for p in loaded), f"{page}: no stylesheet loaded"
        assert any(p and p.endswith(".js") for p in loaded), f"{page}: no script loaded"


def test_every_chart_is_visible(visits):
    charts = [(page, figure) for page, v in visits.items() for figure in v.figures]
    assert charts, "no page has a chart (figure.brief-figure): the check would be empty"
    hidden = [f"{page}: {f['figure']} (svg: {f['svg']}, size {f['size']})"
              for page, f in charts if not f["visible"]]
    assert not hidden, hidden


def test_axe_finds_no_violations_at_desktop_and_phone_width(visits):
    problems = {page: v.axe for page, v in visits.items() if v.axe}
    assert not problems, "\n".join(
        f"{page} at {violation['width']} px: {violation['id']} ({violation['impact']}): "
        f"{violation['help']}\n    "
        + "\n    ".join(violation["nodes"])
        for page, violations in problems.items() for violation in violations
    )


def test_nothing_scrolls_sideways_at_360px(visits):
    problems = {
        page: v.overflow for page, v in visits.items()
        if v.overflow["scrollWidth"] > v.overflow["clientWidth"] or v.overflow["scrolled"]
        or v.overflow["culprits"]
    }
    assert not problems, problems
    assert all(v.overflow["clientWidth"] <= NARROW for v in visits.values())


def test_page_weight_budget(visits, served_site, capsys):
    """Search's files (Pagefind's script, WebAssembly and index) come when the reader opens
    search, not with a page's first load."""
    weights = {}
    for page, v in visits.items():
        urls = {url.split("#")[0] for url in v.requests}
        assert not [url for url in urls if "/pagefind/" in url], (
            f"/{page} loaded search's files before anyone searched")
        weights[page] = sum(served_site.server.transfer_size(url[len(served_site.origin):])
                            for url in urls)
    heaviest = sorted(weights.items(), key=lambda item: -item[1])
    with capsys.disabled():
        print("\nHeaviest first loads (gzip):")
        for page, weight in heaviest[:5]:
            print(f"  {weight / 1000:6.1f} KB  /{page}")
        bundle = served_site.site_dir / "pagefind"
        for name in ("pagefind.js", "wasm.id.pagefind", "wasm.en.pagefind"):
            address = f"{served_site.server.base}pagefind/{name}"
            if (bundle / name).is_file():
                print(f"  {served_site.server.transfer_size(address) / 1000:6.1f} KB  "
                      f"{address} (on first search)")
    over = [f"/{page}: {weight / 1000:.1f} KB" for page, weight in heaviest
            if weight > PAGE_BUDGET_BYTES]
    assert not over, f"over the {PAGE_BUDGET_BYTES / 1000:.0f} KB budget: {over}"
    assert min(weights.values()) > 10_000, "implausibly light pages: is the weight counted?"


def test_print_hides_navigation_keeps_charts_and_shows_link_targets(visits,
                                                                    served_site):
    problems = []
    for page, v in visits.items():
        printed = v.printed
        if printed["navigation"]:
            problems.append(f"{page}: navigation printed: {printed['navigation']}")
        if not all(printed["charts"]):
            problems.append(f"{page}: a chart is missing from print")
        citations = [link for link in printed["links"] if link["cite"]]
        if any(link["after"] != "none" for link in citations):
            problems.append(f"{page}: a citation prints its URL; author and year suffice")
        language = served_site.language(page)
        references = served_site.url + (
            "referensi/" if language == DEFAULT_LANGUAGE else f"{language}/referensi/")
        if citations and not (printed["note"] or "").rstrip(".").endswith(" " + references):
            problems.append(f"{page}: no printed note with the reference list's address "
                            f"(got {printed['note']!r})")
        for link in printed["links"]:
            if link["cite"]:
                continue
            if re.search(r"(^|/)figures/[a-z0-9_]+\.(png|svg)$", link["href"]):
                # A chart's PNG and SVG files print without their address (the chart itself
                # is on the paper); the figure's data link below it still prints its address.
                if link["after"] != "none":
                    problems.append(f"{page}: the chart file {link['href']} prints its address")
                continue
            # External links print as written; the site's own as full addresses, since a
            # relative path means nothing on paper.
            absolute = link["href"].startswith(("http:", "https:", "mailto:"))
            if (link["href"] if absolute else link["target"]) not in link["after"]:
                problems.append(f"{page}: link to {link['href']} prints without its target "
                                f"(::after is {link['after']})")
    assert not problems, "\n".join(problems)
    assert any(v.printed["links"] for v in visits.values()), "no content link to check"
    assert any(link["cite"] for v in visits.values() for link in v.printed["links"]), \
        "no citation to check"
