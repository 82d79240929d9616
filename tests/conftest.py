"""Shared fixtures: real builds of the site, into temporary folders, in a separate process.

Builds run as `python -m scripts.build` in a subprocess, exactly as authors and CI run them,
so each build starts from a clean MkDocs and plugin state.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.tools.project_copy import ROOT, copy_project  # noqa: F401 (fixtures' API)


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    site: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_build(project: Path, site: Path, env: dict[str, str] | None = None) -> BuildResult:
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--config", str(project / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=project, capture_output=True, text=True, env=env, timeout=600,
    )
    return BuildResult(completed.returncode, completed.stdout, completed.stderr, site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project, built once for the whole session (cache in a private copy)."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


NOTEBOOK_HEADER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def add_notebook(project: Path, name: str, body: str) -> None:
    """Add a notebook with its two pages (listed in the nav) to a project copy."""
    (project / "notebooks" / f"{name}.md").write_text(NOTEBOOK_HEADER + body, encoding="utf-8")
    for suffix in (".md", ".en.md"):
        page = project / "docs" / "metode" / f"{name}{suffix}"
        page.write_text(f"---\nnotebook: {name}\n---\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "      - metode/penegakan.md\n"
    assert anchor in text, "the nav entry the tests extend has moved"
    config.write_text(text.replace(anchor, anchor + f"      - metode/{name}.md\n"),
                      encoding="utf-8")


def notebook_states(result: BuildResult) -> dict[str, set[str]]:
    """{'notebooks/x.md': {'executed'} or {'from cache'}} from a build's log."""
    states: dict[str, set[str]] = {}
    for line in result.stderr.splitlines():
        if "Notebook notebooks/" in line:
            name, _, state = line.split("Notebook ", 1)[1].partition(": ")
            states.setdefault(name, set()).add(state.strip())
    return states
