"""The only code that imports MkDocs or Material: the hooks (`hooks.py`), one strict build
(`build.py`, called by `scripts/build.py`), the live preview (`serve.py`) and clearer link
messages (`link_messages.py`)."""
