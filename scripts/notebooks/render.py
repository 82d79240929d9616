"""A notebook's executed cells as Markdown for one language's page.

One execution serves both languages: cells tagged `lang-id` or `lang-en` are shown only on that
language's page; untagged cells appear on both. Code is shown collapsed, outputs as Markdown,
HTML or SVG; cells tagged `remove-cell`, `remove-input` or `remove-output` hide those parts.

A chart a cell ends with (an Altair chart, output as a Vega-Lite specification: the kernel's
setup in `scripts/notebooks/execution.py` asks Altair for that) becomes a static SVG in the
page's language, as published figures do (`scripts/figures/charts.py`); Altair's own HTML
loads vega-embed from a CDN. Output that would run a script
or load anything from another host cannot be made static: `remote_outputs` lists every such
output (JavaScript, a Vega bundle, an ipywidget, HTML or Markdown with a `<script>` or a
remote `src`, `href` of a stylesheet, `@import` or `url(...)`), with the cell's line, and
the build stops on them. Tables from pandas are plain HTML and pass.

Called by the MkDocs adapter (`scripts/mkdocs_adapter/hooks.py`), `scripts/build_steps.py`
and the tests.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from scripts.figures import charts
from scripts.languages import LANGUAGES
from scripts.notebooks.execution import ExecutedNotebook, cell_start_lines
from scripts.site.offline import remote_loads_in_html

# Altair's charts, any Vega-Lite version.
VEGALITE_MIME = re.compile(r"^application/vnd\.vegalite\.v\d+[+.]json$")
# Outputs a static page cannot show without running a script, by what the message calls them.
SCRIPTED_MIMES = {
    "application/vnd.jupyter.widget-view+json": "an ipywidget",
    "application/vnd.jupyter.widget-state+json": "an ipywidget",
    "application/javascript": "JavaScript",
    "text/javascript": "JavaScript",
}
VEGA_MIME = re.compile(r"^application/vnd\.vega\.v\d+[+.]json$")

CODE_LABEL = {"id": "Kode Python", "en": "Python code"}


def _shown_in(cell, language: str) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    if "remove-cell" in tags:
        return False
    languages = {tag.removeprefix("lang-") for tag in tags if tag.startswith("lang-")}
    return not languages or language in languages


def _render_output(output, language: str) -> str:
    """One output as page Markdown. Printed text, HTML and images sit in a `brief-output`
    box, which search leaves out; Markdown output reads as the page's own prose."""
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr":
            return ""
        return _printed(output["text"])
    data = output.get("data", {})
    chart = _chart_spec(data)
    if chart is not None:
        return _chart_box(chart, language)
    if "text/markdown" in data:
        return data["text/markdown"].strip()
    if "text/html" in data:
        return _raw_box(data["text/html"])
    if "image/svg+xml" in data:
        return _raw_box(data["image/svg+xml"])
    if "text/plain" in data:
        return _printed(data["text/plain"])
    return ""


def _chart_spec(data: dict) -> dict | None:
    return next((spec for mime, spec in data.items() if VEGALITE_MIME.match(mime)), None)


def _chart_box(spec: dict, language: str) -> str:
    """The chart as SVG; its description (or else its title) names the image."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    label = str(spec.get("description") or title or "").strip()
    named = f' role="img" aria-label="{html.escape(label)}"' if label else ""
    return _raw_box(charts.to_svg(spec, language)).replace(
        '<div class="brief-output"', f'<div class="brief-output"{named}', 1)


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() == "script":
            source = dict(attrs).get("src")
            self.found.append(f"a <script src=\"{source}\">" if source else "a <script>")
        events = [name for name, _ in attrs if name.lower().startswith("on")]
        if events:
            self.found.append(f"a <{tag} {events[0]}=...> script")


def _scripted_kind(output) -> str | None:
    """What a static page cannot show of this output without running a script, or None."""
    data = output.get("data", {})
    if _chart_spec(data) is not None:
        return None  # drawn as SVG
    for mime, kind in SCRIPTED_MIMES.items():
        if mime in data:
            return f"{kind} ({mime})"
    vega = next((mime for mime in data if VEGA_MIME.match(mime)), None)
    if vega:
        return f"a Vega bundle ({vega})"
    for mime in ("text/markdown", "text/html", "image/svg+xml"):
        if mime not in data:
            continue
        markup = data[mime]
        finder = _ScriptFinder()
        finder.feed(markup)
        finder.close()
        if finder.found:
            return f"raw HTML with {finder.found[0]} ({mime})"
        loads = remote_loads_in_html(markup)
        if loads:
            where, url = loads[0]
            return f"raw HTML whose {where} loads {url} ({mime})"
        return None  # the one the page shows; the others are alternatives
    return None


def remote_outputs(executed: ExecutedNotebook, root: Path) -> list[str]:
    """A message per output shown on a page that would run a script or load from another
    host, naming the notebook's line of the cell."""
    path = executed.path
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    cells = executed.notebook.cells
    lines = cell_start_lines(path.read_text(encoding="utf-8"), cells)
    problems = []
    for cell, line in zip(cells, lines, strict=True):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type != "code" or tags & {"remove-cell", "remove-output"}:
            continue
        for output in cell.get("outputs", []):
            kind = _scripted_kind(output)
            if kind:
                problems.append(
                    f"{name}:{line or 1}: the cell's output is {kind}, which would load "
                    "scripts from another host. Fix: publish it with publish_figure(...) or "
                    "end the cell with `;`.")
                break
    return problems


def _printed(text: str) -> str:
    return f'<pre class="brief-output"><code>{html.escape(text.rstrip())}</code></pre>'


def _raw_box(markup: str) -> str:
    # Raw HTML must not contain blank lines, or Markdown would end the block early.
    lines = [line for line in markup.splitlines() if line.strip()]
    return '<div class="brief-output">' + "\n".join(lines) + "</div>"


def render(executed: ExecutedNotebook, language: str) -> str:
    """The notebook as Markdown for one language: prose, collapsed code, and outputs."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    parts: list[str] = []
    for cell in executed.notebook.cells:
        if not _shown_in(cell, language):
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "markdown":
            parts.append(cell.source.strip())
            continue
        if cell.cell_type != "code":
            continue
        if cell.source.strip() and not tags & {"remove-input", "hide-input"}:
            code = "\n".join("    " + line for line in cell.source.strip().splitlines())
            parts.append(f'??? code-cell "{CODE_LABEL[language]}"\n    ```python\n{code}\n    ```')
        if "remove-output" not in tags:
            rendered = [_render_output(output, language) for output in cell.outputs]
            parts.extend(part for part in rendered if part)
    return "\n\n".join(parts) + "\n"
