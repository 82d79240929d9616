"""The Markdown text model: what is prose, what is code, HTML, a comment or front matter.

Fast unit tests on small strings; no site is built.
"""

from __future__ import annotations

import pytest

from scripts.content import markdown_text
from scripts.content.markdown_text import (
    ADDRESS,
    CODE,
    COMMENT,
    FRONT_MATTER,
    HTML,
    split_front_matter,
)


def blanked(text: str, **options) -> str:
    """The text with everything but prose shown as `#`, for readable assertions."""
    return markdown_text.mask(text, fill="#", **options)


def kinds(text: str, **options) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.kind) for s in markdown_text.spans(text, **options)]


# --- front matter ----------------------------------------------------------------------------
def test_front_matter_is_split_from_the_body_with_the_body_line():
    page = split_front_matter("---\ntitle: X\nnotebook: y\n---\n\n# Judul\n")
    assert page.front_matter == "title: X\nnotebook: y\n"
    assert page.body == "\n# Judul\n"
    assert page.body_line == 5 and page.body_start == len("---\ntitle: X\nnotebook: y\n---\n")
    assert page.front_matter_line == 2


def test_front_matter_without_a_body():
    page = split_front_matter("---\ntitle: X\n---")
    assert page.front_matter == "title: X\n" and page.body == ""
    empty = split_front_matter("---\n---\nText\n")
    assert empty.front_matter == "" and empty.body == "Text\n" and empty.body_line == 3


def test_a_page_without_front_matter_is_all_body():
    for text in ("# Judul\n\n---\n\nText\n", "Text\n---\nmore\n---\n", ""):
        page = split_front_matter(text)
        assert page.front_matter is None and page.body == text and page.body_line == 1


def test_front_matter_with_windows_line_ends_and_a_dots_closing_line():
    page = split_front_matter("---\r\na: 1\r\n---\r\nBody\r\n")
    assert page.front_matter == "a: 1\r\n" and page.body == "Body\r\n" and page.body_line == 4
    assert split_front_matter("---\na: 1\n...\nBody\n").body == "Body\n"


def test_front_matter_is_a_span_only_when_the_text_is_a_whole_page():
    text = "---\na: `x`\n---\nBody\n"
    assert blanked(text, front_matter=True) == "###\n######\n###\nBody\n"
    assert kinds(text, front_matter=True)[0] == ("---\na: `x`\n---\n", FRONT_MATTER)
    # Markdown as MkDocs hands it to hooks has no front matter: a leading `---` is a rule.
    assert "Body" in blanked(text)


# --- code ------------------------------------------------------------------------------------
def test_backtick_and_tilde_fences_with_info_strings_are_code():
    text = "A\n\n```python title=\"x\"\n[@a2020b]\n```\n\n~~~ text\n{{ value: x }}\n~~~\n\nB\n"
    assert blanked(text) == ("A\n\n" + "#" * 19 + "\n#########\n###\n\n########\n"
                             "##############\n###\n\nB\n")
    assert [kind for _, kind in kinds(text)] == [CODE, CODE]


def test_a_fence_with_an_info_string_does_not_close_a_block():
    text = "```text\n```python\n{{ value: x }}\n```\nafter\n"
    assert blanked(text).splitlines() == ["#######", "#########", "##############", "###",
                                         "after"]


def test_only_a_fence_as_long_and_of_the_same_character_closes_a_block():
    text = "````\n```\n~~~~\ninside\n````\nafter\n"
    assert blanked(text).splitlines()[-2:] == ["####", "after"]
    tilde = "~~~~\n~~~\n```\ninside\n~~~~~\nafter\n"
    assert blanked(tilde).splitlines()[-2:] == ["#####", "after"]


def test_an_unclosed_fence_runs_to_the_end():
    assert blanked("Text\n\n```\ncode\n\nmore") == "Text\n\n###\n####\n\n####"


