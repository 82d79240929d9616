"""Each page's facts (last-updated date from git, authors, contact link), the generated
figures-and-values page, and a build that writes nothing into the project's own files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from scripts.site import page_info

from .conftest import source_digests

TIME = re.compile(r'<time datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>')


def test_footer_names_the_date_in_the_page_language():
    indonesian = page_info.footer_html("id", date(2026, 11, 5), ["Tim A", "B & C"],
                                       "https://example.org/issues/new/choose")
    assert '<time datetime="2026-11-05">5 November 2026</time>' in indonesian
    assert "Terakhir diperbarui" in indonesian and "Penulis: Tim A, B &amp; C" in indonesian
    assert '<a href="https://example.org/issues/new/choose">Koreksi halaman ini</a>' in indonesian
    english = page_info.footer_html("en", date(2026, 11, 5), [], None)
    assert '<time datetime="2026-11-05">November 5, 2026</time>' in english
    assert "Authors" not in english and "<a " not in english


def git(folder: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_dates_come_from_the_last_commit_touching_each_source(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "docs" / "a.md").write_text("a\n", encoding="utf-8")
    (tmp_path / "notebooks" / "n.md").write_text("n\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first", when="2026-01-02T12:00:00+00:00")
    (tmp_path / "notebooks" / "n.md").write_text("changed\n", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "second", when="2026-03-04T12:00:00+00:00")
    dates = page_info.last_changed_dates(tmp_path)
    assert dates == {"docs/a.md": date(2026, 1, 2), "notebooks/n.md": date(2026, 3, 4)}
    fallback = date(2000, 1, 1)
    assert page_info.page_date(["docs/a.md"], dates, fallback) == date(2026, 1, 2)
    assert page_info.page_date(["docs/a.md", "notebooks/n.md"], dates, fallback) == date(
        2026, 3, 4)
    assert page_info.page_date(["docs/new.md"], dates, fallback) == fallback


def test_without_git_there_are_no_dates(tmp_path):
    assert page_info.last_changed_dates(tmp_path) == {}


def test_contact_link_comes_from_the_repository_address(tmp_path):
    record = tmp_path / "CITATION.cff"
    record.write_text("repository-code: https://example.org/team/brief/\n", encoding="utf-8")
    assert page_info.issue_form_url(record) == "https://example.org/team/brief/issues/new/choose"
    record.write_text("title: x\n", encoding="utf-8")
    assert page_info.issue_form_url(record) is None


def test_every_page_shows_its_facts_once_in_its_language(built_site):
    pages = [path for path in built_site.rglob("index.html")]
    assert len(pages) > 40
    for path in pages:
        html = path.read_text(encoding="utf-8")
        english = path.relative_to(built_site).parts[0] == "en"
        times = TIME.findall(html)
        assert len(times) == 1, path
        label = "Last updated" if english else "Terakhir diperbarui"
        assert label in html and "Tim Netralitas ASN dalam Pilkada" in html, path


@pytest.mark.parametrize("language", ["id", "en"])
def test_values_page_is_published_and_linked_from_the_guide(built_site, language):
    root = built_site if language == "id" else built_site / "en"
    catalogue = (root / "nilai" / "index.html").read_text(encoding="utf-8")
    assert "<code>kasn2020_reported</code>" in catalogue
    assert "<code>enforcement_funnel</code>" in catalogue
    assert f'hreflang="{"id" if language == "en" else "en"}"' in catalogue
    guide = (root / "panduan-penulis" / "index.html").read_text(encoding="utf-8")
    assert 'href="../nilai/"' in guide


def test_a_build_writes_nothing_into_the_project(served_site):
    # The session build started from a copy of the real project, with the checkout's
    # executed notebooks and every other cache cold; its files were recorded before it ran.
    assert served_site.sources_before
    assert source_digests(served_site.site_dir.parent) == served_site.sources_before
