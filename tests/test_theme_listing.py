"""The theme mirror: MkDocs lists the theme without walking its icons, and reads the same files."""

from __future__ import annotations

from pathlib import Path

import jinja2

from scripts.mkdocs_adapter.theme_listing import list_theme_without_icons


def make_theme(folder: Path) -> Path:
    (folder / "partials").mkdir(parents=True)
    (folder / "assets" / "css").mkdir(parents=True)
    (folder / ".icons" / "material").mkdir(parents=True)
    (folder / "base.html").write_text('{% include "partials/logo.html" %}')
    (folder / "partials" / "logo.html").write_text('{% include ".icons/material/home.svg" %}')
    (folder / "assets" / "css" / "main.css").write_text("body{}")
    (folder / ".icons" / "material" / "home.svg").write_text("<svg>home</svg>")
    return folder


def test_the_listing_skips_the_icons_and_templates_still_include_them(tmp_path):
    theme = make_theme(tmp_path / "theme")
    dirs = [str(tmp_path / "overrides"), str(theme)]
    list_theme_without_icons(dirs, tmp_path / ".cache")
    assert dirs[0] == str(tmp_path / "overrides")  # a folder without icons is kept
    mirror = Path(dirs[1])
    assert mirror.is_relative_to(tmp_path / ".cache")
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(dirs))
    assert environment.list_templates() == [
        "assets/css/main.css", "base.html", "partials/logo.html"]
    assert environment.get_template("base.html").render() == "<svg>home</svg>"
    assert (mirror / "assets" / "css" / "main.css").read_text() == "body{}"


def test_the_mirror_is_reused_and_follows_a_changed_theme(tmp_path):
    theme = make_theme(tmp_path / "theme")
    first, again = [str(theme)], [str(theme)]
    list_theme_without_icons(first, tmp_path / ".cache")
    list_theme_without_icons(again, tmp_path / ".cache")
    assert first == again
    (theme / "partials" / "footer.html").write_text("footer")  # a theme upgrade adds a file
    upgraded = [str(theme)]
    list_theme_without_icons(upgraded, tmp_path / ".cache")
    assert upgraded != first
    assert (Path(upgraded[0]) / "partials" / "footer.html").read_text() == "footer"
    # Edited content needs no new mirror: each file is a link to the theme's own.
    (theme / "base.html").write_text("edited")
    assert (Path(upgraded[0]) / "base.html").read_text() == "edited"


def test_a_mirror_is_not_mirrored_again(tmp_path):
    theme = make_theme(tmp_path / "theme")
    dirs = [str(theme)]
    list_theme_without_icons(dirs, tmp_path / ".cache")
    mirrored = list(dirs)
    list_theme_without_icons(dirs, tmp_path / ".cache")  # the next language pass
    assert dirs == mirrored