def test_indented_code_is_code_but_cannot_interrupt_a_paragraph():
    text = "Para\n    lazy [@a2020b]\n\n    code [@c2020d]\n\nAfter\n"
    assert blanked(text) == "Para\n    lazy [@a2020b]\n\n" + "#" * 18 + "\n\nAfter\n"


def test_code_in_lists_and_quotes():
    text = "- item\n\n      indented\n\n> ```\n> quoted\n> ```\n"
    masked = blanked(text)
    assert masked.startswith("- item\n\n##############\n\n")
    assert "quoted" not in masked


def test_inline_code_spans_of_any_number_of_backticks():
    text = "a `b` c ``d ` e`` f ```g`` h``` i"
    assert blanked(text) == "a ### c ######### f ########### i"


def test_unmatched_backticks_are_prose_and_a_span_may_wrap_within_a_paragraph():
    assert blanked("a `` b ` c") == "a `` b ` c"
    assert blanked("a `b\nc` d\n\ne `f") == "a ##\n## d\n\ne `f"


def test_an_escaped_backtick_opens_no_span():
    assert blanked("a \\`b` c") == "a \\`b` c"


def test_code_spans_inside_headings_tables_blockquotes_and_admonitions():
    text = ("## Title `x` ##\n\n| a | `b\\|c` |\n|---|---|\n\n> quote `y`\n\n"
            "!!! note \"Title `z`\"\n    Body `w`\n")
    assert blanked(text) == ("## Title ### ##\n\n| a | ###### |\n|---|---|\n\n> quote ###\n\n"
                             "!!! note \"Title ###\"\n    Body ###\n")


def test_admonition_and_collapsible_bodies_are_prose_and_their_fences_code():
    text = "??? code-cell \"Code\"\n    ```python\n    x = 1\n    ```\n\n!!! note\n\n    Prose\n"
    masked = blanked(text)
    assert "x = 1" not in masked and "    Prose" in masked


# --- HTML, comments, addresses ---------------------------------------------------------------
def test_html_comments_block_and_inline():
    text = "<!-- [@a2020b] -->\n\nText <!-- {{ value: x }} --> more\n"
    assert blanked(text) == "##################\n\nText ####################### more\n"
    assert [kind for _, kind in kinds(text)] == [COMMENT, COMMENT]


def test_a_comment_may_span_lines():
    assert blanked("<!--\nnote\n-->\nText\n") == "####\n####\n###\nText\n"


def test_html_blocks_and_inline_tags_are_html():
    text = "<div class=\"x\">\n[@a2020b]\n</div>\n\nText <b>bold</b>.\n"
    assert [kind for _, kind in kinds(text)] == [HTML, HTML, HTML]
    assert blanked(text) == "###############\n#########\n######\n\nText ###bold####.\n"


def test_only_the_kinds_asked_for_are_hidden():
    text = "<div>\n{{ value: x }}\n</div>\n\n`code` <!-- c -->\n"
    assert blanked(text, hide={CODE, COMMENT}) == (
        "<div>\n{{ value: x }}\n</div>\n\n###### ##########\n")


def test_link_reference_definitions_and_autolinks_are_addresses():
    text = ("[site]: https://example.org/@a2020b\n\nSee <https://example.org/@c2020d> and "
            "the rules [@a2020b; @c2020d]:\n[not]: a definition, inside a paragraph\n")
    assert kinds(text) == [("[site]: https://example.org/@a2020b\n", ADDRESS),
                           ("<https://example.org/@c2020d>", ADDRESS)]


def test_prose_spans_are_the_text_between():
    text = "a `b` c"
    assert markdown_text.prose_spans(text) == [(0, 2), (5, 7)]
    assert [text[s:e] for s, e in markdown_text.prose_spans("`x`")] == []


def test_windows_line_ends_keep_their_places():
    text = "a `b`\r\n\r\n```\r\ncode\r\n```\r\nc `d`\r\n"
    assert blanked(text) == "a ###\r\n\r\n###\r\n####\r\n###\r\nc ###\r\n"


