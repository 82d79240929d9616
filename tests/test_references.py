"""The bibliography: loading and checking `bib/*.bib`, and APA 7 output in both languages."""

# APA page ranges and title dashes are en dashes (U+2013) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scripts.references import bibliography as references
from scripts.references.apa import Styler, ordered, sort_key

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = r"""
@article{gonzalez2020etica,
  author  = {Gonz{\'a}lez, Mar{\'\i}a Jos{\'e} and M{\"u}ller, Jean-Paul and Doe, J. and Roe, R.},
  title   = {{\'E}tica P{\'u}blica -- A Review},
  journal = {Journal of Tests},
  volume  = {3},
  number  = {2},
  pages   = {10--20},
  year    = {2020},
  doi     = {10.1234/abc.5},
  langid  = {english},
}
@online{kasn2021hasil,
  author      = {{Komisi Aparatur Sipil Negara}},
  shortauthor = {KASN},
  title       = {Hasil Survei},
  titletranslation = {Survey results},
  date        = {2021-12-16},
  url         = {https://www.kasn.go.id/x?a=1&b=2},
  urldate     = {2022-01-11},
  langid      = {indonesian},
}
@online{bawaslu2020undated,
  author  = {{Bawaslu}},
  title   = {Tanpa Tanggal},
  url     = {https://bawaslu.go.id/y},
  urldate = {2026-11-27},
}
@incollection{aspinall2015money,
  author    = {Aspinall, E.},
  editor    = {Case, W. C.},
  title     = {Money Politics},
  booktitle = {Handbook},
  pages     = {299--313},
  publisher = {Routledge},
  year      = {2015},
}
@book{setiyono2016birokrasi,
  author    = {Setiyono, B.},
  title     = {Birokrasi dalam Perspektif Politik \& Administrasi},
  publisher = {Nuansa Cendekia},
  year      = {2016},
}
@legislation{uu2023aparatur,
  title      = {Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara},
  shorttitle = {UU 20/2023},
  titletranslation = {Law No. 20 of 2023 on the State Civil Apparatus},
  date       = {2023-10-31},
  langid     = {indonesian},
}
@article{regif2023a, author = {Regif, S. Y. and Pattipeilohy, A.}, title = {Beta},
  journal = {J}, year = {2023}}
@article{regif2023b, author = {Regif, S. Y. and Pattipeilohy, A.}, title = {Alpha},
  journal = {J}, year = {2023}}
"""


def load_text(tmp_path: Path, text: str, name: str = "test.bib") -> references.Bibliography:
    folder = tmp_path / "bib"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return references.load(folder, tmp_path)


@pytest.fixture
def bib(tmp_path) -> references.Bibliography:
    return load_text(tmp_path, SAMPLE)


def test_latex_is_decoded_and_names_split(bib):
    entry = bib.entries["gonzalez2020etica"]
    assert entry.get("title") == "Ética Pública – A Review"
    assert [n.family for n in entry.authors] == ["González", "Müller", "Doe", "Roe"]
    assert entry.authors[0].given == "María José"


def test_corporate_author_is_kept_whole(bib):
    (author,) = bib.entries["kasn2021hasil"].authors
    assert author.corporate and author.family == "Komisi Aparatur Sipil Negara"


@pytest.mark.parametrize(("language", "expected"), [
    ("id", "González, M. J., Müller, J.-P., Doe, J., &amp; Roe, R. (2020). Ética Pública – A "
           "Review. <em>Journal of Tests</em>, <em>3</em>(2), 10–20. "
           '<a href="https://doi.org/10.1234/abc.5">https://doi.org/10.1234/abc.5</a>'),
    ("en", "González, M. J., Müller, J.-P., Doe, J., &amp; Roe, R. (2020). Ética Pública – A "
           "Review. <em>Journal of Tests</em>, <em>3</em>(2), 10–20. "
           '<a href="https://doi.org/10.1234/abc.5">https://doi.org/10.1234/abc.5</a>'),
])
def test_article_with_doi(bib, language, expected):
    assert Styler(bib, language).reference(bib.entries["gonzalez2020etica"]) == expected


