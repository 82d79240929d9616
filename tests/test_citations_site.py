"""The built site: citations link and preview, reference pages, "cite this site", meta tags.

One build of the fixture project plus a page (both languages) that uses every citation form,
cites entries this file adds to the bibliography (among them one whose fields hold markup and
script, and four of the reviewed paper's own list), and has `{{ cite_this_site }}`. The
entries belong to this test, so editing the brief's bibliography cannot break it. The real
site's citation links are checked on the session build.
"""

# APA page ranges and title dashes are en dashes (U+2013) on purpose.

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
import pytest
import yaml

from scripts.references import bibliography as references
from scripts.references import citations
from tests.browser_support import no_script_ran
from tests.conftest import ROOT, add_to_nav, build_ok, copy_warm

SCHEMA = Path(__file__).parent / "data_citations" / "cff-schema-1.2.0.json"
# Four entries of the paper's own list (one with a correction note), a group author with a
# short name and an alias, and an entry whose fields hold markup and script.
ENTRIES = r"""
@online{kasn2021hasil,
  ids          = {kasn2021survei},
  author       = {{Komisi Aparatur Sipil Negara}},
  shortauthor  = {KASN},
  title        = {Hasil Survei {KASN}: Politisasi Birokrasi Terus Mengancam},
  titletranslation = {KASN survey results: Politicisation of the bureaucracy remains a threat},
  date         = {2021-12-16},
  url          = {https://www.kasn.go.id/id/publikasi/hasil-survei-kasn},
  urldate      = {2022-01-11},
  langid       = {indonesian},
  keywords     = {paper, official},
}

@article{birch2007electoral,
  author       = {Birch, S.},
  title        = {Electoral Systems and Electoral Misconduct},
  journal      = {Comparative Political Studies},
  volume       = {40},
  number       = {12},
  pages        = {1--24},
  year         = {2007},
  doi          = {10.1177/0010414006292886},
  langid       = {english},
  keywords     = {paper},
  correction   = {The paper prints pages 1--24, which looks like an online-first pagination.},
  koreksi      = {Makalah mencetak halaman 1--24, yang tampaknya penomoran versi daring awal.},
}

@article{meier1997bureaucracy,
  author       = {Meier, K. J.},
  title        = {Bureaucracy and Democracy: The Case for More Bureaucracy and Less Democracy},
  journal      = {Public Administration Review},
  volume       = {57},
  number       = {3},
  pages        = {193--199},
  year         = {1997},
  doi          = {10.2307/976648},
  langid       = {english},
  keywords     = {paper},
}

@article{kovalov2014electoral,
  author       = {Kovalov, M.},
  title        = {Electoral Manipulations and Fraud in Parliamentary Elections},
  journal      = {East European Politics and Societies},
  volume       = {28},
  number       = {4},
  pages        = {781--807},
  year         = {2014},
  doi          = {10.1177/0888325414545671},
  langid       = {english},
  keywords     = {paper},
}

@online{hostile2024test,
  author = {{<img src=x onerror=window.__pwned=1>}},
  title  = {<script>window.__pwned="t"</script> \{\{ value: x \}\} **b**},
  url    = {javascript:alert(1)},
  year   = {2024},
}
"""
FIXTURE = """# {title}

Bracket [@kasn2021hasil]. Two [@birch2007electoral; @meier1997bureaucracy]. Page
[@regif2023penyalahgunaan, p. 40]. Narrative @kovalov2014electoral here. Hostile
[@hostile2024test]. Again [@kasn2021hasil]. Not a citation: humas@kasn2021.go.id and
`[@nothing2020here]`.

{{{{ cite_this_site }}}}
"""
class Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.cite_links: list[str] = []
        self._in_cite = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("aria-describedby") or "").startswith("cite-tip-"):
            self.cite_links.append(attrs["href"])


