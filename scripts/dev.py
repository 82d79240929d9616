"""One entry point for people and CI: set up the environment, then build, serve, test or benchmark.

Runs with nothing but Python 3.11+ (standard library only), so it works on a fresh machine:

    python3 scripts/dev.py build    # .venv from requirements.lock, then build the site into site/
    python3 scripts/dev.py test     # .venv from requirements-test.lock, then the whole test suite
    python3 scripts/dev.py serve    # live preview for authors
    python3 scripts/dev.py bench    # print build-speed and site-size figures
    python3 scripts/dev.py lighthouse  # Lighthouse scores of key pages (needs test tools)
    python3 scripts/dev.py check    # authors: every problem of the sources, as file:line lines
    python3 scripts/dev.py new page|dataset|notebook NAME   # authors: start from a template
    python3 scripts/dev.py jupyter  # JupyterLab on the notebooks (installed on first use)
    python3 scripts/dev.py lock     # maintainers: re-pin every dependency from pyproject.toml

The virtual environment is reinstalled only when the lock file changes (a stamp file records
the lock's hash), so the second run of either command goes straight to work.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
SITE_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
# JupyterLab lives in a virtual environment of its own: installing it into .venv would leave
# about forty packages there that requirements.lock does not name (pip installs, it never
# removes), and the stamp of one lock would then no longer say what .venv holds. Its lock is
# pinned against requirements.lock, so every package the two share has the same version.
JUPYTER_VENV = ROOT / ".venv-jupyter"
JUPYTER_LOCK = ROOT / "requirements-jupyter.lock"
CHROMIUM = Path("/usr/bin/chromium")


def venv_python(venv_dir: Path = VENV) -> Path:
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*command: str | Path, **kwargs) -> int:
    return subprocess.call([str(part) for part in command], cwd=ROOT, **kwargs)


def ensure_environment(lock: Path, venv_dir: Path = VENV) -> Path:
    """Create `venv_dir` and install exactly the pinned, hash-checked packages of `lock`."""
    # This file runs under whatever `python3` the user has, so the check is needed here.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not venv_python(venv_dir).exists():
        print(f"Creating the virtual environment in {venv_dir.name}/ ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    stamp = venv_dir / f".installed-{lock.stem}-{digest}"
    if not stamp.exists():
        print(f"Installing the pinned dependencies from {lock.name} ...", flush=True)
        status = run(
            venv_python(venv_dir), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--require-hashes", "--no-deps", "-r", lock,
        )
        if status:
            sys.exit(f"Installing from {lock.name} failed (exit {status}); see pip's message.")
        for old in venv_dir.glob(f".installed-{lock.stem}-*"):
            old.unlink()
        stamp.touch()
    return venv_python(venv_dir)


# What the browser tests run besides Python: Debian's Chromium (driven by Playwright),
# Node.js and npm (axe-core, the Nu Html Checker's jar), and Java (runs that jar).
TEST_TOOLS = {"chromium": "chromium", "node": "nodejs", "npm": "npm",
              "java": "default-jre-headless"}


# What the PDF brief needs from the system: Pango (WeasyPrint lays text out with it) and a
# font family to print in. Debian package names.
PDF_LIBRARIES = {"pango-1.0": "libpango-1.0-0", "pangoft2-1.0": "libpangoft2-1.0-0"}
PDF_FONTS = (Path("/usr/share/fonts/truetype/liberation"),
             Path("/usr/share/fonts/truetype/dejavu"))


def ensure_pdf_tools() -> None:
    """Install Pango and a font family when missing and we may; otherwise say what to do."""
    import ctypes.util

    missing = [package for library, package in PDF_LIBRARIES.items()
               if not ctypes.util.find_library(library)]
    if os.name == "posix" and not any(folder.is_dir() for folder in PDF_FONTS):
        missing.append("fonts-liberation")
    if not missing:
        return
    install_debian_packages(missing, "the PDF brief")


def install_debian_packages(packages: list[str], purpose: str) -> None:
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing Debian packages for {purpose}: {' '.join(packages)} ...",
              flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.check_call(["apt-get", "update", "-qq"], env=env)
        subprocess.check_call(["apt-get", "install", "-y", "-qq", *packages], env=env)
        return
    sys.exit(f"{purpose.capitalize()} needs these Debian packages: {' '.join(packages)}. "
             f"Install them first (sudo apt-get install {' '.join(packages)}), then run "
             "this command again.")


def ensure_test_tools() -> None:
    """Install the browser tests' system tools when missing and we are allowed to."""
    missing = [package for tool, package in TEST_TOOLS.items()
               if not (CHROMIUM.exists() if tool == "chromium" else shutil.which(tool))]
    if missing:
        install_debian_packages(missing, "the browser tests")


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("build", [])
    if command == "build":
        python = ensure_environment(SITE_LOCK)
        ensure_pdf_tools()
        return run(python, "-m", "scripts.build", *rest)
    if command == "serve":
        python = ensure_environment(SITE_LOCK)
        ensure_pdf_tools()
        return run(python, "-m", "scripts.mkdocs_adapter.serve", *rest)
    if command == "test":
        python = ensure_environment(TEST_LOCK)
        ensure_pdf_tools()
        ensure_test_tools()
        return run(python, "-m", "pytest", *rest)
    if command == "bench":
        python = ensure_environment(SITE_LOCK)
        ensure_pdf_tools()
        return run(python, "-m", "scripts.tools.benchmark", *rest)
    if command == "lighthouse":
        python = ensure_environment(TEST_LOCK)
        ensure_test_tools()
        return run(python, "-m", "scripts.tools.lighthouse", *rest)
    if command == "lock":
        python = ensure_environment(TEST_LOCK)
        base = [python, "-m", "piptools", "compile", "--quiet", "--generate-hashes",
                "--strip-extras", "--allow-unsafe", "pyproject.toml"]
        return (run(*base, "-o", SITE_LOCK.name)
                or run(*base, "--extra", "test", "-o", TEST_LOCK.name))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
