"""What one notebook may take: time per cell, and how much output a cell may publish.

- Time: each cell runs at most `DEFAULT_CELL_TIMEOUT_SECONDS`, so a stuck loop cannot hang a
  build forever. A notebook that needs longer says so in its front matter, in the key MyST-NB
  and jupyter-cache also read:

      execution:
        timeout: 600      # seconds per cell

- Output: a cell's outputs may add up to `CELL_OUTPUT_LIMIT_BYTES`. A cell that prints a whole
  table or a huge string would otherwise reach readers' phones and the search index.

Used by the notebook executor; the author guide documents both.
"""

from __future__ import annotations

import json

DEFAULT_CELL_TIMEOUT_SECONDS = 180
CELL_OUTPUT_LIMIT_BYTES = 1_000_000


class LimitError(ValueError):
    """A notebook's limit setting is malformed, or a cell went over a limit."""


def cell_timeout(metadata: dict, where: str) -> int:
    """Seconds per cell for a notebook, from its front matter (`execution: timeout:`)."""
    execution = metadata.get("execution") or {}
    if not isinstance(execution, dict) or "timeout" not in execution:
        return DEFAULT_CELL_TIMEOUT_SECONDS
    timeout = execution["timeout"]
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
        raise LimitError(
            f"{where}:1: `execution: timeout: {timeout}` is not a number of seconds. Fix: write "
            "a whole number above 0 under `execution:` in the front matter, e.g. `timeout: 600`.")
    return timeout


def output_size(outputs: list) -> int:
    """Bytes a cell's outputs take, as stored and as they would be published."""
    return sum(len(json.dumps(output, ensure_ascii=False).encode()) for output in outputs)


def check_output_size(outputs: list, where: str) -> None:
    """LimitError when a cell's outputs are over the limit; `where` is `file:line`."""
    size = output_size(outputs)
    if size > CELL_OUTPUT_LIMIT_BYTES:
        raise LimitError(
            f"{where}: the cell's output is {size / 1_000_000:.1f} MB, over the "
            f"{CELL_OUTPUT_LIMIT_BYTES / 1_000_000:g} MB a cell may publish. Fix: print a "
            "summary (df.head(), df.describe()) instead of everything, publish the full table "
            "as a figure's CSV, or tag the cell `remove-output`.")