def parse(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def build(warm_fixture, tmp_path_factory):
    project = copy_warm(warm_fixture, tmp_path_factory.mktemp("cite") / "project")
    with (project / "bib" / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write(ENTRIES)
    (project / "docs" / "kutipan-uji.md").write_text(FIXTURE.format(title="Uji kutipan"))
    (project / "docs" / "kutipan-uji.en.md").write_text(FIXTURE.format(title="Citation test"))
    # The paper's list is placed on the reference page, as on the real one.
    for name, heading in (("referensi.md", "Daftar pustaka makalah"),
                          ("referensi.en.md", "The paper's reference list")):
        page = project / "docs" / name
        page.write_text(page.read_text(encoding="utf-8")
                        + f"\n## {heading} {{#paper}}\n\n{{{{ references: paper }}}}\n")
    add_to_nav(project, "kutipan-uji.md")
    result = build_ok(project)
    bibliography = references.load(project / "bib", project)
    sources = [*(project / "docs").rglob("*.md"), *(project / "notebooks").glob("*.md")]
    return project, result.site, bibliography, citations.scan(sources, project, bibliography)


def pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name == "index.html"]


def test_citation_file_is_schema_valid():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    record = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(record)] == []
    broken = {**record, "authors": [{"nickname": 5}]}
    assert list(validator.iter_errors(broken)), "the schema check must be able to fail"


def test_every_citation_link_of_the_fixture_reaches_an_anchor(build):
    assert_citation_links_reach_anchors(build[1])


def test_every_citation_link_of_the_real_site_reaches_an_anchor(built_site):
    assert_citation_links_reach_anchors(built_site)


def assert_citation_links_reach_anchors(site: Path) -> None:
    anchors: dict[Path, set[str]] = {}  # each target page is read once, not once per link
    checked = 0
    for page in pages(site):
        for href in parse(page).cite_links:
            target = urlsplit(urljoin(page.relative_to(site).as_posix(), href))
            path = site / unquote(target.path)
            path = path / "index.html" if target.path.endswith("/") else path
            assert path.is_file(), f"{page}: {href}"
            if path not in anchors:
                anchors[path] = parse(path).ids
            assert target.fragment in anchors[path], f"{page}: {href}"
            # a citation on an English page points at the English reference page
            assert ("/en/" in f"/{page.relative_to(site)}") == path.is_relative_to(site / "en")
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("language", ["id", "en"])
def test_reference_page_lists_cited_and_paper_entries(build, language):
    _, site, bibliography, cited = build
    page = site / ("en/referensi/index.html" if language == "en" else "referensi/index.html")
    html = page.read_text(encoding="utf-8")
    ids = parse(page).ids
    assert {f"ref-{key}" for key in cited} <= ids
    assert {f"ref-{key}" for key in bibliography.entries} <= ids  # every entry, one anchor
    paper = re.search(r'data-group="paper">(.*?)</div>', html, re.S).group(1)
    # The paper's list: every entry of its group once, each with its correction note, if any.
    group = [e for e in bibliography.entries.values()
             if citations.group_of(e, cited) == "paper"]
    assert group and paper.count('<p class="ref"') == len(group)
    field = "correction" if language == "en" else "koreksi"
    for entry in group:
        shown = re.search(rf'<p class="ref" id="ref-{entry.key}">(.*?)</p>', paper, re.S)
        assert shown, entry.key
        if entry.get(field):
            assert 'class="ref-note"' in shown.group(1), f"{entry.key}: correction not shown"


@pytest.mark.parametrize(("language", "prefix", "expected"), [
    ("id", "", ['href="../referensi/#ref-birch2007electoral"', ">Birch, 2007</a>",
                ">Regif &amp; Pattipeilohy, 2023, hlm. 40</a>", ">Kovalov (2014)</a>",
                ">Komisi Aparatur Sipil Negara &#91;KASN&#93;, 2021</a>", ">KASN, 2021</a>"]),
    ("en", "en/", ['href="../referensi/#ref-birch2007electoral"',
                   ">Regif &amp; Pattipeilohy, 2023, p. 40</a>", ">Kovalov (2014)</a>",
                   "&#91;Misuse of the role of the state civil apparatus"]),
])
def test_fixture_page_citations(build, language, prefix, expected):
    _, site, _, _ = build
    html = (site / prefix / "kutipan-uji" / "index.html").read_text(encoding="utf-8")
    for piece in expected:
        assert piece in html
    assert "humas@kasn2021.go.id" in html and "<code>[@nothing2020here]</code>" in html
    # the full reference is there for hover and focus, and the CSS that shows it
    assert 'role="tooltip"' in html and ".cite>a:focus+.cite-tip{display:block}" in html


