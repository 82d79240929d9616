"""MkDocs adapter: runs the notebooks before a build and puts them into their pages.

Only glue lives here; the logic is in `scripts/notebooks/execution.py`. It also keeps the theme's
compiled templates in `.cache/templates/`: Jinja otherwise compiles Material's templates
again for each language on every build and every live-preview save (about 0.3 s of 1.8 s).
Listed under `hooks:` in mkdocs.yml. MkDocs loads hook files by path, so the project root
is put on `sys.path` first.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jinja2 import FileSystemBytecodeCache  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from scripts.content import frontmatter  # noqa: E402
from scripts.languages import language_of  # noqa: E402
from scripts.mkdocs_adapter import link_messages as build_messages  # noqa: E402
from scripts.mkdocs_adapter import passes as build_passes  # noqa: E402
from scripts.notebooks import execution as notebooks  # noqa: E402

log = logging.getLogger("mkdocs.hooks.notebooks")
_executed: dict[str, notebooks.ExecutedNotebook] = {}
_pages: dict[tuple[str, str], str] = {}


def on_config(config) -> None:
    """Make MkDocs' link warnings name the line and the fix."""
    build_messages.install(Path(config.docs_dir))


def on_pre_build(config) -> None:
    """Execute (or take from the cache) every notebook; once per build, both languages."""
    if build_passes.repeated(config, "notebooks"):
        return
    notebook_paths = notebooks.discover(ROOT / "notebooks")
    names = [path.stem for path in notebook_paths]
    cache = notebooks.NotebookCache(ROOT)
    try:
        page_settings = frontmatter.check_pages(Path(config.docs_dir))
    except frontmatter.FrontMatterError as error:
        raise PluginError(str(error)) from None
    try:
        _pages.clear()
        _pages.update(notebooks.notebook_pages(page_settings, names))
        for path, result in zip(notebook_paths, cache.executed_all(notebook_paths), strict=True):
            _executed[path.stem] = result
            state = "from cache" if result.from_cache else "executed"
            log.info(f"Notebook {path.relative_to(ROOT)}: {state}")
            for warning in result.warnings:
                log.warning(f"notebook wrote to stderr: {warning}")
    except notebooks.NotebookError as error:
        raise PluginError(str(error)) from None


def on_env(env, config, files):
    # Jinja checks each template's source checksum, so an edited override is recompiled.
    template_cache = ROOT / ".cache" / "templates"
    template_cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(template_cache))
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    page.meta = frontmatter.neutralise(page.meta)
    name = page.meta.get("notebook")
    if not name:
        return markdown
    language = getattr(page.file, "locale", None) or language_of(page.file.src_uri)
    rendered = notebooks.render(_executed[name], language)
    return rendered + ("\n" + markdown if markdown.strip() else "")
