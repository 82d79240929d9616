"""The page-weight budget on a built site (scripts/site/budgets.py), on small fake sites."""

from __future__ import annotations

import os

from scripts.site.budgets import PAGE_BUDGET_BYTES, first_load, over_budget


def write(path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)


def test_first_load_counts_the_page_and_the_same_site_files_it_references(tmp_path):
    write(tmp_path / "assets" / "site.css", "body{color:black}\n" * 50)
    write(tmp_path / "assets" / "app.js", "console.log(1);\n" * 50)
    write(tmp_path / "a" / "index.html",
          '<link rel="stylesheet" href="../assets/site.css">'
          '<link rel="stylesheet" href="https://cdn.example/x.css">'
          '<script src="../assets/app.js"></script><img src="data:image/png;base64,AA==">'
          '<a href="../b/">b</a>')
    weight = first_load(tmp_path / "a" / "index.html", tmp_path)
    assert set(weight.parts) == {"a/index.html", "assets/site.css", "assets/app.js"}
    assert weight.total == sum(weight.parts.values())


def test_a_heavy_page_is_reported_and_a_light_one_is_not(tmp_path):
    write(tmp_path / "light" / "index.html", "<p>short</p>")
    # Random bytes do not compress, so the page really sends more than the budget.
    write(tmp_path / "heavy" / "index.html",
          "<pre>" + os.urandom(PAGE_BUDGET_BYTES).hex() + "</pre>")
    [heavy] = over_budget(tmp_path)
    assert heavy.page == tmp_path / "heavy" / "index.html"
    assert heavy.total > PAGE_BUDGET_BYTES and "heavy/index.html" in heavy.describe()


def test_files_that_always_load_count_towards_every_page(tmp_path):
    write(tmp_path / "index.html", "<p>home</p>")
    write(tmp_path / "search" / "index.json", os.urandom(PAGE_BUDGET_BYTES).hex())
    index = tmp_path / "search" / "index.json"
    assert over_budget(tmp_path, lambda page: [index])
    assert not over_budget(tmp_path)


def test_a_warm_cache_sees_a_page_and_a_script_that_grew(tmp_path):
    from scripts.site.output_cache import OutputCache

    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site / "assets" / "app.js", "console.log(1);\n")
    write(site / "index.html", '<p>home</p><script src="assets/app.js"></script>')
    assert over_budget(site, cache=OutputCache(cache)) == []
    assert over_budget(site, cache=OutputCache(cache)) == [], "read from the cache"
    write(site / "assets" / "app.js", os.urandom(PAGE_BUDGET_BYTES).hex())
    [heavy] = over_budget(site, cache=OutputCache(cache))
    assert heavy.parts == over_budget(site)[0].parts
    assert heavy.parts["assets/app.js"] > PAGE_BUDGET_BYTES
