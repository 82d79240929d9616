"""The build's helper process (scripts/site/helper_process.py): calls run there answer with
their result or their exception, in order; a stopped build leaves no helper behind; and the
drawings and PDFs made there are the bytes the build would make itself."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from scripts.site import helper_process, pdf_brief, share_cards
from scripts.site.helper_process import Helper, HelperFailed
from scripts.site.output_cache import OutputCache

from .conftest import ROOT


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A process that has ended but not been waited for is a zombie, not alive.
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


@pytest.fixture
def helper():
    started = Helper("test")
    yield started
    started.kill()


def test_calls_answer_with_their_results_in_order(helper):
    futures = [helper.submit(divmod, number, 3) for number in range(5)]
    assert [future.result(timeout=60) for future in futures] == [divmod(n, 3) for n in range(5)]
    assert helper.submit("os:getpid").result(timeout=60) != os.getpid()


def test_an_error_in_the_helper_is_raised_with_its_type_and_message(helper):
    with pytest.raises(pdf_brief.BriefError, match="no <article>"):
        helper.submit(pdf_brief.article_html, "<p>no article here</p>").result(timeout=60)
    # The helper goes on answering after a failed call.
    assert helper.submit(abs, -2).result(timeout=60) == 2


def test_what_a_call_prints_does_not_break_the_answers(helper):
    assert helper.submit(print, "chatter on standard output").result(timeout=60) is None
    assert helper.submit(abs, -3).result(timeout=60) == 3


def test_a_killed_helper_fails_the_calls_waiting_for_it(helper):
    waiting = helper.submit(time.sleep, 60)
    helper.kill()
    with pytest.raises(HelperFailed, match="Fix: build again"):
        waiting.result(timeout=60)
    with pytest.raises(HelperFailed):
        helper.submit(abs, -1).result(timeout=60)


def test_a_closed_helper_answers_what_was_sent_then_ends(helper):
    pid = helper.submit("os:getpid").result(timeout=60)
    last = helper.submit(abs, -4)
    helper.close()
    assert last.result(timeout=1) == 4
    assert not _alive(pid)


def test_stop_all_kills_every_running_helper():
    helpers = [Helper("one"), Helper("two")]
    pids = [each.submit("os:getpid").result(timeout=60) for each in helpers]
    waiting = helpers[0].submit(time.sleep, 60)
    helper_process.stop_all()
    assert not any(_alive(pid) for pid in pids)
    with pytest.raises(HelperFailed):
        waiting.result(timeout=60)


STOPPED_BY_CTRL_C = textwrap.dedent("""
    import signal, sys, time
    # As the build does (scripts/build.py): a test run started in the background by a
    # script starts its processes with Ctrl-C ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from scripts.site.helper_process import Helper
    helper = Helper("test")
    print(helper.submit("os:getpid").result(), flush=True)
    helper.submit(time.sleep, 60).result()
""")


def test_ctrl_c_to_the_process_group_leaves_no_helper_and_no_traceback_from_it():
    # As a terminal does: the signal reaches the build and its helper alike.
    process = subprocess.Popen([sys.executable, "-c", STOPPED_BY_CTRL_C], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    pid = int(process.stdout.readline())
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    # The build's own KeyboardInterrupt, nothing from the helper, which ignores Ctrl-C.
    assert stderr.count("Traceback") == 1, stderr
    assert "helper_process.py" not in stderr.split("KeyboardInterrupt")[-1], stderr
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the helper outlived its build"


def test_a_card_drawn_in_the_helper_is_the_card_drawn_here_and_is_kept(tmp_path, helper,
                                                                      monkeypatch):
    args = ("Bukti pelanggaran", "Netralitas ASN", "example.org/bukti/",
            share_cards.KeyNumber("1.588", "ASN terbukti melanggar"))
    cache = OutputCache(tmp_path / "cards")
    cards = share_cards.drawn_cards(cache, helper.submit)
    share_cards.start_card(cards, *args)
    assert share_cards.card_png(*args, cards=cards) == share_cards.card_png(*args)
    monkeypatch.setattr(share_cards, "draw", lambda svg: pytest.fail("drawn again"))
    again = share_cards.drawn_cards(OutputCache(tmp_path / "cards"), helper.submit)
    share_cards.start_card(again, *args)
    assert share_cards.card_png(*args, cards=again) == share_cards.card_png(*args, cache=cache)


def test_a_brief_printed_in_the_helper_is_the_brief_printed_here(tmp_path, helper):
    site = tmp_path / "site"
    (site / "brief").mkdir(parents=True)
    page = site / "brief" / "index.html"
    page.write_text("<html><body><article><h1>Ringkasan</h1>"
                    + "<p>Netralitas aparatur sipil negara dalam pilkada.</p>" * 120
                    + "</article></body></html>", encoding="utf-8")
    options = {"title": "Ringkasan", "language": "id", "page_url": "https://example.org/b/",
               "built": dt.date(2026, 11, 30), "site_name": "Netralitas ASN"}
    here = pdf_brief.render(page, site, tmp_path / "here.pdf", **options)
    finish = pdf_brief.start(page.read_text(encoding="utf-8"), site, tmp_path / "helper.pdf",
                             submit=helper.submit, **options)
    printed = finish()
    assert (printed.pages, printed.size) == (here.pages, here.size)
    assert (tmp_path / "helper.pdf").read_bytes() == (tmp_path / "here.pdf").read_bytes()


def test_a_brief_too_long_fails_as_it_does_here(tmp_path, helper):
    site = tmp_path / "site"
    (site / "brief").mkdir(parents=True)
    page = site / "brief" / "index.html"
    page.write_text("<html><body><article>" + "<p>Kalimat panjang sekali.</p>" * 900
                    + "</article></body></html>", encoding="utf-8")
    finish = pdf_brief.start(page.read_text(encoding="utf-8"), site, tmp_path / "b.pdf",
                             title="R", language="id",
                             page_url="https://example.org/",
                             built=dt.date(2026, 11, 30), site_name="N", submit=helper.submit)
    with pytest.raises(pdf_brief.BriefError, match="A4 pages"):
        finish()
    assert not (tmp_path / "b.pdf").exists()


def test_a_brief_started_before_a_file_it_reads_was_written_is_printed_again(tmp_path,
                                                                            helper):
    # The build starts a brief as soon as its page is rendered; a site file the brief shows
    # may be written after that, and the PDF must show the file as the site has it.
    site = tmp_path / "site"
    (site / "brief").mkdir(parents=True)
    logo = site / "brief" / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
                    encoding="utf-8")
    html = ("<html><body><article><h1>Ringkasan</h1><img src=\"logo.svg\" alt=\"\">"
            + "<p>Netralitas aparatur sipil negara dalam pilkada.</p>" * 120
            + "</article></body></html>")
    options = {"title": "Ringkasan", "language": "id", "page_url": "https://example.org/brief/",
               "built": dt.date(2026, 11, 30), "site_name": "Netralitas ASN",
               "site_url": "https://example.org/"}
    cache = OutputCache(tmp_path / "cache")
    finish = pdf_brief.start(html, site, tmp_path / "early.pdf", cache=cache,
                             submit=helper.submit, **options)
    helper.submit(abs, 0).result(timeout=120)  # the helper has printed the brief
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
                    '<rect width="4" height="4" fill="#000"/></svg>', encoding="utf-8")
    finish()
    (site / "brief" / "index.html").write_text(html, encoding="utf-8")
    pdf_brief.render(site / "brief" / "index.html", site, tmp_path / "late.pdf", **options)
    assert (tmp_path / "early.pdf").read_bytes() == (tmp_path / "late.pdf").read_bytes()
