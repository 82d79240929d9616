"""Every figure and value the notebooks published, and the page placeholders that use them.

`collect()` reads the executed notebooks' outputs (see `scripts/figures/publish.py` for the MIME
types); `Registry.substitute()` replaces, in a page's Markdown and for its language, each line
`{{ figure: <id> }}` with the figure block and each inline `{{ value: <id> }}` with the number
in the locale's format. Placeholders inside code (fenced blocks, `inline code`) are left as
they are, so the author guide can show the syntax. An unknown id raises PlaceholderError naming
the file, the line, the id and the nearest known id. `values_markdown()` writes a plain
catalogue of the values (the site's own catalogue page is `scripts/figures/catalogue.py`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.figures import publish as figures

FIGURE_LINE = re.compile(r"^[ \t]*\{\{\s*figure\s*:\s*([^}\s]*)\s*\}\}[ \t]*$")
ANY_FIGURE = re.compile(r"\{\{\s*figure\s*:")
VALUE_TOKEN = re.compile(r"\{\{\s*value\s*:\s*([^}\s]*)\s*\}\}")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


class PlaceholderError(Exception):
    """A page names a figure or value that no notebook publishes, or misplaces one."""


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

    def substitute(self, markdown: str, language: str, where: str, first_line: int = 1,
                   csv_href=None) -> str:
        """The page with placeholders replaced; `where` and `first_line` locate errors.

        `csv_href(figure_id)` gives the figure's CSV address relative to the page.
        """
        out, fence = [], None
        for offset, line in enumerate(markdown.split("\n")):
            number = first_line + offset
            opening = FENCE.match(line)
            if fence is not None:
                if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(
                        fence):
                    fence = None
                out.append(line)
                continue
            if opening:
                fence = opening.group(1)
                out.append(line)
                continue
            out.append(self._line(line, language, f"{where}:{number}", csv_href))
        return "\n".join(out)

    def _line(self, line: str, language: str, where: str, csv_href) -> str:
        figure = FIGURE_LINE.match(line)
        if figure:
            figure_id = self._known("figure", figure.group(1), self.figures, where)
            block = self.figures[figure_id]["html"][language]
            href = csv_href(figure_id) if csv_href else csv_name(figure_id)
            return block.replace(figures.CSV_HREF_TOKEN, href)
        spans = [match.span() for match in CODE_SPAN.finditer(line)]

        def in_code(position: int) -> bool:
            return any(start <= position < end for start, end in spans)

        if any(not in_code(m.start()) for m in ANY_FIGURE.finditer(line)):
            raise PlaceholderError(
                f"{where}: `{{{{ figure: … }}}}` must stand on a line of its own; move it to "
                "its own line with a blank line before and after"
            )

        def replace(match: re.Match) -> str:
            if in_code(match.start()):
                return match.group(0)
            value_id = self._known("value", match.group(1), self.values, where)
            return self.value_text(value_id, language)

        return VALUE_TOKEN.sub(replace, line)

    @staticmethod
    def _known(kind: str, item_id: str, known: dict, where: str) -> str:
        if item_id in known:
            return item_id
        nearest = difflib.get_close_matches(item_id, list(known), n=1, cutoff=0.0)
        hint = f"; nearest known id: `{nearest[0]}`" if nearest else "; no notebook publishes any"
        return_hint = "the site's page nilai/ lists them all" if kind == "value" else (
            "each notebook's publish_figure() calls name them")
        raise PlaceholderError(f"{where}: unknown {kind} id `{item_id}`{hint} ({return_hint})")


def locate_in_source(message: str, where: str, source: Path) -> str:
    """Rewrite '<where>:<n>: … id `x` …' to the line of `source` holding that placeholder."""
    found = re.search(r"id `([^`]*)`", message)
    if not found or not message.startswith(where + ":"):
        return message
    rest = message[len(where) + 1:].split(":", 1)[1]
    needle = re.compile(r"\{\{\s*(?:figure|value)\s*:\s*" + re.escape(found.group(1)) + r"\s*\}\}")
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if needle.search(line):
            return f"{source.parent.name}/{source.name}:{number}:{rest}"
    return message


def csv_name(figure_id: str) -> str:
    """Where a figure's CSV is served, relative to the language's site root."""
    return f"data/figures/{figure_id}.csv"


def collect(executed: dict) -> Registry:
    """The registry from executed notebooks ({name: ExecutedNotebook}), in name order."""
    registry = Registry()
    for name in sorted(executed):
        for cell in executed[name].notebook.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if figures.FIGURE_MIME in data:
                    registry.add("figure", dict(data[figures.FIGURE_MIME]), name)
                if figures.VALUE_MIME in data:
                    registry.add("value", dict(data[figures.VALUE_MIME]), name)
    return registry


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
