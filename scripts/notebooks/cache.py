"""Executed notebooks kept on disk between builds, valid while nothing they depend on changed.

The cache (`.cache/notebooks/<name>.json`) is keyed on the notebook's bytes, the pinned package
set (the lock file) and the Python version, and remembers every project file the notebook read
while running. A notebook is executed again when any of those changes, so editing a CSV re-runs
exactly the notebooks that read it. Stale notebooks run side by side, one kernel per core.

Called by `scripts/build_steps.py`, the benchmark and the tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.notebooks.execution import (
    ExecutedNotebook,
    execute,
    file_digest,
    from_dict,
    stop_kernel_group,
)
from scripts.paths import ProjectPaths

# Part of every cache key: raising it makes every stored entry stale at once.
CACHE_FORMAT = 2


def environment_key(root: Path) -> str:
    """What besides the notebook and its data decides its outputs: Python and pinned packages."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
    lock = ProjectPaths(root).site_lock
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()


class NotebookCache:
    """Executed notebooks on disk, valid while the notebook, its reads and the packages match."""

    def __init__(self, root: Path, cache_dir: Path | None = None) -> None:
        # Process groups of the kernels running now (see `execute`).
        self.running_kernels: set[int] = set()
        # Set when the build is stopped: a kernel still starting then stops at once.
        self.stopped = threading.Event()
        self.root = root
        self.cache_dir = cache_dir or ProjectPaths(root).cache / "notebooks"
        self.env_key = environment_key(root)

    def _entry_path(self, notebook_path: Path) -> Path:
        return self.cache_dir / f"{notebook_path.stem}.json"

    def _key(self, notebook_path: Path) -> str:
        return hashlib.sha256(notebook_path.read_bytes() + self.env_key.encode()).hexdigest()

    def load(self, notebook_path: Path) -> ExecutedNotebook | None:
        entry_path = self._entry_path(notebook_path)
        try:
            entry = json.loads(entry_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # no entry yet, or one cut short by an interrupted build
        if entry.get("key") != self._key(notebook_path):
            return None
        for relative, digest in entry["reads"].items():
            data_path = self.root / relative
            if not data_path.is_file() or file_digest(data_path) != digest:
                return None
        return ExecutedNotebook(
            path=notebook_path,
            notebook=from_dict(entry["notebook"]),
            reads=entry["reads"],
            from_cache=True,
            warnings=entry.get("warnings", []),
        )

    def store(self, executed: ExecutedNotebook) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        entry = {
            "key": self._key(executed.path),
            "reads": executed.reads,
            "warnings": executed.warnings,
            "notebook": executed.notebook,
        }
        target = self._entry_path(executed.path)
        # Write then rename, so an interrupted build never leaves a half-written entry.
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)

    def executed(self, notebook_path: Path) -> ExecutedNotebook:
        cached = self.load(notebook_path)
        if cached is not None:
            return cached
        result = execute(notebook_path, self.root, self.running_kernels, self.stopped)
        self.store(result)
        return result

    def executed_all(self, notebook_paths: list[Path]) -> list[ExecutedNotebook]:
        """Every notebook, the stale ones run side by side (one kernel per core).

        Kernels are separate processes, so threads here only wait on them. When several
        notebooks fail, the first in name order is reported, so the message is stable.
        """
        workers = max(1, min(len(notebook_paths), os.cpu_count() or 1))
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            futures = [pool.submit(self.executed, path) for path in notebook_paths]
            results = [future.result() for future in futures]
        except KeyboardInterrupt:
            # Stop the kernels still running, so their threads end now instead of after
            # their notebooks; entries already stored stay valid for the next build.
            pool.shutdown(wait=False, cancel_futures=True)
            # Set before the groups are read: a kernel that registers after this loop sees
            # it and stops itself.
            self.stopped.set()
            for group in list(self.running_kernels):
                stop_kernel_group(group)
            pool.shutdown(wait=True)
            raise
        pool.shutdown(wait=True)
        return results
