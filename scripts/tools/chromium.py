"""How the project starts Debian's Chromium, for browser tests and the Lighthouse benchmark.

Playwright drives the system browser (`executable_path`), never a downloaded one. The flags
keep Chromium from calling home: on a machine that reaches only package registries, its
background connections would fail noisily, and readers' privacy is the point anyway.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
