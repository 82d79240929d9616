"""Which files make up the project's sources, and how to copy them for a private build.

The benchmark and the tests build private copies of the project (so the real `site/` and
cache stay untouched); both take the list from here, so a new top-level input is added once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from scripts.paths import ROOT

# What a build reads; nothing generated (site, caches, environments) belongs here.
PROJECT_PARTS = ("docs", "notebooks", "scripts", "bib", "overrides", "mkdocs.yml",
                 "requirements.lock", "CITATION.cff")


def copy_project(destination: Path, root: Path = ROOT) -> Path:
    """A private copy of the project's sources, without caches or a built site."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, destination / part,
                            ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif source.exists():
            shutil.copy2(source, destination / part)
    return destination


# The generator a project is built with; a project laid out elsewhere (the tests' small
# fixture project) gets these from this checkout, copied so hooks find their root in the copy.
GENERATOR_PARTS = ("scripts", "overrides", "requirements.lock")
# What a build keeps between runs and may safely be reused by a copy of the same sources.
CACHE = ".cache"


def copy_generator(destination: Path, root: Path = ROOT) -> Path:
    """Copy this checkout's generator (scripts, theme overrides, lock) into a project folder."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in GENERATOR_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, destination / part, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


def _generated(project: Path, keep_site: bool, keep_cache: bool):
    """copytree's ignore: build output at the project's top level only (a name pattern would
    also drop a source folder that happens to be called `site`, such as scripts/site/)."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {"__pycache__"}
        if Path(folder) == project:
            skipped |= {name for name in names if name.startswith(".site.")}
            skipped |= set() if keep_site else {"site"}
            skipped |= set() if keep_cache else {CACHE}
        return skipped & set(names)
    return ignore


def copy_sources(project: Path, destination: Path) -> Path:
    """A copy of a project folder's sources, without its caches or built site."""
    shutil.copytree(project, destination,
                    ignore=_generated(project, keep_site=False, keep_cache=False))
    return destination


def copy_warm(project: Path, destination: Path, site: bool = False) -> Path:
    """A copy of a built project with its caches (and, if asked, its built site).

    The notebook cache is keyed on file contents, not on paths, so a copy's first build takes
    every unchanged notebook from it; tests that are not about cold caches start here.
    """
    shutil.copytree(project, destination, symlinks=True,
                    ignore=_generated(project, keep_site=site, keep_cache=True))
    return destination
