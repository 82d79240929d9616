"""The site's two languages and how a source file's name says which one it is in.

Pages sit side by side as `page.md` (Indonesian, the default) and `page.en.md` (English).
Used by the notebook renderer, the MkDocs hook and the tests.
"""

from __future__ import annotations

from pathlib import PurePosixPath

DEFAULT_LANGUAGE = "id"
LANGUAGES = ("id", "en")


def language_of(src_path: str) -> str:
    """Language of a docs source file: `x.en.md` is English, `x.md` is Indonesian."""
    suffixes = PurePosixPath(src_path).suffixes
    if len(suffixes) >= 2 and suffixes[-2].lstrip(".") in LANGUAGES:
        return suffixes[-2].lstrip(".")
    return DEFAULT_LANGUAGE


def counterpart_path(src_path: str, language: str) -> str:
    """The source path of the same page in `language` (`a/b.md` <-> `a/b.en.md`)."""
    path = PurePosixPath(src_path)
    stem = path.name.removesuffix(".md")
    if language_of(src_path) != DEFAULT_LANGUAGE:
        stem = stem.rsplit(".", 1)[0]
    suffix = ".md" if language == DEFAULT_LANGUAGE else f".{language}.md"
    return str(path.with_name(stem + suffix))
