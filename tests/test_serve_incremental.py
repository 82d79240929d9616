"""The live preview's incremental rebuilds (scripts/mkdocs_adapter/incremental.py): a save that
can change only its own pages renders them alone, and the site is then byte for byte what a
full preview build of the same sources makes; every other save makes a full build."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from scripts.mkdocs_adapter import serve

SERVE_URL = "http://127.0.0.1:8123/proyek-uji/"


def preview(project: Path, full: bool = False) -> serve.Preview:
    """A preview as `dev.py serve` makes it (both languages; quick unless `full`), built once."""
    made = serve.Preview(project / "mkdocs.yml", None, full, None)
    made.serve_url = SERVE_URL
    assert made.build() is None
    return made


def differing(one: Path, other: Path, inside: str = "") -> list[str]:
    """Files that differ, byte for byte, between two site folders, or exist in one only."""
    compared = filecmp.dircmp(one, other)
    _, mismatch, errors = filecmp.cmpfiles(one, other, compared.common_files, shallow=False)
    found = [f"only in one: {inside}{name}" for name in compared.left_only + compared.right_only]
    found += [f"differs: {inside}{name}" for name in mismatch + errors]
    for name in compared.common_dirs:
        found += differing(one / name, other / name, f"{inside}{name}/")
    return found


def like_the_site(project: Path) -> None:
    """The fixture with the site's plugins: without MkDocs' own search (the site searches
    with Pagefind), which gathers from every page and so makes every save a full build."""
    edit(project / "mkdocs.yml", "  - search\n", "")
    edit(project / "mkdocs.yml", "reconfigure_search: true", "reconfigure_search: false")


@pytest.fixture
def running(small_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    monkeypatch.chdir(small_project)
    like_the_site(small_project)
    made = preview(small_project)
    yield made
    shutil.rmtree(made.site_dir, ignore_errors=True)


def full_build_matches(project: Path, incremental: serve.Preview) -> None:
    fresh = preview(project, incremental.full)
    try:
        assert differing(Path(incremental.site_dir), Path(fresh.site_dir)) == []
    finally:
        shutil.rmtree(fresh.site_dir, ignore_errors=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name}: {old!r} has moved"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_body_edit_renders_the_page_alone_and_equals_a_full_build(running, small_project):
    session = running.session
    page = small_project / "docs" / "referensi.md"
    edit(page, "\n", "\n\nKalimat baru dari penulis, dengan **tebal**.\n")
    assert running.rebuild({str(page)}) is None
    assert running.session is session  # no full build was made
    built = Path(running.site_dir) / "referensi" / "index.html"
    assert "Kalimat baru dari penulis" in built.read_text(encoding="utf-8")
    full_build_matches(small_project, running)


def test_a_page_shown_in_both_languages_is_rendered_in_both(running, small_project):
    """A notebook page: its notebook's text in both languages, the page's own text in the
    page's language; the English twin is a separate source and stays as it was."""
    session = running.session
    page = small_project / "docs" / "index.md"
    edit(page, "Lihat juga", "Kalimat kedua. Lihat juga")
    english_before = (Path(running.site_dir) / "en" / "index.html").read_bytes()
    assert running.rebuild({str(page)}) is None
    assert running.session is session
    assert "Kalimat kedua." in (Path(running.site_dir) / "index.html").read_text("utf-8")
    assert (Path(running.site_dir) / "en" / "index.html").read_bytes() == english_before
    full_build_matches(small_project, running)


