"""Every figure and value the notebooks published, and the page placeholders that use them.

`collect()` reads the executed notebooks' outputs (see `scripts/figures/publish.py` for the MIME
types); `Registry.substitute()` (called by the MkDocs adapter) replaces,
in a page's Markdown and for its language, each line `{{ figure: <id> }}` with the figure
element, whose contents `Registry.fill_figures()` puts in once the page is HTML, and each
inline `{{ value: <id> }}` with the number in the locale's format. Spaces inside
the braces are optional (`{{value:x}}` works). Placeholders inside code (fenced, indented or
`inline`) and HTML comments are left as they are, so the author guide can show the syntax;
what counts as code is decided by `scripts/content/markdown_text.py`. Everywhere else every
`{{ … }}` must be a placeholder the site knows (the two above, and the `{{ references: … }}`
and `{{ cite_this_site }}` lines the citation hooks fill later): an unknown kind, a broken
one, or an unknown id raises PlaceholderError naming the file and the line, and for an id
the nearest known one. `placed()` lists the figures and values a page or notebook places,
and `unused_notebooks()` the notebooks nothing uses: no page shows them and no page places
what they publish. `values_markdown()` writes a plain
catalogue of the values (the site's own catalogue page is `scripts/figures/catalogue.py`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.content import markdown_text
from scripts.content.glossary import LIST_MARKER as GLOSSARY_MARKER
from scripts.figures import publish as figures
from scripts.figures import sources
from scripts.languages import LANGUAGES

# Every placeholder a page may hold, and who fills it: this module the first two, the
# citation hooks the other two (they run after this module, so they are let through here).
PLACEHOLDER_FORMS = {
    "figure": "{{ figure: <id> }}",
    "value": "{{ value: <id> }}",
    "references": "{{ references: <group> }}",
    "cite_this_site": "{{ cite_this_site }}",
}
# Each of these stands for a whole block, so it must be the only thing on its line.
OWN_LINE_KINDS = frozenset({"figure", "references", "cite_this_site"})
# `{{` up to the next `}}` on the same line; with no such `}}`, the `{{` alone.
PLACEHOLDER = re.compile(r"\{\{(?:(?P<inside>[^\n{}]*)\}\})?")
# Spaces inside the braces are optional: `{{value:x}}` is `{{ value: x }}`.
FORM = re.compile(r"\s*(?P<kind>[A-Za-z_][\w-]*)\s*(?::\s*(?P<id>[^\s:]*)\s*)?")
# Text shown as written, so the author guide can show the syntax. Raw HTML is not in the
# list: a value inside an HTML table is still a number to fill in.
SHOWN_AS_WRITTEN = frozenset({markdown_text.CODE, markdown_text.COMMENT})


class PlaceholderError(Exception):
    """A page's placeholder is unknown, broken or misplaced, or names an id nobody publishes;
    or a notebook's figure or value names a source `sources.csv` lacks."""


