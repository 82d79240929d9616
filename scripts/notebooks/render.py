"""A notebook's executed cells as Markdown for one language's page.

One execution serves both languages: cells tagged `lang-id` or `lang-en` are shown only on that
language's page; untagged cells appear on both. Code is shown collapsed, outputs as Markdown,
HTML or SVG; cells tagged `remove-cell`, `remove-input` or `remove-output` hide those parts.

Called by the MkDocs adapter (`scripts/mkdocs_adapter/hooks.py`) and the tests.
"""

from __future__ import annotations

import html

from scripts.languages import LANGUAGES
from scripts.notebooks.execution import ExecutedNotebook

CODE_LABEL = {"id": "Kode Python", "en": "Python code"}


def _shown_in(cell, language: str) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    if "remove-cell" in tags:
        return False
    languages = {tag.removeprefix("lang-") for tag in tags if tag.startswith("lang-")}
    return not languages or language in languages


def _render_output(output) -> str:
    """One output as page Markdown. Printed text, HTML and images sit in a `brief-output`
    box, which search leaves out; Markdown output reads as the page's own prose."""
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr":
            return ""
        return _printed(output["text"])
    data = output.get("data", {})
    if "text/markdown" in data:
        return data["text/markdown"].strip()
    if "text/html" in data:
        return _raw_box(data["text/html"])
    if "image/svg+xml" in data:
        return _raw_box(data["image/svg+xml"])
    if "text/plain" in data:
        return _printed(data["text/plain"])
    return ""


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
            rendered = [_render_output(output) for output in cell.outputs]
            parts.extend(part for part in rendered if part)
    return "\n\n".join(parts) + "\n"
