"""The finishing steps' settings (scripts/build_finish.py): a brief PDF set up by halves in
mkdocs.yml is an author error naming the file and the fix, not a crash."""

from __future__ import annotations

import pytest

from scripts.build_finish import brief_settings
from scripts.build_steps import BuildInputError


def test_no_brief_pdf_means_no_settings():
    assert brief_settings({}) is None
    assert brief_settings({"brief": {"authors": ["A"]}}) is None


def test_a_complete_brief_pdf_setting_is_returned_as_written():
    pdf = {"page": "ringkasan-kebijakan.md",
           "file": {"id": "ringkasan.pdf", "en": "brief.pdf"}}
    assert brief_settings({"brief": {"pdf": pdf}}) == pdf


@pytest.mark.parametrize("pdf", [
    {"file": {"id": "ringkasan.pdf", "en": "brief.pdf"}},  # no page
    {"page": "ringkasan-kebijakan.md", "file": {"id": "ringkasan.pdf"}},  # no English name
    {"page": "ringkasan-kebijakan.md"},  # no names at all
])
def test_a_brief_pdf_set_up_by_halves_names_mkdocs_yml_and_the_fix(pdf):
    with pytest.raises(BuildInputError) as caught:
        brief_settings({"brief": {"pdf": pdf}})
    message = str(caught.value)
    assert message.startswith("mkdocs.yml: `extra.brief.pdf` needs `page`")
    assert "Fix: add the missing setting." in message