@dataclass
class Registry:
    figures: dict[str, dict] = field(default_factory=dict)
    values: dict[str, dict] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # "figure:x" -> notebook name

    def add(self, kind: str, payload: dict, notebook: str) -> None:
        key = f"{kind}:{payload['id']}"
        if key in self.origin:
            raise PlaceholderError(
                f"notebooks/{notebook}.md: {kind} id `{payload['id']}` is already published by "
                f"notebooks/{self.origin[key]}.md; give one of them another id"
            )
        self.origin[key] = notebook
        (self.figures if kind == "figure" else self.values)[payload["id"]] = payload

    def value_text(self, value_id: str, language: str) -> str:
        item = self.values[value_id]
        return figures.format_number(item["value"], item["kind"], language, item["digits"])

    def substitute(self, markdown: str, language: str, where: str, first_line: int = 1) -> str:
        """The page with placeholders replaced; `where` and `first_line` locate errors.

        A figure becomes its element with a token for its contents (`figures.figure_shell`),
        which `fill_figures` replaces once the page is HTML.
        """
        if "{{" not in markdown:  # no placeholder: spare the Markdown parse
            return markdown
        masked = markdown_text.mask(markdown, SHOWN_AS_WRITTEN)
        out, last = [], 0
        for match in PLACEHOLDER.finditer(masked):
            number = first_line + masked.count("\n", 0, match.start())
            at = f"{where}:{number}"
            written = markdown[match.start():match.end()]
            line_start = masked.rfind("\n", 0, match.start()) + 1
            line_end = masked.find("\n", match.end())
            line_end = len(masked) if line_end < 0 else line_end
            on_own_line = masked[line_start:line_end].strip(" \t\r") == match.group(0)
            kind, item_id = _parse(match, written, at)
            if kind in OWN_LINE_KINDS and not on_own_line:
                raise PlaceholderError(
                    f"{at}: `{{{{ {kind}{': …' if kind != 'cite_this_site' else ''} }}}}` must "
                    "stand on a line of its own; move it to its own line with a blank line "
                    "before and after")
            if kind == "value":
                value_id = self._known("value", item_id, self.values, at)
                out += [markdown[last:match.start()], self.value_text(value_id, language)]
                last = match.end()
            elif kind == "figure":
                figure_id = self._known("figure", item_id, self.figures, at)
                out += [markdown[last:line_start], figures.figure_shell(figure_id)]
                last = line_end
        out.append(markdown[last:])
        return "".join(out)

    def fill_figures(self, html: str, language: str, reuse=None) -> str:
        """The page's HTML with each figure's contents in its element (see `substitute`).

        `reuse(figure_id)` gives the figure's downloads, address, licence and citation as
        they read on this page (`scripts/figures/reuse.py`); without it a figure has none.
        """
        def contents(figure_id: str, figure: dict) -> str:
            extras = reuse(figure_id) if reuse else ""
            return figures.figure_body(figure, language).replace(figures.REUSE_TOKEN, extras)

        return self._fill(html, figures.BODY_TOKEN_PREFIX, figures.body_token, contents)

    def fill_charts(self, html: str, language: str) -> str:
        """The finished page with each figure's chart in place of its token (see
        `figures.figure_body`)."""
        return self._fill(html, figures.CHART_TOKEN_PREFIX, figures.chart_token,
                          lambda _, figure: figures.inline_chart(figure, language))

    def _fill(self, html: str, prefix: str, token_of, content_of) -> str:
        """`html` with each figure's token (`token_of(figure_id)`, all starting with
        `prefix`) replaced by `content_of(figure_id, figure)`."""
        if prefix not in html:
            return html
        for figure_id, figure in sorted(self.figures.items()):
            token = token_of(figure_id)
            if token in html:
                html = html.replace(token, content_of(figure_id, figure))
        return html

    def substitute_setting(self, text: str, language: str, where: str, line: int) -> str:
        """A front-matter setting (a title, a description) with its values filled in.

        The theme prints these in the navigation, the browser tab and link previews, where a
        figure cannot go, so only `{{ value: … }}` is allowed.
        """
        for match in PLACEHOLDER.finditer(text):
            kind, _ = _parse(match, text[match.start():match.end()], f"{where}:{line}")
            if kind != "value":
                raise PlaceholderError(
                    f"{where}:{line}: only `{{{{ value: … }}}}` can be used in the front "
                    f"matter, not `{{{{ {kind} }}}}`. Fix: move it into the page's text.")
        return self.substitute(text, language, where, line)

    @staticmethod
    def _known(kind: str, item_id: str, known: dict, where: str) -> str:
        if item_id in known:
            return item_id
        nearest = difflib.get_close_matches(item_id, list(known), n=1, cutoff=0.0)
        hint = f"; nearest known id: `{nearest[0]}`" if nearest else "; no notebook publishes any"
        return_hint = "the site's page nilai/ lists them all" if kind == "value" else (
            "each notebook's publish_figure() calls name them")
        raise PlaceholderError(f"{where}: unknown {kind} id `{item_id}`{hint} ({return_hint})")


