"""One entry point for people and CI: set up the environment, then build, serve, test or benchmark.

Runs with nothing but Python 3.11+ (standard library only), so it works on a fresh machine:

    python3 scripts/dev.py build    # .venv from requirements.lock, then build the site into site/
    python3 scripts/dev.py test     # .venv from requirements-test.lock, then the whole test suite
    python3 scripts/dev.py serve    # live preview for authors
    python3 scripts/dev.py bench    # print build-speed and site-size figures
    python3 scripts/dev.py lighthouse  # Lighthouse scores of key pages (needs test tools)
    python3 scripts/dev.py check    # authors: every problem of the sources, as file:line lines
    python3 scripts/dev.py new page|dataset|notebook NAME   # authors: start from a template
    python3 scripts/dev.py data          # authors: validate the tables only
    python3 scripts/dev.py translations  # authors: list the pages not yet translated
    python3 scripts/dev.py originality   # authors: passages that repeat the reviewed paper
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
# Single checks an author can run on their own, in the project's environment (a bare
# `python -m ...` would run outside it and miss its packages).
AUTHOR_TOOLS = {
    "data": "scripts.data.validation",
    "translations": "scripts.content.translations",
    "originality": "scripts.tools.originality",
}


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


# Run in every kernel JupyterLab starts: the notebook runs as the build runs it
# (scripts/notebooks/execution.py), from the project root with the project importable, so
# `pd.read_csv("notebooks/data/x.csv")` and `import scripts…` work the same in both.
KERNEL_STARTUP = """\
import os as _brief_os, sys as _brief_sys
_brief_os.chdir({root!r})
if {root!r} not in _brief_sys.path:
    _brief_sys.path.insert(0, {root!r})
"""


def jupyter_command(python: Path, rest: list[str],
                    venv_dir: Path = JUPYTER_VENV) -> tuple[list[str], dict[str, str]]:
    """JupyterLab's command line and environment for this project.

    Everything it writes lives in `venv_dir`, never in the user's home: the kernels' IPython
    folder with the start-up file above, the server's runtime files, and the checkpoints
    (kept out of docs/ and notebooks/, where the build would read them). jupytext, in the same
    environment, opens notebooks/*.md as notebooks and saves them back as MyST text.
    """
    ipython_dir = venv_dir / "ipython"
    startup = ipython_dir / "profile_default" / "startup" / "00-brief-project.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(KERNEL_STARTUP.format(root=str(ROOT)), encoding="utf-8")
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "IPYTHONDIR": str(ipython_dir), "PYTHONPATH": pythonpath,
           "JUPYTER_RUNTIME_DIR": str(venv_dir / "runtime")}
    # Containers often run as root, where Jupyter refuses to start unless told; the server
    # listens on this machine only and asks for its token either way.
    as_root = ["--allow-root"] if os.name == "posix" and os.geteuid() == 0 else []
    command = [
        str(python), "-m", "jupyterlab",
        f"--ServerApp.root_dir={ROOT}",
        "--ServerApp.ip=127.0.0.1",
        f"--FileCheckpoints.checkpoint_dir={venv_dir / 'checkpoints'}",
        # Saving leaves a notebook's header as it was, instead of adding the jupytext version
        # that saved it: a save without a change makes no diff.
        "--ContentsManager.notebook_metadata_filter="
        "-jupytext.text_representation.jupytext_version,"
        "-jupytext.text_representation.format_version",
        "--LabApp.default_url=/lab/tree/notebooks",
        *as_root,
        *rest,
    ]
    return command, env


def run_until_stopped(command: list[str], env: dict[str, str]) -> int:
    """Run a server that the user stops with Ctrl-C; the Ctrl-C reaches it as well, and it
    decides (JupyterLab asks first), so this process only waits for it to end."""
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


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
    if command == "new":
        python = ensure_environment(SITE_LOCK)
        return run(python, "-m", "scripts.tools.new", *rest)
    if command == "check":
        python = ensure_environment(SITE_LOCK)
        ensure_pdf_tools()
        return run(python, "-m", "scripts.tools.author_check", *rest)
    if command in AUTHOR_TOOLS:
        python = ensure_environment(SITE_LOCK)
        return run(python, "-m", AUTHOR_TOOLS[command], *rest)
    if command == "jupyter":
        python = ensure_environment(JUPYTER_LOCK, JUPYTER_VENV)
        command_line, env = jupyter_command(python, rest)
        return run_until_stopped(command_line, env)
    if command == "lock":
        python = ensure_environment(TEST_LOCK)
        base = [python, "-m", "piptools", "compile", "--quiet", "--generate-hashes",
                "--strip-extras", "--allow-unsafe", "pyproject.toml"]
        return (run(*base, "-o", SITE_LOCK.name)
                or run(*base, "--extra", "test", "-o", TEST_LOCK.name)
                or run(*base, "--extra", "jupyter", "--constraint", SITE_LOCK.name,
                       "-o", JUPYTER_LOCK.name))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
