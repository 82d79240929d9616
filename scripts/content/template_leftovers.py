"""Text that a `dev.py new` template left for the author to replace, found before readers see it.

The templates (scripts/tools/templates/) mark everything an author must rewrite, in any file
they write, with `(ganti)` in Indonesian text and `(replace)` in English text: example rows,
titles, the source's publisher and address, chart titles. A site made right after `new` still
builds, so an author can preview it at once; `dev.py check` and the test suite report each
mark left, so none reaches readers.

In pages, only what readers see counts: the author guide shows the marks in code, and a
template's instructions sit in an HTML comment.
"""

from __future__ import annotations

from pathlib import Path

from scripts.content import markdown_text

MARKS = ("(ganti)", "(replace)")
# Markdown whose code, comments and HTML are not read (front matter is: titles are shown).
HIDDEN_IN_PAGES = markdown_text.NOT_PROSE - {markdown_text.FRONT_MATTER}


def _lines_with_marks(text: str) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            if any(mark in line for mark in MARKS)]


def leftovers(root: Path, docs_dir: Path, notebooks_dir: Path, bib_dir: Path) -> list[str]:
    """A `file:line` message per line that still holds a template's mark."""
    found: list[tuple[Path, int, str]] = []
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        lines = text.splitlines()
        shown = markdown_text.mask(text, HIDDEN_IN_PAGES, front_matter=True, fill=" ")
        found += [(page, number, lines[number - 1].strip())
                  for number, _ in _lines_with_marks(shown)]
    data_files = [*sorted(notebooks_dir.glob("*.md")),
                  *sorted((notebooks_dir / "data").glob("*.csv")),
                  *sorted((notebooks_dir / "data").glob("*.json")),
                  *sorted(bib_dir.glob("*.bib"))]
    for path in data_files:
        found += [(path, number, line)
                  for number, line in _lines_with_marks(path.read_text(encoding="utf-8"))]
    return [
        f"{_display(path, root)}:{number}: text from a template is still here: "
        f"{_shorten(line)}. Fix: write your own text in place of each part marked "
        "(ganti) or (replace), and remove the mark."
        for path, number, line in found]


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _shorten(line: str, width: int = 90) -> str:
    return f"`{line}`" if len(line) <= width else f"`{line[:width - 1]}…`"
