"""Tell a later language's pass of one build from a new build.

mkdocs-static-i18n builds each further language by calling MkDocs' `build()` again with the
same configuration object, so `on_config` and `on_pre_build` hooks run once per language.
Work that depends only on the project's files (loading the bibliography and glossary,
checking translations and data, running notebooks) is done on the first pass and reused by
the others. A new build, including each live-preview rebuild, loads a new configuration
object and so does the work again.
"""

from __future__ import annotations

import weakref

_first_pass: dict[str, weakref.ref] = {}


def repeated(config, step: str) -> bool:
    """True when `step` already ran for this configuration object, i.e. in an earlier pass."""
    seen = _first_pass.get(step)
    if seen is not None and seen() is config:
        return True
    # A weak reference: an id() could be reused by the next build's configuration.
    _first_pass[step] = weakref.ref(config)
    return False
