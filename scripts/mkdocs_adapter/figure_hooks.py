"""MkDocs adapter for data and figures: validate the data, then place figures and values.

Thin glue; the logic is in `scripts/data/validation.py` and `scripts/figures/registry.py`.
Listed in mkdocs.yml `hooks:` right after the notebook hooks, whose
executed notebooks it reads.
- on_pre_build (before the notebooks run): a bad CSV stops the build with one message.
- on_files (after the i18n plugin has rebuilt the file list): collect the published figures
  and values, refresh `notebooks/VALUES.md`, and add each figure's CSV to the site.
- on_page_markdown: replace `{{ figure: id }}` lines and `{{ value: id }}` tokens.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from scripts.data import validation as data_validation  # noqa: E402
from scripts.figures import registry as figures_registry  # noqa: E402
from scripts.languages import language_of  # noqa: E402
from scripts.mkdocs_adapter import passes as build_passes  # noqa: E402

log = logging.getLogger("mkdocs.hooks.figures")
_state: dict = {}


@event_priority(50)  # before the notebooks hook, so no notebook runs on bad data
def on_pre_build(config) -> None:
    if build_passes.repeated(config, "data"):
        return
    try:
        data_validation.validate_once(ROOT / "notebooks" / "data")
    except data_validation.DataError as error:
        raise PluginError(str(error)) from None


def _executed_notebooks(config) -> dict:
    for module in config["hooks"].values():
        if hasattr(module, "_executed"):
            return module._executed
    raise PluginError("mkdocs.yml: list the notebook hooks before the figure hooks")


@event_priority(-200)  # after mkdocs-static-i18n (-100) rebuilt the file list
def on_files(files, config):
    try:
        registry = figures_registry.collect(_executed_notebooks(config))
    except figures_registry.PlaceholderError as error:
        raise PluginError(str(error)) from None
    _state["registry"] = registry
    catalogue = ROOT / "notebooks" / "VALUES.md"
    text = figures_registry.values_markdown(registry)
    if not catalogue.exists() or catalogue.read_text(encoding="utf-8") != text:
        catalogue.write_text(text, encoding="utf-8")
        log.info("Updated notebooks/VALUES.md")
    csv_files = {}
    for figure_id, figure in sorted(registry.figures.items()):
        generated = File.generated(config, figures_registry.csv_name(figure_id),
                                   content=figure["csv"])
        files.append(generated)
        csv_files[figure_id] = generated
    _state["csv_files"] = csv_files
    return files


def _first_line(source: str, markdown: str) -> int:
    """Line of the source file where the Markdown MkDocs hands over (no front matter) starts."""
    body = markdown.lstrip("\n")
    position = source.find(body[:200]) if body else -1
    if position < 0:  # changed by an earlier hook: count back from the end instead
        return max(1, source.rstrip("\n").count("\n") - markdown.rstrip("\n").count("\n") + 1)
    return source.count("\n", 0, position) + 1 - (len(markdown) - len(body))


def on_page_markdown(markdown: str, page, config, files) -> str:
    registry = _state["registry"]
    language = getattr(page.file, "locale", None) or language_of(page.file.src_uri)
    name = page.meta.get("notebook")
    if name:
        where, first_line = f"notebooks/{name}.md (shown on docs/{page.file.src_uri})", 1
    else:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        first_line = _first_line(source, markdown)
        where = f"docs/{page.file.src_uri}"

    def csv_href(figure_id: str) -> str:
        return _state["csv_files"][figure_id].url_relative_to(page.file)

    try:
        return registry.substitute(markdown, language, where, first_line, csv_href)
    except figures_registry.PlaceholderError as error:
        message = str(error)
        if name:  # point at the line of the notebook file, not of its rendered page
            message = figures_registry.locate_in_source(
                message, where, ROOT / "notebooks" / f"{name}.md")
        raise PluginError(message) from None
