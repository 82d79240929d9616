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
