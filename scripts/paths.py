"""Where the project's parts live, relative to one project root.

Every module that needs a project path takes it from here, so a folder moves in one place.
`ProjectPaths(root)` describes any copy of the project (the tests and the benchmark build
private copies); `PROJECT` is the checkout this code was loaded from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ProjectPaths:
    """The folders and files of one copy of the project."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def content_data(self) -> Path:
        """Data the content checks read (glossary, the paper's fingerprint); never published."""
        return self.docs / "_data"

    @property
    def glossary(self) -> Path:
        return self.content_data / "glossary.yml"

    @property
    def paper_fingerprint(self) -> Path:
        return self.content_data / "paper_fingerprint.txt"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def data(self) -> Path:
        return self.notebooks / "data"

    @property
    def sources_csv(self) -> Path:
        return self.data / "sources.csv"

    @property
    def bib(self) -> Path:
        return self.root / "bib"

    @property
    def citation_record(self) -> Path:
        return self.root / "CITATION.cff"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"

    @property
    def site_lock(self) -> Path:
        return self.root / "requirements.lock"


PROJECT = ProjectPaths(ROOT)
