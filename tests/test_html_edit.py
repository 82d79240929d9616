"""scripts/site/html_edit.py: HTML read with html.parser, edited at element boundaries, and
every byte that is not edited left exactly as written."""

from __future__ import annotations

from itertools import pairwise

import pytest

from scripts.site import html_edit
from scripts.site.html_edit import (
    HtmlEdit,
    insert_before_end_tag,
    matching_end,
    tokenize,
    visible_text,
    walk,
)

# Markup a regular expression misreads: `>` in an attribute, a tag inside script text, a
# comment holding a tag, unquoted and single-quoted attributes, entities, a stray `<`.
AWKWARD = ("<!DOCTYPE html>\n<html><head><script>if (a<b) document.write('</head>')</script>"
           "<!-- </head> --></head><body class=x data-v='1 > 0'><p>A &amp; B < C"
           "<br/>D</p>\n<img src=x alt=\"&quot;\"></body></html>\n")


def test_tokens_cover_the_source_exactly():
    tokens = tokenize(AWKWARD)
    assert "".join(AWKWARD[t.start:t.end] for t in tokens) == AWKWARD
    assert all(a.end == b.start for a, b in pairwise(tokens))
    body = next(t for t in tokens if t.kind == "start" and t.name == "body")
    assert body.attr("data-v") == "1 > 0" and body.classes() == ["x"]


def test_script_text_and_comments_are_not_markup():
    ends = [t for t in tokenize(AWKWARD) if t.kind == "end" and t.name == "head"]
    assert len(ends) == 1
    assert AWKWARD[ends[0].start:].startswith("</head><body")


def test_adjacent_text_is_one_run_decoded_and_as_written():
    text = [t for t in tokenize("<p>A &amp; B < C</p>") if t.kind == "text"]
    assert len(text) == 1
    assert text[0].text == "A & B < C"
    assert visible_text("<p>A &amp; <b>B</b></p>", decoded=False) == "A &amp; B"
    assert visible_text("<p>A<b>B</b></p>", separator=" ") == " A B  "


def test_walk_reports_open_elements_and_tolerates_unclosed_ones():
    tokens = tokenize("<div><p>one<br>two<span>three</div>four")
    inside = {t.text: tuple(e.name for e in open_elements)
              for _, t, open_elements in walk(tokens) if t.kind == "text"}
    assert inside == {"one": ("div", "p"), "two": ("div", "p"),
                      "three": ("div", "p", "span"), "four": ()}


def test_matching_end_skips_nested_elements_of_the_same_name():
    tokens = tokenize("<table><tr><td><table></table></td></tr></table><p>")
    end = matching_end(tokens, 0)
    assert end is not None and tokens[end].end == len("<table><tr><td><table></table></td>"
                                                      "</tr></table>")
    assert matching_end(tokens, len(tokens) - 1) is None


def test_edits_splice_in_planned_order_and_leave_the_rest_byte_for_byte():
    page = HtmlEdit(AWKWARD)
    assert insert_before_end_tag(page, "head", "<style>a{}</style>")
    assert insert_before_end_tag(page, "head", "<meta name=x>")
    assert not insert_before_end_tag(page, "article", "<p>never</p>")
    text = next(t for t in page.tokens if t.kind == "text" and "A &amp; B" in page.raw(t))
    page.replace(text, "A &amp; <abbr>B</abbr> &lt; C")
    result = page.result()
    assert result == AWKWARD.replace(
        "--></head>", "--><style>a{}</style><meta name=x></head>", 1).replace(
        "A &amp; B < C", "A &amp; <abbr>B</abbr> &lt; C", 1)


def test_no_edit_returns_the_same_text_and_overlaps_are_refused():
    assert HtmlEdit(AWKWARD).result() == AWKWARD
    page = HtmlEdit("<p>text</p>")
    text = page.tokens[1]
    page.replace(text, "x")
    page.insert(text.start + 1, "y")
    with pytest.raises(ValueError, match="overlapping"):
        page.result()


# --- commit: several passes on one reading ---------------------------------------------------

def _committed(source: str, plan, *, read_afresh: bool = False) -> HtmlEdit:
    """The page after `plan`'s edits are committed; checks which way the tokens were made."""
    page = HtmlEdit(source)
    plan(page)
    incremental = html_edit._tokens_after(page.source, page.tokens, sorted(page._edits))
    assert (incremental is None) == read_afresh
    page.commit()
    return page


def test_commit_gives_the_tokens_of_a_fresh_reading():
    def plan(page: HtmlEdit) -> None:
        text = page.first(lambda t: t.kind == "text" and "A" in t.text)
        page.replace(text, "A <abbr title='x'>&amp;</abbr> B")  # a text run becomes markup
        body = page.first(lambda t: t.kind == "start" and t.name == "body")
        page.insert_after(body, "lead text ")  # joins the text run that follows
        image = page.first(lambda t: t.kind == "start" and t.name == "img")
        page.insert_before(image, "<div>")
        page.insert_after(image, "</div>")
        page.insert(len(page.source), "\ntrailing")

    page = _committed(AWKWARD, plan)
    assert page.tokens == tokenize(page.source)
    assert "lead text <p>" in page.source and page.source.endswith("\ntrailing")


def test_later_passes_plan_against_the_committed_page():
    page = _committed("<p>one</p>", lambda p: p.insert(0, "<div>"))
    paragraph = page.first(lambda t: t.kind == "start" and t.name == "p")
    page.insert_before(paragraph, "<hr>")
    page.commit()
    assert page.source == "<div><hr><p>one</p>"
    assert page.tokens == tokenize(page.source)


@pytest.mark.parametrize("plan", [
    # Inside a script its text is not markup: the inserted tag must read as script text.
    lambda p: p.insert_after(p.first(lambda t: t.name == "script"), "<b>"),
    # Not at a token boundary.
    lambda p: p.insert(AWKWARD.index("A &amp;") + 1, "<i>x</i>"),
])
def test_commit_reads_afresh_where_inserted_markup_would_read_differently(plan):
    page = _committed(AWKWARD, plan, read_afresh=True)
    assert page.tokens == tokenize(page.source)


def test_commit_without_edits_changes_nothing():
    page = HtmlEdit(AWKWARD)
    tokens = page.tokens
    page.commit()
    assert page.source == AWKWARD and page.tokens is tokens


@pytest.mark.parametrize("content", [
    "<h1 id=\"t\">Judul</h1><p>Teks &amp; <abbr title=\"x\">ASN</abbr></p>\n",
    "teks di awal <b>tebal</b> teks di akhir",
    "<script>var a = '</p>';</script><p>setelah</p>",
])
def test_a_page_read_around_its_content_has_the_tokens_of_a_whole_reading(content):
    page = ("<!doctype html><html><head><script>if (a < b) {}</script><style>p{}</style>"
            "</head><body><article class=\"md-content\">\n  " + content
            + "\n</article><footer>kaki</footer></body></html>")
    around = HtmlEdit.read_around(page, content, tokenize(content))
    assert around.source == page
    assert around.tokens == tokenize(page)


def test_a_part_not_found_once_makes_a_whole_reading():
    page = "<p>x</p><p>x</p>"
    around = HtmlEdit.read_around(page, "<p>x</p>", tokenize("<p>x</p>"))
    assert around.source == page and around.tokens == tokenize(page)
    missing = HtmlEdit.read_around(page, "<p>y</p>", tokenize("<p>y</p>"))
    assert missing.tokens == tokenize(page)
