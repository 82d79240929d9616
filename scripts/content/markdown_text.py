"""Which parts of a page's Markdown are prose, and which are code, HTML, comments or settings.

Every pass that reads or rewrites page text asks this module rather than guessing with its
own regular expressions: the citation pass (`scripts/references/citations.py`, and the
`{{ references }}` and `{{ cite_this_site }}` lines), the figure and value placeholders
(`scripts/figures/registry.py`), front matter (`scripts/content/frontmatter.py`) and the
originality check (`scripts/tools/originality.py`). They act on prose only, so a guide can
show `[@key]` or `{{ value: id }}` inside code and have it printed as written.

The rules are CommonMark's, applied by markdown-it-py, with the block syntax the site's
Markdown extensions add (pipe tables, footnotes, `!!!`/`???` admonitions), so that what this
module calls code is what readers see as code:

- fenced code opened by three or more backticks or tildes, with or without an info string,
  closed only by a fence of the same character, at least as long, with nothing after it (a
  line ```` ```python ```` inside a ```` ```text ```` block does not close it);
- indented code blocks, which cannot interrupt a paragraph;
- inline code spans of any number of backticks (`` `` a ` b `` ``);
- HTML blocks and inline tags, and HTML comments (`<!-- ... -->`), block or inline;
- link reference definitions (`[label]: address`), which exist only at the start of a block,
  and autolinks (`<https://...>`): addresses, not words;
- front matter: YAML between a `---` line at the very top and the next `---` (or `...`)
  line, split off by `split_front_matter`, the one place that knows its shape.

Positions are character offsets into the text given; lines end in `\\n` or `\\r\\n`. A masked
text (`mask`) has the same length and the same line breaks as the original, so a pass that
searches the masked text reports true line numbers and can splice the original text.

Parsing is the slow part, and a build reads each page in several forms. Within a process the
spans of a text are computed once; a build also keeps them across processes in a
`SpanStore` (`.cache/markdown-spans.json`, by a digest of each text), which the build steps
install with `use_store` and save when the build has succeeded.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Set
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.footnote import footnote_plugin

from scripts.site.output_cache import digest, package_versions

# Kinds of text that is not prose.
FRONT_MATTER = "front matter"
CODE = "code"  # fenced and indented code blocks, inline code spans
COMMENT = "comment"  # HTML comments, as blocks or inline
HTML = "html"  # HTML blocks and inline tags other than comments
ADDRESS = "address"  # link reference definitions and autolinks
NOT_PROSE = frozenset({FRONT_MATTER, CODE, COMMENT, HTML, ADDRESS})

# MkDocs takes the same shape as front matter (its closing line may also be `...`).
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(?P<yaml>.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
    re.DOTALL)
# markdown-it treats each of these as one line break.
_LINE_BREAK = re.compile(r"\r\n?|\n")
_NOT_LINE_BREAK = re.compile(r"[^\r\n]")


@dataclass(frozen=True)
class PageParts:
    """A page split into its front matter and the Markdown body after it."""

    front_matter: str | None  # the YAML between the two lines; None when there is none
    body: str
    body_start: int  # character offset of the body in the page
    body_line: int  # line number (1-based) of the body's first line in the page
    front_matter_line: int = 2  # line number of the YAML's first line


@dataclass(frozen=True)
class Span:
    """Characters `start` to `end` (exclusive) of a text, of one kind that is not prose."""

    start: int
    end: int
    kind: str


def split_front_matter(text: str) -> PageParts:
    """The page's front matter (if any) and its body, with where the body starts."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return PageParts(None, text, 0, 1)
    end = match.end()
    return PageParts(match.group("yaml") or "", text[end:], end, line_of(text, end))


def line_of(text: str, offset: int) -> int:
    """Line number (1-based) of the character at `offset`."""
    return text.count("\n", 0, offset) + 1


def spans(text: str, *, front_matter: bool = False) -> tuple[Span, ...]:
    """Every stretch of `text` that is not prose, in order.

    With `front_matter=True` the text is a whole page file, and its front matter is one span;
    otherwise the text is Markdown as MkDocs passes it to a page's hooks, without front matter.
    """
    return _spans(text, front_matter)


