"""scripts/site/seo.py on small inputs: head tags, print targets, markup."""

from __future__ import annotations

import pytest

from scripts.site import seo, theme_patches

SITE = "https://example.github.io/netralitas-asn/"


def test_head_tags_are_absolute_with_x_default():
    tags = seo.head_tags(
        site_url=SITE, page_url="en/metode/penegakan/", language="en", default_language="id",
        alternates=[{"lang": "id", "link": "metode/penegakan/"},
                    {"lang": "en", "link": "/netralitas-asn/en/metode/penegakan/"}],
        title="Funnel", description="About the funnel.", site_name="Brief",
        is_homepage=False,
    )
    assert tags.canonical == SITE + "en/metode/penegakan/"
    assert tags.alternates == [
        ("id", SITE + "metode/penegakan/"),
        ("en", "https://example.github.io/netralitas-asn/en/metode/penegakan/"),
        ("x-default", SITE + "metode/penegakan/"),
    ]
    og = dict(tags.og)
    assert og["og:url"] == tags.canonical and og["og:locale"] == "en_US"
    assert og["og:locale:alternate"] == "id_ID" and og["og:type"] == "article"
    assert og["og:title"] == "Funnel" and og["og:description"] == "About the funnel."


def test_home_page_is_a_website_titled_by_the_site():
    og = dict(seo.head_tags(site_url=SITE, page_url="", language="id", default_language="id",
                            alternates=[], title="Beranda", description="d", site_name="Situs",
                            is_homepage=True).og)
    assert og["og:type"] == "website" and og["og:title"] == "Situs"


def test_alternate_sitemap_lookup_is_switched_off_once(tmp_path):
    folder = tmp_path / "assets" / "javascripts"
    folder.mkdir(parents=True)
    bundle = folder / "bundle.abc.min.js"
    bundle.write_text('e.pipe(b(()=>M("link[rel=alternate]")),m(r=>new URL(r.href)))')
    lookup = next(p for p in theme_patches.PATCHES if "sitemap" in p.name)
    assert theme_patches.patch_built_files(tmp_path, [lookup]) == 1
    assert lookup.pattern not in bundle.read_text()
    # a second build pass changes nothing
    assert theme_patches.patch_built_files(tmp_path, [lookup]) == 0
    bundle.write_text("the theme moved its code")
    with pytest.raises(theme_patches.ThemePatchError, match="theme changed"):
        theme_patches.patch_built_files(tmp_path, [lookup])


def test_print_targets_are_full_addresses_for_the_sites_own_links():
    html = ('<p><a href="../bukti/">evidence</a> <a href="#fn:1">1</a> '
            '<a class="x" href="https://doi.org/10.55108/jap.v6i1.62">doi</a> '
            '<a href="data.csv?a=1&amp;b=2" download>csv</a></p>')
    marked = seo.mark_print_targets(html, SITE + "metode/penegakan/")
    assert f'<a href="../bukti/" data-print-href="{SITE}metode/bukti/">' in marked
    assert '<a href="#fn:1">' in marked
    assert '<a class="x" href="https://doi.org/10.55108/jap.v6i1.62">' in marked
    assert f'data-print-href="{SITE}metode/penegakan/data.csv?a=1&amp;b=2">' in marked
    assert seo.mark_print_targets(marked, SITE) == marked  # idempotent


def test_valid_markup_drops_only_the_invalid_attributes():
    html = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
            'autocomplete="off">'
            '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
            'autocomplete="off">'
            '<input type="text" name="query" autocomplete="off">'
            '<label class="md-nav__link" for="n" id="n_label" tabindex="">x</label>'
            '<label tabindex="0">y</label>'
            f'<script src="{theme_patches.THEME_SCRIPT}"></script>')
    assert theme_patches.patch_page(html, "index.html") == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">'
        '<input type="text" name="query" autocomplete="off">'
        '<label class="md-nav__link" for="n" id="n_label">x</label>'
        '<label tabindex="0">y</label>'
        f'<script src="{theme_patches.THEME_SCRIPT}" nomodule></script>'
        f'<script type="module">{theme_patches.THEME_LOADER}</script>')


def test_summary_is_the_first_real_paragraph_without_tooltips_or_figures():
    html = ('<h1>T</h1><figure><p>Figure note that is long enough to count as a paragraph.</p>'
            '</figure><p>Short.</p><div class="admonition"><p>An admonition paragraph, also '
            'long enough to count, and skipped.</p></div><p>Civil servants (<abbr title="x">'
            'ASN</abbr>) should stay neutral <span class="cite"><a href="#r">(KASN, 2021)'
            '<span role="tooltip">Komisi Aparatur Sipil Negara. (2021). Survey.</span></a>'
            '</span>, yet<sup id="fnref:1"><a href="#fn:1">1</a></sup> many\ndo not.</p>')
    expected = "Civil servants (ASN) should stay neutral (KASN, 2021), yet many do not."
    assert seo.summary(html) == expected


def test_summary_is_cut_at_a_word_with_an_ellipsis():
    text = "word " * 60
    cut = seo.summary(f"<p>{text}</p>", limit=40)
    assert cut.endswith("\u2026") and len(cut) <= 40 and not cut[:-1].endswith(" ")
    assert seo.summary("<p>too short</p>") == ""
