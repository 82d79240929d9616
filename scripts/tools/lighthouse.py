"""Benchmark: Lighthouse scores for key pages in both languages, as GitHub Pages would serve them.

    python -m scripts.tools.lighthouse [--site-dir DIR] [--pages "" metode/penegakan/ ...]
                                [--all] [--runs N] [--json OUT] [--reports DIR]

Builds the site into a temporary folder with `site_url` pointing at a local server on a free
port (or takes `--site-dir`, already built for that address), serves it the way GitHub
Pages does (`scripts/tools/serve.py`: sub-path, gzip, 404.html), and runs Lighthouse 12.2.3 from
node_modules (installed by `npm ci` from package-lock.json when needed) with its default
mobile settings (emulated phone, simulated slow 4G and CPU slowdown) on Debian's Chromium.

Pages, each in both languages: the home page, a chart page (metode/penegakan), a
recommendation page (rekomendasi/..., when one exists), the reference page (referensi,
when it exists), a notebook page (a page with `notebook:` in its front matter) and the
heaviest page of the build (most bytes of HTML after gzip, whichever it is); `--all`
measures every page the build wrote instead (about a minute per page on a busy machine). Prints
performance, accessibility, best practices and SEO per page, with FCP, LCP, TBT, CLS and
Speed Index, and for every score under 100 the audits that cost points; `--reports DIR` keeps
each page's full report, whose render-blocking and request-chain audits say why a page is
slow. A script, not a test: on a busy machine a page's performance score moves by several
points between runs, since Lighthouse multiplies the main-thread time it observes (by four,
by two for tasks that lay out the page).
`--runs N` measures each page N times and keeps its median run (the run with the median
performance score), as Lighthouse's documentation on variability advises; the table then
shows that run, and `--reports` keeps that run's report.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scripts.content.frontmatter import read_front_matter
from scripts.languages import DEFAULT_LANGUAGE, LANGUAGES, language_of
from scripts.paths import ROOT
from scripts.tools.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.npm import ensure_node_modules
from scripts.tools.serve import GZIP_LEVEL, SiteServer, base_path, configured_site_url

CHROME_FLAGS = " ".join(CHROMIUM_ARGS)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (("FCP", "first-contentful-paint", "ms"), ("LCP", "largest-contentful-paint", "ms"),
           ("TBT", "total-blocking-time", "ms"), ("CLS", "cumulative-layout-shift", ""),
           ("SI", "speed-index", "ms"))


@dataclass
class Result:
    page: str
    scores: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    losses: dict[str, list[str]] = field(default_factory=dict)  # category -> failing audits
    error: str = ""


def built_page(src: str) -> str:
    """`rekomendasi/index.md` -> `rekomendasi/`; `metode/penegakan.md` -> `metode/penegakan/`."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def choose_pages(docs: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """[(what, page in the default language)] to measure, and notes about skipped kinds."""
    sources = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
                     if language_of(p.name) == DEFAULT_LANGUAGE)
    notes, pages = [], [("home", "")]
    pages.append(("chart", "metode/penegakan/"))
    recommendations = [src for src in sources if src.startswith("rekomendasi/")]
    recommendation = next((src for src in recommendations if not src.endswith("index.md")),
                          recommendations[0] if recommendations else None)
    if recommendation:
        pages.append(("recommendation", built_page(recommendation)))
    else:
        notes.append("no recommendation page (docs/rekomendasi/) yet: skipped")
    if "referensi.md" in sources:
        pages.append(("references", "referensi/"))
    else:
        notes.append("no reference page (docs/referensi.md) yet: skipped")
    notebooks = [src for src in sources if read_front_matter(docs / src).get("notebook")]
    other = [src for src in notebooks if built_page(src) != "metode/penegakan/"]
    if notebooks:
        pages.append(("notebook", built_page((other or notebooks)[0])))
        if not other:
            notes.append("the only notebook page is the chart page; measured under both names")
    else:
        notes.append("no notebook page: skipped")
    return pages, notes


def every_page(site_dir: Path) -> list[str]:
    """Every default-language page of a built site (`""`, `metode/penegakan/`, ...): a folder
    with an index.html, outside the theme's assets, the search index and other languages."""
    skip = ("assets/", "pagefind/", *(f"{language}/" for language in LANGUAGES
                                      if language != DEFAULT_LANGUAGE))
    pages = [html.relative_to(site_dir).as_posix().removesuffix("index.html")
             for html in site_dir.rglob("index.html")]
    return sorted(page for page in pages if not page.startswith(skip))


def heaviest_page(site_dir: Path) -> str:
    """The default-language page whose HTML is largest once gzip-compressed, as served."""
    def size(page: str) -> int:
        return len(gzip.compress((site_dir / page / "index.html").read_bytes(), GZIP_LEVEL,
                                 mtime=0))
    return max(every_page(site_dir), key=size)