def test_the_masked_text_keeps_length_and_line_breaks():
    text = "---\na: 1\n---\n`x`\n\n```\ny\n```\n<!--\nz\n-->\n"
    masked = markdown_text.mask(text, front_matter=True)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == \
           [i for i, c in enumerate(text) if c == "\n"]
    assert set(masked) == {"\0", "\n"}


def test_line_of_counts_from_one():
    assert markdown_text.line_of("a\nb\nc", 0) == 1
    assert markdown_text.line_of("a\nb\nc", 4) == 3


@pytest.mark.parametrize("text", ["", "\n", "plain",
                                  "[link `x`](url) and [`y`][ref]\n\n[ref]: /x\n",
                                  "Text[^1] `a`\n\n[^1]: note `c`\n"])
def test_unusual_input_is_masked_consistently(text):
    masked = markdown_text.mask(text, fill="#")
    assert len(masked) == len(text)
    assert "`" not in masked.replace("\\`", "")


def test_table_cells_alike_are_each_placed_in_their_own_column():
    assert blanked("| `x` | `x` |\n|---|---|\n") == "| ### | ### |\n|---|---|\n"


# --- spans kept across builds ----------------------------------------------------------------
@pytest.fixture
def no_store():
    """Leave no store installed for the tests that follow."""
    yield
    markdown_text.use_store(None)


def test_a_store_gives_the_spans_of_an_earlier_build_and_parses_only_new_text(
        tmp_path, monkeypatch, no_store):
    path = tmp_path / "markdown-spans.json"
    kept, edited = "Prosa `kode` di sini.\n", "Prosa `kode` dan `lagi`.\n"
    first = markdown_text.SpanStore(path)
    markdown_text.use_store(first)
    expected = kinds(kept)
    first.save()
    parsed = []
    real_parse = markdown_text._parse.__wrapped__
    monkeypatch.setattr(markdown_text, "_parse",
                        lambda text, front_matter: parsed.append(text) or real_parse(
                            text, front_matter))
    markdown_text.use_store(markdown_text.SpanStore(path))
    assert kinds(kept) == expected and parsed == [], "the stored spans are used"
    assert kinds(edited) == [("`kode`", CODE), ("`lagi`", CODE)] and parsed == [edited]


def test_a_store_keeps_only_what_its_build_read(tmp_path, no_store):
    path = tmp_path / "markdown-spans.json"
    first = markdown_text.SpanStore(path)
    first.spans("`satu`\n", False)
    first.spans("`dua`\n", False)
    first.save()
    later = markdown_text.SpanStore(path)
    later.spans("`dua`\n", False)
    later.save()
    assert len(markdown_text.SpanStore(path)._known) == 1


def test_a_store_read_again_unchanged_is_not_written_again(tmp_path, no_store):
    path = tmp_path / "markdown-spans.json"
    first = markdown_text.SpanStore(path)
    first.spans("`satu`\n", False)
    first.save()
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")  # a mark
    same = markdown_text.SpanStore(path)
    same.spans("`satu`\n", False)
    same.save()
    assert path.read_text(encoding="utf-8").endswith(" "), "the same spans were written again"
    more = markdown_text.SpanStore(path)
    more.spans("`satu`\n", False)
    more.spans("`dua`\n", False)
    more.save()
    assert len(markdown_text.SpanStore(path)._known) == 2


@pytest.mark.parametrize("content", ["{not json", '{"parser": "another", "spans": {}}',
                                     '{"parser": null}', "[]"])
def test_a_store_of_another_parser_or_unreadable_is_ignored(tmp_path, content, no_store):
    path = tmp_path / "markdown-spans.json"
    path.write_text(content, encoding="utf-8")
    store = markdown_text.SpanStore(path)
    assert store._known == {}
    assert store.spans("Prosa `kode`.\n", False) == markdown_text._parse("Prosa `kode`.\n", False)
