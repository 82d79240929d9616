"""`dev.py check` (scripts/tools/author_check.py): every problem at once, as file:line lines.

Each checker is tested on a copy of the fixture project with several problems of its kind
planted (each must be named, not only the first); one run of the whole check, build
included, shows problems of different stages reported together.
"""

from __future__ import annotations

from pathlib import Path

from scripts.paths import ProjectPaths
from scripts.tools import author_check
from tests.conftest import add_to_nav, fixture_copy


def append(path: Path, text: str) -> int:
    old = path.read_text(encoding="utf-8")
    old = old if old.endswith("\n") else old + "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def test_split_messages_keeps_indented_lines_with_their_message():
    text = "a.md:1: one\n  Fix: this\n\nb.md:2: two\n"
    assert author_check.split_messages(text) == ["a.md:1: one\n  Fix: this", "b.md:2: two"]


def test_build_messages_reads_errors_and_strict_warnings():
    log = ("INFO    -  Building\nWARNING -  docs/a.md:3: the page 'x.md' does not exist.\n"
           "ERROR   -  notebooks/n.md:4: code cell 1 raised ValueError: no\n"
           "  Fix the cell, then build again.\nBuild failed. The previous site ...\n")
    assert author_check.build_messages(log, 1) == [
        "docs/a.md:3: the page 'x.md' does not exist.",
        "notebooks/n.md:4: code cell 1 raised ValueError: no\n  Fix the cell, then build again."]
    assert author_check.build_messages(log, 0) == []
    assert author_check.build_messages("Build failed. Odd.\n", 1) == ["Build failed. Odd."]


def test_merge_names_each_problem_once():
    assert author_check.merge(["a:1: x", "b:2: y"], ["b:2: y", "c:3: z"]) == [
        "a:1: x", "b:2: y", "c:3: z"]


def test_every_unknown_citation_key_is_named(tmp_path):
    project = fixture_copy(tmp_path / "project")
    first = append(project / "docs" / "referensi.md", "Lihat [@detik2021surve].")
    second = append(project / "docs" / "index.en.md", "See [@uu2023aparatr; @regif2023].")
    problems = author_check.citation_keys(ProjectPaths(project))
    assert [p.split(" Nearest")[0] for p in problems] == [
        f"docs/index.en.md:{second}: unknown citation key 'uu2023aparatr'.",
        f"docs/index.en.md:{second}: unknown citation key 'regif2023'.",
        f"docs/referensi.md:{first}: unknown citation key 'detik2021surve'."]


def test_every_missing_link_target_and_nav_problem_is_named(tmp_path):
    project = fixture_copy(tmp_path / "project")
    line = append(project / "docs" / "referensi.md", "[a](tidak-ada.md) ![b](peta.png) "
                  "[ok](index.md) [web](https://example.org/x.md) `[code](nope.md)`")
    (project / "docs" / "lepas.md").write_text("# Lepas\n", encoding="utf-8")
    (project / "docs" / "lepas.en.md").write_text("# Loose\n", encoding="utf-8")
    add_to_nav(project, "hilang.md")
    paths = ProjectPaths(project)
    assert [p.split(" does not exist")[0] for p in author_check.links(paths)] == [
        f"docs/referensi.md:{line}: the page 'tidak-ada.md'",
        f"docs/referensi.md:{line}: the image 'peta.png'"]
    nav = author_check.navigation(paths)
    assert any(p.startswith("mkdocs.yml:") and "docs/hilang.md does not exist" in p
               for p in nav), nav
    assert "docs/lepas.md:1: the page is not in the navigation." in "\n".join(nav)


def test_data_translation_and_notebook_page_problems_are_named(tmp_path):
    project = fixture_copy(tmp_path / "project")
    cases = project / "notebooks" / "data" / "cases.csv"
    lines = cases.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[1], "many", 1)
    lines[2] = lines[2].replace(lines[2].split(",")[1], "lots", 1)
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "docs" / "sendiri.md").write_text("# Sendiri\n", encoding="utf-8")
    (project / "notebooks" / "yatim.md").write_text((project / "notebooks" / "kasus.md")
                                                    .read_text(encoding="utf-8"), "utf-8")
    # Shown in Indonesian only: its English page is missing.
    (project / "docs" / "yatim.md").write_text("---\nnotebook: yatim\n---\n", encoding="utf-8")
    paths = ProjectPaths(project)
    data = author_check.data_tables(paths)
    assert [p.split(":")[1] for p in data] == ["2", "3"], data
    assert author_check.translation_pairs(paths)[0].startswith(
        "docs/sendiri.md: no English counterpart")
    pages = author_check.notebook_pages(paths)
    assert len(pages) == 1 and pages[0].startswith("notebooks/yatim.md has no en page"), pages


def test_the_check_reports_problems_of_several_stages_together(small_project, capsys):
    project = small_project
    key_line = append(project / "docs" / "referensi.md", "Lihat [@detik2021surve].")
    value_line = append(project / "docs" / "index.en.md",
                        "\n{{ value: cases_reportd }} and {{ value: cases_totl }}.")
    value_line += 1
    site_before = sorted(p.relative_to(project) for p in (project / "site").rglob("*"))
    assert author_check.main(["--root", str(project)]) == 1
    printed = capsys.readouterr().out
    assert f"docs/referensi.md:{key_line}: unknown citation key 'detik2021surve'" in printed
    assert f"docs/index.en.md:{value_line}: unknown value id `cases_reportd`" in printed
    assert f"docs/index.en.md:{value_line}: unknown value id `cases_totl`" in printed
    assert "3 problem(s) found" in printed
    # The author's site is not touched: the check builds into a folder of its own.
    assert sorted(p.relative_to(project) for p in (project / "site").rglob("*")) == site_before


def test_a_clean_project_passes(small_project, capsys):
    assert author_check.main(["--root", str(small_project)]) == 0
    assert "No problems found" in capsys.readouterr().out


def test_parity_sources_and_nav_translation_problems_are_named_together(small_project):
    project = small_project
    append(project / "docs" / "referensi.md", "Lihat [@regif2023penyalahgunaan].")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "            Tentang: About\n", ""), encoding="utf-8")
    paths = ProjectPaths(project)
    parity = author_check.page_parity(paths)
    assert len(parity) == 1 and "docs/referensi.md" in parity[0]
    assert "regif2023penyalahgunaan" in parity[0]
    nav = author_check.nav_translations(paths)
    assert len(nav) == 1 and nav[0].startswith("mkdocs.yml:") and "Tentang" in nav[0]
    assert author_check.data_sources(paths) == []
    with (project / "notebooks" / "data" / "sources.csv").open("a", encoding="utf-8") as csv:
        csv.write("lembaga_2099,Lembaga,Judul,https://example.org,2099-01-01,report,id,\n")
    sources = author_check.data_sources(paths)
    assert len(sources) == 1 and "lembaga_2099" in sources[0]
