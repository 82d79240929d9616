"""Every problem an author can fix, at once: `python3 scripts/dev.py check`.

    python -m scripts.tools.author_check [--root .]

A build stops at the first stage that finds a problem; an author fixing a batch of changes
wants the whole list. This check starts a strict build into a temporary folder (never the
author's `site/`) and, while it runs, runs the source checks that can each report many
problems: notebook files, front matter, translations, the bibliography, every citation key,
the data tables, the navigation and the notebooks' pages. When the build is done, the
placeholders of every page are checked against what the notebooks published. It prints each
problem once, as `file:line: what. How to fix.`, and exits 1 if there is any.

A checker is a function from the project's paths to a list of messages; to add a rule, write
one and list it in SOURCE_CHECKS (or AFTER_BUILD_CHECKS when it needs the notebooks' results).
A checker that needs something another checker reports as broken (the bibliography, say)
returns no message of its own, so each problem is named once. Called by `scripts/dev.py`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scripts.paths import ROOT, ProjectPaths

Checker = Callable[[ProjectPaths], list[str]]
# Most problems come with an indented second line (how to fix); they stay one message.
_CONTINUATION = re.compile(r"^\s")
_LOG_LEVEL = re.compile(r"^(ERROR|WARNING)\s*-\s+")
_LOCATION = re.compile(r"^([^\s:]+:\d+):")


def split_messages(text: str) -> list[str]:
    """Messages joined by line breaks, an indented line belonging to the one before it."""
    messages: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if messages and _CONTINUATION.match(line):
            messages[-1] += "\n" + line
        else:
            messages.append(line)
    return messages


def _pages(paths: ProjectPaths) -> list[Path]:
    """The docs pages a build reads."""
    from scripts.content.navigation import built_pages

    return [paths.docs / page for page in built_pages(paths.docs)]


# --- checks of the sources, run while the build runs ------------------------------------------
def notebook_files(paths: ProjectPaths) -> list[str]:
    from scripts.notebooks import execution

    return execution.saved_as_ipynb(paths.notebooks, paths.root)


def front_matter(paths: ProjectPaths) -> list[str]:
    from scripts.content import frontmatter

    try:
        frontmatter.check_pages(paths.docs)
    except frontmatter.FrontMatterError as error:
        return split_messages(str(error))
    return []


def translation_pairs(paths: ProjectPaths) -> list[str]:
    from scripts.content import frontmatter, translations

    try:
        return translations.scan(paths.docs).problems()
    except frontmatter.FrontMatterError:
        return []  # front_matter names it


def _bibliography(paths: ProjectPaths):
    from scripts.references import bibliography

    return bibliography.load(paths.bib, paths.root)


def bibliography_entries(paths: ProjectPaths) -> list[str]:
    from scripts.references import bibliography

    try:
        _bibliography(paths)
    except bibliography.BibliographyError as error:
        return split_messages(str(error))
    return []


def citation_keys(paths: ProjectPaths) -> list[str]:
    """Every unknown key of every page and notebook (the build stops at the first)."""
    from scripts.content.markdown_text import split_front_matter
    from scripts.notebooks import execution
    from scripts.references import bibliography, citations

    try:
        library = _bibliography(paths)
    except bibliography.BibliographyError:
        return []  # bibliography_entries names it
    problems = []
    for source in [*_pages(paths), *execution.discover(paths.notebooks)]:
        page = split_front_matter(source.read_text(encoding="utf-8"))
        name = source.relative_to(paths.root).as_posix()
        for citation in citations.find(page.body):
            for key in citation.keys:
                if library.resolve(key) is None:
                    at = page.body.find("@" + key, citation.start, citation.end)
                    line = citations.line_of(page.body, max(at, citation.start))
                    problems.append(citations.unknown_key_message(
                        f"{name}:{line + page.body_line - 1}", key, library))
    return problems


def data_sources(paths: ProjectPaths) -> list[str]:
    """sources.csv rows without their bib entry, and bib `sourceid`s sources.csv lacks."""
    from scripts.references import bibliography

    try:
        library = _bibliography(paths)
    except bibliography.BibliographyError:
        return []  # bibliography_entries names it
    return bibliography.source_mismatches(library, paths.sources_csv, paths.root)


def _cached_notebooks(paths: ProjectPaths) -> dict | None:
    """The notebooks' results from the cache the build has just filled; None while any
    notebook failed or is out of date (the build's message says which)."""
    from scripts.notebooks import execution
    from scripts.notebooks.cache import NotebookCache

    cache = NotebookCache(paths.root)
    executed = {path.stem: cache.load(path) for path in execution.discover(paths.notebooks)}
    return None if None in executed.values() else executed


def page_parity(paths: ProjectPaths) -> list[str]:
    """Page pairs whose languages cite different sources or place different numbers.

    Ids no notebook published are left to `placeholders`, so a typo is named once; like it,
    this reads the notebook cache the build has just filled.
    """
    from scripts.content import parity
    from scripts.figures import registry as figures_registry
    from scripts.references import bibliography

    try:
        library = _bibliography(paths)
    except bibliography.BibliographyError:
        return []
    executed = _cached_notebooks(paths)
    if executed is None:
        return []
    try:
        registry = figures_registry.collect(executed, paths.sources_csv)
    except figures_registry.PlaceholderError:
        return []  # placeholders names it
    return parity.differences(paths.docs, library, set(registry.figures),
                              set(registry.values))


def nav_translations(paths: ProjectPaths) -> list[str]:
    from scripts.content import translations

    return translations.untranslated_nav_groups(paths.root / "mkdocs.yml")


def data_tables(paths: ProjectPaths) -> list[str]:
    from scripts.data import validation

    try:
        validation.validate_once(paths.data, paths.cache / "data-validation")
    except validation.DataError as error:
        return split_messages(str(error))
    return []


def navigation(paths: ProjectPaths) -> list[str]:
    """Nav entries that name no page, and pages the nav leaves out (the build stops)."""
    from scripts.content import navigation as menu

    return menu.problems(paths.root / "mkdocs.yml", paths.docs)


def template_text(paths: ProjectPaths) -> list[str]:
    """Text a `dev.py new` template marked for the author to replace."""
    from scripts.content import template_leftovers

    return template_leftovers.leftovers(paths.root, paths.docs, paths.notebooks, paths.bib)


def _generated_files(paths: ProjectPaths) -> set[str]:
    """Files the build adds to docs/: the figures-and-values page and the PDF brief."""
    from scripts.figures import catalogue
    from scripts.tools.new import read_config

    config = read_config((paths.root / "mkdocs.yml").read_text(encoding="utf-8"))
    pdf = (((config.get("extra") or {}).get("brief") or {}).get("pdf") or {}).get("file") or {}
    return {catalogue.SOURCE, *pdf.values()}


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"}


def links(paths: ProjectPaths) -> list[str]:
    """Links and images in prose that point to a file docs/ does not have (anchors, which
    need the rendered headings, are left to the build)."""
    import os

    from scripts.content.markdown_text import mask, split_front_matter

    generated = _generated_files(paths)
    problems = []
    for page in _pages(paths):
        parts = split_front_matter(page.read_text(encoding="utf-8"))
        prose = mask(parts.body)
        for match in _LINK.finditer(prose):
            target = match.group(1).split("#", 1)[0].split("?", 1)[0]
            if not target or target.startswith("/") or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            resolved = os.path.normpath(page.parent / target)
            if os.path.exists(resolved) or Path(resolved).relative_to(
                    paths.docs.resolve()).as_posix() in generated or target.startswith(
                    "data/figures/"):
                continue
            line = prose.count("\n", 0, match.start()) + parts.body_line
            is_image = Path(target).suffix.lower() in _IMAGE_SUFFIXES
            kind, example = (("image", "../assets/map.png") if is_image
                             else ("page", "../metode/penegakan.md"))
            problems.append(
                f"docs/{page.relative_to(paths.docs).as_posix()}:{line}: the {kind} "
                f"'{match.group(1)}' does not exist. Link to a file under docs/ by its path "
                f"relative to this page (for example `{example}`), and check the spelling.")
    return problems


def notebook_pages(paths: ProjectPaths) -> list[str]:
    from scripts.content import frontmatter
    from scripts.notebooks import execution

    names = [path.stem for path in execution.discover(paths.notebooks)]
    try:
        execution.notebook_pages(frontmatter.check_pages(paths.docs), names)
    except frontmatter.FrontMatterError:
        return []  # front_matter names it
    except execution.NotebookError as error:
        return split_messages(str(error))
    return []


# --- checks that need what the build computed ------------------------------------------------
def placeholders(paths: ProjectPaths) -> list[str]:
    """Every unknown or malformed `{{ … }}` of every page, against what notebooks published.

    Reads the notebook cache the build has just filled; when a notebook failed, the build's
    message says so and this check has nothing to compare with.
    """
    from scripts.content.markdown_text import split_front_matter
    from scripts.figures import registry as figures_registry
    from scripts.languages import language_of

    executed = _cached_notebooks(paths)
    if executed is None:
        return []
    try:
        registry = figures_registry.collect(executed, paths.sources_csv)
    except figures_registry.PlaceholderError as error:
        return split_messages(str(error))
    problems = []
    for page in _pages(paths):
        relative = page.relative_to(paths.docs).as_posix()
        parts = split_front_matter(page.read_text(encoding="utf-8"))
        body_lines = parts.body.split("\n")
        where = f"docs/{relative}"
        for _ in range(len(body_lines)):
            try:
                registry.substitute("\n".join(body_lines), language_of(relative), where,
                                    parts.body_line)
                break
            except figures_registry.PlaceholderError as error:
                problems.append(str(error))
                found = _LOCATION.match(str(error))
                line = int(found.group(1).rsplit(":", 1)[1]) if found else 0
                index = line - parts.body_line
                if not 0 <= index < len(body_lines):
                    break
                body_lines[index] = _without_reported(body_lines[index], str(error))
    return problems


def _without_reported(line: str, message: str) -> str:
    """The line with the placeholder a message names taken out, so the next one is found."""
    named = re.search(r"id `([^`]*)`", message) or re.search(r"`(\{\{[^`]*\}\})`", message)
    if named:
        for found in re.finditer(r"\{\{.*?\}\}", line):
            if named.group(1) in found.group(0):
                return line[:found.start()] + line[found.end():]
    return ""


SOURCE_CHECKS: list[Checker] = [notebook_files, front_matter, translation_pairs,
                                bibliography_entries, citation_keys, data_sources, data_tables,
                                navigation, nav_translations, links, notebook_pages,
                                template_text]
AFTER_BUILD_CHECKS: list[Checker] = [placeholders, page_parity]


# --- the build, into a folder of its own -------------------------------------------------------
def start_build(root: Path, folder: Path) -> tuple[subprocess.Popen, Path]:
    """A strict build of `root` into `folder`/site, its log written to `folder`/build.log."""
    log = folder / "build.log"
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "scripts.build", "--config", str(root / "mkdocs.yml"),
             "--site-dir", str(folder / "site")],
            cwd=root, stdout=handle, stderr=subprocess.STDOUT, text=True)
    return process, log