def test_with_full_the_search_index_pdfs_and_cards_are_made_again(small_project,
                                                                    monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    monkeypatch.chdir(small_project)
    like_the_site(small_project)
    made = preview(small_project, full=True)
    try:
        session = made.session
        page = small_project / "docs" / "referensi.en.md"
        edit(page, "\n", "\n\nA sentence the search index must find.\n")
        assert made.rebuild({str(page)}) is None
        assert made.session is session
        full_build_matches(small_project, made)
    finally:
        shutil.rmtree(made.site_dir, ignore_errors=True)


@pytest.mark.parametrize(("what", "path", "replacements"), [
    ("a new first heading (the page's title in every page's navigation)",
     "docs/referensi.md", [("# Referensi\n", "# Referensi Baru\n")]),
    ("front matter", "docs/index.md", [("notebook: kasus\n", "notebook: kasus\ndescription: x\n")]),
    ("the navigation", "mkdocs.yml", [("  - Tentang:\n", "  - Tentang kami:\n"),
                                      ("Tentang: About", "Tentang kami: About")]),
])
def test_a_save_that_changes_other_pages_makes_a_full_build(running, small_project, what,
                                                            path, replacements):
    session = running.session
    for old, new in replacements:
        edit(small_project / path, old, new)
    assert running.rebuild({str(small_project / path)}) is None
    assert running.session is not session, what
    full_build_matches(small_project, running)


def test_another_plugin_that_gathers_from_every_page_means_full_builds(small_project,
                                                                        monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    monkeypatch.chdir(small_project)
    made = preview(small_project)  # the fixture as it is, with MkDocs' search plugin
    try:
        session = made.session
        page = small_project / "docs" / "referensi.md"
        edit(page, "\n", "\n\nKalimat baru.\n")
        assert made.rebuild({str(page)}) is None
        assert made.session is not session
    finally:
        shutil.rmtree(made.site_dir, ignore_errors=True)


def test_a_broken_save_fails_strictly_and_the_next_good_save_recovers(running, small_project):
    session = running.session
    page = small_project / "docs" / "referensi.md"
    original = page.read_text(encoding="utf-8")
    line = original.count("\n") + 1
    page.write_text(original + "Baca [ini](tidak-ada.md).\n", encoding="utf-8")
    failure = running.rebuild({str(page)})
    assert failure is not None and running.session is session
    assert any(f"docs/referensi.md:{line}: the page 'tidak-ada.md' does not exist" in message
               for message in failure), failure
    # The fix comes with a save of another page: both are rendered again.
    other = small_project / "docs" / "referensi.en.md"
    edit(other, "\n", "\n\nA new sentence.\n")
    page.write_text(original, encoding="utf-8")
    assert running.rebuild({str(other)}) is None
    assert running.session is session
    full_build_matches(small_project, running)


def test_a_csv_edit_renders_the_pages_showing_its_notebook_and_equals_a_full_build(
        running, small_project):
    session = running.session
    site = Path(running.site_dir)
    untouched = {name: (site / name).read_bytes() for name in ("404.html",)}
    table = small_project / "notebooks" / "data" / "cases.csv"
    edit(table, "reported,1250,", "reported,1300,")
    assert running.rebuild({str(table)}) is None
    assert running.session is session
    for page in ("index.html", "referensi/index.html", "nilai/index.html",
                 "en/index.html", "en/referensi/index.html", "en/nilai/index.html"):
        assert "1.300" in (site / page).read_text("utf-8") or "1,300" in (
            site / page).read_text("utf-8"), page
    assert {name: (site / name).read_bytes() for name in untouched} == untouched
    full_build_matches(small_project, running)


def test_a_notebook_that_fails_after_a_csv_edit_shows_why_and_the_fix_recovers(
        running, small_project):
    session = running.session
    table = small_project / "notebooks" / "data" / "cases.csv"
    original = table.read_text(encoding="utf-8")
    table.write_text(original.replace("reported,1250", "dilaporkan,1250"), encoding="utf-8")
    failure = running.rebuild({str(table)})
    assert failure is not None and any("notebooks/kasus.md" in each for each in failure), \
        failure
    table.write_text(original, encoding="utf-8")
    assert running.rebuild({str(table)}) is None
    assert running.session is session
    full_build_matches(small_project, running)
