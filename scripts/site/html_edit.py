"""Edit HTML at element boundaries with the standard library's parser, leaving every byte that
is not edited exactly as it was.

A build pass that adds markup to a page (a glossary `<abbr>`, a box around a table, a
stylesheet before `</head>`) reads the page with `html.parser` rather than regular
expressions, so attribute values holding `>`, comments, and script or style text are read as
a browser would. The parser is used only to find where things are: `tokenize` records where
each tag, text run and comment starts and ends in the source, and `HtmlEdit` splices
insertions and replacements at those offsets. Nothing is re-serialised, so quoting,
attribute order, entities and whitespace everywhere else stay byte-for-byte the same, which
keeps builds reproducible.

Several passes over one page share one reading of it: each plans its edits on the same
`HtmlEdit`, and `commit()` applies them and brings the tokens up to date by reading only the
inserted markup, so the next pass sees exactly the tokens a fresh reading of the edited page
would give, without the cost of that reading (a page is tens of kilobytes; a fresh reading
per pass was most of a build's time in these passes).

Used by `scripts/content/glossary.py`, `scripts/content/tables.py`,
`scripts/references/apa.py`, `scripts/references/cite_this.py`,
`scripts/references/page_html.py`, `scripts/site/seo.py` and
`scripts/site/page_content.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from html.parser import HTMLParser
from typing import Literal, NamedTuple

# Elements that never have content or an end tag (HTML Living Standard, "void elements").
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                           "meta", "source", "track", "wbr"})
Kind = Literal["start", "end", "text", "comment", "other"]
# Elements whose content the parser reads as plain text up to their end tag: markup inserted
# there would not be read as markup, so `commit()` reads such a page afresh.
RAW_TEXT_ELEMENTS = frozenset((*HTMLParser.CDATA_CONTENT_ELEMENTS,
                               *getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())))


class Token(NamedTuple):
    """One piece of the source: `source[start:end]` is exactly its markup.

    A named tuple rather than a dataclass: a page has thousands of tokens, and a build
    makes them for every page several times, so creating one must be cheap."""

    kind: Kind
    start: int
    end: int
    name: str = ""  # element name, lower case, for start and end tags
    attrs: tuple[tuple[str, str | None], ...] = ()
    self_closing: bool = False  # written `<name ... />`
    text: str = ""  # for text: the characters it stands for (entities decoded)

    def attr(self, name: str) -> str | None:
        """The value of an attribute (None when absent; '' for a bare attribute)."""
        for key, value in self.attrs:
            if key == name:
                return "" if value is None else value
        return None

    def has_attr(self, name: str) -> bool:
        return any(key == name for key, _ in self.attrs)

    def classes(self) -> list[str]:
        return (self.attr("class") or "").split()

    @property
    def opens_element(self) -> bool:
        """A start tag whose element has content, so an end tag (or an implied one) follows."""
        return (self.kind == "start" and not self.self_closing
                and self.name not in VOID_ELEMENTS)


class _Recorder(HTMLParser):
    """Notes where each token starts; its end is where the next one starts."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        # The parser reports (line, column) and counts only "\n" as a line break.
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", source))]
        self.found: list[tuple[int, Kind, str, tuple, bool, str]] = []

    def _note(self, kind: Kind, name: str = "", attrs: tuple = (), self_closing: bool = False,
              text: str = "") -> None:
        line, column = self.getpos()
        self.found.append((self._line_starts[line - 1] + column, kind, name, attrs,
                           self_closing, text))

    def handle_starttag(self, tag, attrs):
        self._note("start", tag, tuple(attrs))

    def handle_startendtag(self, tag, attrs):
        self._note("start", tag, tuple(attrs), self_closing=True)

    def handle_endtag(self, tag):
        self._note("end", tag)

    def handle_data(self, data):
        self._note("text", text=data)

    def handle_comment(self, data):
        self._note("comment")

    def handle_decl(self, decl):
        self._note("other")

    def handle_pi(self, data):
        self._note("other")

    def unknown_decl(self, data):
        self._note("other")