def build_messages(log_text: str, status: int) -> list[str]:
    """The problems a failed build logged (errors, and warnings: the build is strict)."""
    if status == 0:
        return []
    messages: list[str] = []
    for line in log_text.splitlines():
        level = _LOG_LEVEL.match(line)
        if level:
            messages.append(line[level.end():])
        elif messages and _CONTINUATION.match(line) and line.strip():
            messages[-1] += "\n" + line
    summary = [line for line in log_text.splitlines() if line.startswith("Build failed")]
    if not messages:
        messages = summary or [f"the build failed (exit status {status}); see its log."]
    return messages


def merge(found: list[str], more: list[str]) -> list[str]:
    """`found` plus the messages of `more` that do not name a problem already found."""
    places = {m.split("\n")[0] for m in found}
    return found + [m for m in more if m.split("\n")[0] not in places]


def run(root: Path) -> list[str]:
    paths = ProjectPaths(root)
    with tempfile.TemporaryDirectory(prefix="brief-check-") as folder:
        process, log = start_build(root, Path(folder))
        try:
            problems: list[str] = []
            for checker in SOURCE_CHECKS:
                problems = merge(problems, checker(paths))
            status = process.wait()
        except BaseException:
            process.terminate()
            process.wait()
            raise
        problems = merge(problems, build_messages(log.read_text(encoding="utf-8"), status))
    for checker in AFTER_BUILD_CHECKS:
        problems = merge(problems, checker(paths))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 scripts/dev.py check",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this one)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        problems = run(args.root.resolve())
    except KeyboardInterrupt:
        print("Check interrupted.", file=sys.stderr)
        return 130
    took = f"{time.monotonic() - started:.0f} s"
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problem(s) found in {took}. Fix them, then run "
              "python3 scripts/dev.py check again.")
        return 1
    print(f"No problems found in {took}: the site builds (strict), both languages match, and "
          "data, citations, links and placeholders are in order.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
