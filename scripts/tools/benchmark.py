"""Print the build's speed and the site's size; a script, not a test (timings are noisy).

    python3 scripts/dev.py bench [--runs 3]

Works on a private copy of the project in a temporary folder, so the real `site/` and cache
are untouched. Timings are the median of --runs runs; compare figures from one run only.
- clean build: no site, no notebook cache (every notebook executes), as a fresh process;
- no-change rebuild: the same again with the cache warm and nothing edited;
- live-preview rebuild: what the live preview does after an author saves one page (reload the
  configuration and rebuild in the same, warm process);
- CSV edit: one data file changed; which notebooks re-execute (only those that read it);
- PDF briefs and share cards: the time they add to a clean build (a build without their
  cached outputs; the build logs the time of those steps), against a 3 s target;
- site size: bytes and files; first-load transfer (page + its CSS, JS, images, gzip) of the
  heaviest pages, against the 100 KB budget. The browser tests enforce that budget.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from scripts.tools.project_copy import copy_project

EDITED_CSV = Path("notebooks/data/survey_kasn_2021.csv")
EDITED_NOTE = "Tribunnews quotes 72.3"
LOADS = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon|preload|modulepreload)"[^>]*href|script[^>]+src'
    r'|img[^>]+src)="([^"]+)"')


def timed_build(project: Path) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--config", str(project / "mkdocs.yml")],
        cwd=project, capture_output=True, text=True,
    )
    if completed.returncode:
        raise SystemExit(f"the build failed:\n{completed.stderr[-3000:]}")
    return time.perf_counter() - started, completed.stderr


def executed_notebooks(log: str) -> list[str]:
    return sorted({line.split("Notebook ")[1].split(":")[0] for line in log.splitlines()
                   if "Notebook notebooks/" in line and line.endswith("executed")})


def live_rebuild_times(project: Path, runs: int) -> list[float]:
    """Edit one page and rebuild in-process, the way the live preview does on each save."""
    from scripts.mkdocs_adapter.build import rebuild_in_process

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config_file = project / "mkdocs.yml"
    page = project / "docs" / "index.md"
    original = page.read_text(encoding="utf-8")
    rebuild_in_process(config_file)  # warm-up: imports, theme, notebook cache in memory
    times = []
    for run in range(runs):
        page.write_text(original + f"\nEdit number {run}.\n", encoding="utf-8")
        started = time.perf_counter()
        rebuild_in_process(config_file)
        times.append(time.perf_counter() - started)
    page.write_text(original, encoding="utf-8")
    return times


FINISHING_LOG = re.compile(r"PDF briefs and share cards: (?P<seconds>[\d.]+) s")
FINISHING_TARGET_SECONDS = 3.0


def finishing_steps_line(project: Path) -> str:
    """The line giving the seconds the PDF briefs and share cards add to a clean build: a
    build with their cached outputs removed (so they are rendered as in a clean build),
    timed by the build itself."""
    for name in ("pdf-brief", "share-cards"):
        shutil.rmtree(project / ".cache" / name, ignore_errors=True)
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--verbose",
         "--config", str(project / "mkdocs.yml")],
        cwd=project, capture_output=True, text=True,
    )
    found = FINISHING_LOG.search(completed.stderr)
    if completed.returncode or not found:
        raise SystemExit(f"the build failed or did not time its PDF briefs and share cards:\n"
                         f"{completed.stderr[-3000:]}")
    return (f"{'PDF briefs + share cards, clean build':<40} "
            f"{float(found.group('seconds')):6.2f} s   "
            f"(target: at most {FINISHING_TARGET_SECONDS:.0f} s)")


def first_load(site: Path, page: str) -> int:
    """Gzip bytes of a page plus everything it loads from the site on first view."""
    html = (site / page).read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode(), 6))
    for href in sorted(set(LOADS.findall(html))):
        target = urlsplit(urljoin("http://site/" + page, href))
        path = site / target.path.lstrip("/")
        if target.netloc == "site" and path.is_file():
            total += len(gzip.compress(path.read_bytes(), 6))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print build-speed and site-size figures.")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as temporary:
        project = copy_project(Path(temporary))
        clean = []
        for _ in range(args.runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            clean.append(timed_build(project)[0])
        unchanged = [timed_build(project) for _ in range(args.runs)]
        finishing = finishing_steps_line(project)
        # Change one note cell: the data stay valid, the file's bytes change.
        csv_path = project / EDITED_CSV
        text = csv_path.read_text(encoding="utf-8")
        if EDITED_NOTE not in text:
            raise SystemExit(f"{EDITED_CSV}: the note the benchmark edits has moved")
        csv_path.write_text(text.replace(EDITED_NOTE, EDITED_NOTE + " (edited)", 1), "utf-8")
        edited_time, edited_log = timed_build(project)
        live = live_rebuild_times(project, args.runs)
        site = project / "site"
        files = [path for path in site.rglob("*") if path.is_file()]
        site_bytes = sum(path.stat().st_size for path in files)
        pages = sorted(((path.relative_to(site).as_posix(), first_load(site, path.relative_to(
            site).as_posix())) for path in site.rglob("index.html")), key=lambda item: -item[1])

    def show(label: str, values: list[float]) -> None:
        runs = ", ".join(f"{value:.2f}" for value in values)
        print(f"{label:<40} {statistics.median(values):6.2f} s   (runs: {runs})")

    print(f"Benchmark on {sys.platform}, Python {sys.version.split()[0]}, median of {args.runs}")
    show("clean build (all notebooks executed)", clean)
    show("rebuild, nothing changed", [seconds for seconds, _ in unchanged])
    show("live-preview rebuild, one page edited", live)
    print(f"{'rebuild after editing ' + EDITED_CSV.name:<40} {edited_time:6.2f} s   "
          f"(re-executed: {', '.join(executed_notebooks(edited_log)) or 'none'})")
    print(finishing)
    rerun = sorted({name for _, log in unchanged for name in executed_notebooks(log)})
    print(f"{'re-executed with nothing changed':<40} {', '.join(rerun) or 'none'}")
    print(f"{'site size':<40} {site_bytes:,} bytes in "
          f"{len(files)} files")
    print("heaviest first loads (page + CSS + JS + images, gzip; budget 100 KB):")
    for name, size in pages[:6]:
        print(f"  {name:<38} {size / 1000:7.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
