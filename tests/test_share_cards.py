"""Share cards (scripts/site/share_cards.py): size, escaping, same bytes twice."""

from __future__ import annotations

import struct

from scripts.site.share_cards import KeyNumber, card_png, card_svg, title_lines


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_a_card_is_a_1200_by_630_png_and_the_same_bytes_twice():
    args = ("Bukti pelanggaran", "Netralitas ASN", "example.org/bukti/",
            KeyNumber("1.588", "ASN terbukti melanggar"))
    first, second = card_png(*args), card_png(*args)
    assert png_size(first) == (1200, 630)
    assert first == second


def test_text_is_escaped_in_the_svg():
    svg = card_svg('<script>alert("x")</script> & co', "Site", "example.org/")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;" in svg


def test_a_long_title_is_cut_with_an_ellipsis():
    lines = title_lines("kata " * 60, 24)
    assert len(lines) == 4 and lines[-1].endswith("…")


def test_every_page_names_its_own_card_and_the_card_exists(built_site):
    import re

    problems = []
    for page in built_site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        folder = page.parent.relative_to(built_site).as_posix()
        expected = ("" if folder == "." else folder + "/") + "card.png"
        found = re.search(r'<meta property="og:image" content="([^"]+)"', text)
        if not found or not found.group(1).endswith("/" + expected):
            problems.append(f"{folder}: og:image is {found and found.group(1)}")
        elif png_size((built_site / expected).read_bytes()) != (1200, 630):
            problems.append(f"{expected} is not 1200 x 630")
        for tag in ('og:image:width" content="1200"', 'og:locale" content='):
            if tag not in text:
                problems.append(f"{folder}: no {tag}")
    assert not problems, problems


def test_a_cached_card_is_the_same_bytes_and_a_changed_text_draws_again(tmp_path,
                                                                       monkeypatch):
    from scripts.site import share_cards
    from scripts.site.output_cache import OutputCache

    args = ("Bukti pelanggaran", "Netralitas ASN", "example.org/bukti/",
            KeyNumber("1.588", "ASN terbukti melanggar"))
    uncached = card_png(*args)
    cache = OutputCache(tmp_path / "cards")
    drawn = []
    real_draw = share_cards.draw
    monkeypatch.setattr(share_cards, "draw", lambda svg: drawn.append(svg) or real_draw(svg))
    assert card_png(*args, cache=cache) == card_png(*args, cache=cache) == uncached
    assert len(drawn) == 1
    changed = ("Bukti pelanggaran", "Netralitas ASN", "example.org/bukti/",
               KeyNumber("1.589", "ASN terbukti melanggar"))
    assert card_png(*changed, cache=cache) == card_png(*changed)
    assert len(drawn) == 3  # the changed card, cached, then once more without the cache
