"""Start a page, a data table or a notebook from the templates in scripts/tools/templates/.

    python -m scripts.tools.new page SLUG [--title T] [--section S --section-en E]
    python -m scripts.tools.new dataset NAME
    python -m scripts.tools.new notebook NAME [--data TABLE] [--page SLUG]

`page` writes docs/SLUG.md and docs/SLUG.en.md and lists the page in mkdocs.yml's `nav:`
(in a section when asked; a new section also gets its English name under the i18n plugin's
`nav_translations`). `dataset` writes notebooks/data/NAME.csv with example rows, its resource
with a schema in datapackage.json, its row in sources.csv and its entry (with `sourceid`) in
bib/references.bib. `notebook` writes notebooks/NAME.md, which reads a table and publishes a
plain Altair figure and two values, and the two pages that show it (a notebook without pages
stops the build), listed in the nav; it prints the lines that place its figure and values on
other pages. Nothing is ever overwritten: when a file or name already exists, nothing at all
is written. Called by `python3 scripts/dev.py new …` and the tests.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import yaml

from scripts.paths import ROOT, ProjectPaths

TEMPLATES = Path(__file__).with_name("templates")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class TemplateError(Exception):
    """The command cannot be carried out; the message says why and what to do."""


def fill(template: str, **values: str) -> str:
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


@dataclass
class Plan:
    """Every change of one command, checked before any is made."""

    root: Path
    new_files: dict[Path, str] = field(default_factory=dict)
    edits: dict[Path, str] = field(default_factory=dict)  # existing file -> its new text

    def create(self, relative: str, text: str) -> None:
        path = self.root / relative
        if path.exists():
            raise TemplateError(f"{relative} already exists; nothing was written. Fix: choose "
                                "another name, or move that file away first.")
        self.new_files[path] = text

    def text_of(self, relative: str) -> str:
        path = self.root / relative
        return self.edits.get(path) or path.read_text(encoding="utf-8")

    def edit(self, relative: str, text: str) -> None:
        self.edits[self.root / relative] = text

    def apply(self) -> list[str]:
        for path, text in self.new_files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for path, text in self.edits.items():
            path.write_text(text, encoding="utf-8")
        return [p.relative_to(self.root).as_posix() for p in [*self.new_files, *self.edits]]


# --- mkdocs.yml, edited as text so its comments and layout stay ------------------------------
class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for checking only: tags such as !ENV become plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(text: str) -> dict:
    return yaml.load(text, Loader=_ConfigLoader) or {}


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the last line (not blank, not a comment) indented deeper than `indent`."""
    end = start + 1
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[index]) - len(lines[index].lstrip()) <= indent:
            break
        end = index + 1
    return end


def add_to_nav(text: str, page: str, section: str | None, section_en: str | None) -> str:
    """mkdocs.yml's text with `page` listed in the nav, at the end (of `section`, if given)."""
    lines = text.splitlines()
    try:
        nav = lines.index("nav:")
    except ValueError:
        raise TemplateError("mkdocs.yml: no `nav:` line at the start of a line; add the page "
                            "to the navigation by hand.") from None
    nav_end = _block_end(lines, nav, 0)
    item_indent = len(lines[nav + 1]) - len(lines[nav + 1].lstrip())
    if section is None:
        lines.insert(nav_end, f"{' ' * item_indent}- {page}")
        return "\n".join(lines) + "\n"
    heading = f"{' ' * item_indent}- {section}:"
    if heading in lines[nav:nav_end]:
        at = lines.index(heading, nav)
        child = lines[at + 1]
        child_indent = len(child) - len(child.lstrip())
        lines.insert(_block_end(lines, at, item_indent), f"{' ' * child_indent}- {page}")
        return "\n".join(lines) + "\n"
    if not section_en:
        raise TemplateError(f"mkdocs.yml has no nav section {section!r}; nothing was written. "
                            "Fix: give its English name too (--section-en \"…\"), so the "
                            "English site can show it.")
    lines[nav_end:nav_end] = [heading, f"{' ' * (item_indent + 4)}- {page}"]
    for index, line in enumerate(lines):
        if line.strip() == "nav_translations:":
            indent = len(line) - len(line.lstrip())
            end = _block_end(lines, index, indent)
            child_indent = len(lines[index + 1]) - len(lines[index + 1].lstrip())
            lines.insert(end, f"{' ' * child_indent}{section}: {section_en}")
            break
    else:
        raise TemplateError("mkdocs.yml: no `nav_translations:` under the English language of "
                            "the i18n plugin; add the section by hand.")
    return "\n".join(lines) + "\n"


