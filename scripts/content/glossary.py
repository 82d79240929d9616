"""The glossary: terms defined once (docs/_data/glossary.yml), shown on pages in two languages.

Called by the MkDocs hook `scripts/mkdocs_adapter/hooks.py`:
- `load()` reads and checks the list (both languages for every term, no duplicates);
- `mark_first_uses(html, terms, language)` wraps the first use of each term on a page in
  `<abbr class="glossary" title="…" tabindex="0">`, so the definition shows on hover (the
  browser's title tooltip) and on keyboard focus (CSS in docs/assets/brief.css), and screen
  readers can announce it. Headings, code, links and existing abbreviations are left alone:
  a tooltip inside a link or heading would fight with what those elements do;
- `render_list(terms, language)` writes the glossary page's definition list.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.content import markdown_text
from scripts.languages import LANGUAGES
from scripts.paths import PROJECT
from scripts.site.html_edit import HtmlEdit, Token, walk

GLOSSARY_FILE = PROJECT.glossary
# The glossary page puts this line where the list of terms goes.
LIST_MARKER = "<!-- glossary -->"
# Text inside these elements is never marked.
SKIPPED = frozenset({"a", "abbr", "button", "code", "h1", "h2", "h3", "h4", "h5", "h6", "kbd",
                     "pre", "samp", "script", "select", "style", "svg", "textarea", "title"})
# Nor inside tooltips (a citation's pop-up) or hidden content: a focusable term there would be
# unreachable or read twice. Nor in reference entries and the "cite this" blocks (the site's,
# each figure's): those are bibliographic records, to be copied as they stand.
SKIPPED_CLASSES = frozenset({"references", "ref", "cite-site", "brief-figure__reuse"})


class GlossaryError(Exception):
    """The glossary file is malformed; the message names the entry and what to fix."""


@dataclass(frozen=True)
class Term:
    term: str
    spellings: tuple[str, ...]
    names: dict[str, str]
    definitions: dict[str, str]

    def pattern(self) -> re.Pattern[str]:
        # Whole words only: "PP" must not match inside "PPK" or "PPPK".
        alternatives = "|".join(re.escape(s) for s in sorted(self.spellings, key=len, reverse=True))
        return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w-])")


def load(path: Path = GLOSSARY_FILE) -> list[Term]:
    """All terms, checked; every problem in the file is reported at once."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        raise GlossaryError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(entries, list):
        raise GlossaryError(f"{path.name}: must be a list of entries, each starting `- term:`")
    terms: list[Term] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        label = f"{path.name}: entry {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            problems.append(f"{label}: needs `term:` with the text as written on the pages")
            continue
        label += f" ({entry['term']})"
        spellings = (entry["term"], *entry.get("also", []))
        for spelling in spellings:
            if spelling in seen:
                problems.append(f"{label}: `{spelling}` is defined twice; keep one entry")
            seen.add(spelling)
        names, definitions = {}, {}
        for language in LANGUAGES:
            block = entry.get(language)
            if not isinstance(block, dict) or not block.get("name") or not block.get("definition"):
                problems.append(f"{label}: add `{language}:` with `name:` and `definition:`")
                continue
            names[language] = str(block["name"]).strip()
            definitions[language] = str(block["definition"]).strip()
        if len(names) == len(LANGUAGES):
            terms.append(Term(entry["term"], spellings, names, definitions))
    if problems:
        raise GlossaryError("\n".join(problems))
    return terms


def tooltip(term: Term, language: str) -> str:
    """What the reader sees: the term spelled out, then its definition."""
    name, definition = term.names[language], term.definitions[language]
    return definition if name == term.term else f"{name}: {definition}"


def _skipped(element: Token) -> bool:
    """Whether no term inside this element may be marked."""
    return (element.name in SKIPPED or element.attr("role") == "tooltip"
            or element.attr("aria-hidden") == "true" or element.has_attr("hidden")
            or not SKIPPED_CLASSES.isdisjoint(element.classes()))


def mark_first_uses(page_html: str, terms: list[Term], language: str) -> str:
    """Wrap the first use of each term in the page's running text with its definition."""
    page = HtmlEdit(page_html)
    plan_first_uses(page, terms, language)
    return page.result()


def plan_first_uses(page: HtmlEdit, terms: list[Term], language: str) -> None:
    """`mark_first_uses`, planned on a page that other passes also edit."""
    pending = {term.term: (term, term.pattern()) for term in terms}
    for _, token, open_elements in walk(page.tokens):
        if not pending:
            break
        if token.kind != "text" or any(_skipped(element) for element in open_elements):
            continue
        # Terms are found in the text as written, so an entity is never split by a mark.
        text = page.raw(token)
        marked = _mark(text, pending, language)
        if marked != text:
            page.replace(token, marked)


def _mark(text: str, pending: dict[str, tuple[Term, re.Pattern[str]]], language: str) -> str:
    """Mark, in one text run, each still-unmarked term's first use (earliest first)."""
    hits = [(match.start(), key, match) for key, (_, pattern) in pending.items()
            if (match := pattern.search(text))]
    if not hits:
        return text
    # Earliest hit first, so marks never overlap; the rest are searched after it.
    _, key, match = min(hits, key=lambda hit: hit[0])
    term, _ = pending.pop(key)
    title = html.escape(tooltip(term, language), quote=True)
    marked = f'<abbr class="glossary" title="{title}" tabindex="0">{match.group(0)}</abbr>'
    return text[:match.start()] + marked + _mark(text[match.end():], pending, language)


def render_list(terms: list[Term], language: str) -> str:
    """The glossary page's body: a Markdown definition-style list, alphabetical."""
    lines: list[str] = []
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        name = term.names[language]
        spelled_out = " —" if name.casefold() == term.term.casefold() else f" — *{name}*."
        lines.append(f"- **{term.term}**{spelled_out} {term.definitions[language]}")
    return "\n".join(lines) + "\n"


def place_list(markdown: str, terms: list[Term], language: str) -> str:
    """The page with each `<!-- glossary -->` line replaced by the list; in code (the author
    guide shows the marker) it stays as written."""
    if LIST_MARKER not in markdown:
        return markdown
    code = [span for span in markdown_text.spans(markdown) if span.kind == markdown_text.CODE]
    out, last = [], 0
    start = markdown.find(LIST_MARKER)
    while start >= 0:
        if not any(span.start <= start < span.end for span in code):
            out += [markdown[last:start], render_list(terms, language)]
            last = start + len(LIST_MARKER)
        start = markdown.find(LIST_MARKER, start + len(LIST_MARKER))
    out.append(markdown[last:])
    return "".join(out)
