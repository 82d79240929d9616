"""The catalogue of author mistakes (issue 7): each stops the build cleanly.

For every mistake: exit status not 0, one message naming the file and the line (or row, key)
and what to fix, no Python traceback, and the previously built site left byte-for-byte whole.
Each case starts from a copy of one warm project (site built, notebook cache filled), so the
builds are quick and fail for the planted reason only. The CSV mistakes of the catalogue
(missing column, wrong type, negative count, percentage over 100, unknown source_id, mixed
units, growing funnel) are in tests/test_data_validation.py, which builds each one for real
and also checks that no notebook ran on the bad data.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import add_notebook, copy_project, run_build
from .test_reliability import differing_files


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name}: the fixture's anchor {old!r} has moved"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN_CELL = """
+++ {"tags": ["lang-id"]}

# Rusak

+++ {"tags": ["lang-en"]}

# Broken

```{code-cell} ipython3
{}["missing key"]
```
"""

CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "malformed bib entry": (
        lambda p: append(p / "bib" / "references.bib", "\n@article{broken2020entry,\n"
                         "  title = {Unclosed brace,\n  year = {2020}\n"),
        r"bib/references\.bib:\d+: malformed entry 'broken2020entry'"),
    "duplicate bib key": (
        lambda p: append(p / "bib" / "references.bib", "\n@misc{birch2007electoral,\n"
                         "  author = {Someone, A.},\n  title = {Again},\n  year = {2007},\n}\n"),
        r"bib/references\.bib:\d+: duplicate key 'birch2007electoral'"),
    "unknown citation key": (
        lambda p: append(p / "docs" / "masalah.md", "\nLihat [@birch2007electorl].\n"),
        r"docs/masalah\.md:\d+: unknown citation key 'birch2007electorl'.*birch2007electoral"),
    "notebook cell raises": (
        lambda p: add_notebook(p, "broken", BROKEN_CELL),
        r"notebooks/broken\.md:\d+: code cell 1 raised KeyError"),
    "page without counterpart or mark": (
        lambda p: (p / "docs" / "catatan.md").write_text("# Catatan\n\nTeks.\n", "utf-8"),
        r"docs/catatan\.md.*(counterpart|catatan\.en\.md).*translation: pending"),
    "broken internal link": (
        lambda p: append(p / "docs" / "ringkasan.md", "\nBaca [ini](tidak-ada.md).\n"),
        r"docs/ringkasan\.md:\d+: the page 'tidak-ada\.md' does not exist"),
    "broken anchor": (
        lambda p: append(p / "docs" / "ringkasan.md", "\nBaca [ini](hukum.md#tidak-ada).\n"),
        r"docs/ringkasan\.md:\d+: the link 'hukum\.md#tidak-ada' points to a heading"),
    "broken front matter": (
        lambda p: replace_once(p / "docs" / "metode" / "penegakan.md", "notebook:",
                               "title: [oops\nnotebook:"),
        r"docs/metode/penegakan\.md:\d+: the front matter .* is not valid YAML"),
    "missing image": (
        lambda p: append(p / "docs" / "ringkasan.en.md", "\n![Map](peta.png)\n"),
        r"docs/ringkasan\.en\.md:\d+: the image 'peta\.png' does not exist"),
    "unknown figure placeholder": (
        lambda p: append(p / "docs" / "bukti.md", "\n{{ figure: enforcement_funel }}\n"),
        r"docs/bukti\.md:\d+: unknown figure id `enforcement_funel`.*enforcement_funnel"),
    "unknown value placeholder": (
        lambda p: append(p / "docs" / "bukti.en.md", "\nIt was {{ value: kasn2020_reportd }}.\n"),
        r"docs/bukti\.en\.md:\d+: unknown value id `kasn2020_reportd`.*kasn2020_reported"),
}


@pytest.fixture(scope="module")
def warm_project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("warm") / "project")
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.output
    return project


@pytest.mark.parametrize("case", sorted(CASES))
def test_author_mistake_stops_the_build_cleanly(warm_project, tmp_path, case):
    project = tmp_path / "project"
    shutil.copytree(warm_project, project, symlinks=True)
    mistake, expected = CASES[case]
    mistake(project)
    result = run_build(project, project / "site")
    assert result.returncode != 0, f"{case}: the build succeeded"
    assert re.search(expected, result.stderr, re.DOTALL), f"{case}:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.output, result.output
    assert differing_files(warm_project / "site", project / "site") == [], (
        f"{case}: the previous site changed")
    assert not list(project.glob(".site.building-*")), "staging folder left behind"
