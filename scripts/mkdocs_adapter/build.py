"""Run one strict MkDocs build into a given folder; the generator-specific half of a build.

`scripts/build.py` owns what does not depend on the generator (staging folder, swap,
interrupts, reproducible dates) and calls `build_site()` here. MkDocs' own failures come back
as `SiteBuildFailed` with a one-line summary, so the caller never sees an MkDocs type.

With BRIEF_GENERATOR=properdocs in the environment, the build (and the live preview) runs on
ProperDocs, the maintained continuation of MkDocs 1.x: importing `properdocs.replacement`
makes every `mkdocs.*` import, the hooks' included, load the ProperDocs module instead.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


class SiteBuildFailed(Exception):
    """The build stopped on an error already logged; the message adds MkDocs' summary, if any."""


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<7} -  {record.getMessage()}"


def configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    # The i18n plugin and Material print notices that are not about this site's content.
    logging.getLogger("mkdocs.plugins.material").setLevel(logging.ERROR)


def quiet_maintainer_notices() -> None:
    """Material's end-of-life banner is for maintainers (see the README), not for each build."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def use_chosen_generator() -> None:
    """Switch every later `mkdocs` import to ProperDocs when BRIEF_GENERATOR asks for it."""
    chosen = os.environ.get("BRIEF_GENERATOR", "mkdocs")
    if chosen == "properdocs":
        import properdocs.replacement  # noqa: F401 (the import installs the redirection)
    elif chosen != "mkdocs":
        raise SiteBuildFailed(f"BRIEF_GENERATOR={chosen}: unknown generator. "
                              "Use mkdocs (the default) or properdocs.")


def build_site(config_file: Path, site_dir: Path, verbose: bool = False) -> None:
    """Build the site strictly into `site_dir`; raise SiteBuildFailed on any error."""
    quiet_maintainer_notices()
    configure_logging(verbose)
    use_chosen_generator()
    # Imported here so that `--help` answers fast.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    from scripts.site import helper_process

    try:
        config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
        mkdocs_build(config)
    except (Abort, ConfigurationError, MkDocsException) as error:
        message = getattr(error, "message", str(error))
        # A BuildError's own message was logged above; MkDocs' summary of it adds nothing.
        raise SiteBuildFailed("" if "BuildError" in message else message) from None
    finally:
        # A build stopped by Ctrl-C leaves no helper process drawing into a dead build.
        helper_process.stop_all()


def rebuild_in_process(config_file: Path) -> None:
    """One more build in this process into the configured site folder, as each live-preview
    save does: a new configuration, and so a new build state, every time."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    mkdocs_build(load_config(str(config_file)))
