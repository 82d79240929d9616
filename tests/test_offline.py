"""Nothing on the built site is fetched from another host when a page is viewed."""

from __future__ import annotations

import re

import pytest

from scripts.site import offline, theme_patches

from .conftest import ROOT


def test_built_site_loads_nothing_from_other_hosts(built_site):
    remote = offline.find_remote_loads(built_site)
    assert not remote, "\n".join(map(str, remote))


def test_theme_cdn_fallbacks_were_neutralised(built_site):
    bundles = list(built_site.glob("assets/javascripts/bundle.*.js"))
    assert bundles, "Material's bundle was not found; the theme layout changed"
    text = "".join(bundle.read_text(encoding="utf-8") for bundle in bundles)
    assert theme_patches.EMPTY_SCRIPT in text
    assert not any(url in text for url in theme_patches.THEME_CDN_LOADS)


def test_settings_that_would_call_other_hosts_stay_off():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # repo_url makes Material's JavaScript query the code host's API on every page view.
    assert not re.search(r"^repo_url:", config, re.MULTILINE)
    # Material downloads Google Fonts unless the theme's font is switched off.
    assert re.search(r"^\s+font: false$", config, re.MULTILINE)


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('<script src="https://cdn.example/x.js"></script>', "https://cdn.example/x.js"),
        ('<link rel="stylesheet" href="//fonts.example/css">', "//fonts.example/css"),
        ('<img srcset="a.png 1x, https://img.example/b.png 2x">', "https://img.example/b.png"),
        ('<div style="background:url(\'https://x.example/bg.png\')"></div>',
         "https://x.example/bg.png"),
        ("<style>@import 'https://x.example/s.css';</style>", "https://x.example/s.css"),
        ('<svg><image href="https://x.example/i.png"/></svg>', "https://x.example/i.png"),
    ],
)
def test_scanner_finds_remote_loads_in_html(tmp_path, snippet, expected):
    (tmp_path / "page.html").write_text(f"<html><body>{snippet}</body></html>", "utf-8")
    assert [load.url for load in offline.find_remote_loads(tmp_path)] == [expected]


def test_scanner_ignores_links_and_local_assets(tmp_path):
    (tmp_path / "page.html").write_text(
        '<a href="https://example.org/source">source</a>'
        '<link rel="canonical" href="https://site.example/page/">'
        '<script src="assets/app.js"></script><img src="/images/a.svg">', "utf-8")
    (tmp_path / "style.css").write_text("body{background:url(img/bg.png)}", "utf-8")
    assert offline.find_remote_loads(tmp_path) == []


def test_scanner_finds_remote_urls_in_css_and_js(tmp_path):
    (tmp_path / "style.css").write_text("@font-face{src:url(https://f.example/a.woff2)}", "utf-8")
    (tmp_path / "app.js").write_text('fetch("https://api.example/track")', "utf-8")
    urls = sorted(load.url for load in offline.find_remote_loads(tmp_path))
    assert urls == ["https://api.example/track", "https://f.example/a.woff2"]


def test_scanner_reads_inline_scripts_but_not_data_blocks(tmp_path):
    (tmp_path / "page.html").write_text(
        '<script>var s = document.createElement("script");'
        's.src = "https://cdn.example/vega@5";</script>'
        '<script type="application/ld+json">{"@context": "https://schema.org"}</script>',
        "utf-8")
    assert [(load.where, load.url) for load in offline.find_remote_loads(tmp_path)] == [
        ("<script> literal", "https://cdn.example/vega@5")]


def test_addresses_under_the_sites_own_url_are_the_site_itself(tmp_path):
    (tmp_path / "page.html").write_text(
        '<img src="https://user.example/brief/en/card.png">'
        '<img src="https://user.example/other/x.png">', "utf-8")
    assert [load.url for load in offline.find_remote_loads(
        tmp_path, "https://user.example/brief/")] == ["https://user.example/other/x.png"]


