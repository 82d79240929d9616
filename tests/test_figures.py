"""Figures and values: placeholders, locale formats, errors, and what each figure carries.

Unit tests drive `scripts.figures.registry` directly; the rest read the real built site
(`built_site`, built once per session) or build a private copy after an edit.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from scripts.figures import publish as figures
from scripts.figures import registry as figures_registry
from scripts.figures.registry import PlaceholderError, Registry

from .conftest import run_build

# The contract's minimum value ids, with the facts they carry (facts.md §2.1, §2.6, §2.3).
CONTRACT_VALUES = {
    "kasn2020_reported": ("2.007", "2,007"), "kasn2020_proven": ("1.588", "1,588"),
    "kasn2020_sanctioned": ("1.365", "1,365"), "kasn2020_not_proven": ("311", "311"),
    "kasn2020_pending": ("223", "223"), "kasn2020_proven_rate": ("79,1%", "79.1%"),
    "kasn2020_sanctioned_rate": ("86,0%", "86.0%"), "survey_respondents": ("10.617", "10,617"),
    "survey_cause_kinship": ("50,76%", "50.76%"), "survey_cause_career": ("49,72%", "49.72%"),
    "survey_remove_vote_pilkada": ("51,16%", "51.16%"), "pattiro2019_cases": ("67", "67"),
    "kasn2024_revised_reported": ("2.034", "2,034"),
    "kasn2024_revised_proven": ("1.597", "1,597"),
    "kasn2024_revised_sanctioned": ("1.450", "1,450"),
}


def registry() -> Registry:
    result = Registry()
    result.add("value", {"id": "kasn2020_reported", "value": 2007.0, "kind": "integer",
                         "digits": 1, "meaning": {}, "unit": "asn_persons", "source_ids": []}, "a")
    result.add("value", {"id": "survey_cause_kinship", "value": 50.76, "kind": "percent",
                         "digits": 2, "meaning": {}, "unit": "%", "source_ids": []}, "a")
    html = {lang: f"<figure>{lang} <a href=\"{figures.CSV_HREF_TOKEN}\">csv</a></figure>"
            for lang in ("id", "en")}
    result.add("figure", {"id": "enforcement_funnel", "html": html, "csv": "a\n1\n"}, "a")
    return result


def test_values_take_the_page_locale():
    text = "Dari {{ value: kasn2020_reported }} ASN, {{value:survey_cause_kinship}}."
    assert registry().substitute(text, "id", "x.md") == "Dari 2.007 ASN, 50,76%."
    assert registry().substitute(text, "en", "x.md") == "Dari 2,007 ASN, 50.76%."


def test_a_figure_line_becomes_the_figure_with_its_csv_link():
    page = "Intro\n\n{{ figure: enforcement_funnel }}\n\nAfter"
    out = registry().substitute(page, "en", "x.md", csv_href=lambda fid: f"../{fid}.csv")
    assert '<figure>en <a href="../enforcement_funnel.csv">csv</a></figure>' in out
    assert "{{" not in out


def test_code_keeps_its_placeholders_so_the_guide_can_show_them():
    page = ("Write `{{ value: kasn2020_reported }}` or:\n\n```markdown\n"
            "{{ figure: nope }}\n{{ value: nope }}\n```\n")
    assert registry().substitute(page, "id", "guide.md") == page


@pytest.mark.parametrize("text,message", [
    ("A\nB {{ value: kasn2020_reportd }}", "guide.md:12: unknown value id `kasn2020_reportd`; "
                                           "nearest known id: `kasn2020_reported`"),
    ("A\n{{ figure: enforcement_funel }}", "guide.md:12: unknown figure id `enforcement_funel`; "
                                           "nearest known id: `enforcement_funnel`"),
    ("A\nSee {{ figure: enforcement_funnel }} here", "guide.md:12: `{{ figure: … }}` must "
                                                     "stand on a line of its own"),
])
def test_placeholder_errors_name_file_line_id_and_nearest(text, message):
    with pytest.raises(PlaceholderError) as raised:
        registry().substitute(text, "id", "guide.md", first_line=11)
    assert message in str(raised.value)


def test_two_notebooks_cannot_publish_one_id():
    with pytest.raises(PlaceholderError, match=r"already published by notebooks/a\.md"):
        registry().add("value", {"id": "kasn2020_reported"}, "b")


@pytest.mark.parametrize("language", ["id", "en"])
def test_values_page_lists_the_contract_ids(built_site, language):
    catalogue = built(built_site, "nilai", language)
    index = 0 if language == "id" else 1
    for value_id, shown in CONTRACT_VALUES.items():
        row = re.search(rf"<td><code>{value_id}</code></td>(.*?)</tr>", catalogue, re.DOTALL)
        assert row and f"<td>{shown[index]}</td>" in row.group(1), (language, value_id)


def built(site: Path, page: str, language: str) -> str:
    prefix = "" if language == "id" else "en/"
    return (site / prefix / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["id", "en"])
def test_evidence_page_shows_every_value_in_its_locale(built_site, language):
    page = built(built_site, "bukti", language)
    assert "{{" not in page, "an unreplaced placeholder reached the page"
    index = 0 if language == "id" else 1
    for value_id in ("kasn2020_reported", "kasn2020_proven_rate", "survey_cause_kinship"):
        assert CONTRACT_VALUES[value_id][index] in page, (language, value_id)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_figure_has_alt_text_table_download_and_source(built_site, language):
    page_html = built(built_site, "bukti", language)
    blocks = re.findall(r'<figure class="brief-figure".*?</figure>', page_html, re.DOTALL)
    assert len(blocks) >= 8
    words = {"id": ("Sumber:", "keyakinan", "Unduh data (CSV)", "Tabel data"),
             "en": ("Source:", "confidence", "Download the data (CSV)", "Data table")}[language]
    for block in blocks:
        alt = re.search(r'role="img" aria-label="([^"]{40,})"', block)
        assert alt, "alt text stating the finding"
        assert "<svg" in block and "<table>" in block and '<th scope="col">' in block
        assert all(word in block for word in words), block[:200]


def test_chart_svg_and_prose_use_the_locale_number_format(built_site):
    indonesian, english = built(built_site, "bukti", "id"), built(built_site, "bukti", "en")
    assert ">2.007</text>" in indonesian and ">2,007</text>" in english
    assert ">50,76%</text>" in indonesian and ">50.76%</text>" in english
    assert "Desember 2021" in indonesian and "December 2021" in english


@pytest.mark.parametrize("language", ["id", "en"])
def test_csv_links_resolve_to_files_the_site_serves(built_site, language):
    prefix = "" if language == "id" else "en/"
    page_url = f"http://site/{prefix}bukti/"
    links = re.findall(r'<a href="([^"]+\.csv)" download', built(built_site, "bukti", language))
    assert links
    for href in links:
        target = urljoin(page_url, href).removeprefix("http://site/")
        served = built_site / target
        assert served.is_file(), f"{href} from {page_url} is not served"
        with served.open(encoding="utf-8") as handle:
            assert {"source_id", "confidence"} <= set(next(csv.reader(handle)))


def test_an_unknown_value_id_in_a_page_fails_the_build(project):
    page = project / "docs" / "bukti.en.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "A typo: {{ value: kasn2020_reportd }}.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_build(project, project / "site")
    assert result.returncode != 0 and "Traceback" not in result.output
    assert ("docs/bukti.en.md:4: unknown value id `kasn2020_reportd`; nearest known id: "
            "`kasn2020_reported`") in result.stderr


@pytest.mark.parametrize("markdown_start", ["\nhello", "hello"])
def test_error_lines_count_the_front_matter(markdown_start):
    from scripts.mkdocs_adapter.hooks import _first_line

    source = "---\nnotebook: x\n---\n\nhello\n\nA typo\n"
    markdown = source.split("---\n", 2)[2]
    markdown = markdown if markdown_start.startswith("\n") else markdown.lstrip("\n")
    typo_line = markdown.split("\n").index("A typo")
    assert _first_line(source, markdown) + typo_line == 7


def test_publish_value_refuses_bad_input():
    meaning = {"id": "arti", "en": "meaning"}
    with pytest.raises(ValueError, match="snake_case"):
        figures.publish_value("Bad-Id", 1, kind="integer", meaning=meaning, unit="x",
                              source_ids=["detik_2021_12_16"])
    with pytest.raises(ValueError, match="every language"):
        figures.publish_value("ok_id", 1, kind="integer", meaning={"id": "arti"}, unit="x",
                              source_ids=["detik_2021_12_16"])
    with pytest.raises(KeyError, match="detik_2099"):
        figures.publish_value("ok_id", 1, kind="integer", meaning=meaning, unit="x",
                              source_ids=["detik_2099"])


def test_a_figure_needs_its_provenance_columns():
    import pandas as pd

    data = pd.DataFrame({"label": ["a"], "value": [1]})
    with pytest.raises(ValueError, match="source_id"):
        figures.publish_figure("x", chart=lambda language: {}, alt_text={"id": "a", "en": "a"},
                               title={"id": "t", "en": "t"}, data=data, columns=[])


def test_source_note_names_publisher_date_and_weakest_confidence():
    import pandas as pd

    data = pd.DataFrame({"source_id": ["detik_2021_12_16", "detik_2021_12_16"],
                         "confidence": ["high", "medium"]})
    assert figures.source_line(data, "id") == (
        "Sumber: detikNews, 16 Desember 2021 (keyakinan: sedang)")
    assert figures.source_line(data, "en") == (
        "Source: detikNews, 16 December 2021 (confidence: medium)")


def test_errors_on_notebook_pages_point_at_the_notebook_line(tmp_path):
    notebook = tmp_path / "notebooks" / "demo.md"
    notebook.parent.mkdir()
    notebook.write_text("# Demo\n\nText\n\nSee {{ value: kasn2020_reportd }} here.\n")
    where = "notebooks/demo.md (shown on docs/metode/demo.md)"
    with pytest.raises(PlaceholderError) as raised:
        registry().substitute("# Demo\n\nrendered\n\nSee {{ value: kasn2020_reportd }}", "id",
                              where)
    message = figures_registry.locate_in_source(str(raised.value), where, notebook)
    assert message.startswith("notebooks/demo.md:5: unknown value id `kasn2020_reportd`")
