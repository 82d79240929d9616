"""The project's own promises: two README commands that CI and Pages run, lint-clean code,
locked dependencies, a valid Pages workflow."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from .conftest import ROOT

BUILD_COMMAND = "python3 scripts/dev.py build"
TEST_COMMAND = "python3 scripts/dev.py test"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == [BUILD_COMMAND, TEST_COMMAND]


def test_ci_and_pages_run_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert BUILD_COMMAND in ci and TEST_COMMAND in ci
    assert '"$status" -eq 5' in ci, "pytest's 'no tests collected' must fail CI"
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert f"run: {BUILD_COMMAND}" in workflow and f"run: {TEST_COMMAND}" in workflow


def test_pages_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint is missing: it comes with the test dependencies"
    result = subprocess.run([actionlint, "-color=false", str(ROOT / ".github/workflows/pages.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_grants_least_privilege():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert re.search(r"^permissions: \{\}$", workflow, re.MULTILINE)
    # Only the deploy job may write, and only to Pages.
    assert workflow.count("pages: write") == 1 and "contents: write" not in workflow


def test_code_is_ruff_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def locked_versions(lock: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", lock.read_text(), re.MULTILINE)
    return {name.lower().replace("_", "-"): version for name, version in pins}


def test_every_dependency_is_pinned_with_hashes_in_the_locks():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = [re.split(r"[<>=!~ ;\[]", spec)[0].lower() for spec in project["dependencies"]]
    test = [re.split(r"[<>=!~ ;\[]", spec)[0].lower()
            for spec in project["optional-dependencies"]["test"]]
    site_lock, test_lock = ROOT / "requirements.lock", ROOT / "requirements-test.lock"
    assert not set(runtime) - set(locked_versions(site_lock))
    assert not set(runtime + test) - set(locked_versions(test_lock))
    for lock in (site_lock, test_lock):
        assert "--hash=sha256:" in lock.read_text()
    # Both locks pin the shared packages to the same versions.
    shared = set(locked_versions(site_lock)) & set(locked_versions(test_lock))
    mismatched = {name for name in shared
                  if locked_versions(site_lock)[name] != locked_versions(test_lock)[name]}
    assert not mismatched


def test_installed_packages_match_the_lock():
    from importlib.metadata import version

    for name, pinned in locked_versions(ROOT / "requirements-test.lock").items():
        assert version(name) == pinned, f"{name}: installed {version(name)}, locked {pinned}"
