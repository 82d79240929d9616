"""Translation completeness: the report, the build failure, and the reader's notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.content import translations

from .conftest import ROOT, copy_project, run_build


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_report_sorts_pages_into_unmarked_pending_and_english_only(tmp_path):
    write(tmp_path / "a.md", "# A\n")
    write(tmp_path / "a.en.md", "# A\n")
    write(tmp_path / "sub/b.md", "# B\n")
    write(tmp_path / "c.md", "---\ntranslation: pending\n---\n# C\n")
    write(tmp_path / "d.en.md", "# D\n")
    write(tmp_path / "f.md", "---\ntranslation: pending\n---\n# F\n")
    write(tmp_path / "f.en.md", "# F (draft)\n")
    report = translations.scan(tmp_path)
    assert report.marked_with_counterpart == ["f.md"]
    assert report.unmarked == [("sub/b.md", "sub/b.en.md")]
    assert report.pending == [("c.md", "c.en.md")]
    assert report.english_only == ["d.en.md"]
    problems = "\n".join(report.problems())
    assert "docs/sub/b.md: no English counterpart (docs/sub/b.en.md)" in problems
    assert "translation: pending" in problems
    assert "docs/d.en.md: an English page needs its Indonesian page (docs/d.md)" in problems


def test_report_command_prints_both_lists_and_fails_on_unmarked_pages(tmp_path, capsys):
    write(tmp_path / "c.md", "---\ntranslation: pending\n---\n# C\n")
    assert translations.main(["--docs", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "docs/c.md -> docs/c.en.md to write" in printed
    write(tmp_path / "e.md", "# E\n")
    assert translations.main(["--docs", str(tmp_path)]) == 1
    assert "docs/e.md: no English counterpart" in capsys.readouterr().out


def test_every_page_of_the_project_has_its_counterpart_or_a_mark():
    assert translations.scan(ROOT / "docs").problems() == []


def add_page(project: Path, name: str, text: str) -> None:
    write(project / "docs" / f"{name}.md", text)
    config = project / "mkdocs.yml"
    content = config.read_text(encoding="utf-8")
    anchor = "  - index.md\n"
    assert anchor in content, "the nav entry the tests extend has moved"
    config.write_text(content.replace(anchor, anchor + f"  - {name}.md\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def pending_site(tmp_path_factory):
    """The project plus one Indonesian-only page marked `translation: pending`."""
    project = copy_project(tmp_path_factory.mktemp("pending") / "project")
    add_page(project, "uji-tertunda",
             "---\ntranslation: pending\n---\n\n# Uji tertunda\n\nTeks ini tentang ASN.\n")
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.output
    return result.site


def test_a_page_without_counterpart_or_mark_fails_the_build_naming_the_file(tmp_path):
    project = copy_project(tmp_path / "project")
    add_page(project, "uji-sendiri", "# Uji sendiri\n\nTeks.\n")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "docs/uji-sendiri.md: no English counterpart (docs/uji-sendiri.en.md)" in result.output
    assert "translation: pending" in result.output
    assert "Traceback" not in result.output


def test_a_pending_page_is_shown_in_english_with_a_notice(pending_site):
    english = (pending_site / "en/uji-tertunda/index.html").read_text(encoding="utf-8")
    title, _ = translations.NOTICE["en"]
    assert title in english
    # The Indonesian text is marked as Indonesian inside the English page.
    assert '<div lang="id">' in english and "Teks ini tentang" in english
    # Definitions are in the reader's language.
    assert "Indonesia&#x27;s government employees" in english


def test_the_page_in_its_own_language_has_no_notice(pending_site):
    indonesian = (pending_site / "uji-tertunda/index.html").read_text(encoding="utf-8")
    assert "translation-pending" not in indonesian
    assert translations.NOTICE["id"][0] not in indonesian