def run_lighthouse(url: str, node_modules: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    completed = subprocess.run(
        ["node", str(node_modules / "lighthouse" / "cli" / "index.js"), url,
         "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    if completed.returncode != 0 or not completed.stdout.strip():
        raise RuntimeError(completed.stderr.strip()[-1500:] or f"exit {completed.returncode}")
    return json.loads(completed.stdout)


def report_name(path: str) -> str:
    """`en/metode/penegakan/` -> `en-metode-penegakan.json`; the home page is `home.json`."""
    return (path.strip("/").replace("/", "-") or "home") + ".json"


def keep_report(folder: Path, path: str, report: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / report_name(path)).write_text(json.dumps(report, indent=1), encoding="utf-8")


def summarise(page: str, report: dict) -> Result:
    result = Result(page)
    for name in CATEGORIES:
        category = report["categories"][name]
        result.scores[name] = round((category["score"] or 0) * 100)
        losses = []
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                losses.append(f"{audit['title']}{value}")
        if losses:
            result.losses[name] = losses
    for label, audit_id, _ in METRICS:
        result.metrics[label] = report["audits"][audit_id]["numericValue"]
    return result


def median_run(reports: list[dict]) -> dict:
    """The report with the median performance score (the lower middle one of an even count);
    among equal scores, the one with the median Total Blocking Time."""
    def key(report: dict) -> tuple[float, float]:
        return (report["categories"]["performance"]["score"] or 0,
                -report["audits"]["total-blocking-time"]["numericValue"])
    return sorted(reports, key=key)[(len(reports) - 1) // 2]


def table(results: list[Result]) -> str:
    lines = ["| page | perf | a11y | best pr. | SEO | FCP | LCP | TBT | CLS | SI |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        if r.error:
            lines.append(f"| /{r.page} | error: {r.error.splitlines()[-1][:60]} |||||||||")
            continue
        scores = " | ".join(str(r.scores[c]) for c in CATEGORIES)
        lines.append(f"| /{r.page} | {scores} | {r.metrics['FCP'] / 1000:.2f} s | "
                     f"{r.metrics['LCP'] / 1000:.2f} s | {r.metrics['TBT']:.0f} ms | "
                     f"{r.metrics['CLS']:.3f} | {r.metrics['SI'] / 1000:.2f} s |")
    return "\n".join(lines)


def build_for(server: SiteServer, site_dir: Path) -> None:
    env = {**os.environ, "SITE_URL": server.url}
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.build", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    if completed.returncode != 0:
        raise SystemExit(f"The site did not build:\n{completed.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="an already built site (its site_url must match --port)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: free)")
    parser.add_argument("--pages", nargs="*", default=None,
                        help="default-language pages to measure (default: the key pages)")
    parser.add_argument("--all", action="store_true",
                        help="every page of the built site, in both languages")
    parser.add_argument("--runs", type=int, default=1,
                        help="measure each page this many times and keep its median run")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--reports", type=Path, default=None,
                        help="also keep each page's full Lighthouse report (JSON) in this folder")
    args = parser.parse_args(argv)
    node_modules = ensure_node_modules(ROOT)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if args.all and args.pages is not None:
        parser.error("--all and --pages choose pages in two ways: give one of them")
    if args.pages is None:
        chosen, notes = choose_pages(ROOT / "docs")
    else:
        chosen, notes = [("page", page) for page in args.pages], []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        site_dir = args.site_dir or Path(scratch) / "site"
        server = SiteServer(site_dir, base_path(configured_site_url()), port=args.port)
        if args.site_dir is None:
            print(f"Building the site for {server.url} ...", file=sys.stderr, flush=True)
            build_for(server, site_dir)
        if args.all:
            chosen, notes = [("page", page) for page in every_page(site_dir)], []
        elif args.pages is None:
            chosen.append(("heaviest", heaviest_page(site_dir)))
        server.start()
        results, seen = [], set()
        try:
            for what, page in chosen:
                for language in LANGUAGES:
                    path = page if language == DEFAULT_LANGUAGE else f"{language}/{page}"
                    if path in seen:
                        continue
                    seen.add(path)
                    print(f"Lighthouse: /{path} ({what}, {language}) ...", file=sys.stderr,
                          flush=True)
                    try:
                        report = median_run([run_lighthouse(server.url + path, node_modules)
                                             for _ in range(args.runs)])
                        if args.reports:
                            keep_report(args.reports, path, report)
                        results.append(summarise(path, report))
                    except (RuntimeError, KeyError, json.JSONDecodeError) as error:
                        results.append(Result(path, error=str(error) or type(error).__name__))
        finally:
            server.stop()
    print(table(results))
    for note in notes:
        print(f"Note: {note}")
    for r in results:
        for category, losses in r.losses.items():
            print(f"/{r.page} {category} {r.scores[category]}: " + "; ".join(losses))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=2))
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
