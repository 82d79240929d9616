"""A notebook's executed cells as Markdown for one language's page.

One execution serves both languages: cells tagged `lang-id` or `lang-en` are shown only on that
language's page; untagged cells appear on both. Code is shown collapsed, outputs as Markdown,
HTML or SVG; cells tagged `remove-cell`, `remove-input` or `remove-output` hide those parts.

Called by the MkDocs adapter (`scripts/mkdocs_adapter/hooks.py`) and the tests.
"""

from __future__ import annotations

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
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr":
            return ""
        return "```text\n" + output["text"].rstrip() + "\n```"
    data = output.get("data", {})
    if "text/markdown" in data:
        return data["text/markdown"].strip()
    if "text/html" in data:
        # Raw HTML must not contain blank lines, or Markdown would end the block early.
        lines = [line for line in data["text/html"].splitlines() if line.strip()]
        return "\n".join(lines)
    if "image/svg+xml" in data:
        return "\n".join(line for line in data["image/svg+xml"].splitlines() if line.strip())
    if "text/plain" in data:
        return "```text\n" + data["text/plain"].rstrip() + "\n```"
    return ""


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
