"""Every pass reads prose only, as the Markdown text model defines it.

Citations, figure and value placeholders, reference lists, the cite-this block, front matter
and the originality check; fast unit tests on small strings, no site is built.
"""

from __future__ import annotations

import pytest

from scripts.content import frontmatter
from scripts.figures import publish as figures
from scripts.figures.registry import PlaceholderError, Registry
from scripts.references import bibliography as references
from scripts.references import citations, cite_this
from scripts.tools import originality

BIB = r"""
@online{pp2021disiplin, author = {{Pemerintah}}, title = {Disiplin}, date = {2021-08-31},
  url = {https://example.org/pp}}
@online{rmol2021lewat, author = {{RMOL}}, title = {Lewat}, date = {2021-09-14},
  url = {https://example.org/rmol}}
"""


@pytest.fixture
def bib(tmp_path) -> references.Bibliography:
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "x.bib").write_text(BIB, encoding="utf-8")
    return references.load(tmp_path / "bib", tmp_path)


def cited(text: str) -> list[tuple[str, ...]]:
    return [citation.keys for citation in citations.find(text)]


# --- citations -------------------------------------------------------------------------------
def test_a_citation_followed_by_a_colon_is_a_citation(bib):
    text = ("Pasal 5 melarang PNS mendukung calon dengan tujuh cara "
            "[@pp2021disiplin; @rmol2021lewat]:\n\n1. ikut berkampanye;\n")
    assert cited(text) == [("pp2021disiplin", "rmol2021lewat")]
    html = citations.Renderer(bib, "en", "hukum.md").render(text, "docs/hukum.md")
    assert "[@" not in html and html.count('class="cite"') == 2
    assert "):\n\n1. ikut" in html


def test_a_link_reference_definition_is_not_a_citation():
    text = "See [the rule][@pp2021disiplin].\n\n[@pp2021disiplin]: https://example.org/pp\n"
    assert cited(text) == []


@pytest.mark.parametrize("code", [
    "    [@pp2021disiplin] and @rmol2021lewat\n",
    "```text\n```python\n[@pp2021disiplin] @rmol2021lewat\n```\n",
    "~~~~\n~~~\n[@pp2021disiplin] @rmol2021lewat\n~~~~\n",
    "Inline ``[@pp2021disiplin] ` @rmol2021lewat`` only.\n",
    "<!--\n[@pp2021disiplin] @rmol2021lewat\n-->\n",
    "<div>\n[@pp2021disiplin] @rmol2021lewat\n</div>\n",
])
def test_citations_in_code_comments_and_html_are_left_as_written(code, bib):
    text = "Intro.\n\n" + code
    assert cited(text) == []
    assert citations.Renderer(bib, "id", "a.md").render(text, "a.md") == text


def test_an_escaped_at_sign_in_prose_is_text_but_stays_as_written_in_code(bib):
    text = "Write \\@rmol2021lewat; or `\\@rmol2021lewat`.\n"
    html = citations.Renderer(bib, "id", "a.md").render(text, "a.md")
    assert html == "Write &#64;rmol2021lewat; or `\\@rmol2021lewat`.\n"


def test_scan_reports_the_page_line_after_front_matter(tmp_path, bib):
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: X\n---\n\n```\n[@nope2020x]\n```\n\nA [@pp2021disiplin;\n"
                    "@pp2021disiplinn].\n", encoding="utf-8")
    with pytest.raises(citations.CitationError) as raised:
        citations.scan([page], tmp_path, bib)
    assert str(raised.value).startswith("p.md:10: unknown citation key 'pp2021disiplinn'.")


def test_reference_lists_and_the_cite_this_block_are_placed_from_prose_only(bib):
    text = "```\n{{ references: cited }}\n{{ cite_this_site }}\n```\n"
    assert citations.fill_reference_lists(text, bib, "en", set(), "a.md") == text
    record = cite_this.load_record()
    assert cite_this.fill_cite_this_site(text, record, "T", "https://x.org/", "en") == text
    block = cite_this.fill_cite_this_site("{{ cite_this_site }}\n", record, "T", "https://x.org/",
                                          "en")
    assert 'class="cite-site"' in block
    filled = citations.fill_reference_lists("{{ references: other }}\n", bib, "en", set(), "a")
    assert filled.count('class="ref"') == 2


# --- figure and value placeholders -----------------------------------------------------------
def registry() -> Registry:
    result = Registry()
    result.add("value", {"id": "kasn2020_reported", "value": 2007.0, "kind": "integer",
                         "digits": 1, "meaning": {}, "unit": "asn_persons", "source_ids": []}, "a")
    html = {lang: f"<figure>{lang} {figures.REUSE_TOKEN}</figure>" for lang in ("id", "en")}
    svg = {lang: '<svg width="10" height="5"></svg>' for lang in ("id", "en")}
    result.add("figure", {"id": "enforcement_funnel", "html": html, "svg": svg,
                          "csv": "a\n1\n"}, "a")
    return result


def test_a_python_fence_line_inside_a_text_block_does_not_end_the_code():
    page = ("Guide:\n\n```text\n```python\n{{ value: kasn2020_reported }}\n"
            "{{ figure: nope }}\n```\n\nAfter {{ value: kasn2020_reported }}.\n")
    out = registry().substitute(page, "en", "guide.md")
    assert out == page.replace("After {{ value: kasn2020_reported }}", "After 2,007")


