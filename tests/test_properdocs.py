"""The site builds, strict, with ProperDocs (the maintained continuation of MkDocs 1.x) and
gives the same pages as with MkDocs, so switching generators stays a one-line change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_build

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def test_the_brief_builds_strict_on_properdocs_with_the_same_pages_as_on_mkdocs(project,
                                                                             built_site):
    """The project's own build command, switched by one environment variable.

    `project` starts from the session build's caches: the pages are rendered again by the
    other generator, while the PDFs, cards and notebooks come from cache."""
    pytest.importorskip("properdocs")
    env = {**os.environ, **EPOCH, "NO_MKDOCS_2_WARNING": "1", "BRIEF_GENERATOR": "properdocs"}
    switched = run_build(project, project / "site-switched", env=env)
    assert switched.returncode == 0, switched.output
    assert "WARNING" not in switched.output and "Traceback" not in switched.output
    # The session's build of the real project, made with MkDocs, gives the pages to match.
    assert pages(switched.site) == pages(built_site)
    generator = '<meta name="generator" content="mkdocs-ProperDocs'
    assert generator in (switched.site / "index.html").read_text(encoding="utf-8")


def test_properdocs_own_command_builds_the_configuration_strict(small_project):
    """`properdocs build --strict` reads the same kind of mkdocs.yml (theme, plugins, hooks)
    without the project's wrapper: the fixture project's, which lists the same plugins and
    hooks as the brief's, so the check costs a small build."""
    pytest.importorskip("properdocs")
    env = {**os.environ, **EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("BRIEF_GENERATOR", None)
    completed = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict",
         "--site-dir", str(small_project / "site-properdocs")],
        cwd=small_project, env=env, capture_output=True, text=True, timeout=600,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "WARNING" not in output and "Traceback" not in output, output
    assert pages(small_project / "site-properdocs") == pages(small_project / "site")


def test_an_unknown_generator_is_one_line_and_keeps_the_site(small_project):
    project = small_project
    site = project / "site"
    shutil.rmtree(site)
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    result = run_build(project, site, env={**os.environ, "BRIEF_GENERATOR": "hugo"})
    assert result.returncode == 1
    assert "BRIEF_GENERATOR=hugo: unknown generator. Use mkdocs" in result.stderr
    assert "Traceback" not in result.output
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
