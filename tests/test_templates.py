"""`dev.py new page|dataset|notebook`: what they write builds strict, in both languages.

The three commands run in a copy of the built fixture project, then the copy is built, as
an author would right after starting from the templates.
"""

from __future__ import annotations

import json

import pytest

from scripts.content import template_leftovers
from scripts.tools import new
from tests.conftest import build_ok


def test_the_three_templates_build_strict_in_both_languages(small_project, capsys):
    root = small_project
    assert new.main(["page", "catatan-baru", "--section", "Tentang"], root=root) == 0
    assert new.main(["page", "survei/jawaban", "--section", "Survei", "--section-en",
                     "Survey"], root=root) == 0
    assert new.main(["dataset", "laporan_contoh"], root=root) == 0
    assert new.main(["notebook", "laporan_contoh"], root=root) == 0
    printed = capsys.readouterr().out
    assert "{{ figure: laporan_contoh_chart }}" in printed
    assert "{{ value: laporan_contoh_total }}" in printed

    config = new.read_config((root / "mkdocs.yml").read_text("utf-8"))
    assert {"catatan-baru.md", "survei/jawaban.md", "laporan-contoh.md"} <= set(
        new.nav_pages(config))
    english = next(language for language in config["plugins"][1]["i18n"]["languages"]
                   if language["locale"] == "en")
    assert english["nav_translations"]["Survei"] == "Survey"
    # Comments of mkdocs.yml stay where they were.
    assert (root / "mkdocs.yml").read_text("utf-8").startswith("# A small project")
    descriptor = json.loads((root / "notebooks/data/datapackage.json").read_text("utf-8"))
    resource = descriptor["resources"][-1]
    assert resource["name"] == "laporan_contoh"
    assert "confidence" in [field["name"] for field in resource["schema"]["fields"]]
    assert "sourceid     = {laporan_contoh_source}" in (root / "bib/references.bib").read_text(
        "utf-8")

    build_ok(root)
    for page in ("laporan-contoh", "en/laporan-contoh"):
        html = (root / "site" / page / "index.html").read_text("utf-8")
        assert 'id="figure-laporan_contoh_chart"' in html, page
    for page in ("catatan-baru", "en/catatan-baru", "survei/jawaban", "en/survei/jawaban"):
        assert (root / "site" / page / "index.html").is_file(), page

    # The site builds with the templates' text, so it can be previewed at once; the author
    # check names every file that still holds a part marked to be replaced.
    left = template_leftovers.leftovers(root, root / "docs", root / "notebooks", root / "bib")
    assert {message.split(":")[0] for message in left} == {
        "docs/catatan-baru.md", "docs/catatan-baru.en.md", "docs/survei/jawaban.md",
        "docs/survei/jawaban.en.md", "notebooks/laporan_contoh.md",
        "notebooks/data/laporan_contoh.csv", "notebooks/data/sources.csv",
        "notebooks/data/datapackage.json", "bib/references.bib"}


@pytest.mark.parametrize("argv, existing", [
    (["page", "index"], "docs/index.md"),
    (["notebook", "kasus", "--data", "cases"], "notebooks/kasus.md"),
])
def test_the_templates_never_overwrite(small_project, capsys, argv, existing):
    before = {path: path.read_bytes() for path in small_project.rglob("*")
              if path.is_file() and ".cache" not in path.parts and "site" not in path.parts}
    assert new.main(argv, root=small_project) == 1
    assert f"{existing} already exists; nothing was written" in capsys.readouterr().err
    after = {path: path.read_bytes() for path in small_project.rglob("*")
             if path.is_file() and ".cache" not in path.parts and "site" not in path.parts}
    assert after == before


def test_a_dataset_name_taken_in_the_descriptor_writes_nothing(small_project, capsys):
    assert new.main(["dataset", "sources"], root=small_project) == 1
    assert "already" in capsys.readouterr().err
    assert not (small_project / "notebooks/data/sources_source.csv").exists()


def test_a_notebook_needs_its_table(small_project, capsys):
    assert new.main(["notebook", "tanpa_data"], root=small_project) == 1
    assert "python3 scripts/dev.py new dataset tanpa_data" in capsys.readouterr().err
    assert not (small_project / "notebooks" / "tanpa_data.md").exists()


def test_a_new_section_needs_its_english_name(small_project, capsys):
    assert new.main(["page", "x", "--section", "Baru"], root=small_project) == 1
    assert "--section-en" in capsys.readouterr().err
    assert not (small_project / "docs" / "x.md").exists()
