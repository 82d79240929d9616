"""Print the build's speed and the site's size; a script, not a test (timings are noisy).

    python3 scripts/dev.py bench [--runs 3]

Works on a private copy of the project in a temporary folder, so the real `site/` and cache
are untouched. Figures, each the median of --runs runs:
- clean build: no site, no notebook cache (every notebook executes), as a fresh process;
- no-change rebuild: the same again with the cache warm and nothing edited;
- live-preview rebuild: what `mkdocs serve` does after an author saves one page (reload the
  configuration and rebuild in the same, warm process);
- site size: bytes and files of the built site, and the gzip size of its heaviest pages.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("docs", "notebooks", "scripts", "bib", "mkdocs.yml", "requirements.lock")


def copy_project(destination: Path) -> Path:
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part,
                            ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif source.exists():
            shutil.copy2(source, destination / part)
    return destination


def timed_build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "scripts.build", "--config", str(project / "mkdocs.yml")],
        cwd=project, check=True, capture_output=True,
    )
    return time.perf_counter() - started


def live_rebuild_times(project: Path, runs: int) -> list[float]:
    """Edit one page and rebuild in-process, the way `mkdocs serve` does on each save."""
    sys.path.insert(0, str(project))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config_file = str(project / "mkdocs.yml")
    page = project / "docs" / "index.md"
    original = page.read_text(encoding="utf-8")
    build(load_config(config_file))  # warm-up: imports, theme, notebook cache in memory
    times = []
    for run in range(runs):
        page.write_text(original + f"\nEdit number {run}.\n", encoding="utf-8")
        started = time.perf_counter()
        build(load_config(config_file))
        times.append(time.perf_counter() - started)
    page.write_text(original, encoding="utf-8")
    return times


def site_figures(site: Path) -> tuple[int, int, list[tuple[str, int]]]:
    files = [path for path in site.rglob("*") if path.is_file()]
    total = sum(path.stat().st_size for path in files)
    pages = [(path.relative_to(site).as_posix(), len(gzip.compress(path.read_bytes(), 9)))
             for path in files if path.suffix == ".html"]
    return total, len(files), sorted(pages, key=lambda item: -item[1])[:5]


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
            clean.append(timed_build(project))
        unchanged = [timed_build(project) for _ in range(args.runs)]
        live = live_rebuild_times(project, args.runs)
        total, count, heaviest = site_figures(project / "site")

    def show(label: str, values: list[float]) -> None:
        runs = ", ".join(f"{value:.2f}" for value in values)
        print(f"{label:<38} {statistics.median(values):6.2f} s   (runs: {runs})")

    print(f"Benchmark on {sys.platform}, Python {sys.version.split()[0]}, median of {args.runs}")
    show("clean build (notebooks executed)", clean)
    show("rebuild, nothing changed", unchanged)
    show("live-preview rebuild, one page edited", live)
    print(f"{'site size':<38} {total:,} bytes in {count} files")
    for name, size in heaviest:
        print(f"  {name:<36} {size:,} bytes gzip (HTML only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