def _parse(match: re.Match, written: str, at: str) -> tuple[str, str | None]:
    """The placeholder's kind and id (None for `cite_this_site`); PlaceholderError if broken."""
    inside = match.group("inside")
    if inside is None:
        raise PlaceholderError(
            f"{at}: `{{{{` opens a placeholder that is not closed on the same line. Close it "
            "with `}}`, or put the text in `code` to show the braces as they are.")
    kind = re.match(r"\s*([\w-]*)", inside).group(1)
    if kind not in PLACEHOLDER_FORMS:
        known = ", ".join(f"`{form}`" for form in PLACEHOLDER_FORMS.values())
        raise PlaceholderError(
            f"{at}: unknown placeholder `{written}`. Use one of {known} (the glossary page's "
            f"list of terms is placed with `{GLOSSARY_MARKER}`), or put it in `code` to show "
            "it as text.")
    form = FORM.fullmatch(inside)
    wants_id = kind != "cite_this_site"
    if not form or (form.group("id") is not None) != wants_id:
        how = "the kind, a colon, then the id" if wants_id else "without anything after it"
        raise PlaceholderError(
            f"{at}: `{written}` is not written as `{PLACEHOLDER_FORMS[kind]}`. Write it so: "
            f"{how}.")
    return kind, form.group("id")


def locate_in_source(message: str, where: str, source: Path) -> str:
    """Rewrite '<where>:<n>: …' to the line of `source` holding the placeholder it names.

    The message names the placeholder by its id (id `x`) or quotes it as written.
    """
    if not message.startswith(where + ":"):
        return message
    by_id = re.search(r"id `([^`]*)`", message)
    quoted = re.search(r"`(\{\{[^`]*\}\})`", message)
    if by_id:
        needle = re.compile(r"\{\{\s*(?:figure|value)\s*:\s*" + re.escape(by_id.group(1))
                            + r"\s*\}\}")
    elif quoted:
        needle = re.compile(re.escape(quoted.group(1)))
    else:
        return message
    rest = message[len(where) + 1:].split(":", 1)[1]
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if needle.search(line):
            return f"{source.parent.name}/{source.name}:{number}:{rest}"
    return message


def csv_name(figure_id: str) -> str:
    """Where a figure's CSV is served, relative to the language's site root."""
    return f"data/figures/{figure_id}.csv"


def image_name(figure_id: str, extension: str) -> str:
    """Where a figure's chart file (png, svg) is served, relative to the language's site
    root: each language has its own, with its own labels and number formats."""
    return f"figures/{figure_id}.{extension}"


def collect(executed: dict, sources_csv: Path) -> Registry:
    """The registry from executed notebooks ({name: ExecutedNotebook}), in name order, each
    figure with its source note per language written from `sources_csv`.

    A figure or value naming a source the file lacks raises PlaceholderError at the line of
    the notebook that names it."""
    # Without the file (the data checks say so), every source is unknown, which is named.
    table = sources.load_sources(sources_csv) if sources_csv.is_file() else {}
    registry = Registry()
    for name in sorted(executed):
        for cell in executed[name].notebook.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if figures.FIGURE_MIME in data:
                    figure = dict(data[figures.FIGURE_MIME])
                    _check_sources("figure", figure, [pair[0] for pair in figure["sources"]],
                                   executed[name].path, table)
                    registry.add("figure", with_source_notes(figure, table), name)
                if figures.VALUE_MIME in data:
                    value = dict(data[figures.VALUE_MIME])
                    _check_sources("value", value, value["source_ids"], executed[name].path,
                                   table)
                    registry.add("value", value, name)
    return registry


def with_source_notes(figure: dict, table: sources.SourceTable) -> dict:
    """The figure's payload with its source note per language (`source_notes`), which
    `figures.figure_body` writes into the figure."""
    notes = {language: figures.source_line(figure["sources"], language, table)
             for language in LANGUAGES}
    return {**figure, "source_notes": notes}


