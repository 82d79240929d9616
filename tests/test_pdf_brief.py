"""The PDF brief renderer (scripts/site/pdf_brief.py) on a small built page."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from scripts.site import pdf_brief

PARAGRAPH = ("<p>Pemberhentian aparatur sipil negara yang melanggar netralitas dalam pemilihan "
             "kepala daerah memerlukan rekomendasi dan tindak lanjut pejabat pembina.</p>")


def page(tmp_path, body: str):
    site = tmp_path / "site"
    (site / "brief").mkdir(parents=True)
    path = site / "brief" / "index.html"
    path.write_text(
        '<html><body><nav>menu</nav><article class="md-content__inner">'
        '<h1 id="t">Ringkasan<a class="headerlink" href="#t">¶</a></h1>'
        f"{body}</article><footer>foot</footer></body></html>", encoding="utf-8")
    return site, path


def render(site, path, output, language="id"):
    return pdf_brief.render(path, site, output, title="Ringkasan", language=language,
                            page_url="https://example.org/brief/", built=dt.date(2026, 11, 30),
                            site_name="Netralitas ASN")


def test_the_article_is_kept_and_screen_only_parts_dropped():
    html = ('<nav>x</nav><article><h1>T<a class="headerlink" href="#">¶</a></h1>'
            '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><p>a &amp; b</p>'
            '<details class="brief-figure__data"><p>table</p></details>'
            '<p class="brief-figure__download"><a href="x.png">PNG</a></p>'
            '<details class="brief-figure__reuse"><p>APA</p></details></article><p>after</p>')
    assert pdf_brief.article_html(html) == (
        '<h1>T</h1><svg viewBox="0 0 1 1"><path d="M0 0"/></svg><p>a &amp; b</p>')


def test_a_brief_of_two_pages_is_written_in_the_reader_s_language(tmp_path):
    site, path = page(tmp_path, PARAGRAPH * 40)
    brief = render(site, path, site / "brief.pdf")
    assert 2 <= brief.pages <= 4 and brief.size < pdf_brief.SIZE_LIMIT_BYTES
    assert (site / "brief.pdf").read_bytes().startswith(b"%PDF")


def test_a_brief_longer_than_four_pages_stops_the_build(tmp_path):
    site, path = page(tmp_path, PARAGRAPH * 200)
    with pytest.raises(pdf_brief.BriefError, match="A4 pages"):
        render(site, path, site / "brief.pdf")


def test_nothing_outside_the_built_site_is_loaded(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    site, path = page(tmp_path, PARAGRAPH * 40 + f'<img src="{outside.as_uri()}">'
                      '<img src="https://example.org/x.png">')
    with pytest.raises(pdf_brief.BriefError, match="not a file of the built site"):
        render(site, path, site / "brief.pdf")


def test_two_renders_in_separate_processes_give_the_same_bytes(tmp_path):
    site, path = page(tmp_path, PARAGRAPH * 40)
    code = ("import datetime as dt, sys; from pathlib import Path; "
            "from scripts.site import pdf_brief; "
            "pdf_brief.render(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), "
            "title='R', language='id', page_url='https://example.org/', "
            "built=dt.date(2026, 11, 30), site_name='N')")
    outputs = [tmp_path / "one.pdf", tmp_path / "two.pdf"]
    for output in outputs:
        subprocess.run([sys.executable, "-c", code, str(path), str(site), str(output)],
                       check=True)
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_every_page_links_the_brief_of_its_language(built_site):
    pdfs = {"id": built_site / "Ringkasan-Kebijakan-Netralitas-ASN.pdf",
            "en": built_site / "en" / "Policy-Brief-ASN-Neutrality.pdf"}
    for path in pdfs.values():
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and len(data) <= pdf_brief.SIZE_LIMIT_BYTES, path
    missing = []
    for page in built_site.rglob("index.html"):
        relative = page.relative_to(built_site).as_posix()
        language = "en" if relative.startswith("en/") else "id"
        if pdfs[language].name not in page.read_text(encoding="utf-8"):
            missing.append(relative)
    assert not missing, missing


def test_a_cached_brief_is_the_same_bytes_and_a_changed_input_renders_again(tmp_path,
                                                                           monkeypatch):
    from scripts.site.output_cache import OutputCache

    site, path = page(tmp_path, PARAGRAPH * 40 + '<img src="logo.svg" alt="">')
    logo = site / "brief" / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
                    '<rect width="4" height="4" fill="#000"/></svg>', encoding="utf-8")
    cache = OutputCache(tmp_path / "cache")

    def cached(output, cache=cache):
        return pdf_brief.render(path, site, output, title="Ringkasan", language="id",
                                page_url="https://example.org/brief/",
                                built=dt.date(2026, 11, 30), site_name="Netralitas ASN",
                                site_url="https://example.org/", cache=cache)

    uncached = cached(tmp_path / "plain.pdf", cache=None).path.read_bytes()
    renders = []
    real_print = pdf_brief._print
    monkeypatch.setattr(pdf_brief, "_print", lambda *a: renders.append(1) or real_print(*a))

    first = cached(tmp_path / "one.pdf")
    second = cached(tmp_path / "two.pdf")
    assert len(renders) == 1 and first.pages == second.pages
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes() \
        == uncached
    logo.write_text(logo.read_text(encoding="utf-8").replace("#000", "#111"),
                    encoding="utf-8")  # a file the renderer read
    cached(tmp_path / "three.pdf")
    path.write_text(path.read_text(encoding="utf-8").replace("Ringkasan", "Ringkasan baru"),
                    encoding="utf-8")  # the page itself
    cached(tmp_path / "four.pdf")
    assert len(renders) == 3
