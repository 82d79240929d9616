"""The Lighthouse benchmark's choice of pages (`scripts/tools/lighthouse.py`); the scores
themselves are a benchmark, not a test."""

from __future__ import annotations

from pathlib import Path

from scripts.tools.lighthouse import choose_pages, every_page, heaviest_page


def test_all_finds_every_default_language_page_and_nothing_else(tmp_path):
    for folder in ("", "referensi/", "metode/penegakan/", "en/", "en/referensi/",
                   "assets/x/", "pagefind/"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("<p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>", encoding="utf-8")
    assert every_page(tmp_path) == ["", "metode/penegakan/", "referensi/"]


def test_key_pages_include_the_reference_page():
    docs = Path(__file__).parents[1] / "docs"
    pages, _ = choose_pages(docs)
    assert ("references", "referensi/") in pages and ("home", "") in pages


def test_heaviest_page_is_the_largest_after_gzip(tmp_path):
    import random

    noise = random.Random(1).randbytes(3000).hex()  # barely compresses
    for folder, text in (("", "a" * 50_000), ("metode/x/", noise), ("en/y/", noise * 3)):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text(text, encoding="ascii")
    # The run of one letter is larger on disk but smaller once compressed. The English page
    # is left out: the benchmark measures each chosen page in both languages anyway.
    assert heaviest_page(tmp_path) == "metode/x/"


def test_summary_reads_every_metric_and_names_what_cost_points(tmp_path):
    from scripts.tools.lighthouse import CATEGORIES, METRICS, keep_report, summarise, table

    values = {"first-contentful-paint": 1540.0, "largest-contentful-paint": 1600.0,
              "total-blocking-time": 120.0, "cumulative-layout-shift": 0.002,
              "speed-index": 2470.0}
    audits = {audit: {"numericValue": value, "score": 0.9, "title": audit,
                      "displayValue": f"{value}"}
              for audit, value in values.items()}
    report = {"audits": audits, "categories": {
        name: {"score": 1.0 if name != "performance" else 0.97,
               "auditRefs": [{"id": audit, "weight": 10} for audit in values]
               if name == "performance" else []}
        for name in CATEGORIES}}
    result = summarise("en/referensi/", report)
    assert {label for label, _, _ in METRICS} == set(result.metrics)
    assert result.scores["performance"] == 97 and "seo" not in result.losses
    assert len(result.losses["performance"]) == len(values)
    assert "| /en/referensi/ | 97 | 100 | 100 | 100 | 1.54 s | 1.60 s | 120 ms | 0.002 | " \
           "2.47 s |" in table([result])
    keep_report(tmp_path / "reports", "en/referensi/", report)
    keep_report(tmp_path / "reports", "", report)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "en-referensi.json", "home.json"]


def test_runs_keep_the_median_run_of_a_page():
    from scripts.tools.lighthouse import median_run

    def report(score: float, tbt: float) -> dict:
        return {"categories": {"performance": {"score": score}},
                "audits": {"total-blocking-time": {"numericValue": tbt}}}

    runs = [report(0.99, 90), report(0.92, 350), report(1.0, 0)]
    assert median_run(runs) is runs[0]
    # An even count keeps the lower middle run, so a lucky run never stands for the page.
    assert median_run([*runs, report(1.0, 10)]) is runs[0]
    # Equal scores: the run with the median blocking time.
    same = [report(0.99, 120), report(0.99, 80), report(0.99, 100)]
    assert median_run(same) is same[2]
    assert median_run([runs[1]]) is runs[1]