def test_web_page_with_access_date_in_both_languages(bib):
    entry = bib.entries["kasn2021hasil"]
    link = ('<a href="https://www.kasn.go.id/x?a=1&amp;b=2">'
            "https://www.kasn.go.id/x?a=1&amp;b=2</a>")
    assert Styler(bib, "id").reference(entry) == (
        "Komisi Aparatur Sipil Negara. (2021, 16 Desember). <em>Hasil Survei</em>. "
        f"Diakses 11 Januari 2022, dari {link}")
    assert Styler(bib, "en").reference(entry) == (
        "Komisi Aparatur Sipil Negara. (2021, December 16). <em>Hasil Survei</em> "
        f"[Survey results]. Retrieved January 11, 2022, from {link}")


def test_undated_work(bib):
    entry = bib.entries["bawaslu2020undated"]
    assert Styler(bib, "id").reference(entry).startswith("Bawaslu. (t.t.). <em>Tanpa Tanggal")
    assert Styler(bib, "en").reference(entry).startswith("Bawaslu. (n.d.). <em>Tanpa Tanggal")
    assert Styler(bib, "id").intext(entry, False, True) == "Bawaslu, t.t."
    assert Styler(bib, "en").intext(entry, True, True) == "Bawaslu (n.d.)"


def test_chapter_book_and_law(bib):
    chapter = bib.entries["aspinall2015money"]
    assert Styler(bib, "id").reference(chapter) == (
        "Aspinall, E. (2015). Money Politics. Dalam W. C. Case (Ed.), <em>Handbook</em> "
        "(hlm. 299–313). Routledge.")
    assert Styler(bib, "en").reference(chapter) == (
        "Aspinall, E. (2015). Money Politics. In W. C. Case (Ed.), <em>Handbook</em> "
        "(pp. 299–313). Routledge.")
    book = bib.entries["setiyono2016birokrasi"]
    assert Styler(bib, "id").reference(book) == (
        "Setiyono, B. (2016). <em>Birokrasi dalam Perspektif Politik &amp; Administrasi</em>. "
        "Nuansa Cendekia.")
    law = bib.entries["uu2023aparatur"]
    assert Styler(bib, "en").reference(law) == (
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara [Law No. 20 of 2023 "
        "on the State Civil Apparatus]. (2023, October 31).")
    assert Styler(bib, "id").intext(law, False, True, "Pasal 24") == "UU 20/2023, Pasal 24"


def test_in_text_terms_in_both_languages(bib):
    article, two = bib.entries["gonzalez2020etica"], bib.entries["regif2023a"]
    id_style, en_style = Styler(bib, "id"), Styler(bib, "en")
    assert id_style.intext(article, False, True, "p. 12") == "González dkk., 2020, hlm. 12"
    assert en_style.intext(article, False, True, "hlm. 12-14") == (
        "González et al., 2020, pp. 12–14")
    assert id_style.intext(two, True, True) == "Regif dan Pattipeilohy (2023b)"
    assert en_style.intext(two, True, True) == "Regif and Pattipeilohy (2023b)"
    assert en_style.intext(two, False, True) == "Regif & Pattipeilohy, 2023b"


def test_group_author_abbreviation_after_first_citation(bib):
    entry, style = bib.entries["kasn2021hasil"], Styler(bib, "id")
    assert style.intext(entry, False, True) == "Komisi Aparatur Sipil Negara [KASN], 2021"
    assert style.intext(entry, False, False) == "KASN, 2021"
    assert style.intext(entry, True, True) == "Komisi Aparatur Sipil Negara (KASN, 2021)"
    assert style.intext(entry, True, False) == "KASN (2021)"


def test_same_authors_same_year_get_letters_by_title(bib):
    style = Styler(bib, "en")
    assert style.year(bib.entries["regif2023b"]) == "2023a"  # "Alpha"
    assert style.year(bib.entries["regif2023a"]) == "2023b"  # "Beta"


def test_apa_order(bib):
    keys = [e.key for e in ordered(list(bib.entries.values()))]
    assert keys == ["aspinall2015money", "bawaslu2020undated", "gonzalez2020etica",
                    "kasn2021hasil", "regif2023b", "regif2023a", "setiyono2016birokrasi",
                    "uu2023aparatur"]
    assert sort_key(bib.entries["bawaslu2020undated"])[1] == "0000"


def test_hostile_fields_are_text(tmp_path):
    bib = load_text(tmp_path, r"""
@online{evil2024x,
  author = {{<img src=x onerror=alert(1)>}},
  title  = {<script>alert("t")</script> **bold** [x](javascript:alert(1))},
  url    = {javascript:alert(1)},
  year   = {2024},
}
@article{evil2024y, author = {Evil, E.}, title = {T}, journal = {<b>J</b>}, year = {2024},
  doi = {10.1/"><script>alert(1)</script>}}
""")
    for language in ("id", "en"):
        style = Styler(bib, language)
        html = style.reference(bib.entries["evil2024x"]) + style.reference(
            bib.entries["evil2024y"])
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert 'href="javascript' not in html
        assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


# --- the project's own bibliography ---------------------------------------------------------
@pytest.fixture(scope="module")
def project_bib() -> references.Bibliography:
    return references.load(ROOT / "bib", ROOT)


def test_paper_reference_list_is_complete(project_bib):
    """The paper's list (Regif & Pattipeilohy 2023, pp. 47-48) has 28 entries."""
    paper = [e for e in project_bib.entries.values() if e.in_paper]
    assert len(paper) == 28
    first_authors = sorted(e.authors[0].family for e in paper)
    assert first_authors[:3] == ["Afrijal", "Aspinall", "Berenschot"]
    assert first_authors[-2:] == ["Vike", "Winters"]


def test_paper_list_contradictions_are_recorded(project_bib):
    for key in ("afrijal2022strengthening", "saepudin2022dilemmatic", "habibi2021electoral",
                "birch2007electoral", "hazell2010impact", "dwiputrianti2019strategi",
                "winters2016electoral"):
        entry = project_bib.entries[key]
        assert entry.get("correction") and entry.get("koreksi"), key
    assert "v6i1" in project_bib.entries["habibi2021electoral"].get("correction")


def test_keys_follow_the_key_style(project_bib):
    for key in [*project_bib.entries, *project_bib.aliases]:
        assert key.isascii() and key == key.lower(), key
        assert any(ch.isdigit() for ch in key) and key[0].isalpha(), key


def test_every_data_source_is_a_bibliography_entry(project_bib):
    """notebooks/data/sources.csv and the bibliography share one truth via `sourceid`."""
    mapping = project_bib.by_source_id()
    with (ROOT / "notebooks" / "data" / "sources.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    missing = [row["source_id"] for row in rows if row["source_id"] not in mapping]
    assert not missing, f"add a bib entry with sourceid = {{...}} for: {missing}"
    for row in rows:
        entry = project_bib.entries[mapping[row["source_id"]]]
        addresses = {entry.get("url"), f"https://doi.org/{entry.get('doi')}"}
        assert not row.get("url") or row["url"] in addresses, row["source_id"]


def test_no_double_stop_after_question_mark_or_abbreviation(tmp_path):
    bib = load_text(tmp_path, r"""
@online{kbr2023kasn, author = {{KBR}}, title = {KASN Dihapus?}, date = {2023-10},
  url = {https://kbr.id/a}}
@book{creswell2009research, author = {Creswell, J. W.}, title = {Research Design},
  publisher = {SAGE Publications, Inc.}, year = {2009}}
""")
    style = Styler(bib, "id")
    assert style.reference(bib.entries["kbr2023kasn"]).startswith(
        "KBR. (2023, Oktober). <em>KASN Dihapus?</em> <a ")
    assert style.reference(bib.entries["creswell2009research"]).endswith(
        "SAGE Publications, Inc.")


# --- a missing comma between fields ---------------------------------------------------------
def swallow_messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(references.BibliographyError) as caught:
        load_text(tmp_path, text)
    return str(caught.value).splitlines()


def test_a_field_that_swallows_the_next_line_names_the_line_to_end_with_a_comma(tmp_path):
    assert swallow_messages(tmp_path, """
@online{detik2021survei,
  author = {{detikNews}},
  title = {Survei},
  url = {https://news.example/a},
  urldate = {2023-06-20}
  doi = {10.1/x},
  langid = indonesian
  keywords = {news},
}
""") == [
        "bib/test.bib:6: entry detik2021survei, field urldate swallows the next field (doi): "
        'a comma is missing after its value. Fix: add "," at the end of line 6.',
        "bib/test.bib:8: entry detik2021survei, field langid swallows the next field "
        '(keywords): a comma is missing after its value. Fix: add "," at the end of line 8.']


def test_a_field_that_swallows_the_next_on_its_own_line(tmp_path):
    (message,) = swallow_messages(tmp_path, '@misc{a2020b, author = {A, B.}, '
                                  'title = "T" year = {2020}}\n')
    assert message.startswith("bib/test.bib:1: entry a2020b, field title swallows the next "
                              "field (year)")
    assert message.endswith('Fix: add "," after the value on line 1.')


def test_an_equals_sign_inside_a_value_is_not_a_missing_comma(tmp_path):
    bib = load_text(tmp_path, """
@misc{a2020b,
  author = {A, B.},
  title = {Where {x} = y holds, and
    also when z = w},
  note = {first {line}
    second = {braced}},
}
""")
    assert bib.entries["a2020b"].get("title") == "Where x = y holds, and also when z = w"


# --- sources.csv and the bibliography -------------------------------------------------------
def test_sources_and_bibliography_disagreements_name_row_and_entry(tmp_path):
    bib = load_text(tmp_path, """
@online{detik2021survei,
  author = {{detikNews}},
  title = {Survei},
  url = {https://news.example/a},
  sourceid = {detik_2021_12_16, detik_typo},
}
""")
    sources = tmp_path / "sources.csv"
    sources.write_text("source_id,publisher\ndetik_2021_12_16,detikNews\nkompas_x,Kompas\n",
                       encoding="utf-8")
    assert references.source_mismatches(bib, sources, tmp_path) == [
        "sources.csv:3: source_id kompas_x has no bibliography entry (no entry says "
        "`sourceid = {kompas_x}`). Fix: add `sourceid = {kompas_x},` to the entry of this "
        "source in bib/*.bib, or add an entry for it.",
        "bib/test.bib:6: entry detik2021survei: sourceid detik_typo is not a source_id in "
        "sources.csv. Fix: correct the sourceid, or add the source's row to that file."]


def test_the_projects_sources_and_bibliography_agree(project_bib):
    assert references.source_mismatches(
        project_bib, ROOT / "notebooks" / "data" / "sources.csv", ROOT) == []


def test_a_braced_value_on_an_entry_of_one_line_is_one_group(tmp_path):
    bib = load_text(tmp_path, '@misc{a2020b, author = {A, B.}, title = {{X} y = z}}\n')
    assert bib.entries["a2020b"].get("title") == "X y = z"


def test_an_unchanged_bibliography_is_read_once_and_an_edit_is_read_again(tmp_path):
    folder = tmp_path / "bib"
    folder.mkdir()
    bib = folder / "references.bib"
    bib.write_text("@misc{satu2020,\n  author = {Satu, A.},\n  title = {Satu},\n"
                   "  year = {2020},\n  howpublished = {Laman}\n}\n", encoding="utf-8")
    first = references.load(folder, tmp_path)
    assert references.load(folder, tmp_path) is first, "the same files were parsed again"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Satu}", "{Satu lagi}"),
                   encoding="utf-8")
    edited = references.load(folder, tmp_path)
    assert edited is not first and edited.entries["satu2020"].get("title") == "Satu lagi"
    bib.write_text(bib.read_text(encoding="utf-8") + "@misc{satu2020,\n}\n", encoding="utf-8")
    for _ in range(2):  # an error is reported on every load, never taken from memory
        with pytest.raises(references.BibliographyError):
            references.load(folder, tmp_path)
