"""A stopped build (Ctrl-C, which a terminal sends to the whole process group, or SIGTERM)
exits 130 with one line and no traceback, leaves the previous site whole and no staging
folder, and leaves a cache the next build can use: during notebook execution, at several
points of rendering, and during the final swap.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts import build

SLOW_CELL = """
```{code-cell} ipython3
import time
time.sleep(60)
```
"""


def digest(folder: Path) -> str:
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            total.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return total.hexdigest()


def start_build(project: Path) -> subprocess.Popen:
    # A session of its own, like a shell job: the signal goes to the whole group.
    return subprocess.Popen([sys.executable, "-m", "scripts.build"], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def stop_after(process: subprocess.Popen, seconds: float) -> tuple[int, str, float]:
    time.sleep(seconds)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    stopped = time.monotonic()
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr, time.monotonic() - stopped


@pytest.fixture
def stoppable_project(small_project) -> Path:
    """A private copy of the built fixture project: warm cache, site in place."""
    return small_project


def helpers_running(project: Path) -> list[int]:
    """The helper processes (scripts/site/helper_process.py) of builds of `project`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
            folder = (entry / "cwd").resolve()
            state = (entry / "stat").read_text().split(") ", 1)[1][0]
        except (OSError, ValueError, IndexError):
            continue
        if b"scripts.site.helper_process" in command and folder == project.resolve() and (
                state != "Z"):
            found.append(int(entry.name))
    return found


def assert_stopped_cleanly(project: Path, status: int, stderr: str, site_before: str) -> None:
    assert "Traceback" not in stderr, stderr[-3000:]
    if Path("/proc/self/cwd").exists():
        assert not helpers_running(project), "a helper process outlived its build"
    assert not list(project.glob(".site.*")), "a staging folder was left behind"
    if status == 130:
        assert stderr.strip().splitlines()[-1].startswith("Build interrupted."), stderr[-500:]
        assert digest(project / "site") == site_before, "the previous site was changed"
    else:  # the stop came after the build had finished: a whole new site
        assert status == 0, stderr[-3000:]


def test_ctrl_c_during_notebook_execution_stops_the_kernels_at_once(stoppable_project):
    notebook = stoppable_project / "notebooks" / "kasus.md"
    original = notebook.read_text(encoding="utf-8")
    notebook.write_text(original + SLOW_CELL, encoding="utf-8")
    site_before = digest(stoppable_project / "site")
    try:
        status, stderr, took = stop_after(start_build(stoppable_project), 4)
    finally:
        notebook.write_text(original, encoding="utf-8")
    assert status == 130
    assert took < 20, f"the build took {took:.0f} s to stop: a kernel kept it waiting"
    assert_stopped_cleanly(stoppable_project, status, stderr, site_before)
    # The cache is usable: the next build takes the other notebooks from it.
    completed = subprocess.run([sys.executable, "-m", "scripts.build"], cwd=stoppable_project,
                               capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Notebook notebooks/kasus.md: from cache" in completed.stderr


@pytest.mark.parametrize("seconds", [0.8, 1.6, 2.4, 3.2])
def test_ctrl_c_at_several_points_of_a_build(stoppable_project, seconds):
    site_before = digest(stoppable_project / "site")
    status, stderr, _ = stop_after(start_build(stoppable_project), seconds)
    assert status in (0, 130), f"exit status {status}:\n{stderr[-3000:]}"
    assert_stopped_cleanly(stoppable_project, status, stderr, site_before)


@pytest.mark.parametrize("seconds", [1.5, 3.0, 4.5])
def test_ctrl_c_while_helpers_draw_and_print_leaves_none_behind(stoppable_project, seconds):
    # Without these caches the chart PNGs, share cards and PDF briefs are made again, in
    # helper processes, which the stop must end too.
    for name in ("figure-png", "share-cards", "pdf-brief"):
        shutil.rmtree(stoppable_project / ".cache" / name, ignore_errors=True)
    site_before = digest(stoppable_project / "site")
    status, stderr, _ = stop_after(start_build(stoppable_project), seconds)
    assert status in (0, 130), f"exit status {status}:\n{stderr[-3000:]}"
    assert_stopped_cleanly(stoppable_project, status, stderr, site_before)


def test_a_stop_inside_code_made_by_exec_still_exits_130(stoppable_project):
    # dataclasses and named tuples build their methods with exec(), so a Ctrl-C can land in
    # such code during any import; CPython then counts it as never caught, and a `python -m`
    # process would end killed by SIGINT after printing its message.
    (stoppable_project / "stop_hook.py").write_text(
        'def on_config(config):\n    exec("raise KeyboardInterrupt")\n', encoding="utf-8")
    config = stoppable_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "hooks:\n", "hooks:\n  - stop_hook.py\n", 1), encoding="utf-8")
    site_before = digest(stoppable_project / "site")
    completed = subprocess.run([sys.executable, "-m", "scripts.build"], cwd=stoppable_project,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 130, completed.stderr[-3000:]
    assert_stopped_cleanly(stoppable_project, completed.returncode, completed.stderr,
                           site_before)


def test_a_stop_during_the_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    site, staging = tmp_path / "site", tmp_path / ".site.building-1-x"
    site.mkdir()
    (site / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    rename = Path.rename

    def rename_then_stop(self, target):
        moved = rename(self, target)
        if self == staging:  # the stop arrives between the two renames
            os.kill(os.getpid(), signal.SIGINT)
        return moved

    monkeypatch.setattr(Path, "rename", rename_then_stop)
    assert build._swap_in(staging, site) is False
    assert (site / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_swap_without_a_stop_replaces_the_site(tmp_path):
    site, staging = tmp_path / "site", tmp_path / ".site.building-1-x"
    site.mkdir()
    (site / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    assert build._swap_in(staging, site) is True
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
