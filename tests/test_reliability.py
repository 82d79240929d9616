"""Reliability: reproducible bytes, independent concurrent builds, clean interruption,
and front matter that cannot run script in a reader's browser."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import (
    EPOCH,
    add_notebook,
    copy_warm,
    differing_files,
    fixture_copy,
    run_build,
    served_env,
    staging_folders,
)

SLOW_NOTEBOOK = """
+++ {"tags": ["lang-id"]}

# Lambat

+++ {"tags": ["lang-en"]}

# Slow

```{code-cell} ipython3
import pathlib
import time
pathlib.Path("slow-cell-started").touch()  # tells the test the build is midway
time.sleep(30)
```
"""


def test_a_cold_build_and_a_build_from_the_cache_are_byte_identical(warm_fixture, tmp_path):
    """Same sources, same date: the same bytes, whether notebooks ran or came from the cache."""
    env = {**os.environ, **EPOCH}
    cold = fixture_copy(tmp_path / "cold")
    warm = copy_warm(warm_fixture, tmp_path / "warm")
    results = [run_build(project, project / "site", env=env) for project in (cold, warm)]
    assert [r.returncode for r in results] == [0, 0], [r.output[-2000:] for r in results]
    assert "Notebook notebooks/kasus.md: executed" in results[0].stderr
    assert "Notebook notebooks/kasus.md: from cache" in results[1].stderr
    assert differing_files(cold / "site", warm / "site") == []


def test_the_real_site_rebuilds_byte_identical_from_its_cache(served_site, tmp_path):
    """The whole brief (every chart kind, both languages), rebuilt from the session build's
    cache with the same date and address, gives the same bytes."""
    project = copy_warm(served_site.site_dir.parent, tmp_path / "project")
    result = run_build(project, project / "site", env=served_env(served_site.server))
    assert result.returncode == 0, result.output[-3000:]
    states = {line.rsplit(": ", 1)[1] for line in result.stderr.splitlines()
              if "Notebook notebooks/" in line}
    assert states == {"from cache"}
    assert differing_files(served_site.site_dir, project / "site") == []


def test_concurrent_builds_in_separate_checkouts_do_not_interfere(tmp_path):
    """Two cold builds at once: each fills its own cache and writes only inside its checkout."""
    projects = [fixture_copy(tmp_path / name) for name in ("one", "two")]
    before = set(tmp_path.iterdir())
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "scripts.build", "--site-dir", str(p / "site")],
            cwd=p, env={**os.environ, **EPOCH}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for p in projects
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    # Only the failing build's last lines: the whole log would hide its error when cut short.
    failures = [
        "\n".join(stderr.splitlines()[-15:])
        for process, (_, stderr) in zip(processes, outputs, strict=True) if process.returncode
    ]
    assert failures == []
    # Both really ran their notebook (no shared cache), at the same time.
    assert all("notebooks/kasus.md: executed" in stderr for _, stderr in outputs)
    assert differing_files(projects[0] / "site", projects[1] / "site") == []
    assert set(tmp_path.iterdir()) == before, "a build wrote outside its checkout"
    for project in projects:
        assert (project / ".cache" / "notebooks" / "kasus.json").is_file()


def start_slow_build(project: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.build", "--site-dir", str(project / "site")],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # Wait until the slow cell is running, i.e. the build is midway.
    started = project / "slow-cell-started"
    deadline = time.monotonic() + 120
    while not started.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "the slow cell never started"
    assert process.poll() is None, "the build ended before it could be interrupted"
    return process


# Ctrl-C (SIGINT to the whole process group) is tested in test_interrupts.py.
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGTERM", "SIGKILL"])
def test_interrupted_build_keeps_the_old_site_and_a_usable_cache(small_project, stop_signal):
    site = small_project / "site"
    home_before = (site / "index.html").read_bytes()
    add_notebook(small_project, "slow", SLOW_NOTEBOOK)

    process = start_slow_build(small_project)
    process.send_signal(stop_signal)
    _, stderr = process.communicate(timeout=60)
    if stop_signal != signal.SIGKILL:  # a killed process cannot clean up; the next build does
        assert process.returncode == 130
        assert "Build interrupted" in stderr and "Traceback" not in stderr
        assert staging_folders(small_project) == [], "staging folder left behind"
    assert (site / "index.html").read_bytes() == home_before

    # The next build (with the slow cell made quick) cleans up and succeeds from the cache.
    notebook = small_project / "notebooks" / "slow.md"
    notebook.write_text(notebook.read_text().replace("time.sleep(30)", "time.sleep(0)"))
    result = run_build(small_project, site)
    assert result.returncode == 0, result.output
    assert "notebooks/kasus.md: from cache" in result.stderr
    assert staging_folders(small_project) == []


HOSTILE_FRONT_MATTER = """---
title: "<img src=x onerror=window.__pwned=1>Judul <script>window.__pwned=2</script>"
description: "\\" onmouseover=\\"window.__pwned=3\\" x=\\"<svg onload=window.__pwned=4>"
---
"""


@pytest.mark.browser
def test_hostile_front_matter_is_shown_as_text_never_run(small_project):
    from tests.browser_support import no_script_ran

    project = small_project
    for name in ("referensi.md", "referensi.en.md"):
        page = project / "docs" / name
        page.write_text(HOSTILE_FRONT_MATTER + page.read_text(encoding="utf-8"), "utf-8")
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.output
    # The title also reaches the navigation of every other page.
    pages = [project / "site" / "referensi" / "index.html",
             project / "site" / "en" / "referensi" / "index.html",
             project / "site" / "index.html"]
    assert no_script_ran(pages) == {}


HOSTILE = "<img src=x onerror=window.__pwned=5><script>window.__pwned=6</script>"
HOSTILE_NOTEBOOK = """
+++ {"tags": ["lang-id"]}

