"""Live preview for authors: MkDocs' strict `serve`, set up like a build.

    python -m scripts.mkdocs_adapter.serve [mkdocs serve options]

Run from the project root (as `scripts/dev.py serve` does), so the hooks import `scripts`.
Dates come from SOURCE_DATE_EPOCH as in a build, so the preview shows what a build would;
BRIEF_GENERATOR=properdocs previews with ProperDocs (see scripts/mkdocs_adapter/build.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scripts.build import source_date_epoch
from scripts.mkdocs_adapter.build import (
    SiteBuildFailed,
    quiet_maintainer_notices,
    use_chosen_generator,
)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(Path.cwd()))
    quiet_maintainer_notices()
    try:
        use_chosen_generator()
    except SiteBuildFailed as error:
        print(error, file=sys.stderr)
        return 2
    from mkdocs.__main__ import cli

    return cli.main(["serve", "--strict", *(sys.argv[1:] if argv is None else argv)],
                    prog_name="mkdocs", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main())