def test_hostile_fields_are_shown_as_text(build):
    _, site, _, _ = build
    for page in (site / "kutipan-uji/index.html", site / "referensi/index.html"):
        html = page.read_text(encoding="utf-8").replace("&#95;", "_")  # tooltips: md-safe _
        assert "&lt;script&gt;window.__pwned" in html
        assert "&lt;img src=x onerror=window.__pwned=1&gt;" in html
        assert "<img src=x" not in html and "<script>window" not in html
        assert 'href="javascript:' not in html
        assert "&#123;&#123; value: x &#125;&#125;" in html  # not read as a placeholder


def site_names(project: Path) -> dict[str, str]:
    """Each language's site name as mkdocs.yml gives it (the default first, then i18n's)."""
    config = (project / "mkdocs.yml").read_text("utf-8")
    names = re.findall(r"^\s*site_name: (.+)$", config, re.M)
    return {"": names[0], "en/": names[1]}


@pytest.mark.parametrize(("prefix", "words"), [("", "Ringkasan kebijakan daring"),
                                               ("en/", "Online policy brief")])
def test_cite_this_site_in_both_languages(build, prefix, words):
    project, site, _, _ = build
    title = escape(site_names(project)[prefix])
    html = (site / prefix / "kutipan-uji" / "index.html").read_text(encoding="utf-8")
    record = yaml.safe_load((project / "CITATION.cff").read_text(encoding="utf-8"))
    author = record["authors"][0]["name"]
    apa = re.search(r'<p class="cite-site">(.*?)</p>', html, re.S).group(1)
    apa = re.sub(r"</?abbr[^>]*>", "", apa)  # the glossary hook may mark terms
    assert f"{author}. ({record['date-released'][:4]}). <em>{title}</em>" in apa
    assert f"[{words}]" in apa
    assert "@online" in html and f"{{{{{author}}}}}" in html  # BibTeX, group author braced


def test_every_page_has_citation_meta_tags(build):
    project, site, _, _ = build
    record = yaml.safe_load((project / "CITATION.cff").read_text(encoding="utf-8"))
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        language = "en" if page.relative_to(site).parts[0] == "en" else "id"
        for name in ("citation_title", "citation_author", "citation_publication_date"):
            assert f'<meta name="{name}" content="' in head, f"{page}: {name}"
        assert f'<meta name="citation_language" content="{language}">' in head, page
        assert record["date-released"].replace("-", "/") in head



# Playwright's sync API refuses to start while another test's browser session runs in this
# process (tests/browser keeps one open), so the browser checks run in a child process.
HOVER_AND_FOCUS = """
import json, sys
from playwright.sync_api import sync_playwright
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS
out = {}
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(sys.argv[1])
    link = page.locator(".cite > a").nth(1)
    tip = page.locator("#" + link.get_attribute("aria-describedby"))
    out["text"] = tip.inner_text()
    out["before"] = tip.is_visible()
    link.hover()
    out["hover"] = tip.is_visible()
    page.mouse.move(0, 0)
    out["after_hover"] = tip.is_visible()
    out["tabs"] = None
    for count in range(1, 301):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-describedby')") \\
                == link.get_attribute("aria-describedby"):
            out["tabs"] = count
            break
    out["focus"] = tip.is_visible()
    out["box"] = tip.bounding_box()
    browser.close()
print(json.dumps(out))
"""


def in_browser(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.browser
def test_hostile_fields_run_no_script_in_a_browser(build):
    _, site, _, _ = build
    pages_ = [site / "kutipan-uji/index.html", site / "referensi/index.html"]
    assert no_script_ran(pages_) == {}


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_full_reference_shows_on_hover_and_on_keyboard_focus(build, prefix):
    _, site, _, _ = build
    seen = in_browser(HOVER_AND_FOCUS, (site / prefix / "kutipan-uji" / "index.html").as_uri())
    assert "Electoral Systems and Electoral Misconduct" in seen["text"]
    assert (seen["before"], seen["hover"], seen["after_hover"]) == (False, True, False)
    assert seen["tabs"] is not None, "the citation link is not reachable with Tab"
    assert seen["focus"] is True
    box = seen["box"]
    assert box["width"] > 100 and box["x"] >= 0 and box["x"] + box["width"] <= 1280
