"""A build with stand-ins for the PDF briefs and share cards, for the benchmark only.

    python -m scripts.tools.build_without_briefs_and_cards [--config mkdocs.yml] [...]

Takes the options of `python -m scripts.build`. Everything runs as in a real build except
that no PDF is laid out and no card is drawn: each PDF is a few stand-in bytes, each card one
small PNG, made at once in this process, so nothing waits for WeasyPrint or the card renderer
and neither competes with the pages and notebooks for the machine's cores. The printing
helper process still starts (the build asks it to load the renderer, and the stand-in loads
nothing), so the figure leaves out what making the PDFs and cards costs, not that process's
start.
`scripts/tools/benchmark.py` times clean builds of one project copy with and without them,
one after the other; the difference is what the PDFs and cards add to a clean build.

The site it writes is not for publishing: its PDFs and cards are placeholders.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

from scripts import build
from scripts.site import pdf_brief, share_cards

# A 1 x 1 white PNG: what each share card is replaced with.
STAND_IN_CARD = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSu"
    "QmCC")
STAND_IN_PDF = b"%PDF-1.7\n% stand-in written by build_without_briefs_and_cards\n"
# Within the brief's limits (2 to 4 A4 pages), so the build goes on as with a real PDF.
STAND_IN_PAGES = 3


def load_no_renderer() -> None:
    """Replaces `pdf_brief.load_renderer`: nothing to import when nothing is printed."""


def start_stand_in_pdf(page_html: str, site_dir: Path, output: Path, **_settings):
    """Replaces `pdf_brief.start`: the function that ends it writes the stand-in bytes."""

    def finish() -> pdf_brief.Brief:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(STAND_IN_PDF)
        return pdf_brief.Brief(output, STAND_IN_PAGES, len(STAND_IN_PDF))

    return finish


def start_no_card(*_card, **_options) -> None:
    """Replaces `share_cards.start_card`: there is nothing to draw beside the build."""


def stand_in_card(*_card, **_options) -> bytes:
    """Replaces `share_cards.card_png`."""
    return STAND_IN_CARD


# What the build calls to make PDFs and cards, and what replaces each.
REPLACED = ((pdf_brief, "load_renderer", load_no_renderer),
            (pdf_brief, "start", start_stand_in_pdf),
            (share_cards, "start_card", start_no_card),
            (share_cards, "card_png", stand_in_card))


def use_stand_ins() -> None:
    """Swap the PDF and card makers for stand-ins; fail loudly when the build no longer
    calls them by these names, since the benchmark's figure would then mean nothing."""
    # Every name is checked before any is replaced: half the stand-ins would time a build
    # that is neither the real one nor the one without PDFs and cards.
    for module, name, _ in REPLACED:
        if not callable(getattr(module, name, None)):
            raise SystemExit(f"{module.__name__}.{name} is gone: update "
                             "scripts/tools/build_without_briefs_and_cards.py to replace "
                             "what the build now calls to make PDFs and cards.")
    for module, name, stand_in in REPLACED:
        setattr(module, name, stand_in)


if __name__ == "__main__":
    use_stand_ins()
    sys.exit(build.main())
