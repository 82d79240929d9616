"""The author guide (docs/panduan-penulis.md, .en.md) is kept true by building its examples.

The guide marks what it teaches with HTML comments (invisible to readers):
- `<!-- guide-example: <path> -->` before a fenced block: a file an author writes (a `.bib`
  entry and a `sources.csv` row are appended to that file instead, and a `datapackage.json`
  example is a resource added to the descriptor's `resources`);
- `<!-- guide-nav -->` before the YAML block that shows the `nav:` entry for the new page;
- `<!-- guide-error: <path>[; delete: <path>] -->` before a broken page, followed by a
  ```text block with the message the build must print (fragments split by `...`).
The examples are built in a copy of the project, exactly as an author would, so when the
syntax or a message changes, these tests fail until the guide says the new thing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, copy_warm, run_build

GUIDES = {"id": ROOT / "docs" / "panduan-penulis.md", "en": ROOT / "docs" / "panduan-penulis.en.md"}
MARKER = re.compile(r"^<!--\s*guide-(?P<kind>example|nav|error)\s*:?\s*(?P<arg>.*?)\s*-->\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")
VALUE = re.compile(r"\{\{\s*value\s*:\s*(\w+)\s*\}\}")
FIGURE = re.compile(r"\{\{\s*figure\s*:\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class ErrorExample:
    path: str
    content: str
    delete: str | None
    message: str


@dataclass(frozen=True)
class Guide:
    examples: tuple[tuple[str, str], ...]  # (path, content), in order
    nav: str
    errors: tuple[ErrorExample, ...]
    commands: tuple[str, ...]  # lines of the ```sh blocks


def _blocks(lines: list[str], start: int) -> tuple[str, str, int]:
    """The first fenced block at or after `start`: (info string, body, index after it)."""
    index = start
    # An error's message block comes after a sentence of prose, so skip to the next fence.
    while not FENCE.match(lines[index]):
        index += 1
    fence = FENCE.match(lines[index]).group(1)
    info = lines[index][len(fence):].strip()
    body = []
    index += 1
    while not lines[index].startswith(fence):
        body.append(lines[index])
        index += 1
    return info, "\n".join(body) + "\n", index + 1


def parse(path: Path) -> Guide:
    lines = path.read_text(encoding="utf-8").splitlines()
    examples, errors, commands, nav = [], [], [], ""
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence and line[len(fence.group(1)):].strip() == "sh":
            _, body, index = _blocks(lines, index)
            commands += [c.split("#")[0].strip() for c in body.splitlines() if c.strip()]
            continue
        marker = MARKER.match(line)
        if not marker:
            index += 1
            continue
        kind, arg = marker["kind"], marker["arg"]
        _, body, index = _blocks(lines, index + 1)
        if kind == "example":
            examples.append((arg, body))
        elif kind == "nav":
            nav = body
        else:
            target, _, delete = arg.partition(";")
            delete = delete.strip().removeprefix("delete:").strip() or None
            info, message, index = _blocks(lines, index)
            assert info == "text", f"{path.name}: the message after guide-error must be ```text"
            errors.append(ErrorExample(target.strip(), body, delete, message.strip()))
    return Guide(tuple(examples), nav, tuple(errors), tuple(commands))


def apply_examples(project: Path, guide: Guide) -> None:
    """Do what the guide tells a new author: write the files, append the entry, add the nav."""
    for target, content in guide.examples:
        destination = project / target
        if target.endswith(".bib"):
            with destination.open("a", encoding="utf-8") as bib:
                bib.write("\n" + content)
        elif target.endswith("sources.csv"):
            old = destination.read_text(encoding="utf-8")
            destination.write_text(old + ("" if old.endswith("\n") else "\n") + content,
                                   encoding="utf-8")
        elif target.endswith("datapackage.json"):
            descriptor = json.loads(destination.read_text(encoding="utf-8"))
            descriptor["resources"].append(json.loads(content))
            destination.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        else:
            destination.write_text(content, encoding="utf-8")
    nav = yaml.safe_load(guide.nav)["nav"]
    assert nav[0] == "index.md", "the guide's nav example starts from the home page"
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "  - index.md\n"
    assert anchor in text, "mkdocs.yml no longer lists the home page as the guide shows"
    added = "".join(f"  - {entry}\n" for entry in nav[1:])
    config.write_text(text.replace(anchor, anchor + added, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def guides() -> dict[str, Guide]:
    return {language: parse(path) for language, path in GUIDES.items()}


@pytest.fixture(scope="module")
def example_project(built_project, tmp_path_factory, guides) -> Path:
    """The project with the guide's examples added, built once (its cache reused below).

    Starts from the session build's caches, as an author's checkout would."""
    project = copy_warm(built_project, tmp_path_factory.mktemp("guide") / "project")
    apply_examples(project, guides["id"])
    result = run_build(project, project / "site")
    assert result.returncode == 0, (
        "the author guide's examples do not build; update docs/panduan-penulis(.en).md\n"
        + result.output[-4000:])
    return project


def test_both_guides_teach_the_same_examples(guides):
    english, indonesian = guides["en"], guides["id"]
    assert indonesian.examples, "the guide marks no examples"
    assert indonesian.errors, "the guide shows no build errors"
    assert english.examples == indonesian.examples
    assert english.nav == indonesian.nav
    assert english.errors == indonesian.errors
    assert english.commands == indonesian.commands


def test_guide_example_pages_render_in_both_languages(example_project, guides):
    from scripts.figures import registry as figures_registry

    site = example_project / "site"
    # The published values, from the notebook cache the example build left behind.
    published = figures_registry.collect(executed_notebooks(example_project),
                                         example_project / "notebooks/data/sources.csv")
    for page in ("catatan-lapangan", "en/catatan-lapangan"):
        article = built_article(site / page)
        assert 'class="brief-figure"' in article, f"{page}: the example's figure is missing"
        assert 'class="cite"' in article, f"{page}: the example's citations did not render"
    pages = example_pages(guides)
    assert len(pages) >= 4, "the guide's example pages are gone"
    for target, content in pages:
        language = "en" if target.endswith(".en.md") else "id"
        page = ("en/" if language == "en" else "") + target.removeprefix("docs/").split(".")[0]
        article = built_article(site / page)
        assert "{{" not in article and "[@" not in article, f"{page}: placeholder left over"
        for figure_id in FIGURE.findall(content):
            assert f'id="figure-{figure_id}"' in article, f"{page}: figure {figure_id} missing"
        for value_id in VALUE.findall(content):
            shown = published.substitute(f"{{{{ value: {value_id} }}}}", language, "x.md")
            assert shown in article, f"{page}: {value_id} is not shown as {shown}"
    # The worked example from a CSV table shows every kind of value its notebook publishes.
    (notebook,) = [Path(target).stem for target, _ in guides["id"].examples
                   if target.startswith("notebooks/") and target.endswith(".md")]
    kinds = {published.values[value_id]["kind"] for _, content in pages
             for value_id in VALUE.findall(content)
             if published.origin[f"value:{value_id}"] == notebook}
    assert kinds == {"integer", "percent", "decimal", "date"}, kinds


def built_article(page_dir: Path) -> str:
    html = (page_dir / "index.html").read_text(encoding="utf-8")
    return html.split("<article", 1)[1]


def test_guide_bib_example_is_a_valid_entry(example_project, guides):
    from scripts.references import bibliography as references

    library = references.load(example_project / "bib", example_project)
    for target, content in guides["id"].examples:
        if target.endswith(".bib"):
            key = re.search(r"@\w+\{([^,]+),", content).group(1)
            assert library.resolve(key) is not None


def executed_notebooks(project: Path) -> dict:
    """Every notebook of a built project, as its cache holds it."""
    from scripts.notebooks import execution as notebooks
    from scripts.notebooks.cache import NotebookCache

    cache = NotebookCache(project)
    executed = {path.stem: cache.load(path)
                for path in notebooks.discover(project / "notebooks")}
    assert None not in executed.values(), "a notebook of the built project is not cached"
    return executed


def example_pages(guides: dict[str, Guide]) -> list[tuple[str, str]]:
    """The docs pages, in both languages, with prose that the guide tells an author to write
    (a notebook's pages hold only its front matter)."""
    return [(target, content) for target, content in guides["id"].examples
            if target.startswith("docs/") and target.endswith(".md")
            and not content.startswith("---\nnotebook:")]


def _error_cases() -> list:
    errors = parse(GUIDES["id"]).errors
    return [pytest.param(error, id=f"{n}-{error.path}") for n, error in enumerate(errors)]


@pytest.mark.parametrize("error", _error_cases())
def test_guide_error_examples_fail_with_the_message_shown(error, example_project, tmp_path):
    # The built example project carries its notebook cache, so this build is quick. (Only the
    # top-level site is left out: a name pattern would also drop `scripts/site/`.)
    project = copy_warm(example_project, tmp_path / "project")
    (project / error.path).write_text(error.content, encoding="utf-8")
    if error.delete:
        (project / error.delete).unlink()
    result = run_build(project, project / "site")
    assert result.returncode != 0, f"the broken example for {error.path} built without error"
    position = 0
    for fragment in (f.strip() for f in error.message.split("...")):
        found = result.output.find(fragment, position)
        assert found != -1, (
            f"the guide says the build prints {fragment!r}, but it printed:\n"
            + result.output[-3000:])
        position = found + len(fragment)


def test_guide_commands_exist(guides):
    dev = (ROOT / "scripts" / "dev.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in guides["id"].commands:
        words = command.split()
        if words[:2] == ["python3", "scripts/dev.py"]:
            assert f'"{words[2]}"' in dev, f"scripts/dev.py has no `{words[2]}` command"
            if words[2] in ("build", "test"):
                assert command in readme, f"the README does not show `{command}`"
        else:
            assert words[:2] == ["python", "-m"], f"unexpected command in the guide: {command}"
            module = ROOT / Path(*words[2].split(".")).with_suffix(".py")
            assert module.exists(), f"{command}: no such module"
            assert "def main(" in module.read_text(encoding="utf-8"), f"{command}: no main()"


def test_guide_front_matter_settings_exist(built_site):
    """The settings the guide's table names do what it says (the guide's own table is read)."""
    from scripts.content import parity, translations

    for language, path in GUIDES.items():
        settings = set(re.findall(r"^\| `(\w+): [^`]*` \|", path.read_text("utf-8"), re.M))
        assert settings == {"notebook", "translation", "glossary", "parity_exceptions"}, language
    assert (translations.PENDING_KEY, translations.PENDING_VALUE) == ("translation", "pending")
    assert parity.EXCEPTIONS_KEY == "parity_exceptions"
    # `glossary: false` (the glossary page) leaves its terms unmarked; other pages are marked.
    def article(page: str) -> str:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        return html[html.index("<article"):html.index("</article>")]

    assert "glossary: false" in (ROOT / "docs" / "glosarium.md").read_text(encoding="utf-8")
    assert 'class="glossary"' not in article("glosarium")
    assert 'class="glossary"' in article("masalah")


def test_guide_citation_forms_are_recognised():
    """Every form in the guide's citation table is a citation; a wrapped one is not."""
    from scripts.references import citations

    for language, path in GUIDES.items():
        text = path.read_text(encoding="utf-8")
        rows = re.findall(r"^\| `([^`]*@[^`]*)` \|", text, re.M)
        assert len(rows) >= 4, f"{language}: the citation table lost its rows"
        for form in rows:
            assert citations.find(form), f"{language}: `{form}` is not read as a citation"
    # The guide says a citation may wrap onto the next line but not across a blank line.
    wrapped = citations.find("[@kasn2021hasil;\n@detik2021survei]")
    assert [c.keys for c in wrapped] == [("kasn2021hasil", "detik2021survei")]
    split = citations.find("[@kasn2021hasil;\n\n@detik2021survei]")
    assert not [c for c in split if not c.narrative]


def test_guide_names_the_required_bib_fields():
    """The guide lists, per entry type, the fields the bibliography check requires."""
    from scripts.references import bibliography as references

    for language, path in GUIDES.items():
        text = path.read_text(encoding="utf-8")
        listed = dict(re.findall(r"`@(\w+)`\s+\(([^)]*)\)", text))
        assert {"online", "article", "legislation"} <= set(listed), f"{language}: types lost"
        for kind, fields in listed.items():
            named = set(re.findall(r"`(\w+)`", fields))
            assert named == set(references.REQUIRED[kind]), (
                f"{language}: the guide lists {sorted(named)} for @{kind}; the check requires "
                f"{sorted(references.REQUIRED[kind])}")
