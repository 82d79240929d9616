"""Text a template marked `(ganti)` or `(replace)` is reported until the author rewrites it."""

from __future__ import annotations

from pathlib import Path

from scripts.content.template_leftovers import leftovers
from scripts.paths import ROOT, ProjectPaths


def project(tmp_path: Path, page: str) -> Path:
    for folder in ("docs", "notebooks/data", "bib"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs" / "x.md").write_text(page, encoding="utf-8")
    return tmp_path


def found(root: Path) -> list[str]:
    return leftovers(root, root / "docs", root / "notebooks", root / "bib")


def test_marks_in_what_readers_see_are_reported_with_their_line(tmp_path):
    root = project(tmp_path, "---\ntitle: Judul (ganti)\n---\n\n# Page\n\nText (replace).\n")
    messages = found(root)
    assert [message.split(": ", 1)[0] for message in messages] == ["docs/x.md:2", "docs/x.md:7"]
    assert "Fix: write your own text" in messages[0]


def test_marks_in_code_and_comments_are_not_reported(tmp_path):
    page = ("A guide: templates mark text `(ganti)`.\n\n```text\n(replace)\n```\n\n"
            "<!-- Tulis di sini (ganti) -->\n")
    assert found(project(tmp_path, page)) == []


def test_marks_in_data_notebooks_and_the_bibliography_are_reported(tmp_path):
    root = project(tmp_path, "# Page\n")
    (root / "notebooks" / "data" / "t.csv").write_text("a,b\nContoh (ganti),1\n")
    (root / "notebooks" / "n.md").write_text('TITLE = {"en": "Chart (replace)"}\n')
    (root / "bib" / "r.bib").write_text("@online{k,\n  url = {https://example.org/(ganti)},\n}\n")
    assert sorted(message.split(": ", 1)[0] for message in found(root)) == [
        "bib/r.bib:2", "notebooks/data/t.csv:2", "notebooks/n.md:1"]


def test_the_published_project_holds_no_template_text():
    paths = ProjectPaths(ROOT)
    assert leftovers(ROOT, paths.docs, paths.notebooks, paths.bib) == []
