"""Build the site safely: strict, reproducible, and never leaving a half-published site.

    python -m scripts.build [--site-dir site] [--config mkdocs.yml]

The site is built into a temporary folder beside the target and swapped in only when the
whole build succeeded, so a failed build leaves the previous `site/` untouched. Dates come
from SOURCE_DATE_EPOCH (the last commit's date when unset), so two builds of one commit are
byte-identical. Bad input ends with a short message naming the file and what to fix, and a
non-zero exit status, not a traceback. Called by `scripts/dev.py build`, CI and the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so rebuilding one commit gives the same bytes."""
    try:
        output = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return output or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def build(config_file: Path, site_dir: Path, verbose: bool = False) -> int:
    """Build into a fresh folder, then replace `site_dir` with it. Returns an exit status."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(config_file.parent))
    if not os.environ.get("SITE_URL"):
        os.environ.pop("SITE_URL", None)  # empty means unset: use mkdocs.yml's default
    # Imported before anything is written: importing the generator takes a while, and a
    # stop during it must leave nothing behind.
    from scripts.mkdocs_adapter.build import SiteBuildFailed, build_site

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_staging(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-{os.getpid()}-",
                                    dir=site_dir.parent))
    started = time.monotonic()
    # A stop request (Ctrl-C, or SIGTERM from CI) unwinds like Ctrl-C, so the kernel is shut
    # down and the staging folder removed instead of being left half-written.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    # Python leaves Ctrl-C ignored when the process was started with it ignored (a job
    # started in the background by a script); a build always answers it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        build_site(config_file, staging, verbose)
        # Inside the guard: a stop between the build's end and the swap leaves no staging.
        swapped = _swap_in(staging, site_dir)
    except SiteBuildFailed as error:
        _remove(staging)
        summary = f" {error}" if str(error) else ""
        print(f"Build failed.{summary} {KEPT}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        _ignore_stop_requests()
        _remove(staging)
        print(f"Build interrupted. {KEPT}", file=sys.stderr)
        return 130
    except BaseException:
        _remove(staging)
        raise
    # Whether stopped or finished, the outcome is decided: a stop request now changes nothing.
    _ignore_stop_requests()
    if not swapped:
        print(f"Build interrupted. {KEPT}", file=sys.stderr)
        return 130
    with contextlib.suppress(KeyboardInterrupt):
        print(f"Site built into {site_dir} in {time.monotonic() - started:.2f} s",
              file=sys.stderr)
    return 0


KEPT = "The previous site (if any) was left as it was."


def _remove(staging: Path) -> None:
    """Delete the staging folder, even while a stopped helper (the search indexer, say)
    is still finishing a write into it."""
    for _ in range(20):
        shutil.rmtree(staging, ignore_errors=True)
        if not staging.exists():
            return
        time.sleep(0.1)


def _ignore_stop_requests() -> None:
    """Ignore Ctrl-C and SIGTERM from here on: the build's outcome is decided.

    Ignored, not just caught, because Python puts back the default handler while it shuts
    down, and a stop request then would end the process with a signal instead of the exit
    status the build chose (130 for a stopped build, 0 for a finished one).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned_staging(site_dir: Path) -> None:
    """Delete staging folders of builds that were killed outright (their process is gone)."""
    for folder in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        pid = folder.name.removeprefix(f".{site_dir.name}.building-").split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _swap_in(staging: Path, site_dir: Path) -> bool:
    """Replace site_dir by staging with two renames, so readers never see a mix of both.

    A stop request (SIGINT, SIGTERM) during the swap is only noted until both renames are
    done; if one came, the previous site is put back and False is returned, so a stopped
    build never leaves a changed site. Python runs signal handlers in the main thread, where
    builds run, whichever thread the signal reached.
    """
    stops: list[int] = []
    previous = {number: signal.signal(number, lambda received, _: stops.append(received))
                for number in (signal.SIGINT, signal.SIGTERM)}
    retired = None
    try:
        if site_dir.exists():
            retired = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
            site_dir.rename(retired)
        staging.rename(site_dir)
        # Decided once: a stop that comes after this line came after the build was done.
        stopped = bool(stops)
        if stopped:
            site_dir.rename(staging)
            if retired is not None:
                retired.rename(site_dir)
                retired = None
            shutil.rmtree(staging, ignore_errors=True)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return not stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="the site's configuration (default: mkdocs.yml here)")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where the site goes (default: site/ beside mkdocs.yml)")
    parser.add_argument("--verbose", action="store_true", help="show the generator's debug log")
    args = parser.parse_args(argv)
    config_file = args.config.resolve()
    if not config_file.is_file():
        print(f"Build failed: no configuration file at {config_file}", file=sys.stderr)
        return 1
    site_dir = args.site_dir or config_file.parent / "site"
    return build(config_file, site_dir, args.verbose)


def _forget_caught_stops() -> None:
    """Make the exit status the one the build chose, even after a stop it caught.

    CPython marks a Ctrl-C that interrupted code run by `exec()` of a string (dataclasses
    and named tuples make their methods that way, so any import can be in one) as never
    caught, even when the build caught it; a `python -m` process then ends killed by SIGINT
    instead of with status 130. The mark is cleared each time such code starts.
    """
    exec("pass")


if __name__ == "__main__":
    try:
        status = main()
    except KeyboardInterrupt:
        # A stop before the build started (while Python was still importing): nothing was
        # written yet.
        _ignore_stop_requests()
        print(f"Build interrupted. {KEPT}", file=sys.stderr)
        status = 130
    _forget_caught_stops()
    sys.exit(status)
