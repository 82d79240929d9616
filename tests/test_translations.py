"""Translation completeness: the report, the build failure, and the reader's notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.content import glossary, parity, translations

from .conftest import FIXTURE, NOTEBOOK_HEADER, ROOT, add_to_nav, build_ok, copy_warm


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_report_sorts_pages_into_unmarked_pending_and_english_only(tmp_path):
    write(tmp_path / "a.md", "# A\n")
    write(tmp_path / "a.en.md", "# A\n")
    write(tmp_path / "sub/b.md", "# B\n")
    write(tmp_path / "c.md", "---\ntranslation: pending\n---\n# C\n")
    write(tmp_path / "d.en.md", "# D\n")
    write(tmp_path / "f.md", "---\ntranslation: pending\n---\n# F\n")
    write(tmp_path / "f.en.md", "# F (draft)\n")
    report = translations.scan(tmp_path)
    assert report.marked_with_counterpart == ["f.md"]
    assert report.unmarked == [("sub/b.md", "sub/b.en.md")]
    assert report.pending == [("c.md", "c.en.md")]
    assert report.english_only == ["d.en.md"]
    problems = "\n".join(report.problems())
    assert "docs/sub/b.md: no English counterpart (docs/sub/b.en.md)" in problems
    assert "translation: pending" in problems
    assert "docs/d.en.md: an English page needs its Indonesian page (docs/d.md)" in problems


def test_report_command_prints_both_lists_and_fails_on_unmarked_pages(tmp_path, capsys):
    write(tmp_path / "c.md", "---\ntranslation: pending\n---\n# C\n")
    assert translations.main(["--docs", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "docs/c.md -> docs/c.en.md to write" in printed
    write(tmp_path / "f.md", "---\ntranslation: pending\n---\n# F\n")
    write(tmp_path / "f.en.md", "# F (draft)\n")
    assert translations.main(["--docs", str(tmp_path)]) == 0
    assert "docs/f.md (its counterpart exists: remove the mark" in capsys.readouterr().out
    write(tmp_path / "e.md", "# E\n")
    assert translations.main(["--docs", str(tmp_path)]) == 1
    assert "docs/e.md: no English counterpart" in capsys.readouterr().out


def test_every_page_of_the_project_has_its_counterpart_or_a_mark():
    assert translations.scan(ROOT / "docs").problems() == []


@pytest.fixture(scope="module")
def pending_site(warm_fixture, tmp_path_factory):
    """The fixture project plus one Indonesian-only page marked `translation: pending`."""
    project = copy_warm(warm_fixture, tmp_path_factory.mktemp("pending") / "project")
    write(project / "docs" / "uji-tertunda.md",
          "---\ntranslation: pending\n---\n\n# Uji tertunda\n\nTeks ini tentang ASN.\n")
    add_to_nav(project, "uji-tertunda.md")
    # A stale mark: the English page exists, so it is shown as it is, without a notice.
    write(project / "docs" / "uji-draf.md",
          "---\ntranslation: pending\n---\n\n# Uji draf\n\nTeks Indonesia.\n")
    write(project / "docs" / "uji-draf.en.md", "# Draft test\n\nEnglish draft text.\n")
    add_to_nav(project, "uji-draf.md")
    return build_ok(project).site


def test_a_pending_page_is_shown_in_english_with_a_notice(pending_site):
    english = (pending_site / "en/uji-tertunda/index.html").read_text(encoding="utf-8")
    title, _ = translations.NOTICE["en"]
    assert title in english and "translation-pending" in english
    # The site's language stays English; the Indonesian text is marked as Indonesian.
    assert '<html lang="en"' in english
    assert '<div lang="id">' in english and "Teks ini tentang" in english
    # Definitions are in the reader's language.
    asn = next(term for term in glossary.load(FIXTURE / "docs" / "_data" / "glossary.yml")
               if term.term == "ASN")
    assert glossary.tooltip(asn, "en").replace("'", "&#x27;") in english


def test_the_page_in_its_own_language_has_no_notice(pending_site):
    indonesian = (pending_site / "uji-tertunda/index.html").read_text(encoding="utf-8")
    assert "translation-pending" not in indonesian
    assert translations.NOTICE["id"][0] not in indonesian
    assert "Teks ini tentang" in indonesian


def test_a_stale_mark_shows_the_existing_translation_without_a_notice(pending_site):
    english = (pending_site / "en/uji-draf/index.html").read_text(encoding="utf-8")
    assert "English draft text." in english and "Teks Indonesia." not in english
    assert "translation-pending" not in english


# --- navigation group titles ----------------------------------------------------------------
NAV_CONFIG = """\
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/x/"]
nav:
  - index.md
  - Tentang: tentang.md
  - Metode:
      - metode/a.md
      - Rincian:
          - metode/b.md
plugins:
  - i18n:
      languages:
        - locale: id
          default: true
        - locale: en
          nav_translations:
            Metode: Methods