def _check_sources(kind: str, payload: dict, source_ids: list[str], notebook: Path,
                   table: sources.SourceTable) -> None:
    unknown = sources.unknown_sources(source_ids, table)
    if not unknown:
        return
    lines = notebook.read_text(encoding="utf-8").splitlines()
    # The line that names the missing source, else the line that names the figure or value.
    line = next((number for needle in (unknown[0], payload["id"])
                 for number, text in enumerate(lines, start=1)
                 if f"'{needle}'" in text or f'"{needle}"' in text), 1)
    missing = ", ".join(f"`{source_id}`" for source_id in unknown)
    raise PlaceholderError(
        f"notebooks/{notebook.name}:{line}: {kind} `{payload['id']}` names the source_id "
        f"{missing}, which notebooks/data/sources.csv does not list. Fix: correct the "
        "source_id, or add the source's row to sources.csv (and its entry to bib/).")


# A page's share card may show one of the page's values (scripts/mkdocs_adapter/hooks.py).
CARD_VALUE = re.compile(r"^card_value[ \t]*:[ \t]*['\"]?(?P<id>[^\s'\"#]+)", re.M)


def placed(text: str) -> set[tuple[str, str]]:
    """("figure" or "value", id) of every placeholder in a page's or notebook's text.

    The front matter counts: a title may hold a value, and `card_value:` puts one on the
    page's share card. Placeholders shown as code are not placements.
    """
    parts = markdown_text.split_front_matter(text)
    found = {("value", match.group("id"))
             for match in CARD_VALUE.finditer(parts.front_matter or "")}
    for source in (parts.front_matter or "", markdown_text.mask(parts.body, SHOWN_AS_WRITTEN)):
        for match in PLACEHOLDER.finditer(source):
            form = FORM.fullmatch(match.group("inside") or "")
            if form and form.group("kind") in ("figure", "value") and form.group("id"):
                found.add((form.group("kind"), form.group("id")))
    return found


def unused_notebooks(registry: Registry, names: list[str], shown: set[str],
                     sources: dict[str, str]) -> list[str]:
    """A message per notebook that nothing uses.

    `names` are the project's notebooks, `shown` those a page names (`notebook: x`),
    `sources` the text of every page and notebook by project-relative path. A notebook
    without a page is used when a page, or another notebook, places a figure or a value it
    publishes.
    """
    uses: dict[str, set[str]] = {}
    for path, text in sources.items():
        for kind, item_id in placed(text):
            owner = registry.origin.get(f"{kind}:{item_id}")
            if owner and path != f"notebooks/{owner}.md":
                uses.setdefault(owner, set()).add(path)
    problems = []
    for name in names:
        if name in shown or uses.get(name):
            continue
        published = sorted(key.replace(":", " ") for key, owner in registry.origin.items()
                           if owner == name)
        what = (f"places none of what it publishes ({', '.join(published)})" if published
                else "it publishes no figure or value")
        problems.append(
            f"notebooks/{name}.md:1: nothing uses this notebook: no page names it "
            f"(`notebook: {name}` in a page's front matter) and no page {what}. Fix: show it "
            f"on a page pair whose front matter says `notebook: {name}`, place one of its "
            "figures or values on a page, or delete the notebook.")
    return problems


def values_markdown(registry: Registry) -> str:
    """A plain catalogue of the value ids for content writers, in English."""
    lines = [
        "# Values for prose (generated by the build: do not edit)",
        "",
        "Write `{{ value: <id> }}` in any page to insert the number in the page's locale",
        "(Indonesian `1.588`, `50,76%`; English `1,588`, `50.76%`). Place a figure with a line",
        "of its own: `{{ figure: <id> }}`. Figures: "
        + ", ".join(f"`{figure_id}`" for figure_id in sorted(registry.figures)) + ".",
        "",
        "| id | meaning | unit | source | value (en) | notebook |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for value_id in sorted(registry.values):
        item = registry.values[value_id]
        meaning = item["meaning"]["en"].replace("|", "/")
        lines.append(
            f"| `{value_id}` | {meaning} | {item['unit']} | {', '.join(item['source_ids'])} | "
            f"{registry.value_text(value_id, 'en')} | {registry.origin['value:' + value_id]} |"
        )
    return "\n".join(lines) + "\n"
