"""One name model and one set of APA rules for the bibliography and for "cite this site";
dates and month names from babel (Unicode CLDR), in both languages."""

from __future__ import annotations

import pytest

from scripts.references import apa, cite_this
from scripts.references import bibliography as references
from scripts.references.bibliography import Name

# The month names the APA module wrote by hand before babel supplied them.
HAND_WRITTEN_MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}


def _people(count: int) -> tuple[Name, ...]:
    return tuple(Name(f"Family{number}", f"Given{number}") for number in range(1, count + 1))


def _record(authors: tuple[Name, ...]) -> cite_this.SiteRecord:
    return cite_this.SiteRecord("Brief", authors, "1.0", "2026-11-27", "https://example.org/")


def _bib_authors(tmp_path, count: int) -> str:
    names = " and ".join(f"Family{n}, Given{n}" for n in range(1, count + 1))
    folder = tmp_path / "bib"
    folder.mkdir()
    (folder / "t.bib").write_text(f"@book{{many2020x, author = {{{names}}}, title = {{T}},\n"
                                  "  publisher = {P}, year = {2020}}\n", encoding="utf-8")
    bibliography = references.load(folder, tmp_path)
    return apa.Styler(bibliography, "en").authors_part(bibliography.entries["many2020x"])


def test_twenty_authors_are_all_listed_in_both():
    expected = ", ".join(f"Family{n}, G." for n in range(1, 20)) + ", &amp; Family20, G."
    assert cite_this.apa(_record(_people(20)), "Brief", "https://example.org/", "en") \
        .startswith(expected + " (2026).")


@pytest.mark.parametrize("count", [21, 25])
def test_from_twenty_one_authors_nineteen_an_ellipsis_and_the_last(tmp_path, count):
    expected = (", ".join(f"Family{n}, G." for n in range(1, 20))
                + f", . . . Family{count}, G.")
    assert _bib_authors(tmp_path, count) == expected
    site = cite_this.apa(_record(_people(count)), "Brief", "https://example.org/", "en")
    assert site.startswith(expected + " (2026).")
    assert "Family20," not in site


def test_the_site_and_the_bibliography_write_a_name_the_same_way():
    people = (Name("Regif", "Surya Yudha"), Name("Tim Netralitas", corporate=True))
    assert cite_this.apa_authors(people) == "Regif, S. Y., & Tim Netralitas."
    assert cite_this.apa_authors(people[:1]) == apa.reference_name(people[0])
    assert cite_this.bibtex_name(people[1]) == "{Tim Netralitas}"
    assert cite_this.plain_name(people[0]) == "Surya Yudha Regif"


@pytest.mark.parametrize("language", ["id", "en"])
def test_month_names_and_dates_come_from_babel_unchanged(language):
    for month, name in enumerate(HAND_WRITTEN_MONTHS[language], start=1):
        assert apa.month_name(month, language) == name
        day = apa.format_month_day(month, 7, language)
        assert day == (f"7 {name}" if language == "id" else f"{name} 7")
        long = apa.format_day(f"2026-{month:02d}-07", language)
        assert long == (f"7 {name} 2026" if language == "id" else f"{name} 7, 2026")


def test_an_impossible_date_is_shown_as_written():
    assert apa.format_day("2021-02-30", "id") == "2021-02-30"
    assert apa.format_day("soon", "en") == "soon"
