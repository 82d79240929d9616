"""Per-build work runs on the first language's pass only, and again for every new build."""

from __future__ import annotations

from scripts.mkdocs_adapter import passes as build_passes


class Config:
    """Stands in for MkDocs' configuration object: only its identity matters."""


def test_a_later_pass_with_the_same_configuration_is_a_repeat():
    config = Config()
    assert build_passes.repeated(config, "step") is False
    assert build_passes.repeated(config, "step") is True
    assert build_passes.repeated(config, "other step") is False


def test_a_new_build_does_the_work_again():
    first, second = Config(), Config()
    assert build_passes.repeated(first, "rebuild") is False
    assert build_passes.repeated(second, "rebuild") is False
    del first, second  # the next build's configuration may reuse a freed object's id
    assert build_passes.repeated(Config(), "rebuild") is False