@pytest.mark.parametrize("code", [
    "    {{ value: nope }}\n    {{ figure: nope }}\n",
    "~~~~\n~~~\n{{ value: nope }}\n~~~~\n",
    "Inline ``{{ value: nope }}`` and ```{{ nilai: x }}```.\n",
    "<!-- {{ value: nope }} -->\n",
])
def test_placeholders_in_code_and_comments_stay_literal(code):
    text = "Intro.\n\n" + code
    assert registry().substitute(text, "id", "guide.md") == text


def test_values_inside_raw_html_are_still_filled():
    text = "<table><tr><td>{{ value: kasn2020_reported }}</td></tr></table>\n"
    assert "<td>2.007</td>" in registry().substitute(text, "id", "x.md")


def test_spaces_inside_the_braces_are_optional():
    assert registry().substitute("A {{value:kasn2020_reported}}.", "id", "x.md") == "A 2.007."


def test_lines_the_citation_hooks_fill_are_let_through():
    text = "{{ references: cited }}\n\n{{ cite_this_site }}\n"
    assert registry().substitute(text, "id", "x.md") == text


@pytest.mark.parametrize("text,message", [
    ("A\nB {{ nilai: x }} C", "guide.md:12: unknown placeholder `{{ nilai: x }}`. Use one of "
                              "`{{ figure: <id> }}`, `{{ value: <id> }}`, "
                              "`{{ references: <group> }}`, `{{ cite_this_site }}` (the "
                              "glossary page's list of terms is placed with `<!-- glossary -->`"
                              "), or put it in `code` to show it as text."),
    ("A\n{{ figure enforcement_funnel }}", "guide.md:12: `{{ figure enforcement_funnel }}` is "
                                           "not written as `{{ figure: <id> }}`. Write it so: "
                                           "the kind, a colon, then the id."),
    ("A\n{{ cite_this_site: x }}", "guide.md:12: `{{ cite_this_site: x }}` is not written as "
                                   "`{{ cite_this_site }}`."),
    ("A\nB {{ value: kasn2020_reported }", "guide.md:12: `{{` opens a placeholder that is not "
                                           "closed on the same line."),
    ("A\nSee {{ references: cited }} here", "guide.md:12: `{{ references: … }}` must stand on "
                                            "a line of its own"),
    ("\n\nA\nB {{ value: kasn2020_reportd }}", "guide.md:14: unknown value id "
                                               "`kasn2020_reportd`; nearest known id: "
                                               "`kasn2020_reported`"),
])
def test_unknown_or_broken_placeholders_name_the_line_and_the_fix(text, message):
    with pytest.raises(PlaceholderError) as raised:
        registry().substitute(text, "id", "guide.md", first_line=11)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


# --- front matter ----------------------------------------------------------------------------
def test_front_matter_with_windows_line_ends_is_read(tmp_path):
    page = tmp_path / "p.md"
    page.write_bytes(b"---\r\nnotebook: demo\r\n---\r\n\r\n# T\r\n")
    assert frontmatter.read_front_matter(page) == {"notebook": "demo"}


def test_a_yaml_error_names_the_line_of_the_page(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: ok\nnotebook: [x\n---\nBody\n", encoding="utf-8")
    with pytest.raises(frontmatter.FrontMatterError) as raised:
        frontmatter.read_front_matter(page, "docs/p.md")
    assert str(raised.value).startswith("docs/p.md:4: the front matter")


@pytest.mark.parametrize("value", [
    "<img src=x onerror=alert(1)>Judul <script>alert(2)</script>",
    '" onmouseover="alert(3)" x="<svg onload=alert(4)>',
    "' autofocus onfocus='alert(5)",
])
def test_front_matter_shown_as_text_cannot_run(value):
    shown = frontmatter.neutralise({"title": value})["title"]
    assert not any(c in shown for c in "<>\"'")


def test_script_addresses_in_front_matter_are_dropped_and_plain_text_kept():
    assert frontmatter.neutralise(["javascript:alert(1)", " java\tscript:x", "DATA:text/html,x"]) \
        == ["", "", ""]
    assert frontmatter.neutralise({"a": "Catatan: A & B", "b": 3, "c": True}) == \
        {"a": "Catatan: A &amp; B", "b": 3, "c": True}


# --- originality -----------------------------------------------------------------------------
def test_originality_skips_indented_code_and_comments_but_reads_html_text():
    paper = ("Para pegawai negeri sering ditekan oleh kepala daerah yang mencalonkan diri "
             "kembali dalam pemilihan.")
    copied = "ditekan oleh kepala daerah yang mencalonkan diri kembali dalam pemilihan"
    hashes = originality.fingerprint(paper)
    for page in (f"Intro.\n\n    {copied}\n", f"<!-- {copied} -->\n"):
        assert originality.shared_runs(page, "docs/x.md", hashes) == [], page
    runs = originality.shared_runs(f"---\na: b\n---\n<div>\n{copied}\n</div>\n", "x", hashes)
    assert [run.line for run in runs] == [5]
