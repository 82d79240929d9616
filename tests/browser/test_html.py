"""The Nu Html Checker (vnu-jar from npm) finds no error in any built page, both languages.

All pages go to one `java` invocation: the checker's start-up costs far more than a page.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

# One short run: the quick compiler alone and the serial collector halve its CPU time (the
# optimising compiler never pays off in a few seconds). With the quick compiler the HTML
# schema needs a deeper stack than Java's default; the checker itself asks for 512k.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m")


def test_nu_html_checker_finds_no_errors(served_site, node_modules):
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu Html Checker needs Java 11+ (Debian: apt-get install default-jre)")
    vnu = node_modules / "vnu-jar" / "build" / "dist" / "vnu.jar"
    files = sorted(served_site.site_dir.rglob("*.html"))
    pages = [served_site.site_dir / page / "index.html" for page in served_site.pages]
    assert set(pages) <= set(files) and len(files) > len(pages), "404.html missing?"
    completed = subprocess.run(
        [java, *JVM_OPTIONS, "-jar", str(vnu), "--errors-only", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(completed.stderr or completed.stdout)
    errors = [
        f"{m.get('url', '?').rsplit(str(served_site.site_dir), 1)[-1]}:{m.get('lastLine', '?')}: "
        f"{m['message']}"
        for m in report["messages"] if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors)
    assert completed.returncode == 0, completed.stderr[-2000:]
