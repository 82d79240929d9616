"""Source-file checks: no link leaves the project, one source per address."""

from __future__ import annotations

import os

from scripts.content.source_files import addresses_with_two_sources, links_leaving_project


def test_a_link_to_a_file_outside_the_project_is_named(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "secret.txt"
    (project / "docs" / "assets").mkdir(parents=True)
    outside.write_text("key")
    os.symlink(outside, project / "docs" / "assets" / "leak.txt")
    [message] = links_leaving_project(project)
    assert message.startswith("docs/assets/leak.txt:1: a symbolic link to ")
    assert str(outside.resolve()) in message and "Fix:" in message


def test_a_linked_folder_outside_the_project_is_named_and_not_entered(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "home"
    (project / "bib").mkdir(parents=True)
    (outside / "deep").mkdir(parents=True)
    os.symlink(outside, project / "bib" / "more")
    [message] = links_leaving_project(project)
    assert message.startswith("bib/more:1: ")


def test_links_inside_the_project_and_plain_files_pass(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A")
    os.symlink(tmp_path / "docs" / "a.md", tmp_path / "docs" / "b.md")
    assert links_leaving_project(tmp_path) == []


def test_a_dangling_link_is_named(tmp_path):
    (tmp_path / "notebooks").mkdir()
    os.symlink(tmp_path / "missing.csv", tmp_path / "notebooks" / "data.csv")
    [message] = links_leaving_project(tmp_path)
    assert message.startswith("notebooks/data.csv:1: ") and "does not exist" in message


def test_two_sources_for_one_address_are_both_named():
    found = addresses_with_two_sources([
        ("docs/a.md", "a/"), ("docs/a/index.md", "a/"), ("docs/b.md", "b/"),
        ("docs/a.en.md", "en/a/"),
    ])
    assert found == [
        "docs/a.md:1: docs/a/index.md would publish the same address /a/ as this file, and "
        "one of them would be dropped. Fix: rename or delete one of them."]
