"""Install the npm tools the browser checks use (axe-core, vnu-jar, Lighthouse), when needed.

`ensure_node_modules()` runs `npm ci` from package-lock.json when node_modules/ is missing
or was installed from another lock (a stamp file records the lock's hash), so the first test
run on a fresh machine installs exactly the locked versions and later runs cost nothing.
Install scripts are not run: none of these tools needs one, and vnu-jar's would try to
download a Java runtime (the machine's Java is used instead).
Called by the browser tests' session fixture and by `scripts/tools/lighthouse.py`.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
from pathlib import Path

from scripts.paths import ROOT


class NodeToolsError(RuntimeError):
    """npm is missing or `npm ci` failed; the message says what to do."""


def _stamp(root: Path) -> Path:
    digest = hashlib.sha256((root / "package-lock.json").read_bytes()).hexdigest()[:16]
    return root / "node_modules" / f".installed-{digest}"


def is_current(root: Path = ROOT) -> bool:
    return _stamp(root).exists()


def ensure_node_modules(root: Path = ROOT) -> Path:
    """Make node_modules/ match package-lock.json; return its path."""
    if is_current(root):
        return root / "node_modules"
    # Two test runs starting together must not both rewrite node_modules/.
    lock_file = root / ".cache" / "npm-ci.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_current(root):
            _npm_ci(root)
    return root / "node_modules"


def _npm_ci(root: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise NodeToolsError("The browser checks need Node.js 20+ and npm (Debian: "
                             "apt-get install nodejs npm).")
    print("Installing the npm tools from package-lock.json (npm ci) ...", flush=True)
    completed = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=root, capture_output=True, text=True, timeout=900,
    )
    if completed.returncode != 0:
        raise NodeToolsError(f"`npm ci` failed (exit {completed.returncode}):\n"
                             f"{completed.stdout}{completed.stderr}")
    for old in (root / "node_modules").glob(".installed-*"):
        old.unlink()
    _stamp(root).touch()
