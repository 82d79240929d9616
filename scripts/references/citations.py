"""In-text citations in Markdown, and the reference lists that answer them.

Authors write:
    [@key]              (Regif & Pattipeilohy, 2023)
    [@a; @b]            (KASN, 2021; Regif & Pattipeilohy, 2023), in reference-list order
    [@key, p. 12]       (Regif & Pattipeilohy, 2023, hlm. 12) - p./pp./hlm. follow the page
    [lihat @key]        (lihat KASN, 2021) - text before a key is kept as a prefix
    @key                Regif dan Pattipeilohy (2023) - narrative; `@key [p. 12]` adds a page
    \\@word             a literal @ (narrative keys need a 4-digit year, so handles such as
                        @bawaslu_ri are left alone anyway)
Only prose is read (`scripts/content/markdown_text.py` says what prose is): citations inside
code (fenced, indented or inline), raw HTML, HTML comments and link reference definitions
are left as written, and an e-mail address is not a citation. Each citation links to
`#ref-<key>` on the reference page of the same language and shows the full reference on
hover and on keyboard focus (a CSS tooltip named by `aria-describedby`; no script).

The reference page (`docs/referensi.md`, `docs/referensi.en.md`) places lists with a line
`{{ references: <group> }}`; groups: reviewed (the paper the site is built on), cited (cited
anywhere on the site, outside the paper's list), paper (the paper's own list, each marked when
the site cites it too), other (everything else in the bibliography). Every entry thus appears
once, under a stable anchor `ref-<key>`. Which keys the site cites is known before any page
is rendered: `scan()` reads every page and notebook source first (MkDocs renders pages one by
one, and the i18n plugin builds id, then en, in one process).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scripts.content import markdown_text
from scripts.languages import DEFAULT_LANGUAGE
from scripts.references.apa import Styler, esc, ordered, rank
from scripts.references.bibliography import Bibliography, Entry

REFERENCE_PAGE = "referensi.md"
GROUPS = ("reviewed", "cited", "paper", "other")
KEY = r"[A-Za-z0-9][A-Za-z0-9_:.-]*?"
# A bracketed citation may wrap onto the next line, but not across a blank line. Brackets
# followed by `(`, `[` or `{` are a link, a reference link or attributes, not a citation; a
# colon after them is ordinary punctuation (link reference definitions are masked).
BRACKET = re.compile(r"(?<![!\]\\])\[(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n))*?@"
                     r"(?:[^\[\]\n]|\n(?![ \t]*\n))*?)\](?![(\[{])")
ITEM = re.compile(rf"^\s*(?P<prefix>[^@;]*?)\s*@(?P<key>{KEY})\s*(?:,\s*(?P<loc>[^;]*?))?\s*$")
NARRATIVE = re.compile(r"(?<![\w@/\\:.+\-=[])@(?P<key>[a-z][a-z0-9]*\d{4}[a-z0-9]*)(?![\w-])"
                       r"(?:[ ]\[(?P<loc>(?:p|pp|hlm|h)\.[^\[\]\n]*)\])?")
PLACEHOLDER = re.compile(r"^[ \t]*\{\{\s*references\s*:\s*(?P<group>[\w-]+)\s*\}\}[ \t]*$",
                         re.M)
# Characters Markdown (or a later hook's {{ ... }}) would read; written as entities instead.
_MD_SPECIALS = str.maketrans({c: f"&#{ord(c)};" for c in "*_`[]\\~^{}|"})


class CitationError(Exception):
    """An author's citation problem; the message names page, line and key."""


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    keys: tuple[str, ...]
    locators: tuple[str, ...]
    prefixes: tuple[str, ...]
    narrative: bool


def md_safe(text_html: str) -> str:
    """Escaped HTML text that Markdown will pass through untouched."""
    return text_html.translate(_MD_SPECIALS)


def mask(text: str) -> str:
    """`text` with everything but prose blanked (same length): code, HTML, comments, addresses.

    Markdown citations would not render inside raw HTML, and a link reference definition
    (`[label]: address` at the start of a block) is an address, not a citation.
    """
    return markdown_text.mask(text)


def find(text: str) -> list[Citation]:
    """Every citation in a page's Markdown, in order."""
    return list(_find(text))


# A build reads each text more than once (the scan of every source, the check of the two
# languages, then each page's check and rendering), and a live-preview save in the same
# process reads again every page it did not change.
@functools.lru_cache(maxsize=1024)
def _find(text: str) -> tuple[Citation, ...]:
    if "@" not in text:  # every citation has one: spare the Markdown parse
        return ()
    masked = mask(text)
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for match in BRACKET.finditer(masked):
        items = [ITEM.match(part) for part in match.group("body").split(";")]
        if not all(items):
            continue
        found.append(Citation(match.start(), match.end(),
                              tuple(i.group("key").rstrip(".:-") for i in items),
                              tuple((i.group("loc") or "").strip() for i in items),
                              tuple(i.group("prefix").strip() for i in items), False))
        taken.append((match.start(), match.end()))
    for match in NARRATIVE.finditer(masked):
        if any(a <= match.start() < b for a, b in taken):
            continue
        found.append(Citation(match.start(), match.end(), (match.group("key"),),
                              ((match.group("loc") or "").strip(),), ("",), True))
    return tuple(sorted(found, key=lambda c: c.start))


def line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def unknown_key_message(where: str, key: str, bibliography: Bibliography) -> str:
    nearest = difflib.get_close_matches(key, bibliography.known_keys(), n=1, cutoff=0.0)
    hint = f" Nearest known key: '{nearest[0]}'." if nearest else ""
    return (f"{where}: unknown citation key '{key}'.{hint} Fix the key, or add the entry to "
            f"bib/references.bib.")