def tokenize(source: str) -> list[Token]:
    """The source as consecutive tokens; joined, their spans cover it exactly.

    Adjacent text is one token, so a text run is everything between two pieces of markup
    (the parser hands over a stray `<` on its own).
    """
    recorder = _Recorder(source)
    recorder.feed(source)
    recorder.close()
    found = recorder.found
    if not found or found[0][0] != 0:
        # Leading characters the parser passed over silently still belong to the source.
        found.insert(0, (0, "other", "", (), False, ""))
    tokens: list[Token] = []
    for index, (start, kind, name, attrs, self_closing, text) in enumerate(found):
        end = found[index + 1][0] if index + 1 < len(found) else len(source)
        if end == start:
            continue
        previous = tokens[-1] if tokens else None
        if kind == "text" and previous is not None and previous.kind == "text":
            tokens[-1] = Token("text", previous.start, end, text=previous.text + text)
            continue
        tokens.append(Token(kind, start, end, name, attrs, self_closing, text))
    return tokens


def walk(tokens: list[Token]) -> Iterator[tuple[int, Token, tuple[Token, ...]]]:
    """Each token with its index and the start tags of the elements it is inside, outermost
    first. An end tag closes its element and any left open inside it; a stray end tag
    closes nothing. Start and end tags are reported outside their own element."""
    stack: list[Token] = []
    for index, token in enumerate(tokens):
        if token.kind == "end":
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == token.name:
                    del stack[depth:]
                    break
        yield index, token, tuple(stack)
        if token.opens_element:
            stack.append(token)


def matching_end(tokens: list[Token], index: int) -> int | None:
    """Index of the end tag that closes the element opened at `index`, or None if the
    element is never closed explicitly."""
    opened = tokens[index]
    depth = 0
    for later in range(index + 1, len(tokens)):
        token = tokens[later]
        if token.kind == "start" and token.name == opened.name and token.opens_element:
            depth += 1
        elif token.kind == "end" and token.name == opened.name:
            if depth == 0:
                return later
            depth -= 1
    return None


def text_of(source: str, tokens: list[Token], *, decoded: bool = True,
            separator: str = "") -> str:
    """The text of some tokens, markup left out: decoded (`&amp;` read as `&`) or as written.

    `separator` stands in for each tag or comment between text runs, as a browser's
    rendering would put a word break at a block boundary."""
    pieces: list[str] = []
    for token in tokens:
        if token.kind == "text":
            pieces.append(token.text if decoded else source[token.start:token.end])
        elif separator and token.kind in ("start", "end", "comment"):
            pieces.append(separator)
    return "".join(pieces)


def visible_text(fragment: str, *, decoded: bool = True, separator: str = "") -> str:
    """`text_of` for a whole fragment of HTML."""
    return text_of(fragment, tokenize(fragment), decoded=decoded, separator=separator)