def mask(text: str, hide: Set[str] = NOT_PROSE, *, front_matter: bool = False,
         fill: str = "\0") -> str:
    """`text` with every character of the `hide` kinds, except line breaks, set to `fill`."""
    pieces, last = [], 0
    for span in _spans(text, front_matter):
        if span.kind not in hide or span.end <= last:
            continue
        start = max(span.start, last)
        pieces += [text[last:start], _blank(text[start:span.end], fill)]
        last = span.end
    pieces.append(text[last:])
    return "".join(pieces)


def _blank(piece: str, fill: str) -> str:
    """`piece` with every character but line breaks set to `fill`."""
    if "\r" in piece:
        return _NOT_LINE_BREAK.sub(fill, piece)
    return "\n".join(fill * len(line) for line in piece.split("\n"))


def prose_spans(text: str, hide: Set[str] = NOT_PROSE, *,
                front_matter: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each stretch of prose: the text between the `hide` spans."""
    found, last = [], 0
    for span in _spans(text, front_matter):
        if span.kind not in hide or span.end <= last:
            continue
        if span.start > last:
            found.append((last, span.start))
        last = span.end
    if last < len(text):
        found.append((last, len(text)))
    return found


# --- parsing -------------------------------------------------------------------------------
@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(admon_plugin)
    # Inline content is parsed token by token below, so that each span found can be placed;
    # the footnote pass would otherwise move footnote text to the end of the token list.
    parser.disable(["inline", "footnote_tail"])
    rules = {rule.name: rule.fn for rule in parser.inline.ruler.__rules__}
    for name, kind in (("backticks", CODE), ("html_inline", None), ("autolink", ADDRESS)):
        parser.inline.ruler.at(name, _recording(rules[name], kind))
    return parser


def _recording(original, kind: str | None):
    """The inline rule `original`, also noting where each of its matches starts and ends."""

    def record(state, silent: bool) -> bool:
        start, tokens = state.pos, len(state.tokens)
        matched = original(state, silent)
        # Silent calls only probe (for link text); image descriptions are parsed as a
        # separate text, whose positions are not those of the page. A run of backticks
        # without its closing run is read as text, and makes no token.
        if (matched and not silent and len(state.tokens) > tokens
                and state.src is state.env.get("_inline_source")):
            found = kind or (COMMENT if state.src.startswith("<!--", start) else HTML)
            state.env["_inline_spans"].append((start, state.pos, found))
        return matched

    return record


def _spans(text: str, front_matter: bool) -> tuple[Span, ...]:
    if _store is not None:
        return _store.spans(text, front_matter)
    return _parse(text, front_matter)


# Large enough for every text of a build (each page and notebook as the citation scan reads
# it, then as each pass over each language's pages reads it), so that a live-preview rebuild
# in the same process parses only what changed. A smaller cache, read in the same order on
# every build, would evict each text just before it is read again.
@lru_cache(maxsize=1024)
def _parse(text: str, front_matter: bool) -> tuple[Span, ...]:
    found: list[Span] = []
    body, offset = text, 0
    if front_matter:
        parts = split_front_matter(text)
        if parts.front_matter is not None:
            found.append(Span(0, parts.body_start, FRONT_MATTER))
            body, offset = parts.body, parts.body_start
    # markdown-it reads a NUL character as U+FFFD; the same length, so offsets still agree.
    lines = _Lines(body.replace("\0", "\ufffd"))
    parser = _parser()
    env: dict = {}
    tokens = parser.parse(body, env)
    for token in tokens:
        if token.map is None:
            continue
        first, end = token.map
        if token.type in ("fence", "code_block"):
            found.append(Span(*lines.block(first, end), CODE))
        elif token.type == "html_block":
            kind = COMMENT if token.content.lstrip().startswith("<!--") else HTML
            found.append(Span(*lines.block(first, end), kind))
        elif token.type == "inline":
            env["_inline_source"], env["_inline_spans"] = token.content, []
            parser.inline.parse(token.content, parser, env, [])
            found += lines.inline(token.content, first, env["_inline_spans"])
    definitions = [*env.get("references", {}).values(), *env.get("duplicate_refs", [])]
    found += [Span(*lines.block(*item["map"]), ADDRESS) for item in definitions]
    shifted = (Span(s.start + offset, s.end + offset, s.kind) if s.kind != FRONT_MATTER else s
               for s in found)
    return tuple(sorted(shifted, key=lambda s: (s.start, s.end)))


class _Lines:
    """Line positions of a text, and the placing of parsed content back into it."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.ends = [m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)]
        self.cursor: dict[int, int] = {}  # per line: where the last placed content ended

    def block(self, first: int, end: int) -> tuple[int, int]:
        """Offsets of whole lines `first` to `end` (exclusive), line breaks included."""
        last = min(end, len(self.starts)) - 1
        stop = self.starts[last + 1] if last + 1 < len(self.starts) else len(self.text)
        return self.starts[first], stop

    def inline(self, content: str, first: int, found: list[tuple[int, int, str]]) -> list[Span]:
        """Spans found in an inline token's `content`, placed in the text.

        markdown-it's content is the lines from `first` on, each without its container
        prefix (`> `, a list marker, indentation), the first line's leading and the last
        line's trailing blanks, and, in table cells, the backslash of `\\|`.
        """
        if not found:
            return []
        places = []  # per content line: (offset of the line in content, its place in text)
        position = 0
        for number, piece in enumerate(content.split("\n")):
            places.append((position, self._place(first + number, piece)))
            position += len(piece) + 1
        spans = []
        for start, end, kind in found:
            placed = [self._offset(places, start), self._offset(places, end, at_end=True)]
            if None not in placed and placed[0] < placed[1]:
                spans.append(Span(placed[0], placed[1], kind))
        return spans

    def _place(self, line: int, piece: str):
        """How a content line maps into text line `line`: a function of its column, or None."""
        if line >= len(self.starts):
            return None
        source = self.text[self.starts[line]:self.ends[line]]
        stripped = piece.strip(" \t")
        lead = len(piece) - len(piece.lstrip(" \t"))
        if not stripped:
            return None
        # The first match after the previous cell of the line: a container prefix never
        # holds the content itself, and table cells come in order.
        column = source.find(stripped, self.cursor.get(line, 0))
        if column >= 0:
            self.cursor[line] = column + len(stripped)
            base = self.starts[line] + column - lead
            return lambda at: base + at
        # A table cell whose `\|` markdown-it turned into `|`: count the backslashes back in.
        escaped = stripped.replace("|", "\\|")
        column = source.find(escaped, self.cursor.get(line, 0))
        if column < 0:
            return None
        self.cursor[line] = column + len(escaped)
        base = self.starts[line] + column

        def with_backslashes(at: int) -> int:
            inner = max(0, at - lead)
            return base + inner + stripped.count("|", 0, inner)

        return with_backslashes

    @staticmethod
    def _offset(places, position: int, at_end: bool = False) -> int | None:
        """The text offset of content offset `position` (an end stays on its own line)."""
        for start, place in reversed(places):
            if start < position or (start == position and not at_end):
                return place(position - start) if place else None
        return None


# --- spans kept across builds ----------------------------------------------------------------
# Raise when the stored shape changes, so that files of the older shape are not read.
STORE_FORMAT = "1"


@cache
def parser_fingerprint() -> str:
    """What the spans of a text depend on besides the text: this module's code and the
    versions of the parser and its plugins."""
    return digest(STORE_FORMAT, Path(__file__).read_bytes(),
                  package_versions("markdown-it-py", "mdit-py-plugins"))


class SpanStore:
    """The spans of the texts an earlier build read, by a digest of each text.

    Read whole when a build starts; `save` writes what this build read (and only that, so
    the file does not grow with every edit), under a temporary name then renamed, so two
    builds at once each leave a whole file. A file of another parser, or unreadable, is
    ignored: its texts are parsed again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known = self._read()
        self._used: dict[str, tuple[Span, ...]] = {}

    def _read(self) -> dict[str, tuple[Span, ...]]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored["parser"] != parser_fingerprint():
                return {}
            return {key: tuple(Span(int(start), int(end), str(kind))
                               for start, end, kind in found)
                    for key, found in stored["spans"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    def spans(self, text: str, front_matter: bool) -> tuple[Span, ...]:
        key = digest("front matter" if front_matter else "body", text)
        found = self._used.get(key)
        if found is None:
            found = self._known.get(key)
        if found is None:
            found = _parse(text, front_matter)
        self._used[key] = found
        return found

    def save(self) -> None:
        if self._used == self._known:
            return  # the file holds exactly these spans already (a build of unchanged pages)
        stored = {"parser": parser_fingerprint(),
                  "spans": {key: [[span.start, span.end, span.kind] for span in found]
                            for key, found in sorted(self._used.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(stored, file, separators=(",", ":"))
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


_store: SpanStore | None = None


def use_store(store: SpanStore | None) -> None:
    """Read and record spans through `store` from now on (None: parse in this process only)."""
    global _store
    _store = store