# Uji konten berbahaya

+++ {"tags": ["lang-en"]}

# Hostile content test

```{code-cell} ipython3
import pandas as pd

from scripts.figures import kit as figure_kit
from scripts.figures.publish import Column, publish_figure

HOSTILE = HOSTILE_TEXT
data = pd.DataFrame({"label": [HOSTILE, "aman"], "value": [3, 2],
                     "source_id": ["detik_2021_12_16"] * 2, "confidence": ["high"] * 2})
publish_figure(
    "hostile_chart",
    chart=lambda language: figure_kit.bars(data, label="label", value="value", title=HOSTILE,
                                           axis_title=HOSTILE),
    alt_text={"id": HOSTILE, "en": HOSTILE},
    title={"id": "Judul " + HOSTILE, "en": "Title " + HOSTILE},
    data=data,
    columns=[Column("label", {"id": "Label", "en": "Label"}),
             Column("value", {"id": "Nilai", "en": "Value"})],
)
```
""".replace("HOSTILE_TEXT", repr(HOSTILE))


@pytest.mark.browser
def test_hostile_csv_labels_and_chart_titles_are_text_never_run(project):
    """Script in a CSV label, a chart title or alt text is shown as text in every place."""
    from tests.browser_support import no_script_ran

    survey = project / "notebooks" / "data" / "survey_kasn_2021.csv"
    text = survey.read_text(encoding="utf-8")
    for label in ("Ikatan persaudaraan", "Family/kinship ties"):
        assert label in text, "the fixture's anchor row has moved"
        text = text.replace(label, f"{label} {HOSTILE.replace(',', ' ')}", 1)
    survey.write_text(text, encoding="utf-8")
    add_notebook(project, "hostile", HOSTILE_NOTEBOOK)
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.output
    site = project / "site"
    pages = [site / "metode" / "hostile" / "index.html", site / "en" / "metode" / "hostile" /
             "index.html", site / "metode" / "sebab" / "index.html",
             site / "en" / "metode" / "sebab" / "index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "&lt;img src=x onerror" in html, f"{page}: the hostile text is not shown as text"
        assert "<img src=x" not in html and "<script>window.__pwned" not in html, page
    assert no_script_ran(pages) == {}