def nav_pages(config: dict) -> list[str]:
    found: list[str] = []

    def walk(items) -> None:
        for item in items or []:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value) if isinstance(value, list) else found.append(value)

    walk(config.get("nav"))
    return found


def _plan_nav(plan: Plan, page: str, section: str | None, section_en: str | None) -> None:
    text = add_to_nav(plan.text_of("mkdocs.yml"), page, section, section_en)
    if page not in nav_pages(read_config(text)):  # the edit must mean what it says
        raise TemplateError("mkdocs.yml: the navigation could not be extended safely; add "
                            f"`- {page}` under `nav:` by hand.")
    plan.edit("mkdocs.yml", text)


# --- the three commands ----------------------------------------------------------------------
def _title(slug: str) -> str:
    words = slug.rsplit("/", 1)[-1].replace("_", "-").split("-")
    return " ".join(words).capitalize()


def plan_page(root: Path, slug: str, title: str | None = None, section: str | None = None,
              section_en: str | None = None) -> Plan:
    if not SLUG.match(slug):
        raise TemplateError(f"{slug!r} is not a page name: use lower-case words joined by "
                            "hyphens, optionally inside one folder (catatan-lapangan, "
                            "metode/survei).")
    plan = Plan(root)
    values = {"slug": slug, "title": title or _title(slug)}
    plan.create(f"docs/{slug}.md", fill("page.md", **values))
    plan.create(f"docs/{slug}.en.md", fill("page.en.md", **values))
    _plan_nav(plan, f"{slug}.md", section, section_en)
    return plan


def _check_name(name: str, what: str) -> None:
    if not NAME.match(name):
        raise TemplateError(f"{name!r} is not a {what} name: use lower-case letters, digits and "
                            "underscores, starting with a letter (survei_kasn).")


