"""Print the build's speed and the site's size; a script, not a test (timings are noisy).

    python3 scripts/dev.py bench [--runs 3]

Works on a private copy of the project in a temporary folder, so the real `site/` and cache
are untouched. Timings are the median of --runs runs; compare figures from one run only.
- clean build: no site, no notebook cache (every notebook executes), as a fresh process;
- no-change rebuild: the same again with the cache warm and nothing edited;
- live-preview rebuild: what the live preview does after an author saves one page (reload the
  configuration and rebuild in the same, warm process);
- CSV edit: one data file changed; which notebooks re-execute (only those that read it);
- PDF briefs and share cards: the time they add to a clean build, against a 3 s target:
  the median clean build less the median clean build with stand-ins for them
  (`scripts/tools/build_without_briefs_and_cards.py`), the two run in turn, so that their
  work competing with the pages and notebooks for the cores is counted;
- save-to-served (the live preview, `dev.py serve`, as an author sees it): start the preview,
  write a page, and time from the write until an HTTP client gets the page with the new text
  (median of 5 saves), for the default preview and for `--language id`; the same after a CSV
  edit, beside the run time of the notebooks that read the file;
- `dev.py check` with a warm cache, when the launcher has that command;
- site size: bytes and files; first-load transfer (page + its CSS, JS, images, gzip) of the
  heaviest pages, against the 100 KB budget. The browser tests enforce that budget.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import logging
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from scripts.paths import ROOT
from scripts.tools.project_copy import copy_project
from scripts.tools.serve import base_path, configured_site_url

EDITED_CSV = Path("notebooks/data/survey_kasn_2021.csv")
EDITED_NOTE = "Tribunnews quotes 72.3"
PREVIEW_PAGE = Path("docs/ringkasan.md")  # the page the save-to-served figure edits
PREVIEW_SAVES = 5
LOADS = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon|preload|modulepreload)"[^>]*href|script[^>]+src'
    r'|img[^>]+src)="([^"]+)"')


def timed_build(project: Path, builder: str = "scripts.build") -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", builder, "--config", str(project / "mkdocs.yml")],
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


WITHOUT_BRIEFS_AND_CARDS = "scripts.tools.build_without_briefs_and_cards"
FINISHING_TARGET_SECONDS = 3.0


def clean_build_times(project: Path, runs: int) -> tuple[list[float], list[float]]:
    """Clean builds (no site, no cache) of `project`, each followed or preceded by one with
    stand-ins for the PDF briefs and share cards, the order swapped every run so that a
    machine getting busier or quieter weighs on both alike. The real build comes last, so
    the figures after these start from its site and cache."""
    full, without = [], []
    for run in range(runs):
        order = [(without, WITHOUT_BRIEFS_AND_CARDS), (full, "scripts.build")]
        for times, builder in order if (runs - run) % 2 else order[::-1]:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            times.append(timed_build(project, builder)[0])
    return full, without


def finishing_steps_line(full: list[float], without: list[float]) -> str:
    """What the PDF briefs and share cards add to a clean build: the difference of medians."""
    added = statistics.median(full) - statistics.median(without)
    runs = ", ".join(f"{value:.2f}" for value in without)
    return (f"{'PDF briefs + share cards, clean build':<40} {added:6.2f} s   "
            f"(target: at most {FINISHING_TARGET_SECONDS:.0f} s; clean build without them: "
            f"{runs})")


class RunningPreview:
    """`python -m scripts.mkdocs_adapter.serve` in a project copy, on a free port."""

    def __init__(self, project: Path, options: list[str]) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = base_path(configured_site_url(project / "mkdocs.yml"))
        self.log_path = project / f"preview-{self.port}.log"
        self.log_file = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scripts.mkdocs_adapter.serve",
             "--dev-addr", f"127.0.0.1:{self.port}", *options],
            cwd=project, stdout=self.log_file, stderr=subprocess.STDOUT)
        while "Serving on" not in self.log():
            if self.process.poll() is not None:
                raise SystemExit(f"the preview did not start:\n{self.log()[-3000:]}")
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        connection.request("GET", self.base + path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, body

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=120)
        self.log_file.close()


def page_address(page: Path) -> str:
    """`docs/metode/x.md` -> `metode/x/` (the site's directory URLs)."""
    relative = page.relative_to("docs").with_suffix("").as_posix()
    return "" if relative == "index" else relative.removesuffix("/index") + "/"


def save_to_served(project: Path, options: list[str], saves: int = PREVIEW_SAVES
                   ) -> list[float]:
    """Seconds from writing one page to the preview serving it with the new text, per save."""
    page = project / PREVIEW_PAGE
    original = page.read_text(encoding="utf-8")
    preview = RunningPreview(project, options)
    address = page_address(PREVIEW_PAGE)
    times = []
    try:
        for number in range(saves):
            text = f"Suntingan pratinjau nomor {number} ({time.time_ns()})."
            started = time.perf_counter()
            page.write_text(f"{original}\n{text}\n", encoding="utf-8")
            while text not in preview.get(address)[1]:
                time.sleep(0.02)
            times.append(time.perf_counter() - started)
            time.sleep(1)  # let the watcher settle, as between an author's saves
    finally:
        page.write_text(original, encoding="utf-8")
        preview.stop()
    if "Preview build failed" in preview.log():
        raise SystemExit(f"a preview build failed:\n{preview.log()[-3000:]}")
    return times


def csv_save_to_served(project: Path) -> tuple[float, list[str], float, int]:
    """Seconds from an edit of EDITED_CSV to the preview serving the build that used it;
    the notebooks that ran again, how long they take to run (fresh kernels, side by side as
    a build runs them), and how many builds the edit started (one, unless a build wrote
    into a watched folder)."""
    from scripts.notebooks.cache import NotebookCache

    csv_path = project / EDITED_CSV
    original = csv_path.read_text(encoding="utf-8")
    if EDITED_NOTE not in original:
        raise SystemExit(f"{EDITED_CSV}: the note the benchmark edits has moved")
    preview = RunningPreview(project, [])
    try:
        _, body = preview.get("")
        epoch = re.search(r"livereload\((\d+),", body)[1]
        started = time.perf_counter()
        csv_path.write_text(original.replace(EDITED_NOTE, EDITED_NOTE + " (edited)", 1),
                            encoding="utf-8")
        # The browser's own signal: the live-reload poll answers once a newer build is
        # served; the page is then fetched as the reloading browser does.
        connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=600)
        while True:
            connection.request("GET", f"/livereload/{epoch}/0")
            answer = connection.getresponse().read().decode()
            if int(answer) > int(epoch):
                break
        connection.close()
        status, _ = preview.get("")
        seconds = time.perf_counter() - started
    finally:
        csv_path.write_text(original, encoding="utf-8")
        preview.stop()
    log = preview.log()
    if status != 200 or "Preview build failed" in log:
        raise SystemExit(f"the preview build after the CSV edit failed:\n{log[-3000:]}")
    after_edit = log.split("Serving on", 1)[1]
    rerun = executed_notebooks(after_edit)
    builds = len(re.findall(r"Preview built in|Preview build failed", after_edit))
    with tempfile.TemporaryDirectory(prefix="brief-bench-cache-") as empty_cache:
        started = time.perf_counter()
        NotebookCache(project, Path(empty_cache)).executed_all(
            [project / name for name in rerun])
        run_time = time.perf_counter() - started
    return seconds, rerun, run_time, builds


