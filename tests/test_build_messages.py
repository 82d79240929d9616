"""Author-facing build messages: broken links, anchors and front matter, with lines.

The same mistakes in a real build are in the catalogue, tests/test_bad_inputs.py."""

from __future__ import annotations

import pytest

from scripts.content import frontmatter
from scripts.mkdocs_adapter import link_messages as build_messages


def test_missing_page_gets_file_line_and_fix(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nIntro.\n\nSee [b](b.md).\n", encoding="utf-8")
    message = ("Doc file 'a.md' contains a link 'b.md', but the target is not found among "
               "documentation files.")
    explained = build_messages.explain(message, tmp_path)
    assert explained.startswith("docs/a.md:5: the page 'b.md' does not exist.")


def test_missing_anchor_names_the_target_page(tmp_path):
    (tmp_path / "a.md").write_text("[x](b.md#nope)\n", encoding="utf-8")
    message = ("Doc file 'a.md' contains a link 'b.md#nope', but the doc 'b.md' does not "
               "contain an anchor '#nope'.")
    explained = build_messages.explain(message, tmp_path)
    assert explained.startswith("docs/a.md:1: the link 'b.md#nope' points to a heading "
                                "'#nope' that docs/b.md does not have.")


def test_other_messages_pass_through(tmp_path):
    assert build_messages.explain("Something else.", tmp_path) == "Something else."


def test_broken_front_matter_names_file_and_line(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: fine\nnotebook: [unclosed\n---\n# P\n", encoding="utf-8")
    with pytest.raises(frontmatter.FrontMatterError, match=r"^docs/p.md:\d+: the front"):
        frontmatter.read_front_matter(page, "docs/p.md")


def test_front_matter_that_is_not_settings_is_refused(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\n- a list\n---\n", encoding="utf-8")
    with pytest.raises(frontmatter.FrontMatterError, match="key: value"):
        frontmatter.read_front_matter(page, "docs/p.md")