def _csv_row(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def plan_dataset(root: Path, name: str, today: datetime.date | None = None) -> Plan:
    _check_name(name, "table")
    today = today or datetime.date.today()
    plan = Plan(root)
    source_id = f"{name}_source"
    bib_key = f"sumber{today.year}{name.replace('_', '')}"
    values = {"name": name, "source_id": source_id, "bib_key": bib_key,
              "year": str(today.year), "today": today.isoformat()}
    plan.create(f"notebooks/data/{name}.csv", fill("dataset.csv", **values))

    descriptor_text = plan.text_of("notebooks/data/datapackage.json")
    descriptor = json.loads(descriptor_text)
    if any(resource.get("name") == name for resource in descriptor.get("resources", [])):
        raise TemplateError(f"notebooks/data/datapackage.json already describes a table named "
                            f"{name!r}; nothing was written. Fix: choose another name.")
    descriptor.setdefault("resources", []).append(
        json.loads(fill("dataset-resource.json", **values)))
    indent = re.search(r"\n( +)\"", descriptor_text)
    plan.edit("notebooks/data/datapackage.json", json.dumps(
        descriptor, indent=len(indent.group(1)) if indent else 2, ensure_ascii=False) + "\n")

    sources_text = plan.text_of("notebooks/data/sources.csv")
    if any(row and row[0] == source_id for row in csv.reader(io.StringIO(sources_text))):
        raise TemplateError(f"notebooks/data/sources.csv already has a source {source_id!r}; "
                            "nothing was written. Fix: choose another table name.")
    row = _csv_row(fill("dataset-source.csv", **values))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    separator = "" if sources_text.endswith("\n") else "\n"
    plan.edit("notebooks/data/sources.csv", sources_text + separator + out.getvalue())

    bib = "bib/references.bib"
    bib_text = plan.text_of(bib)
    if re.search(r"@\w+\{\s*" + re.escape(bib_key) + r"\s*,", bib_text):
        raise TemplateError(f"{bib}: the key {bib_key!r} is taken; nothing was written. Fix: "
                            "choose another table name.")
    plan.edit(bib, bib_text.rstrip("\n") + "\n\n" + fill("dataset-source.bib", **values))
    return plan


def plan_notebook(root: Path, name: str, data: str | None = None,
                  page: str | None = None) -> Plan:
    _check_name(name, "notebook")
    data = data or name
    if not (ProjectPaths(root).data / f"{data}.csv").is_file():
        raise TemplateError(f"notebooks/data/{data}.csv does not exist; nothing was written. "
                            f"Fix: start the table first (python3 scripts/dev.py new dataset "
                            f"{data}), or name an existing one with --data.")
    page = page or name.replace("_", "-")
    if not SLUG.match(page):
        raise TemplateError(f"{page!r} is not a page name: use lower-case words joined by "
                            "hyphens (--page catatan-lapangan).")
    plan = Plan(root)
    plan.create(f"notebooks/{name}.md", fill("notebook.md", name=name, data=data,
                                             title=_title(name)))
    plan.create(f"docs/{page}.md", fill("notebook-page.md", name=name))
    plan.create(f"docs/{page}.en.md", fill("notebook-page.en.md", name=name))
    _plan_nav(plan, f"{page}.md", None, None)
    return plan


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python3 scripts/dev.py new",
                                     description=__doc__.split("\n\n")[0])
    kinds = parser.add_subparsers(dest="kind", required=True)
    page = kinds.add_parser("page", help="a page pair in docs/, listed in the nav")
    page.add_argument("slug", help="file name without .md, e.g. catatan-lapangan")
    page.add_argument("--title", help="the first heading (default: from the slug)")
    page.add_argument("--section", help="the nav section to list it in (Indonesian name)")
    page.add_argument("--section-en", help="a new section's English name")
    dataset = kinds.add_parser("dataset", help="a CSV table with its schema, source and bib")
    dataset.add_argument("name", help="table name, e.g. survei_kasn")
    notebook = kinds.add_parser("notebook", help="a notebook with a figure, and its pages")
    notebook.add_argument("name", help="notebook name, e.g. survei_kasn")
    notebook.add_argument("--data", help="the table it reads (default: the same name)")
    notebook.add_argument("--page", help="the pages' file name (default: from the name)")
    args = parser.parse_args(argv)
    try:
        if args.kind == "page":
            plan = plan_page(root, args.slug, args.title, args.section, args.section_en)
        elif args.kind == "dataset":
            plan = plan_dataset(root, args.name)
        else:
            plan = plan_notebook(root, args.name, args.data, args.page)
    except TemplateError as error:
        print(error, file=sys.stderr)
        return 1
    for written in plan.apply():
        print(f"wrote {written}")
    print(NEXT[args.kind].format(**vars(args)))
    return 0


NEXT = {
    "page": ("Next: write both pages in place of the text marked (ganti) and (replace), then "
             "run python3 scripts/dev.py check, which lists every mark left."),
    "dataset": ("Next: replace the example rows of notebooks/data/{name}.csv, the example "
                "source in sources.csv and its entry in bib/references.bib (its key too), "
                "describe the table in datapackage.json (every part marked (ganti) or "
                "(replace)), then run python3 scripts/dev.py check, which lists every mark "
                "left. Start a notebook on it: python3 scripts/dev.py new notebook {name}"),
    "notebook": ("Next: the notebook publishes these; paste a line into any page (both "
                 "languages):\n\n{{{{ figure: {name}_chart }}}}\n\n"
                 "Its numbers, inside a sentence: {{{{ value: {name}_total }}}} and "
                 "{{{{ value: {name}_year }}}}\n\n"
                 "Open it in Jupyter: python3 scripts/dev.py jupyter"),
}


if __name__ == "__main__":
    sys.exit(main())