def check_time(project: Path) -> float | None:
    """Seconds of `python3 scripts/dev.py check` in `project` with its cache warm (run twice,
    the second timed), or None when the launcher has no such command."""
    from scripts import dev

    venv = project / ".venv"
    if not venv.exists() and (ROOT / ".venv").is_dir():
        venv.symlink_to(ROOT / ".venv")  # the launcher's environment, not a second install
    command = [sys.executable, "scripts/dev.py", "check"]
    first = subprocess.run(command, cwd=project, capture_output=True, text=True)
    if first.returncode == 2 and first.stdout.strip() == (dev.__doc__ or "").strip():
        return None  # the launcher printed its usage: no `check` command
    started = time.perf_counter()
    subprocess.run(command, cwd=project, capture_output=True, text=True)
    return time.perf_counter() - started


def preview_figures(project: Path) -> list[str]:
    """The live-preview and check figures, as lines to print."""
    lines = []
    for label, options in (("default", []), ("--language id", ["--language", "id"])):
        times = save_to_served(project, options)
        runs = ", ".join(f"{value:.2f}" for value in times)
        lines.append(f"{'save-to-served, one page (' + label + ')':<40} "
                     f"{statistics.median(times):6.2f} s   (saves: {runs}; target 1.5 s)")
    seconds, rerun, run_time, builds = csv_save_to_served(project)
    lines.append(f"{'save-to-served, ' + EDITED_CSV.name:<40} {seconds:6.2f} s   "
                 f"(notebooks run again: {', '.join(rerun) or 'none'}, "
                 f"their run time {run_time:.2f} s; target run time + 1.5 s; "
                 f"builds started: {builds})")
    checked = check_time(project)
    lines.append(f"{'dev.py check, warm cache':<40} " + (
        f"{checked:6.2f} s" if checked is not None else "not available"))
    return lines


def warm_copy(destination: Path) -> Path:
    """A copy of the project's sources with this checkout's notebook cache, if any."""
    project = copy_project(destination)
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", project / ".cache")
    return project


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
    parser.add_argument("--preview", action="store_true",
                        help="print the live-preview and check figures only (warm copy)")
    args = parser.parse_args(argv)
    if args.preview:
        with tempfile.TemporaryDirectory(prefix="brief-bench-") as temporary:
            print("\n".join(preview_figures(warm_copy(Path(temporary) / "project"))))
        return 0
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as temporary:
        project = copy_project(Path(temporary))
        clean, clean_without = clean_build_times(project, args.runs)
        unchanged = [timed_build(project) for _ in range(args.runs)]
        finishing = finishing_steps_line(clean, clean_without)
        # Change one note cell: the data stay valid, the file's bytes change.
        csv_path = project / EDITED_CSV
        text = csv_path.read_text(encoding="utf-8")
        if EDITED_NOTE not in text:
            raise SystemExit(f"{EDITED_CSV}: the note the benchmark edits has moved")
        csv_path.write_text(text.replace(EDITED_NOTE, EDITED_NOTE + " (edited)", 1), "utf-8")
        edited_time, edited_log = timed_build(project)
        live = live_rebuild_times(project, args.runs)
        preview = preview_figures(project)
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
    print("\n".join(preview))
    print(f"{'site size':<40} {site_bytes:,} bytes in "
          f"{len(files)} files")
    print("heaviest first loads (page + CSS + JS + images, gzip; budget 100 KB):")
    for name, size in pages[:6]:
        print(f"  {name:<38} {size / 1000:7.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
