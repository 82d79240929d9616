"""The menu (`nav:` in mkdocs.yml) against the pages in docs/: what it names and what it misses.

MkDocs notices both mistakes too, but its messages name neither a line nor the fix ("The
following pages exist in the docs directory, but are not included in the nav configuration").
The build and `dev.py check` report them here first, as `file:line: what. Fix: how.`

Reads the YAML's structure only (tags such as `!ENV` are not evaluated), so it needs neither
MkDocs nor the environment, and knows each entry's line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.languages import DEFAULT_LANGUAGE, language_of


def nav_entries(config_file: Path) -> list[tuple[str, int]]:
    """Each page the nav names (not external links), with its line in the file."""
    with config_file.open(encoding="utf-8") as handle:
        root = yaml.compose(handle, Loader=yaml.SafeLoader)
    found: list[tuple[str, int]] = []

    def walk(node) -> None:
        if isinstance(node, yaml.ScalarNode):
            if "://" not in node.value:
                found.append((node.value, node.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, yaml.MappingNode):
            for _, value in node.value:
                walk(value)

    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "nav":
                walk(value)
    return found


def built_pages(docs_dir: Path) -> list[str]:
    """The pages a build reads, relative to docs/ (MkDocs leaves out dot-folders; `_data/` is
    excluded by mkdocs.yml)."""
    return [page.relative_to(docs_dir).as_posix() for page in sorted(docs_dir.rglob("*.md"))
            if not any(part.startswith((".", "_")) for part in
                       page.relative_to(docs_dir).parts)]


def problems(config_file: Path, docs_dir: Path, display_name: str = "mkdocs.yml",
             docs_name: str = "docs") -> list[str]:
    """Nav entries that name no page, and pages of the default language the nav leaves out
    (their translations follow them into the menu)."""
    entries = nav_entries(config_file)
    listed = {address(entry) for entry, _ in entries}
    found = [
        f"{display_name}:{line}: the navigation lists {entry}, but {docs_name}/{entry} does not "
        "exist. Fix: correct the path, or write the page."
        for entry, line in entries if not (docs_dir / entry).is_file()]
    found += [
        f"{docs_name}/{page}:1: the page is not in the navigation. Fix: add `- {page}` under "
        "`nav:` in mkdocs.yml, in the group where readers will look for it."
        for page in built_pages(docs_dir)
        if language_of(page) == DEFAULT_LANGUAGE and address(page) not in listed]
    return found


def address(page: str) -> str:
    """The address a page is published at: `a.md` and `a/index.md` share one, and a page
    that takes a listed page's address is the duplicate-address check's to name."""
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index")