def check(text: str, where: str, bibliography: Bibliography, line_offset: int = 0) -> set[str]:
    """Keys (canonical) cited in `text`; CitationError at the first unknown key."""
    keys = set()
    for citation in find(text):
        for key in citation.keys:
            entry = bibliography.resolve(key)
            if entry is None:
                at = text.find("@" + key, citation.start, citation.end)
                line = line_of(text, at if at >= 0 else citation.start) + line_offset
                raise CitationError(unknown_key_message(f"{where}:{line}", key, bibliography))
            keys.add(entry.key)
    return keys


def scan(sources: Iterable[Path], root: Path, bibliography: Bibliography) -> set[str]:
    """Canonical keys cited in the given Markdown sources (pages, notebooks)."""
    cited: set[str] = set()
    for path in sorted(sources):
        page = markdown_text.split_front_matter(path.read_text(encoding="utf-8"))
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        cited |= check(page.body, name, bibliography, page.body_line - 1)
    return cited


# --- rendering ----------------------------------------------------------------------------
def reference_link(page_src: str, language: str) -> str:
    """Relative Markdown link from a page to the reference page of its language."""
    target = REFERENCE_PAGE
    if language != DEFAULT_LANGUAGE:
        target = target.replace(".md", f".{language}.md")
    return "../" * len(PurePosixPath(page_src).parent.parts) + target


class Renderer:
    """Turns one page's citations into linked APA citations with a tooltip."""

    def __init__(self, bibliography: Bibliography, language: str, page_src: str):
        self.bib = bibliography
        self.style = Styler(bibliography, language)
        self.href = reference_link(page_src, language)
        self.seen: set[str] = set()
        self.count = 0
        self.order = rank(bibliography)

    def one(self, entry: Entry, narrative: bool, locator: str, prefix: str = "") -> str:
        first = entry.key not in self.seen
        self.seen.add(entry.key)
        self.count += 1
        tip = f"cite-tip-{self.count}"
        label = md_safe(esc(self.style.intext(entry, narrative, first, locator)))
        text = md_safe(self.style.plain_reference(entry))
        lead = md_safe(esc(prefix)) + " " if prefix else ""
        return (f'{lead}<span class="cite">[{label}]({self.href}#ref-{entry.key})'
                f'{{ aria-describedby="{tip}" }}'
                f'<span class="cite-tip" role="tooltip" id="{tip}">{text}</span></span>')

    def citation(self, citation: Citation) -> str:
        entries = [self.bib.resolve(key) for key in citation.keys]
        if citation.narrative:
            return self.one(entries[0], True, citation.locators[0])
        parts = sorted(zip(entries, citation.locators, citation.prefixes, strict=True),
                       key=lambda part: self.order[part[0].key])
        return "(" + "; ".join(self.one(e, False, loc, pre) for e, loc, pre in parts) + ")"

    def render(self, text: str, where: str) -> str:
        out, last = [], 0
        check(text, where, self.bib)
        for citation in find(text):
            out += [_literal_at_signs(text, last, citation.start), self.citation(citation)]
            last = citation.end
        out.append(_literal_at_signs(text, last, len(text)))
        return "".join(out)


def _literal_at_signs(text: str, start: int, end: int) -> str:
    """`text[start:end]` with each escaped `\\@` in prose written as a plain `@` entity."""
    piece = text[start:end]
    if "\\@" not in piece:
        return piece
    masked = mask(text)
    return re.sub(r"\\@", lambda m: "&#64;" if masked[start + m.start() + 1] == "@"
                  else m.group(0), piece)


# --- reference lists ----------------------------------------------------------------------
def group_of(entry: Entry, cited: set[str]) -> str:
    if "reviewed" in entry.keywords:
        return "reviewed"
    if entry.in_paper:
        return "paper"
    return "cited" if entry.key in cited else "other"


CITED_MARK = {"id": "Juga dikutip di situs ini.", "en": "Also cited on this site."}


def reference_list(bibliography: Bibliography, language: str, group: str,
                   cited: set[str]) -> str:
    """One group as a raw HTML block: one paragraph per entry, anchor `ref-<key>`."""
    style = Styler(bibliography, language)
    chosen = [e for e in bibliography.entries.values() if group_of(e, cited) == group]
    lines = [f'<div class="references" data-group="{group}">']
    for entry in ordered(chosen):
        extra = []
        if group == "paper" and entry.key in cited:
            extra.append(CITED_MARK[language])
        note = style.correction(entry)
        if note:
            extra.append(note)
        notes = "".join(f'<br><small class="ref-note">{n}</small>' for n in extra)
        lines.append(f'<p class="ref" id="ref-{esc(entry.key)}">{style.reference(entry)}'
                     f'{notes}</p>')
    lines.append("</div>")
    return "\n".join(lines)


def fill_reference_lists(text: str, bibliography: Bibliography, language: str,
                         cited: set[str], where: str) -> str:
    """Each `{{ references: <group> }}` line of the prose replaced by that group's list."""
    masked = ""

    def replace(match: re.Match) -> str:
        nonlocal masked
        masked = masked or mask(text)  # parsed only for a page that has such a line
        if masked[match.start("group")] != text[match.start("group")]:
            return match.group(0)  # shown in code, or commented out
        group = match.group("group")
        if group not in GROUPS:
            line = line_of(text, match.start())
            raise CitationError(f"{where}:{line}: unknown reference group '{group}'. "
                                f"Use one of: {', '.join(GROUPS)}.")
        return "\n" + reference_list(bibliography, language, group, cited) + "\n"

    return PLACEHOLDER.sub(replace, text)


def reference_address(language_root: str) -> str:
    """The reference page's full address, from the site address of the page's language."""
    return language_root.rstrip("/") + "/" + REFERENCE_PAGE.removesuffix(".md") + "/"