class HtmlEdit:
    """Insertions and replacements planned against one source, applied together.

    Offsets always refer to the original source, so edits can be planned in any order while
    walking the tokens; `result()` splices them in. Two insertions at one offset keep the
    order they were planned in. Replaced spans may not overlap.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self._edits: list[tuple[int, int, int, str]] = []  # (start, end, order, markup)

    @classmethod
    def read_around(cls, source: str, part: str, part_tokens: Sequence[Token]) -> HtmlEdit:
        """An edit of `source`, which holds `part` (whose tokens are `part_tokens`, as
        `tokenize(part)` gives them) once: only what surrounds the part is read, as
        `commit()` reads inserted markup. A page is mostly its content, which the content
        passes have read already; when the part is not found once, `source` is read whole."""
        start = source.find(part) if part else -1
        if start < 0 or source.find(part, start + 1) >= 0:
            return cls(source)
        around = cls.__new__(cls)
        around.source, around.tokens, around._edits = part, list(part_tokens), []
        around.insert(0, source[:start])
        around.insert(len(part), source[start + len(part):])
        around.commit()
        return around

    def raw(self, token: Token) -> str:
        return self.source[token.start:token.end]

    def insert(self, offset: int, markup: str) -> None:
        self._edits.append((offset, offset, len(self._edits), markup))

    def insert_before(self, token: Token, markup: str) -> None:
        self.insert(token.start, markup)

    def insert_after(self, token: Token, markup: str) -> None:
        self.insert(token.end, markup)

    def replace(self, token: Token, markup: str) -> None:
        self._edits.append((token.start, token.end, len(self._edits), markup))

    def commit(self) -> None:
        """Apply the planned edits: `source` and `tokens` become those of the result, and
        later edits are planned against it."""
        if not self._edits:
            return
        edits = sorted(self._edits)
        result = self.result()
        self.tokens = _tokens_after(self.source, self.tokens, edits) or tokenize(result)
        self.source = result
        self._edits = []

    def first(self, predicate: Callable[[Token], bool]) -> Token | None:
        return next((token for token in self.tokens if predicate(token)), None)

    def has_element(self, predicate: Callable[[Token], bool]) -> bool:
        """Whether any start tag satisfies `predicate`."""
        return any(token.kind == "start" and predicate(token) for token in self.tokens)

    def result(self) -> str:
        if not self._edits:
            return self.source
        out: list[str] = []
        position = 0
        for start, end, _, markup in sorted(self._edits):
            if start < position:
                raise ValueError(f"overlapping HTML edits at offset {start}")
            out += [self.source[position:start], markup]
            position = end
        out.append(self.source[position:])
        return "".join(out)


def insert_before_end_tag(page: HtmlEdit, name: str, markup: str) -> bool:
    """Plan `markup` just inside the end of the first `name` element that is closed
    explicitly (`</head>`, `</article>`); False when there is none."""
    closing = page.first(lambda token: token.kind == "end" and token.name == name)
    if closing is None:
        return False
    page.insert_before(closing, markup)
    return True


def _tokens_after(source: str, tokens: list[Token],
                  edits: list[tuple[int, int, int, str]]) -> list[Token] | None:
    """The tokens of `source` with `edits` applied, reading only the inserted markup; None
    when that would not match a fresh reading (an edit inside a token, or in raw text).

    Markup inserted between two tokens reads the same there as on its own: a tag or text
    run ends where it ends whatever follows, and adjacent text runs are joined as
    `tokenize` joins them.
    """
    starts = [token.start for token in tokens]
    boundaries = {*starts, len(source)}
    raw_text = _raw_text_spans(tokens)
    for start, end, _, _ in edits:
        if start not in boundaries or end not in boundaries or any(
                first <= start <= last for first, last in raw_text):
            return None
    result: list[Token] = []
    index, shift = 0, 0
    for start, end, _, markup in edits:
        # Tokens before the edit end at or before its start (a token ends where the next
        # one starts); those it replaces start before its end.
        before = bisect_left(starts, start)
        _append_moved(result, tokens[index:before], shift)
        index = max(before, bisect_left(starts, end))
        _append_moved(result, tokenize(markup), start + shift)
        shift += len(markup) - (end - start)
    _append_moved(result, tokens[index:], shift)
    return result


def _append_moved(result: list[Token], tokens: list[Token], shift: int) -> None:
    """Append `tokens`, moved by `shift`, joining a text run that meets another."""
    if not tokens:
        return
    if shift:
        make = tuple.__new__  # the named tuple's own constructor, without its checks
        tokens = [make(Token, (kind, start + shift, end + shift, name, attrs, closing, text))
                  for kind, start, end, name, attrs, closing, text in tokens]
    first = tokens[0]
    if result and first.kind == "text" and result[-1].kind == "text":
        previous = result[-1]
        result[-1] = Token("text", previous.start, first.end, text=previous.text + first.text)
        result += tokens[1:]
    else:
        result += tokens


def _raw_text_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first, last) offsets an edit may not touch: inside a script or style element,
    from the end of its start tag to the start of its end tag."""
    spans: list[tuple[int, int]] = []
    opened: Token | None = None
    for token in tokens:
        if opened is None:
            if token.kind == "start" and token.name in RAW_TEXT_ELEMENTS \
                    and not token.self_closing:
                opened = token
        elif token.kind == "end" and token.name == opened.name:
            spans.append((opened.end, token.start))
            opened = None
    if opened is not None:
        spans.append((opened.end, tokens[-1].end))
    return spans