def test_the_build_names_the_source_page_or_else_the_built_file(tmp_path):
    from scripts import build_steps
    from scripts.build_state import BuildState
    from scripts.paths import ProjectPaths

    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    (site / "assets").mkdir()
    page = site / "x" / "index.html"
    page.write_text('<iframe src="https://video.example/e"></iframe>'
                    '<img src="https://user.example/brief/x/card.png">', "utf-8")
    (site / "assets" / "a.css").write_text("@import 'https://f.example/f.css';", "utf-8")
    state = BuildState(ProjectPaths(tmp_path))
    state.page_sources[str(page)] = "docs/x.md (showing notebooks/n.md)"
    with pytest.raises(build_steps.BuildInputError) as caught:
        build_steps.check_offline(state, site, "https://user.example/brief/")
    first, second = str(caught.value).splitlines()
    assert first.startswith("site/assets/a.css: url() loads https://f.example/f.css from "
                            "another host when a page is viewed. Fix:")
    assert second.startswith("docs/x.md:1: (showing notebooks/n.md) the built page "
                             "site/x/index.html loads https://video.example/e (<iframe src>) "
                             "from another host when it is viewed. Fix:")


def test_a_warm_scan_cache_sees_a_file_that_changed_and_reuses_the_others(tmp_path,
                                                                          monkeypatch):
    from scripts.site.output_cache import OutputCache

    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<img src="img/local.png">', "utf-8")
    (site / "a" / "index.html").write_text("<p>Teks</p>", "utf-8")
    assert offline.find_remote_loads(site, cache=OutputCache(cache)) == []
    (site / "a" / "index.html").write_text(
        '<p>Teks</p><script src="https://cdn.example/x.js"></script>', "utf-8")
    parsed = []
    real = offline._read_html
    monkeypatch.setattr(offline, "_read_html",
                        lambda markup: parsed.append(markup) or real(markup))
    first_loads = {}
    found = offline.find_remote_loads(site, cache=OutputCache(cache), first_loads=first_loads)
    assert [(load.file, load.where, load.url) for load in found] == [
        ("a/index.html", "<script src>", "https://cdn.example/x.js")]
    assert len(parsed) == 1, "the unchanged page came from the cache"
    assert found == offline.find_remote_loads(site)
    # What the page-weight budget counts comes from the same reading, or from the cache.
    assert first_loads == {site / "index.html": ["img/local.png"],
                           site / "a" / "index.html": ["https://cdn.example/x.js"]}


def test_the_budget_counts_the_first_loads_the_offline_scan_read(tmp_path):
    from scripts.site import budgets

    (tmp_path / "app.js").write_text("x" * 5000, "utf-8")
    (tmp_path / "style.css").write_text("y" * 3000, "utf-8")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="style.css"><link rel="canonical" href="other.css">'
        '<script src="app.js"></script><img src="data:image/png;base64,AA==">', "utf-8")
    first_loads = {}
    offline.find_remote_loads(tmp_path, first_loads=first_loads)
    page = tmp_path / "index.html"
    assert first_loads[page] == list(budgets._addresses(page.read_text("utf-8")))
    assert budgets.first_load(page, tmp_path, addresses=first_loads[page]) == (
        budgets.first_load(page, tmp_path))


def test_a_page_read_in_the_drawing_helper_gives_the_check_the_same_reading(tmp_path,
                                                                           monkeypatch):
    from scripts import build_steps
    from scripts.build_state import DRAWING_HELPER, BuildState
    from scripts.paths import ProjectPaths

    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    page_html = ('<p>Teks \u00e9</p><link rel="stylesheet" href="gaya.css">'
                 '<iframe src="https://video.example/e"></iframe>')
    # What MkDocs writes for the page's HTML.
    (site / "x" / "index.html").write_bytes(page_html.encode("utf-8"))
    state = BuildState(ProjectPaths(tmp_path))
    build_steps.start_offline_scan(state, page_html)
    assert not state.offline_scans, "no helper was running: the check reads the page itself"
    state.helper(DRAWING_HELPER)
    try:
        build_steps.start_offline_scan(state, page_html)
        assert len(state.offline_scans) == 1
        parsed = []
        real = offline._read_html
        monkeypatch.setattr(offline, "_read_html",
                            lambda markup: parsed.append(markup) or real(markup))
        first_loads = {}
        with pytest.raises(build_steps.BuildInputError) as caught:
            build_steps.check_offline(state, site, "", first_loads=first_loads)
    finally:
        state.close_helpers()
    assert parsed == [], "the page was read again instead of taking the helper's reading"
    assert "<iframe src> loads https://video.example/e" in str(caught.value)
    assert first_loads == {site / "x" / "index.html": ["gaya.css"]}
    # The same as the check's own reading, with no helper.
    monkeypatch.undo()
    fresh = BuildState(ProjectPaths(tmp_path / "other"))
    with pytest.raises(build_steps.BuildInputError) as again:
        build_steps.check_offline(fresh, site, "")
    assert str(again.value) == str(caught.value)
