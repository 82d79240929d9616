"""Shared fixtures: real builds, into temporary folders, in a separate process.

Builds run as `python -m scripts.build` in a subprocess, exactly as authors and CI run them,
so each build starts from a clean MkDocs and plugin state.

Most generator tests build the small project in tests/fixture_project/ (two page pairs, one
notebook, three references, one table) with the checkout's `scripts/` and `overrides/` copied
in: it goes through every stage of the pipeline in about a second once its caches are warm.
`warm_fixture` builds it once per session; `small_project` hands each test a copy with those
caches and the built site, so a test pays for its own change only. The real brief is built
once per session (`built_project`, `built_site`) for the few whole-project checks.
"""

from __future__ import annotations

import fcntl
import filecmp
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES
from scripts.tools.project_copy import (
    CACHE,
    ROOT,
    copy_generator,
    copy_project,
    copy_sources,
    copy_warm,
)
from scripts.tools.serve import SiteServer, base_path, configured_site_url

FIXTURE = Path(__file__).resolve().parent / "fixture_project"


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


def build_ok(project: Path, env: dict[str, str] | None = None) -> BuildResult:
    result = run_build(project, project / "site", env=env)
    assert result.returncode == 0, result.output[-4000:]
    return result


@dataclass
class ServedSite:
    """A built site and the server that serves it under the site_url sub-path."""

    server: SiteServer
    site_dir: Path
    pages: list[str] = field(default_factory=list)  # "", "en/", "metode/penegakan/", ...
    sources_before: dict[str, str] = field(default_factory=dict)  # the project before it

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def origin(self) -> str:
        parts = urlsplit(self.server.url)
        return f"{parts.scheme}://{parts.netloc}"

    def page_url(self, page: str) -> str:
        return self.server.url + page

    def page_of(self, url: str) -> str | None:
        """`http://127.0.0.1:p/netralitas-asn/en/x/#a` -> `en/x/` (None when off the site)."""
        path = urlsplit(url).path
        if not url.startswith(self.origin) or not path.startswith(self.server.base):
            return None
        return path[len(self.server.base):].removesuffix("index.html")

    @staticmethod
    def language(page: str) -> str:
        first = page.split("/", 1)[0]
        return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE

    @staticmethod
    def counterpart(page: str, language: str) -> str:
        """The same page in `language` (`metode/x/` <-> `en/metode/x/`)."""
        bare = page
        for other in LANGUAGES:
            if other != DEFAULT_LANGUAGE and page.startswith(f"{other}/"):
                bare = page[len(other) + 1:]
        return bare if language == DEFAULT_LANGUAGE else f"{language}/{bare}"


SKIP_FOLDERS = ("assets/", "pagefind/")


def discover_pages(site_dir: Path) -> list[str]:
    """Every built page (a folder's index.html), as a URL path relative to the site root."""
    pages = []
    for html in sorted(site_dir.rglob("index.html")):
        relative = html.relative_to(site_dir).as_posix()
        if relative.startswith(SKIP_FOLDERS):
            continue
        pages.append(relative.removesuffix("index.html"))
    return pages


# A fixed build date, so a rebuild of the same sources can be compared byte for byte.
EPOCH = {"SOURCE_DATE_EPOCH": "1764000000"}


def served_env(server: SiteServer) -> dict[str, str]:
    """The environment of the session build: its date and the server's address."""
    return {**os.environ, **EPOCH, "SITE_URL": server.url}


def source_digests(project: Path) -> dict[str, str]:
    """Each file of a project outside its site and caches: what a build must not change."""
    skipped = {"site", CACHE, "__pycache__"}
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in project.rglob("*")
        if path.is_file() and not skipped.intersection(path.relative_to(project).parts)
    }


def seed_notebook_cache(project: Path) -> None:
    """Give a copy of the real project this checkout's executed notebooks, when it has them.

    `dev.py build` (run first by CI and by authors) leaves them. Entries are keyed on the
    notebook, every file it read and the pinned packages, so a seeded build runs only what
    changed; cold execution is tested on the fixture project (`test_reliability.py`) and is
    what CI's build of a fresh clone does. The other caches stay cold, so the session build
    still renders the search index, PDF briefs, cards and pages that the cache tests compare.
    """
    if (ROOT / CACHE / "notebooks").is_dir():
        shutil.copytree(ROOT / CACHE / "notebooks", project / CACHE / "notebooks")


