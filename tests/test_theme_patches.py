"""scripts/site/theme_patches.py: each patch of Material's output is declared once, and a
patch whose text has moved stops the build naming the Material version and the text."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from scripts.site import theme_patches
from scripts.site.theme_patches import ThemePatch, ThemePatchError

MATERIAL = version("mkdocs-material")
BUNDLE = "assets/javascripts/bundle.abc.min.js"
FAKE_BUNDLE = ('x=M("link[rel=alternate]");a=_t("https://unpkg.com/resize-observer-polyfill");'
               'b=_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js");'
               'function an(){let e=new It(1);return h(document,"DOMContentLoaded",{once:!0})'
               '.subscribe(()=>e.next(document)),e}'
               "function ti(e){return e.replaceWith(ei),ei.replaceWith(Un(e)),$({ref:e})}")
BUILT = ThemePatch(name="fake built", moment="built", files="assets/javascripts/bundle.*.min.js",
                   pattern='"old()"', replacement='"new()"', count=1, reason="a test")
PAGE = ThemePatch(name="fake page", moment="page", files="*.html",
                  pattern='<div class="x" hidden="">', replacement='<div class="x">',
                  reason="a test")


def _site(tmp_path, text: str):
    bundle = tmp_path / BUNDLE
    bundle.parent.mkdir(parents=True, exist_ok=True)
    bundle.write_text(text, encoding="utf-8")
    return bundle


def test_a_built_file_patch_whose_text_moved_names_the_version_and_the_text(tmp_path):
    _site(tmp_path, 'var a="renamed()";')
    with pytest.raises(ThemePatchError) as error:
        theme_patches.patch_built_files(tmp_path, [BUILT])
    message = str(error.value)
    assert f"Material for MkDocs {MATERIAL}" in message
    assert "'\"old()\"'" in message and "found it 0 times" in message
    assert BUNDLE in message and "\n" not in message


def test_a_page_patch_whose_text_moved_names_the_version_and_the_text():
    with pytest.raises(ThemePatchError) as error:
        theme_patches.patch_page('<div class="x">moved</div>', "metode/index.html", [PAGE])
    message = str(error.value)
    assert message.startswith("metode/index.html: ")
    assert MATERIAL in message and repr(PAGE.pattern) in message and "at least once" in message


def test_a_missing_target_file_is_an_error_too(tmp_path):
    with pytest.raises(ThemePatchError, match=f"{MATERIAL}.*'fake built'"):
        theme_patches.patch_built_files(tmp_path, [BUILT])


def test_an_unexpected_number_of_matches_is_an_error(tmp_path):
    _site(tmp_path, '"old()";"old()"')
    with pytest.raises(ThemePatchError, match=r"expected to write .* once, found it 2 times"):
        theme_patches.patch_built_files(tmp_path, [BUILT])


def test_a_file_patched_by_an_earlier_language_pass_is_left_alone(tmp_path):
    bundle = _site(tmp_path, 'f("old()")')
    assert theme_patches.patch_built_files(tmp_path, [BUILT]) == 1
    assert bundle.read_text(encoding="utf-8") == 'f("new()")'
    assert theme_patches.patch_built_files(tmp_path, [BUILT]) == 0


def test_the_declared_bundle_patches_apply_together(tmp_path):
    bundle = _site(tmp_path, FAKE_BUNDLE)
    assert theme_patches.patch_built_files(tmp_path) == 1
    text = bundle.read_text(encoding="utf-8")
    assert "unpkg.com" not in text and text.count(theme_patches.EMPTY_SCRIPT) == 2
    assert '"link[rel=alternate][data-md-sitemap-lookup]"' in text
    assert 'document.readyState==="loading"?h(document,"DOMContentLoaded"' in text
    assert 'e.matches(".md-typeset__table>table")||(e.replaceWith(ei)' in text


def test_the_theme_bundle_patches_find_their_text_in_the_pinned_bundle():
    """Each bundle patch's text is where the installed Material writes it, exactly as often
    as declared: a theme update that moved it fails here before any build."""
    import material

    bundle = (Path(material.__file__).parent / "templates" / theme_patches.THEME_SCRIPT)
    text = bundle.read_text(encoding="utf-8")
    for patch in theme_patches.PATCHES:
        if patch.moment == "built" and patch.targets(theme_patches.THEME_SCRIPT):
            assert text.count(patch.pattern) == patch.count, patch.name


def test_one_moved_cdn_url_is_not_hidden_by_the_others_replacement(tmp_path):
    _site(tmp_path, FAKE_BUNDLE.replace("resize-observer-polyfill", "elsewhere"))
    with pytest.raises(ThemePatchError, match="resize-observer-polyfill"):
        theme_patches.patch_built_files(tmp_path)


def test_page_patches_change_only_the_theme_markup_they_name():
    drawer = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
    search = '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
    script = f'<script src="../{theme_patches.THEME_SCRIPT}"'
    html = (f'{drawer} autocomplete="off">{search} autocomplete="off">'
            '<input name="q" autocomplete="off"><label id="n_label" tabindex="">x</label>'
            '<p>Write tabindex="" and autocomplete="off".</p><script src="x.js"></script>'
            f'{script}></script>')
    assert theme_patches.patch_page(html, "404.html") == (
        f'{drawer}>{search}><input name="q" autocomplete="off"><label id="n_label">x</label>'
        '<p>Write tabindex="" and autocomplete="off".</p><script src="x.js"></script>'
        f'{script} nomodule></script><script type="module">{theme_patches.THEME_LOADER}'
        '</script>')
    assert theme_patches.patch_page(html, "sitemap.xml") == html  # not a page patch target
    with pytest.raises(ThemePatchError, match="search"):
        theme_patches.patch_page(html.replace(search, "<input"), "index.html")


def test_every_declared_patch_says_what_and_why():
    names = [patch.name for patch in theme_patches.PATCHES]
    assert len(names) == len(set(names))
    for patch in theme_patches.PATCHES:
        assert patch.pattern and patch.files and len(patch.reason) > 40, patch.name
        assert patch.pattern not in patch.replacement, patch.name


def test_the_loader_removes_the_class_the_page_sets_and_the_drawer_rule_waits_on():
    """The head script, the loader and the stylesheet name one class: a rename in one of
    them would leave the phone drawer skipped for good, or never."""
    from scripts.paths import ROOT

    head = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    css = (ROOT / "docs" / "assets" / "brief.css").read_text(encoding="utf-8")
    untouched = theme_patches.UNTOUCHED_CLASS
    assert f'classList.add("js-focus-visible","{untouched}")' in head
    assert f'classList.remove("{untouched}")' in theme_patches.THEME_LOADER
    assert f".{untouched} .md-sidebar--primary .md-sidebar__scrollwrap" in css