"""


def test_a_nav_group_without_a_title_in_another_language_is_reported(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(NAV_CONFIG, encoding="utf-8")
    # `Tentang: tentang.md` titles a page, not a group; the nested group is checked too.
    assert translations.untranslated_nav_groups(config) == [
        "mkdocs.yml:7: the navigation group 'Rincian' has no English title. Fix: add "
        "`Rincian: <title in English>` under `nav_translations:` of the language `en` in "
        "the i18n plugin's settings."]


def test_the_projects_nav_groups_are_all_translated():
    assert translations.untranslated_nav_groups(ROOT / "mkdocs.yml") == []


# --- parity of the two languages ------------------------------------------------------------
def test_pages_citing_and_placing_differently_are_reported_with_both_lines(tmp_path):
    write(tmp_path / "docs/a.md", "---\ntitle: A\n---\n# A\n\nTeks [@kasn2021hasil].\n\n"
          "Nilai {{ value: v_one }}.\n\n{{ figure: f_one }}\n")
    write(tmp_path / "docs/a.en.md", "# A\n\nText.\n\n{{ figure: f_one }}\n\n"
          "Value {{ value: v_two }} and `{{ value: v_three }}` shown as code.\n")
    (message,) = parity.differences(tmp_path / "docs")
    assert message == (
        "docs/a.md:6 and docs/a.en.md:7: the two languages of the page differ: only the "
        "Indonesian page cites @kasn2021hasil (line 6), places value `v_one` (line 8); only "
        "the English page places value `v_two` (line 7). Fix: cite the same sources and place "
        "the same figures and values in both languages, or, if the difference is deliberate, "
        "list the ids under `parity_exceptions:` in the front matter of docs/a.md.")


def test_a_deliberate_difference_is_listed_in_front_matter(tmp_path):
    write(tmp_path / "docs/a.md", "---\nparity_exceptions: ['@kasn2021hasil', v_one]\n---\n"
          "Teks [@kasn2021hasil], {{ value: v_one }}.\n")
    write(tmp_path / "docs/a.en.md", "Text.\n")
    assert parity.differences(tmp_path / "docs") == []
    write(tmp_path / "docs/a.en.md", "Text {{ value: v_two }}.\n")
    (message,) = parity.differences(tmp_path / "docs")
    assert message.startswith("docs/a.md and docs/a.en.md:1: ")
    assert "only the English page places value `v_two`" in message


def test_unknown_ids_and_pending_pages_are_left_to_their_own_checks(tmp_path):
    # A typo on one side makes the sides differ too; only the typo is reported (by the
    # placeholder check), and the languages are compared once it is fixed.
    write(tmp_path / "docs/a.md", "Nilai {{ value: v_typo }} {{ figure: f_one }}.\n")
    write(tmp_path / "docs/a.en.md", "Value {{ value: v_one }}.\n")
    write(tmp_path / "docs/b.md", "---\ntranslation: pending\n---\nTeks [@x2020y].\n")
    write(tmp_path / "docs/b.en.md", "Draft.\n")
    known = {"figures": {"f_one"}, "values": {"v_one"}}
    assert parity.differences(tmp_path / "docs", **known) == []
    write(tmp_path / "docs/a.md", "Nilai {{ value: v_one }} {{ figure: f_one }}.\n")
    (message,) = parity.differences(tmp_path / "docs", **known)
    assert "only the Indonesian page places figure `f_one` (line 1)" in message
    assert "v_one" not in message and "x2020y" not in message


def test_the_projects_pages_agree_in_both_languages():
    from scripts.references import bibliography

    bib = bibliography.load(ROOT / "bib", ROOT)
    assert parity.differences(ROOT / "docs", bib) == []


def test_a_notebooks_prose_cells_differ_between_languages(tmp_path):
    import jupytext

    from scripts.notebooks.execution import ExecutedNotebook

    path = tmp_path / "notebooks" / "n.md"
    write(path, NOTEBOOK_HEADER + """
+++ {"tags": ["lang-id"]}

# Judul

Teks [@kasn2021hasil] dan {{ value: v_one }}.

+++ {"tags": ["lang-en"]}

# Title

Text and {{ value: v_one }}, shared by both: see below.

+++

Both languages: [@detik2021survei].
""")
    executed = {"n": ExecutedNotebook(path, jupytext.read(path))}
    assert parity.notebook_differences(executed, tmp_path) == [
        "notebooks/n.md:16: the two languages of the notebook differ: only the Indonesian "
        "text cites @kasn2021hasil (line 16). Fix: cite the same sources "
        "and place the same figures and values in both languages, or, if the difference is "
        "deliberate, list the ids under `parity_exceptions:` in the front matter of "
        "notebooks/n.md."]
    write(path, path.read_text(encoding="utf-8").replace(
        "kernelspec:", "parity_exceptions: [kasn2021hasil]\nkernelspec:", 1))
    executed = {"n": ExecutedNotebook(path, jupytext.read(path))}
    assert parity.notebook_differences(executed, tmp_path) == []