REAL_SITE_FIXTURES = {"served_site", "built_site", "built_project"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups from the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put every test of the real site in one group, which pytest-xdist runs on one worker
    (`--dist loadgroup`): a session fixture is built once per worker that uses it, and the
    real site is the slowest build of the run."""
    for item in items:
        if REAL_SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("real_site"))


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> Iterator[ServedSite]:
    """The real project, built once for the whole session and served as GitHub Pages would.

    The server is bound before the build, which takes its address as `site_url`, so absolute
    links, canonical and hreflang addresses match what is served. Every check of the real
    site, with or without a browser, reads this one build."""
    base = base_path(configured_site_url())
    project = copy_project(tmp_path_factory.mktemp("project"))
    seed_notebook_cache(project)
    sources_before = source_digests(project)
    site_dir = project / "site"
    server = SiteServer(site_dir, base, "127.0.0.1", 0)
    result = run_build(project, site_dir, env=served_env(server))
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"the site did not build:\n{result.output[-4000:]}")
    server.start()
    try:
        yield ServedSite(server, site_dir, discover_pages(site_dir), sources_before)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def built_project(served_site) -> Path:
    """The real project after its session build: sources, caches and site. Never changed."""
    return served_site.site_dir.parent


@pytest.fixture(scope="session")
def built_site(served_site) -> Path:
    return served_site.site_dir


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    """A private copy of the real project with the session build's caches (no site)."""
    return copy_warm(built_project, tmp_path / "project")


def fixture_copy(destination: Path) -> Path:
    """A cold copy of the fixture project with this checkout's generator."""
    return copy_generator(copy_sources(FIXTURE, destination))


@pytest.fixture(scope="session")
def warm_fixture(tmp_path_factory, worker_id) -> Path:
    """The fixture project built once: its site and caches are the starting point of copies.

    Tests copy it and never change it, so the pytest-xdist workers share one: the first to
    need it builds it under a lock, in the folder all workers' temporary folders sit in."""
    if worker_id == "master":  # not run by pytest-xdist
        project = fixture_copy(tmp_path_factory.mktemp("fixture") / "project")
        build_ok(project)
        return project
    shared = tmp_path_factory.getbasetemp().parent / "warm-fixture"
    shared.mkdir(exist_ok=True)
    project, built = shared / "project", shared / "built"
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not built.exists():
            shutil.rmtree(project, ignore_errors=True)  # left by a worker that failed
            build_ok(fixture_copy(project))
            built.touch()
    return project


@pytest.fixture
def small_project(warm_fixture, tmp_path) -> Path:
    """A private copy of the built fixture project: warm caches and the previous site."""
    return copy_warm(warm_fixture, tmp_path / "project", site=True)


@pytest.fixture
def cold_small_project(tmp_path) -> Path:
    """A private copy of the fixture project with no caches and no site."""
    return fixture_copy(tmp_path / "project")


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


def add_to_nav(project: Path, page: str) -> None:
    """List a page in the nav right after the home page (both real and fixture configs)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "  - index.md\n"
    assert anchor in text, "the nav entry the tests extend has moved"
    config.write_text(text.replace(anchor, anchor + f"  - {page}\n", 1), encoding="utf-8")


def add_notebook(project: Path, name: str, body: str) -> None:
    """Add a notebook with its two pages (listed in the nav) to a project copy."""
    (project / "notebooks" / f"{name}.md").write_text(NOTEBOOK_HEADER + body, encoding="utf-8")
    (project / "docs" / "metode").mkdir(exist_ok=True)
    for suffix in (".md", ".en.md"):
        page = project / "docs" / "metode" / f"{name}{suffix}"
        page.write_text(f"---\nnotebook: {name}\n---\n", encoding="utf-8")
    add_to_nav(project, f"metode/{name}.md")


def differing_files(left: Path, right: Path) -> list[str]:
    """Every path that is missing on one side or differs in bytes, recursively."""
    comparison = filecmp.dircmp(left, right)
    found = [*comparison.left_only, *comparison.right_only, *comparison.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    found += mismatch + errors
    for sub in comparison.common_dirs:
        found += [f"{sub}/{name}" for name in differing_files(left / sub, right / sub)]
    return found


def staging_folders(project: Path) -> list[str]:
    return [path.name for path in project.iterdir() if path.name.startswith(".site.")]


def notebook_states(result: BuildResult) -> dict[str, set[str]]:
    """{'notebooks/x.md': {'executed'} or {'from cache'}} from a build's log."""
    states: dict[str, set[str]] = {}
    for line in result.stderr.splitlines():
        if "Notebook notebooks/" in line:
            name, _, state = line.split("Notebook ", 1)[1].partition(": ")
            states.setdefault(name, set()).add(state.strip())
    return states
