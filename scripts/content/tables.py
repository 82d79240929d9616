"""Wide tables that a phone reader can scroll with the keyboard as well as the finger.

On a 360 px screen a table of several columns is wider than the page, so it scrolls sideways
inside a box. A box that scrolls must be reachable by keyboard (axe rule
`scrollable-region-focusable`, WCAG 2.1.1) and, once focusable, needs a name for screen
readers. Every table in a page's content is therefore wrapped at build time in

    <div class="brief-table" role="region" tabindex="0" aria-label="Tabel: …">

named by its caption, or else by the section heading above it and its column headings (a
number is added when two names would still be the same: landmarks need distinct names).
Doing it in the HTML rather than in script means it also holds with JavaScript off. The
theme's own wrapper, which its script would put around every table without a class
(`<div class="md-typeset__scrollwrap"><div class="md-typeset__table">`), is written here
too, inside ours: the page is then laid out as it finally looks before any script runs, and
the theme's script, which starts on the reader's first action
(scripts/site/theme_patches.py), moves nothing when it arrives; a patch there makes it leave
tables so wrapped alone.
`docs/assets/brief.css` lets only the outer box scroll. Called by the MkDocs hook
`scripts/mkdocs_adapter/hooks.py` on each page's content.
"""

from __future__ import annotations

import html

from scripts.site.html_edit import HtmlEdit, Token, matching_end, text_of, tokenize, walk

WORD = {"id": "Tabel", "en": "Table"}
LABEL_LIMIT = 120  # characters; a name is for finding the table, not reading it
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Material's wrapper around a table without a class, as its script writes it.
THEME_WRAPPER = ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">',
                 "</div></div>")


def _plain(source: str, tokens: list[Token]) -> str:
    """The tokens' text as one line: a word break at every tag, whitespace collapsed."""
    return " ".join(text_of(source, tokens, separator=" ").split())


def _element_texts(source: str, tokens: list[Token], names: frozenset[str],
                   leave_out: str = "") -> list[str]:
    """Plain text of each element named in `names`, in order; elements carrying the class
    `leave_out` (a heading's permalink sign) are left out of that text."""
    texts: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind != "start" or token.name not in names:
            continue
        end = matching_end(tokens, index)
        if end is None:
            continue
        inside = tokens[index + 1:end]
        if leave_out:
            inside = [t for _, t, open_elements in walk(inside)
                      if leave_out not in t.classes()
                      and not any(leave_out in e.classes() for e in open_elements)]
        texts.append(_plain(source, inside))
    return texts


def table_name(table_html: str, language: str, heading: str = "") -> str:
    """What a screen reader announces for the table's box."""
    # The table's own caption and column headings, not those of a table nested in a cell.
    tokens = [token for _, token, open_elements in walk(tokenize(table_html))
              if sum(element.name == "table" for element in open_elements) <= 1]
    captions = _element_texts(table_html, tokens, frozenset({"caption"}))
    if captions and captions[0]:
        name = captions[0]
    else:
        headings = _element_texts(table_html, tokens, frozenset({"th"}))
        name = ", ".join(heading for heading in headings if heading)
        if heading:
            name = f"{heading} ({name})" if name else heading
    if len(name) > LABEL_LIMIT:
        name = name[: LABEL_LIMIT - 1].rstrip() + "…"
    return f"{WORD[language]}: {name}" if name else WORD[language]


def wrap_tables(page_html: str, language: str) -> str:
    """Every table in the page's content inside a named, focusable scrolling box."""
    page = HtmlEdit(page_html)
    plan_table_boxes(page, language)
    return page.result()


def plan_table_boxes(page: HtmlEdit, language: str) -> None:
    """`wrap_tables`, planned on a page that other passes also edit."""
    page_html, tokens = page.source, page.tokens
    used: dict[str, int] = {}
    heading = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "start" or token.name not in ("table", *HEADINGS):
            index += 1
            continue
        end = matching_end(tokens, index)
        if end is None:
            index += 1
            continue
        if token.name != "table":
            # The section the next tables belong to, without the heading's permalink sign.
            heading = _element_texts(page_html, tokens[index:end + 1], HEADINGS,
                                     leave_out="headerlink")[0]
            index += 1
            continue
        table_html = page_html[token.start:tokens[end].end]
        name = table_name(table_html, language, heading)
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} ({used[name]})"
        label = html.escape(name, quote=True)
        page.insert_before(token, f'<div class="brief-table" role="region" tabindex="0" '
                                  f'aria-label="{label}">')
        # Tables inside this one too: the theme's script wraps every table without a class.
        for inner in range(index, end + 1):
            _plan_theme_wrapper(page, inner)
        page.insert_after(tokens[end], "</div>")
        index = end + 1


def _plan_theme_wrapper(page: HtmlEdit, index: int) -> None:
    """Material's wrapper around the table that starts at `index`, if the theme would add
    one there (a table without a class attribute, closed explicitly)."""
    token = page.tokens[index]
    if token.kind != "start" or token.name != "table" or token.has_attr("class"):
        return
    end = matching_end(page.tokens, index)
    if end is not None:
        page.insert_before(token, THEME_WRAPPER[0])
        page.insert_after(page.tokens[end], THEME_WRAPPER[1])


def focus_code_blocks(page_html: str) -> str:
    """Every code block of the page's content in the keyboard's order (`plan_code_focus`)."""
    page = HtmlEdit(page_html)
    plan_code_focus(page)
    return page.result()


def plan_code_focus(page: HtmlEdit) -> None:
    """`tabindex="0"` on each code block (`<pre><code>`) that has none.

    A wide code block scrolls sideways, and a box that scrolls must be reachable by keyboard
    (the same axe rule as for tables). The theme's script sets this on the blocks that
    scroll when it starts, but it starts only on the reader's first action
    (scripts/site/theme_patches.py); until then every block is reachable, and once started
    the theme keeps the attribute only where a block scrolls."""
    for _, token, open_elements in walk(page.tokens):
        if (token.kind == "start" and token.name == "code" and open_elements
                and open_elements[-1].name == "pre" and not token.has_attr("tabindex")):
            raw = page.raw(token)
            page.replace(token, raw[:-1].rstrip() + ' tabindex="0">')
