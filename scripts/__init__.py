"""The generator behind the brief, one folder per pipeline stage.

    data/            validate the CSV tables and their sources
    notebooks/       execute the text notebooks (cached) and render them per language
    figures/         the figures and values notebooks publish, charts, locale formats
    references/      the bibliography, APA 7, citations, how to cite the site
    content/         the pages' Markdown, front matter, glossary, translations, tables
    site/            head tags, search, the offline check, theme patches, HTML editing,
                     the PDF brief, share cards and the cache of their outputs
    mkdocs_adapter/  the only code that imports MkDocs or Material: thin hooks
    tools/           serve, benchmark, Lighthouse, the originality check, npm tools

`build.py` builds the site safely (staged, reproducible); `build_state.py` is what one build
knows, filled by `build_steps.py` (input, data, notebooks, figures) and `build_finish.py`
(after the last page: search, PDF briefs, share cards, offline and weight checks);
`dev.py` is the launcher people and CI call; `paths.py` says where the project's parts
live; `languages.py` names the two languages.
"""
